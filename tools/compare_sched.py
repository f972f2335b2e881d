#!/usr/bin/env python3
"""tools/compare_sched.py -- `make compare-sched`: the scheduling policies
side by side.

Owns: booting bench/schedcmp (one workload per boot) under each policy
(sched=NAME) at each CPU count -- icount at 1 CPU (exact guest
instructions), TCG with one thread per vCPU above (host wall clock,
noisy: marked so) -- and turning its SCHEDCMP lines into
    <out>/compare-sched.json       every run, Google Benchmark shape
    <out>/compare-sched-<policy>.json  one policy's runs, names without the
        policy, so tools/compare.sh A.json B.json compares two policies
    <out>/plots/<metric>.{svg,png}  one plot per metric, policies side by
        side per workload (gnuplot; skipped with one line without it)
    a table on stdout.
Metrics per policy and workload: throughput (operations per 1e9 TSC
ticks), latency p50/p99/p99.9 of a call, wakeup latency p50/p99/p99.9,
Jain's fairness index of CPU hogs, deadline misses, migrations, context
switches, fast-path hit rate.

Policy `user` is mlfq with servers/sched (--sched-server) scheduling the
workload program and its children (sched=user, take= and until= on its
boot line).

Usage: tools/compare_sched.py --kernel K --program P --out DIR
           [--policies "mlfq fair edf fp user"] [--cpus "1 2 4 8"] [--workloads ...]
           [--sched-server S]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

WORKLOADS = ["pingpong", "chain", "hackbench", "wakeup", "hogs", "rtperiodic", "decision",
             "forkstorm"]
METRICS = [  # (key, label, lower is better)
    ("throughput", "operations per 1e9 TSC ticks", False),
    ("lat_p50", "call latency p50 (TSC ticks)", True),
    ("lat_p99", "call latency p99", True),
    ("lat_p999", "call latency p99.9", True),
    ("wake_p50", "wakeup latency p50 (TSC ticks)", True),
    ("wake_p99", "wakeup latency p99", True),
    ("wake_p999", "wakeup latency p99.9", True),
    ("jain", "Jain's fairness index of the hogs", False),
    ("misses", "deadline misses", True),
    ("migrations", "migrations", True),
    ("ctx_switches", "context switches", True),
    ("fastpath_rate", "fast-path hit rate", False),
]
LINE = re.compile(r"^SCHEDCMP (\{.*\})\s*$", re.M)


def boot_one(args, policy, cpus, workload, logdir):
    """One boot; returns the parsed SCHEDCMP object (or one with "error")."""
    accel = "icount" if cpus == 1 else "tcg"
    modules = [(args.program, "priv=system workload=%s" % workload)]
    if policy == "user":  # the user-space scheduler schedules the program and its children
        name = os.path.basename(args.program)
        modules.append((args.sched_server, "priv=system take=%s until=%s" % (name, name)))
    boot = qemu.Boot(kernel=args.kernel, cmdline="sched=%s quiet" % policy, cpus=cpus,
                     modules=modules)
    log = os.path.join(logdir, "%s-%s-%dcpu.log" % (workload, policy, cpus))
    out = qemu.run(qemu.command(boot, accel), log, args.timeout)
    text = qemu.read_log(log)
    m = LINE.search(text)
    if not m:
        why = "hung" if out.timed_out else "no result (%s)" % qemu.describe_exit(out.rc)
        return {"workload": workload, "sched": policy, "cpus": cpus, "error": why}
    doc = json.loads(m.group(1))
    doc["cpus"], doc["accel"] = cpus, accel
    return doc


def metrics(doc):
    """The metrics of one run, from its SCHEDCMP object."""
    tsc = doc.get("tsc_k", 0) * 1024
    hits, slow = doc.get("fastpath_hits", 0), doc.get("fastpath_slow", 0)
    m = {"throughput": doc["ops"] * 1e9 / tsc if tsc else 0.0,
         "misses": doc.get("misses", 0), "migrations": doc.get("migrations", 0),
         "ctx_switches": doc.get("ctx_switches", 0),
         "fastpath_rate": hits / (hits + slow) if hits + slow else 0.0}
    for k, key in ((0, "p50"), (1, "p99"), (2, "p999")):
        if any(doc.get("lat", [])):
            m["lat_" + key] = doc["lat"][k]
        if any(doc.get("wake", [])):
            m["wake_" + key] = doc["wake"][k]
    if doc.get("jain_milli"):
        m["jain"] = doc["jain_milli"] / 1000.0
    return m


def gbench_entry(doc, with_policy):
    """One Google Benchmark entry: real_time = TSC ticks per operation."""
    name = "schedcmp/%s%s/cpus:%d" % (doc["workload"], "/" + doc["sched"] if with_policy else "",
                                     doc["cpus"])
    e = {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 1,
         "repetition_index": 0, "threads": 1, "time_unit": "ns"}
    if "skipped" in doc or "error" in doc:
        e.update({"error_occurred": True,
                  "error_message": doc.get("skipped") or doc.get("error")})
        return e
    tsc = doc["tsc_k"] * 1024
    e.update({"iterations": doc["ops"], "real_time": tsc / max(doc["ops"], 1),
              "cpu_time": tsc / max(doc["ops"], 1), "noisy": doc["accel"] != "icount"})
    e.update(metrics(doc))
    return e


def write_json(path, docs, with_policy, context):
    with open(path, "w") as f:
        json.dump({"context": context,
                   "benchmarks": [gbench_entry(d, with_policy) for d in docs]}, f, indent=1)


def table(docs, policies):
    """The table on stdout: one row per workload and CPU count, a column group per policy."""
    cols = [("throughput", "thru/Gt", "%.0f"), ("lat_p99", "lat99", "%d"),
            ("wake_p99", "wake99", "%d"), ("jain", "jain", "%.2f"), ("misses", "miss", "%d"),
            ("migrations", "migr", "%d"), ("ctx_switches", "ctxsw", "%d"),
            ("fastpath_rate", "fp%", "%.2f")]
    print("compare-sched: per workload and CPU count (1 CPU: icount, exact; more: TCG, noisy)")
    for pol in policies:
        print("\n== sched=%s" % pol)
        print("%-11s %4s " % ("workload", "cpus") + " ".join("%10s" % c[1] for c in cols))
        for d in docs:
            if d["sched"] != pol:
                continue
            if "skipped" in d or "error" in d:
                print("%-11s %4d  %s" % (d["workload"], d["cpus"],
                                         "skipped: " + d["skipped"] if "skipped" in d
                                         else "error: " + d["error"]))
                continue
            m = metrics(d)
            print("%-11s %4d " % (d["workload"], d["cpus"]) +
                  " ".join("%10s" % (c[2] % m[c[0]] if c[0] in m else "-") for c in cols))


def plots(docs, policies, outdir):
    """One plot per metric: workloads (at each CPU count) on x, a bar per policy."""
    if not shutil.which("gnuplot"):
        print("compare-sched: plots skipped: gnuplot missing (tools/deps.sh bench installs it)")
        return
    os.makedirs(os.path.join(outdir, "plots"), exist_ok=True)
    rows = sorted({(d["workload"], d["cpus"]) for d in docs if "tsc_k" in d},
                  key=lambda r: (WORKLOADS.index(r[0]), r[1]))
    by = {(d["workload"], d["cpus"], d["sched"]): metrics(d) for d in docs if "tsc_k" in d}
    for key, label, lower in METRICS:
        present = [r for r in rows if any(key in by.get((r[0], r[1], p), {}) for p in policies)]
        if not present:
            continue
        with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as dat:
            dat.write("label " + " ".join(policies) + "\n")
            for w, n in present:
                dat.write("%s/%dcpu %s\n" % (w, n, " ".join(
                    str(by.get((w, n, p), {}).get(key, 0)) for p in policies)))
        base = os.path.join(outdir, "plots", key)
        for term, path in (("svg size 1000,520 noenhanced background rgb 'white'", base + ".svg"),
                           ("png size 1000,520 noenhanced", base + ".png")):
            script = ("set terminal %s\nset output '%s'\nset title '%s (%s is better)'\n"
                      "set style data histograms\nset style histogram clustered gap 1\n"
                      "set style fill solid 0.8 border -1\nset key outside right\n"
                      "set xtics rotate by -35\nset grid ytics\n"
                      "plot for [i=2:%d] '%s' using i:xtic(1) title columnheader(i)\n"
                      % (term, path, label, "lower" if lower else "higher",
                         len(policies) + 1, dat.name))
            subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
        os.unlink(dat.name)
    print("compare-sched: plots in %s/plots/<metric>.{svg,png}" % outdir)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--program", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--policies", default="mlfq fair edf fp")
    ap.add_argument("--cpus", default="1 2 4 8")
    ap.add_argument("--workloads", default=" ".join(WORKLOADS))
    ap.add_argument("--sched-server", help="servers/sched, booted for policy user")
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args(argv)
    if "user" in args.policies.split() and not args.sched_server:
        ap.error("policy user needs --sched-server")
    policies, cpus = args.policies.split(), [int(c) for c in args.cpus.split()]
    logdir = os.path.join(args.out, "logs")
    os.makedirs(logdir, exist_ok=True)
    docs = []
    for n in cpus:
        for w in args.workloads.split():
            for p in policies:
                d = boot_one(args, p, n, w, logdir)
                print("compare-sched: %-10s sched=%-5s %d CPU(s): %s" % (
                    w, p, n, d.get("skipped") or d.get("error") or "ok"), flush=True)
                docs.append(d)
    context = {"executable": args.program, "policies": policies, "cpus": cpus,
               "modes": {"1": "icount (guest instructions)", "more": "tcg (host TSC, noisy)"}}
    write_json(os.path.join(args.out, "compare-sched.json"), docs, True, context)
    for p in policies:
        write_json(os.path.join(args.out, "compare-sched-%s.json" % p),
                   [d for d in docs if d["sched"] == p], False, dict(context, policy=p))
    table(docs, policies)
    plots(docs, policies, args.out)
    print("compare-sched: JSON %s/compare-sched.json (per policy: compare-sched-<policy>.json; "
          "tools/compare.sh A B compares two)" % args.out)
    return 1 if any("error" in d for d in docs) else 0


if __name__ == "__main__":
    sys.exit(main())
