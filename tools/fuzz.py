#!/usr/bin/env python3
"""Run a fuzz campaign in the guest and say how it ended (docs/fuzzing.md).

    tools/fuzz.py --seed S --calls N --cpus C --priv user|system|both [--jobs J]
                  [--upto K --verbose-from V] [--cover PLUGIN --objs DIR]
                  --kernel K --vm VM --prog FUZZ --canary CANARY --accel ACCEL --out DIR

Boots the fuzz program (tests/fuzz) through tools/harness.py, the suite's
own runner (so QEMU is started by tools/qemu.py alone), then reads the
serial log and prints

    fuzz: seed S, CPUS C, PRIV P: calls N, panics 0, hangs 0, violations 0, corruptions 0, leaks 0

with the rate in calls per second of wall time.  A panic or hang names the
last checkpoint the campaign passed and the command that replays it with
every operation printed from there on.  Exit status 0 only if every count
but calls is 0.

--jobs J splits the campaign into J guests booted side by side, seeds S to
S+J-1 with N/J calls each (a campaign under TCG mostly waits for clock
ticks, so J guests take about the wall time of one): one line per guest,
then the sum

    fuzz: seeds S-S+J-1 (J guests), CPUS C, PRIV P: calls N, panics 0, ...

--cover boots with the coverage plugin (tools/coverage/cover.c) over the
kernel's text and prints which kernel code the campaign reached
(tools/coverage/report.py; the per-function table in OUT/NAME.coverage.tsv).
"""
import argparse
import os
import re
import subprocess
import sys
import time

BATCH = 1000  # tests/fuzz/fuzz_main.c: operations between sanity checks

RESULT = re.compile(r"^fuzz: seed (\d+) calls (\d+) violations (\d+) corruptions (\d+) leaks (\d+)")
CHECKPOINT = re.compile(r"^# fuzz: seed (\d+) at call (\d+)")
START = re.compile(r"^# fuzz: (USER|SYSTEM) campaign")


def modules(a, seed, calls):
    """The partner, then the campaigns, one after the other (fuzz_main.c)."""
    privs = ["user", "system"] if a.priv == "both" else [a.priv]
    extra = ""
    if a.upto:
        extra += " upto=%d" % a.upto
    if a.verbose_from is not None:
        extra += " verbose=%d" % a.verbose_from
    mods = ["%s priv=system" % a.vm, "%s priv=system partner=%d" % (a.prog, len(privs))]
    for p in privs:
        mark = "priv=system " if p == "system" else ""
        mods.append("%s %sseed=%d calls=%d%s" % (a.prog, mark, seed, calls, extra))
    return ";".join(mods)


def timeout_for(a, calls):
    """Generous: about 100 calls/s per campaign at 4 CPUs under TCG on a busy host."""
    n = a.upto if a.upto else calls
    return 120 + (n * (2 if a.priv == "both" else 1)) // 50


def text_range(kernel):
    """[lo, hi) of the kernel's .text, from its section headers."""
    out = subprocess.run(["readelf", "-SW", kernel], check=True, capture_output=True,
                         text=True).stdout
    m = re.search(r"\s\.text\s+PROGBITS\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", out)
    lo = int(m.group(1), 16)
    return lo, lo + int(m.group(2), 16)


def coverage_report(a, names):
    """Prints the kernel coverage of the guests' union; its status."""
    return subprocess.call([sys.executable,
                            os.path.join(os.path.dirname(__file__), "coverage", "report.py"),
                            "--kernel", a.kernel, "--objs", a.objs,
                            "--table", os.path.join(a.out, names[0] + ".coverage.tsv")]
                           + [os.path.join(a.out, n + ".cover") for n in names])


COUNTS = ("calls", "panics", "hangs", "violations", "corruptions", "leaks")


def summarize(lines, rc, seconds, a, seed):
    """Prints one guest's line; (status, counts)."""
    stats = dict.fromkeys(COUNTS, 0)
    ended = 0
    last, campaign = 0, None
    for l in lines:
        m = START.match(l)
        if m:
            campaign, last = m.group(1).lower(), 0
        m = CHECKPOINT.match(l)
        if m:
            last = int(m.group(2))
        m = RESULT.match(l)
        if m:
            ended += 1
            stats["calls"] += int(m.group(2))
            stats["violations"] += int(m.group(3))
            stats["corruptions"] += int(m.group(4))
            stats["leaks"] += int(m.group(5))
    expected = 2 if a.priv == "both" else 1
    panicked = any("PANIC" in l for l in lines)
    if panicked:
        stats["panics"] = 1
    elif ended < expected:
        stats["hangs"] = 1
    if ended < expected:
        stats["calls"] += last
        print("fuzz: the %s campaign of seed %d stopped after checkpoint %d (%s)"
              % (campaign or "first", seed, last, "panic" if panicked else "hang"))
        print("fuzz: replay with: make fuzz-repro SEED=%d UPTO=%d PRIV=%s CPUS=%d"
              % (seed, last + BATCH, campaign or a.priv, a.cpus))
    print_counts("seed %d" % seed, a, stats, seconds)
    ok = all(v == 0 for k, v in stats.items() if k != "calls") and rc == 0
    return (0 if ok else 1), stats


def print_counts(what, a, stats, seconds):
    print("fuzz: %s, CPUS %d, PRIV %s: %s (%.0f s, %.0f calls/s)"
          % (what, a.cpus, a.priv, ", ".join("%s %d" % (k, stats[k]) for k in COUNTS),
             seconds, stats["calls"] / seconds if seconds else 0))


def start_guest(a, seed, calls, name):
    """Starts one guest through the harness (its output in OUT/NAME.harness.log
    when there are several); the Popen."""
    plugin = ""
    cover = os.path.abspath(os.path.join(a.out, name + ".cover"))
    if a.cover:
        if os.path.exists(cover):
            os.remove(cover)        # never report an older run
        plugin = "plugin=%s:lo=%#x:hi=%#x:out=%s," % ((os.path.abspath(a.cover),)
                                                     + text_range(a.kernel) + (cover,))
    spec = ("name=%s,boot=direct,cpus=%d,timeout=%d,kernel=%s,%scmdline=test=all quiet,modules=%s"
            % (name, a.cpus, timeout_for(a, calls), a.kernel, plugin, modules(a, seed, calls)))
    out = open(os.path.join(a.out, name + ".harness.log"), "w") if a.jobs > 1 else None
    return subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "harness.py"),
                             "--out", a.out, "--accel", a.accel, "--canary", a.canary,
                             "--guest", spec], stdout=out, stderr=subprocess.STDOUT if out else None)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--calls", type=int, default=100000)
    p.add_argument("--cpus", type=int, default=1)
    p.add_argument("--priv", choices=("user", "system", "both"), default="both")
    p.add_argument("--upto", type=int, default=0)
    p.add_argument("--verbose-from", type=int, default=None)
    for f in ("kernel", "vm", "prog", "canary", "out"):
        p.add_argument("--" + f, required=True)
    p.add_argument("--accel", default="tcg")
    p.add_argument("--cover", default=None, help="the coverage plugin (cover.so)")
    p.add_argument("--objs", default=None, help="the kernel's objects (function -> file)")
    p.add_argument("--jobs", type=int, default=1, help="guests side by side, a seed each")
    a = p.parse_args()
    if a.jobs < 1 or (a.upto and a.jobs > 1):
        p.error("--jobs is 1 or more, and 1 with --upto")
    os.makedirs(a.out, exist_ok=True)
    calls = -(-a.calls // a.jobs)
    seeds = [a.seed + i for i in range(a.jobs)]
    names = ["fuzz-s%d-%dcpu-%s" % (s_, a.cpus, a.priv) for s_ in seeds]
    t0 = time.time()
    guests = [start_guest(a, s_, calls, n) for s_, n in zip(seeds, names)]
    rcs = [g.wait() for g in guests]
    seconds = time.time() - t0
    status, total = 0, dict.fromkeys(COUNTS, 0)
    for s_, n, rc in zip(seeds, names, rcs):
        with open(os.path.join(a.out, n + ".tap"), errors="replace") as f:
            lines = [l.rstrip("\n") for l in f]
        if a.verbose_from is not None:
            for l in lines:
                if l.startswith("# fuzz: call "):
                    print(l)
        st, stats = summarize(lines, rc, seconds, a, s_)
        status |= st
        for k in COUNTS:
            total[k] += stats[k]
    if a.jobs > 1:
        print_counts("seeds %d-%d (%d guests)" % (seeds[0], seeds[-1], a.jobs), a, total, seconds)
    if a.cover:
        status |= coverage_report(a, names)
    return status

if __name__ == "__main__":
    sys.exit(main())
