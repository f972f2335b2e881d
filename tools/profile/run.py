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
from dataclasses import dataclass
from typing import Optional

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
    b = qemu.Boot(kernel=args.kernel, modules=[(args.program, qemu.BENCH_MARK)], cpus=args.cpus,
                  cmdline="bench=%s" % selection(args.bench), cpu_model=qemu.ANCHOR_CPU)
    plugin = "%s,arg=out=%s,arg=marks=%s" % (os.path.abspath(args.plugin), prof_path,
                                             "off" if args.all else "on")
    b.extra += ["-plugin", plugin]
    return b


@dataclass
class Result:
    """One profiled boot: its files and, with marks, its benchmark's numbers."""
    out_dir: str
    prof_path: str
    log_path: str
    error: str = ""                 # why there is no usable profile
    bench: str = ""                 # the benchmark measured
    ops: Optional[int] = None       # operations in the marked regions
    median: Optional[float] = None  # its own median per operation


def run_profile(args, say=print) -> Result:
    """Boots once with the plugin into OUT/<bench>/ and checks the run;
    say() gets the command line."""
    out_dir = os.path.join(args.out, re.sub(r"[^A-Za-z0-9_.-]+", "_", args.bench))
    os.makedirs(out_dir, exist_ok=True)
    res = Result(out_dir, os.path.join(out_dir, "exact.prof"), os.path.join(out_dir, "serial.log"))
    if os.path.exists(res.prof_path):
        os.remove(res.prof_path)
    cmd = qemu.command(boot(args, res.prof_path), "icount")
    say("profile: %s" % qemu.quote(cmd))
    outcome = qemu.run(cmd, res.log_path, args.timeout, label="profile")
    if outcome.rc != qemu.RC_CLEAN or not os.path.exists(res.prof_path):
        res.error = "QEMU ended: %s; no profile" % (
            "timed out" if outcome.timed_out else qemu.describe_exit(outcome.rc))
        return res
    run = bench_report.parse_guest_output(qemu.read_log(res.log_path))
    problems = bench_report.check_guest_run(run)
    measured = run.measured()
    if not problems and not args.all and len(measured) != 1:
        problems = ["%d benchmarks measured (%s): profile one at a time"
                    % (len(measured), ", ".join(measured) or "none")]
    if problems:
        res.error = "; ".join(problems)
    elif not args.all:
        r = run.results[measured[0]]
        res.bench = measured[0]
        res.ops = r["iterations"] * r["repetitions"] * r["ops_per_iter"]
        res.median = float(r["median"])
    return res


def parser() -> argparse.ArgumentParser:
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
    return ap


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    res = run_profile(args)
    if res.error:
        print("profile: %s (log %s)" % (res.error, res.log_path), file=sys.stderr)
        return 1
    if res.ops:
        print("profile: %s, %d operations in the marked repetitions" % (res.bench, res.ops),
              flush=True)
    with open(res.prof_path) as f:
        prof = report.parse_profile(f.read())
    sym = report.Symbolizer(args.kernel, args.program)
    print(report.write_reports(prof, sym, res.out_dir, res.ops, res.median, args.top))
    print("\nprofile: files in %s/: summary.txt functions.txt lines.txt instructions.txt "
          "classes.txt folded.txt (FlameGraph, speedscope) flame.svg, exact.prof, serial.log"
          % res.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
