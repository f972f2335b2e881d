#!/usr/bin/env python3
"""tools/compare_simple.py -- compare two benchmark JSON files without scipy.

Owns: the stdlib fallback of tools/compare.sh (same columns as Google
Benchmark's compare.py: relative change of real_time and cpu_time, old and
new values, geometric mean), and the comparability warning both paths
print first (different mode, guest CPU count, QEMU or CPU model).

Usage: tools/compare_simple.py [--warn-only] OLD.json NEW.json
"""

import argparse
import json
import math
import os
import sys

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_report import counts_instructions  # noqa: E402


def load(path):
    with open(path) as f:
        return json.load(f)


def warnings(a, b):
    """Lines saying why old and new may not be comparable ([] if they are)."""
    out = []
    ca, cb = a.get("context", {}), b.get("context", {})
    # icount and model both measure guest instructions (model adds cycles)
    exact = counts_instructions(ca.get("mode")) and counts_instructions(cb.get("mode"))
    for key, what in (("mode", "measurement mode"), ("guest_cpus", "guest CPU count"),
                      ("qemu_version", "QEMU"), ("host_cpu", "host CPU")):
        if ca.get(key) != cb.get(key):
            if exact and key in ("mode", "host_cpu"):
                continue    # instruction counts do not depend on the host
            out.append("compare: warning: %s differs: %r vs %r" % (what, ca.get(key), cb.get(key)))
    return out


def rows(a, b):
    """(name, time change, cpu change, old time, new time, old cpu, new cpu) per common name."""
    old = {x["name"]: x for x in a.get("benchmarks", []) if x.get("run_type") == "iteration"}
    out = []
    for x in b.get("benchmarks", []):
        y = old.get(x["name"])
        if not y or x.get("run_type") != "iteration":
            continue

        def change(k):
            return (x[k] - y[k]) / y[k] if y[k] else 0.0
        out.append((x["name"], change("real_time"), change("cpu_time"), y["real_time"],
                    x["real_time"], y["cpu_time"], x["cpu_time"]))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description="Compare two Kestrel benchmark JSON files.")
    ap.add_argument("--warn-only", action="store_true", help="print only the warnings")
    ap.add_argument("old")
    ap.add_argument("new")
    args = ap.parse_args(argv)
    a, b = load(args.old), load(args.new)
    for w in warnings(a, b):
        print(w)
    if args.warn_only:
        return 0
    print("Comparing %s to %s" % (args.old, args.new))
    head = "%-24s %10s %10s %12s %12s %12s %12s" % ("Benchmark", "Time", "CPU", "Time Old",
                                                   "Time New", "CPU Old", "CPU New")
    print(head)
    print("-" * len(head))
    r = rows(a, b)
    for name, dt, dc, to, tn, co, cn in r:
        print("%-24s %+10.4f %+10.4f %12.0f %12.0f %12.0f %12.0f" % (name, dt, dc, to, tn, co, cn))
    if r:
        g = [math.exp(sum(math.log(1 + x[i]) for x in r) / len(r)) - 1 for i in (1, 2)]
        print("%-24s %+10.4f %+10.4f" % ("OVERALL_GEOMEAN", g[0], g[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
