#!/usr/bin/env python3
"""tools/profile/sample_run.py -- `make profile`: boots the bench program
with `prof=RATE` (the kernel's sampling profiler around the measured
repetitions, lib/libbench/prof.h) and writes sample_report.py's files;
`make profile-trace` (--trace): boots a kernel built with TRACE=1 with the
bench word `trace` and prints trace_report.py's tables.

Owns: the profiled boot (the bench boot of tools/qemu.py, TCG with
-icount by default so that a run is repeatable; --accel tcg for plain
TCG), checking that the benchmark ran and that its samples arrived, and
where the files are.

Usage:
    sample_run.py [--bench ipc_rtt/short] [--rate 10000] [--source timer|nmi | --trace]
                  [--cpus N]
                  [--accel icount|tcg] [--kernel build/kernel.elf]
                  [--program build/bench/bench] [--out build/profile-samples]
Files: OUT/<bench>/ (serial.log and sample_report.py's).  Exit status: 0,
or 1 when the boot, the benchmark or the profile failed.
"""

import argparse
import os
import re
import sys

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import bench_report  # noqa: E402
import qemu  # noqa: E402
import run as exact_run  # noqa: E402
import sample_report  # noqa: E402
import trace_report  # noqa: E402


def selection(bench: str) -> str:
    """The bench= value: BENCH with `full` unless it names a mode (the
    longest repetitions: at 10 kHz under icount, ipc_rtt/short's full
    mode gives about 300 samples, tiny mode none)."""
    items = [i for i in re.split(r"[,: ]+", bench) if i]
    if not any(i in exact_run.MODES for i in items):
        items.append("full")
    return ",".join(items)


def report_trace(text: str, problems, log: str, out_dir: str) -> int:
    """The tracepoints' tables of the boot, into OUT/<bench>/trace.txt too."""
    try:
        benches = trace_report.parse_log(text)
    except ValueError as e:
        problems.append("TRACE output: %s" % e)
        benches = {}
    if not problems and not benches:
        problems.append("no TRACE lines: is the kernel built with TRACE=1?")
    if problems:
        print("profile: %s (log %s)" % ("; ".join(problems), log), file=sys.stderr)
        return 1
    tables = "\n\n".join(trace_report.format_bench(n, b) for n, b in benches.items()) + "\n"
    with open(os.path.join(out_dir, "trace.txt"), "w") as f:
        f.write(tables)
    print(tables)
    print("profile: files in %s/: trace.txt serial.log" % out_dir)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Sampling profile of one benchmark.")
    ap.add_argument("--bench", default="ipc_rtt/short")
    ap.add_argument("--rate", type=int, default=10000, help="samples per second per CPU")
    ap.add_argument("--source", choices=("timer", "nmi"), default="timer",
                    help="the local APIC timer (user code), or NMIs (the kernel's code too)")
    ap.add_argument("--trace", action="store_true",
                    help="the IPC tracepoints' tables instead (a kernel built with TRACE=1)")
    ap.add_argument("--cpus", type=int, default=1)
    ap.add_argument("--accel", choices=("icount", "tcg"), default="icount")
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--program", default="build/bench/bench")
    ap.add_argument("--out", default="build/profile-samples")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args(argv)

    out_dir = os.path.join(args.out, re.sub(r"[^A-Za-z0-9_.-]+", "_", args.bench))
    os.makedirs(out_dir, exist_ok=True)
    log = os.path.join(out_dir, "serial.log")
    cmdline = "bench=%s,%s" % (selection(args.bench), "trace" if args.trace else "prof=%d%s" % (
        args.rate, ",nmi" if args.source == "nmi" else ""))
    b = qemu.Boot(kernel=args.kernel, modules=[(args.program, qemu.BENCH_MARK)], cpus=args.cpus,
                  cmdline=cmdline, cpu_model=qemu.ANCHOR_CPU)
    cmd = qemu.command(b, args.accel)
    print("profile: %s" % qemu.quote(cmd), flush=True)
    outcome = qemu.run(cmd, log, args.timeout, label="profile")
    text = qemu.read_log(log)
    guest = bench_report.parse_guest_output(text)
    problems = bench_report.check_guest_run(guest)
    if outcome.rc != qemu.RC_CLEAN:
        problems.insert(0, "QEMU ended: %s" % ("timed out" if outcome.timed_out
                                                else qemu.describe_exit(outcome.rc)))
    if args.trace:
        return report_trace(text, problems, log, out_dir)
    try:
        runs = sample_report.parse_log(text)
    except ValueError as e:
        problems.append("PROF output: %s" % e)
        runs = []
    if not problems and len(runs) != 1:
        problems.append("%d profiled benchmarks (%s): profile one at a time"
                        % (len(runs), ", ".join(r.bench for r in runs) or "none"))
    if problems:
        print("profile: %s (log %s)" % ("; ".join(problems), log), file=sys.stderr)
        return 1
    run = runs[0]
    namer = sample_report.Namer(args.kernel, {"bench": args.program})
    print(sample_report.write_reports(run, namer, args.kernel, out_dir, args.top))
    r = guest.results.get(run.bench)
    if r:
        print("benchmark median while sampled: %s per %s" % (r["median"], r.get("unit", "op")))
    print("profile: files in %s/: summary.txt top.txt perf.script folded.txt speedscope.json "
          "flame.svg guest.kallsyms serial.log" % out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
