#!/usr/bin/env python3
"""tools/profile/run.py -- `make profile-exact`: boots the bench program
with the exact profiler (exact.so) under icount and writes its tables.

Owns: the profiled boot (tools/qemu.py's command line for the bench boot,
plus -plugin), picking the benchmark's operation count from its BENCH
line, and calling report.py.  One benchmark at a time: the marked regions
of several would add up into one profile.

Usage:
    run.py --plugin build/tools/profile/exact.so [--bench ipc_rtt/short]
           [--kernel build/kernel.elf] [--program build/bench/bench]
           [--out build/profile] [--cpus N] [--all] [--top N] [--timeout S]
BENCH is the guest's `bench=` value; `tiny` is added unless it names a
mode (full, quick, tiny).  --all counts the whole boot, not only the
measured repetitions.  Files: OUT/<bench>/ (exact.prof, serial.log and
report.py's tables).  Exit status: 0, or 1 when the boot or the
benchmark failed.
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
import report  # noqa: E402

MODES = ("full", "quick", "tiny")


def selection(bench: str) -> str:
    """The bench= value: BENCH with `tiny` unless it names a mode."""
    items = [i for i in re.split(r"[,: ]+", bench) if i]
    if not any(i in MODES for i in items):
        items.append("tiny")
    return ",".join(items)


def boot(args, prof_path: str) -> qemu.Boot:
    """The bench boot of tools/bench.py (the anchors' CPU model), with the plugin."""
    b = qemu.Boot(kernel=args.kernel, modules=[(args.program, "")], cpus=args.cpus,
                  cmdline="bench=%s" % selection(args.bench), cpu_model=qemu.ANCHOR_CPU)
    plugin = "%s,arg=out=%s,arg=marks=%s" % (os.path.abspath(args.plugin), prof_path,
                                             "off" if args.all else "on")
    b.extra += ["-plugin", plugin]
    return b


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Exact instruction profile of one benchmark.")
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--bench", default="ipc_rtt/short")
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--program", default="build/bench/bench")
    ap.add_argument("--out", default="build/profile")
    ap.add_argument("--cpus", type=int, default=1)
    ap.add_argument("--all", action="store_true", help="count the whole boot")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args(argv)

    out_dir = os.path.join(args.out, re.sub(r"[^A-Za-z0-9_.-]+", "_", args.bench))
    os.makedirs(out_dir, exist_ok=True)
    prof_path = os.path.join(out_dir, "exact.prof")
    log_path = os.path.join(out_dir, "serial.log")
    if os.path.exists(prof_path):
        os.remove(prof_path)
    cmd = qemu.command(boot(args, prof_path), "icount")
    print("profile: %s" % qemu.quote(cmd), flush=True)
    outcome = qemu.run(cmd, log_path, args.timeout, label="profile")
    if outcome.rc != qemu.RC_CLEAN or not os.path.exists(prof_path):
        print("profile: QEMU ended: %s; no profile (log %s)" % (
            "timed out" if outcome.timed_out else qemu.describe_exit(outcome.rc), log_path),
            file=sys.stderr)
        return 1

    run = bench_report.parse_guest_output(qemu.read_log(log_path))
    problems = bench_report.check_guest_run(run)
    measured = run.measured()
    if problems or (not args.all and len(measured) != 1):
        for p in problems or ["%d benchmarks measured (%s): profile one at a time"
                              % (len(measured), ", ".join(measured) or "none")]:
            print("profile: %s (log %s)" % (p, log_path), file=sys.stderr)
        return 1
    ops = median = None
    if not args.all:
        r = run.results[measured[0]]
        ops = r["iterations"] * r["repetitions"] * r["ops_per_iter"]
        median = float(r["median"])
        print("profile: %s, %d operations in %d marked repetitions" % (
            measured[0], ops, r["repetitions"]), flush=True)
    with open(prof_path) as f:
        prof = report.parse_profile(f.read())
    sym = report.Symbolizer(args.kernel, args.program)
    print(report.write_reports(prof, sym, out_dir, ops, median, args.top))
    print("\nprofile: files in %s/: summary.txt functions.txt lines.txt instructions.txt "
          "classes.txt folded.txt (FlameGraph, speedscope), exact.prof, serial.log" % out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
