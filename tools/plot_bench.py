#!/usr/bin/env python3
"""tools/plot_bench.py -- benchmark plots with gnuplot (PNG and SVG).

Owns: turning the JSON files of tools/bench.py into
    <dir>/plots/latency-<mode>[-<KARGS>].{svg,png}  median per benchmark of the
        latest run (p10..p90 bars), with the seL4 / Linux references
    <dir>/plots/throughput-<mode>[-<KARGS>].{svg,png}  operations per second against
        CPU count, from ipc_scaling/N of the latest run and from the latest
        run of each guest CPU count (needs at least two points); wall-clock
        modes only (kvm, tcg): under icount a multi-CPU figure is
        instructions summed over the CPUs, not a throughput
Skips with one line when gnuplot is missing or there is nothing to plot.

Usage: tools/plot_bench.py [--dir build/bench] [--json FILE] [--anchors DIR]
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_report as rep  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_runs(directory):
    """Every good run JSON in directory (not latest.json, not a failed
    run's), oldest first."""
    runs = []
    for path in sorted(glob.glob(os.path.join(directory, "*-*.json"))):
        if path.endswith("-failed.json"):
            continue
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError):
            continue
        if isinstance(doc, dict) and "context" in doc and "benchmarks" in doc:
            runs.append((path, doc))
    return runs


def gnuplot(script: str) -> bool:
    p = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if p.returncode != 0:
        print("plot: gnuplot failed: %s" % p.stderr.strip().splitlines()[-1:])
        return False
    return True


def terminals(base: str):
    return [("svg size 1000,560 dynamic noenhanced background rgb 'white'", base + ".svg"),
            ("png size 1000,560 noenhanced", base + ".png")]


def latency_plot(doc, anchors, base) -> bool:
    benches = doc["benchmarks"]
    if not benches:
        return False
    icount = rep.counts_instructions(doc["context"].get("mode"))
    refs = anchors.get("benchmarks", {}) if icount else {}
    data = base + ".dat"
    with open(data, "w") as f:
        for i, b in enumerate(benches):
            a = refs.get(b["name"], {})
            goal = re.search(r"\d+", a.get("goal", ""))
            f.write("%d \"%s\" %s %s %s %s %s %s\n" % (
                i, b["name"], b["real_time"], b["p10"], b["p90"], a.get("sel4", "-"),
                a.get("linux", "-"), goal.group(0) if goal else "-"))
    unit = "guest instructions" if icount else "ns"
    ctx = doc["context"]
    out = []
    for term, path in terminals(base):
        out.append("""set terminal %s
set output '%s'
set title "Kestrel, %s mode, %s guest CPU(s), commit %s: median per operation (bars: p10..p90)"
set ylabel "%s per operation (log scale)"
set logscale y
set datafile missing "-"
set style fill solid 0.5
set boxwidth 0.6
set xtics rotate by 40 right
set bmargin 11
set rmargin 6
set grid ytics
set key top left
plot '%s' using 1:3:xtic(2) with boxes lc rgb '#4477aa' title 'Kestrel median', \\
     '' using 1:3:4:5 with yerrorbars lc rgb '#222222' pt 0 notitle, \\
     '' using 1:6 with points pt 7 ps 1.5 lc rgb '#cc3311' title 'seL4', \\
     '' using 1:7 with points pt 5 ps 1.5 lc rgb '#009988' title 'Linux', \\
     '' using 1:8 with points pt 9 ps 1.8 lc rgb '#ee7733' title 'our goal'
""" % (term, path, ctx.get("mode"), ctx.get("guest_cpus"), ctx.get("commit"), unit, data))
    ok = gnuplot("\n".join(out))
    os.remove(data)
    return ok


def variant(doc) -> str:
    """The plot-name suffix of a run: '' for the default kernel options,
    else '-' and the KARGS made file-safe, so that such a run never
    overwrites the default plots."""
    kargs = (doc["context"].get("kernel_args") or "").strip()
    return "-" + re.sub(r"[^A-Za-z0-9_.=-]+", "_", kargs) if kargs else ""


def throughput_series(runs, mode, kargs=""):
    """{series name: [(cpus, ops per second)]} with >= 2 points each, from
    the runs in mode with the same kernel options; none for the modes that
    count instructions (their multi-CPU figures are sums, not time)."""
    series = {}
    if rep.counts_instructions(mode):
        return series
    same = [d for _, d in runs if d["context"].get("mode") == mode
            and (d["context"].get("kernel_args") or "").strip() == kargs]
    if same:
        latest = same[-1]
        online = latest["context"].get("guest_cpus_online") or 1
        pts = []
        for b in latest["benchmarks"]:      # N pairs on fewer CPUs: a forced test run
            if b["name"].startswith("ipc_scaling/") and b["real_time"] > 0:
                n = int(b["name"].split("/")[1])
                if n <= online:
                    pts.append((n, 1e9 / b["real_time"]))
        if len(pts) >= 2:
            series["ipc_scaling/N (N pairs)"] = sorted(pts)
    by_cpus = {}
    for d in same:      # CPUs the guest brought online; later runs win
        ctx = d["context"]
        by_cpus[ctx.get("guest_cpus_online") or ctx.get("guest_cpus")] = d
    if len(by_cpus) >= 2:
        for name in ("ipc_rtt/same_cpu", "ipc_notify", "ctxsw", "kcall_null"):
            pts = []
            for cpus, d in by_cpus.items():
                b = next((x for x in d["benchmarks"] if x["name"] == name), None)
                if b and b["real_time"] > 0 and cpus:
                    pts.append((int(cpus), 1e9 / b["real_time"]))
            if len(pts) >= 2:
                series["%s (guest CPUs)" % name] = sorted(pts)
    return series


def throughput_plot(series, mode, base) -> bool:
    plots, files = [], []
    for i, (name, pts) in enumerate(sorted(series.items())):
        data = "%s.%d.dat" % (base, i)
        with open(data, "w") as f:
            f.writelines("%d %f\n" % p for p in pts)
        files.append(data)
        plots.append("'%s' using 1:2 with linespoints lw 2 title '%s'" % (data, name))
    out = []
    for term, path in terminals(base):
        out.append("""set terminal %s
set output '%s'
set title "Kestrel, %s mode: throughput against CPU count"
set xlabel "CPUs"
set xtics 1
set format x "%%.0f"
set ylabel "operations per second (1e9 / median)"
set yrange [0:*]
set grid
set key top left
plot %s
""" % (term, path, mode, ", ".join(plots)))
    ok = gnuplot("\n".join(out))
    for data in files:
        os.remove(data)
    return ok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Plot Kestrel benchmark results with gnuplot.")
    ap.add_argument("--dir", default="build/bench")
    ap.add_argument("--json", help="run to plot latency for (default: the dir's latest.json)")
    ap.add_argument("--anchors", default=os.path.join(os.path.dirname(REPO), "shared", "anchors"))
    args = ap.parse_args(argv)
    if not shutil.which("gnuplot"):
        print("plot: gnuplot not installed (tools/deps.sh bench): no plots")
        return 0
    path = args.json or os.path.join(args.dir, "latest.json")
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("plot: cannot read %s: %s" % (path, e))
        return 0
    plot_dir = os.path.join(args.dir, "plots")
    os.makedirs(plot_dir, exist_ok=True)
    mode = doc["context"].get("mode", "unknown")
    kargs = (doc["context"].get("kernel_args") or "").strip()
    name = mode + variant(doc)
    if kargs:
        print("plot: kernel options '%s': plots named *-%s, the default plots are kept"
              % (kargs, name))
    made = []
    base = os.path.join(plot_dir, "latency-%s" % name)
    if latency_plot(doc, rep.load_anchors(args.anchors), base):
        made.append(base + ".svg")
    series = throughput_series(load_runs(args.dir), mode, kargs)
    if series:
        base = os.path.join(plot_dir, "throughput-%s" % name)
        if throughput_plot(series, mode, base):
            made.append(base + ".svg")
    else:
        for ext in (".svg", ".png"):        # no stale plot from an earlier run
            stale = os.path.join(plot_dir, "throughput-%s%s" % (name, ext))
            if os.path.exists(stale):
                os.remove(stale)
        print("plot: throughput vs CPUs needs a wall-clock mode (kvm, tcg) and ipc_scaling "
              "results or runs with different CPUS=")
    if made:
        print("plots: %s (and .png)" % ", ".join(made))
    return 0


if __name__ == "__main__":
    sys.exit(main())
