#!/usr/bin/env python3
"""tools/bench_report.py -- the pure half of the benchmark runner.

Owns: parsing the `bench` guest's serial output (BENCH_INFO / BENCH / TAP
lines), turning one run into Google Benchmark JSON, checking such a JSON
document, the reference numbers (anchors) and the results table.  No QEMU,
no files written here; tools/bench.py does the running, tools/test_bench.py
tests these functions.  Standard library only.

Guest lines (lib/libbench/bench.c):
    BENCH_INFO {"mode":"full","reps":31,"target":1000000,"warmup":2,
                "timer_overhead":4,"tsc_hz":999931160,"ncpus":1,"hz":100,"forced":0}
    1..13
    BENCH {"name":"kcall_null","unit":"call","iterations":2502,"ops_per_iter":1,
           "repetitions":31,"median":439.02,"mean":..,"p10":..,"p90":..,"p99":..,
           "min":..,"max":..,"fastpath":{"ops":77562,"hits":0,"hits_per_op":0.00,
           "slow":{},"slow_per_op":0.00},"cpus":1,"timer_overhead":4,"desc":"..."}
    ok 1 bench.kcall_null
    BENCH {"name":"ipc_rtt/cross_cpu","skipped":"needs >= 2 CPUs; guest has 1"}
    ok 5 bench.ipc_rtt/cross_cpu # SKIP needs >= 2 CPUs; guest has 1
    BENCH {"name":"x","error":"why"}
    not ok 6 bench.x # why
Values are per operation, in TSC ticks: guest instructions under
`-icount shift=0`, host TSC cycles otherwise.  Under MODE=model the cycle
model's file (tools/cyclemodel/plugin.c: one line per marked region and
CPU) adds modeled cycles and per-CPU instructions (parse_model,
attach_model).  "fastpath" (optional): the
kernel's IPC fast-path counters over the measured repetitions, all CPUs
summed: `ops` operations, `hits` fast-path hits, `slow` fallbacks by reason
(only the reasons that occurred; abi/info.h FP_SLOW_*).  "cpus" (optional,
1 if absent): the CPUs that did work in the measured repetitions; under
icount a figure of more than one is instructions summed over them.
"""

import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import parse_tap  # noqa: E402

STATS = ("median", "mean", "p10", "p90", "p99", "min", "max")
RESULT_KEYS = ("name", "unit", "iterations", "repetitions") + STATS
INFO_KEYS = ("mode", "reps", "timer_overhead", "tsc_hz", "ncpus")

# Keys every benchmarks[] entry of our Google Benchmark JSON carries.
GBENCH_ENTRY_KEYS = ("name", "run_name", "run_type", "repetitions", "iterations",
                     "real_time", "cpu_time", "time_unit", "p10", "p90", "p99", "min",
                     "mean", "max", "timer_overhead", "label")
GBENCH_CONTEXT_KEYS = ("date", "host_name", "executable", "num_cpus", "mhz_per_cpu",
                       "library_build_type", "mode", "guest_cpus", "host_cpu", "commit",
                       "qemu_version", "tsc_hz", "timer_overhead", "pinning")


# --------------------------------------------------------------------------
# Parsing the guest's output
# --------------------------------------------------------------------------

@dataclass
class GuestRun:
    info: Optional[dict] = None
    results: Dict[str, dict] = field(default_factory=dict)   # name -> BENCH object
    order: List[str] = field(default_factory=list)           # names as printed
    tap: Dict[str, str] = field(default_factory=dict)        # name -> "ok"/"skip"/"not ok"
    planned: Optional[int] = None
    problems: List[str] = field(default_factory=list)        # malformed lines etc.

    def measured(self) -> List[str]:
        return [n for n in self.order if "median" in self.results[n]]

    def skipped(self) -> Dict[str, str]:
        return {n: r["skipped"] for n, r in self.results.items() if "skipped" in r}

    def errors(self) -> Dict[str, str]:
        out = {n: r["error"] for n, r in self.results.items() if "error" in r}
        for n, status in self.tap.items():
            if status == "not ok" and n not in out:
                out[n] = "not ok"
        return out


def parse_guest_output(text: str) -> GuestRun:
    """Collects BENCH_INFO, BENCH and `bench.*` TAP lines (tools/tap.py)
    from a serial log."""
    run = GuestRun()
    for raw in text.splitlines():
        line = raw.strip("\r\n\t ")
        if line.startswith("BENCH_INFO "):
            try:
                run.info = json.loads(line[len("BENCH_INFO "):])
            except ValueError as e:
                run.problems.append("bad BENCH_INFO line (%s): %s" % (e, line[:120]))
            continue
        if line.startswith("BENCH "):
            try:
                obj = json.loads(line[len("BENCH "):])
            except ValueError as e:
                run.problems.append("bad BENCH line (%s): %s" % (e, line[:120]))
                continue
            name = obj.get("name")
            if not isinstance(name, str) or not name:
                run.problems.append("BENCH line without a name: %s" % line[:120])
                continue
            if name in run.results:
                run.problems.append("benchmark %s reported twice" % name)
                continue
            missing = [k for k in RESULT_KEYS if k not in obj]
            if "skipped" not in obj and "error" not in obj and missing:
                run.problems.append("benchmark %s: BENCH line lacks %s" % (name, ", ".join(missing)))
                obj = {"name": name, "error": "incomplete BENCH line"}
            run.results[name] = obj
            run.order.append(name)
            continue
    tap = parse_tap(text)
    run.planned = tap.plans[0] if tap.plans else None
    for r in tap.results:
        if r.name.startswith("bench."):
            run.tap[r.name[len("bench."):]] = ("skip" if r.skipped else
                                                "ok" if r.ok else "not ok")
    run.problems += ["bench program bailed out: %s" % b for b in tap.bailouts]
    return run


def check_guest_run(run: GuestRun) -> List[str]:
    """Everything wrong with a finished run (empty list: complete and clean)."""
    problems = list(run.problems)
    if run.info is None:
        problems.append("no BENCH_INFO line (did the bench program start?)")
    else:
        missing = [k for k in INFO_KEYS if k not in run.info]
        if missing:
            problems.append("BENCH_INFO lacks %s" % ", ".join(missing))
    if run.planned is None:
        problems.append("no TAP plan from the bench program")
    elif run.planned == 0:
        problems.append("no benchmark matches the selection")
    elif len(run.tap) != run.planned:
        problems.append("planned %d benchmarks, %d finished" % (run.planned, len(run.tap)))
    for name in run.tap:
        if name not in run.results:
            problems.append("benchmark %s: TAP line but no BENCH line" % name)
    for name in run.order:
        if name not in run.tap:
            problems.append("benchmark %s: BENCH line but no TAP line" % name)
    for name, why in run.errors().items():
        problems.append("benchmark %s failed: %s" % (name, why))
    return problems


def merge_runs(runs: List[GuestRun]) -> GuestRun:
    """One run from several boots of the same selection (the wall-clock
    modes, tcg and kvm, are noisy: tools/bench.py boots them NOISY_RUNS
    times).  A benchmark measured in every boot gets the median over the
    boots of its median, mean and percentiles, the smallest min and the
    largest max, and "runs": each boot's median (the spread).  One that
    failed or skipped in any boot keeps that boot's line and is "not ok"
    when any boot says so."""
    first = runs[0]
    merged = GuestRun(info=first.info, order=list(first.order), tap=dict(first.tap),
                      planned=first.planned)
    for i, r in enumerate(runs):
        merged.problems += ["run %d: %s" % (i + 1, p) for p in r.problems]
    for name in first.order:
        objs = [r.results.get(name) for r in runs]
        if all(o is not None and "median" in o for o in objs):
            m = dict(objs[0])
            for k in ("median", "mean", "p10", "p90", "p99"):
                m[k] = round(_median([float(o[k]) for o in objs]), 2)
            m["min"] = min(float(o["min"]) for o in objs)
            m["max"] = max(float(o["max"]) for o in objs)
            m["runs"] = [float(o["median"]) for o in objs]
        else:
            m = next(o for o in objs if o is None or "median" not in o) or \
                {"name": name, "error": "missing from a run"}
        merged.results[name] = m
        if any(r.tap.get(name) == "not ok" for r in runs):
            merged.tap[name] = "not ok"
    return merged


# --------------------------------------------------------------------------
# The cycle model's regions (MODE=model)
# --------------------------------------------------------------------------

MODEL_FORMAT = "kestrel-cycle-model 1"


@dataclass
class ModelFile:
    machine: str = ""
    components: List[str] = field(default_factory=list)     # cycle columns
    counts: List[str] = field(default_factory=list)         # count columns
    # regions[r][cpu] = (cycles per component, counts), in file order
    regions: List[Dict[int, tuple]] = field(default_factory=list)


def parse_model(text: str) -> ModelFile:
    """Reads the cycle model plugin's file; ValueError when malformed."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != MODEL_FORMAT:
        raise ValueError("not a %s file" % MODEL_FORMAT)
    m = ModelFile()
    ended = None
    for line in lines[1:]:
        f = line.split()
        if not f:
            continue
        if f[0] == "machine":
            m.machine = f[1]
        elif f[0] == "components":
            m.components = f[1:]
        elif f[0] == "counts":
            m.counts = f[1:]
        elif f[0] == "region":
            r, cpu = int(f[1]), int(f[3])
            values = f[4:]
            if f[2] != "cpu" or len(values) != len(m.components) + len(m.counts):
                raise ValueError("bad region line: %s" % line)
            if r == len(m.regions):
                m.regions.append({})
            elif r != len(m.regions) - 1:
                raise ValueError("region %d out of order" % r)
            nc = len(m.components)
            m.regions[r][cpu] = ([float(v) for v in values[:nc]], [int(v) for v in values[nc:]])
        elif f[0] == "regions":
            ended = int(f[1])
        else:
            raise ValueError("unknown line: %s" % line)
    if ended is None:
        raise ValueError("no end line (did QEMU exit cleanly?)")
    if ended != len(m.regions):
        raise ValueError("%d regions written, end line says %d" % (len(m.regions), ended))
    return m


def _median(values: List[float]) -> float:
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def attach_model(run: GuestRun, model: ModelFile) -> List[str]:
    """Gives each measured benchmark of run its regions (one per
    repetition, in order) and adds to its BENCH object "model": modeled
    cycles per operation (median over the repetitions, all CPUs), the
    cycles of each component and every count per operation (means), and
    instructions per operation of each CPU that ran any.  Returns the
    problems (region count not matching the repetitions)."""
    names = run.measured()
    want = sum(int(run.results[n]["repetitions"]) for n in names)
    if want != len(model.regions):
        return ["cycle model: %d marked regions for %d measured repetitions"
                % (len(model.regions), want)]
    insns = model.counts.index("insns")
    at = 0
    for name in names:
        r = run.results[name]
        reps = int(r["repetitions"])
        div = int(r["iterations"]) * int(r.get("ops_per_iter", 1))
        regions = model.regions[at:at + reps]
        at += reps
        ops = div * reps
        out = {"cycles": round(_median([sum(sum(c) for c, _ in reg.values()) / div
                                        for reg in regions]), 2)}
        for i, comp in enumerate(model.components):
            out["cycles_" + comp] = round(sum(reg[c][0][i] for reg in regions for c in reg) / ops, 2)
        for i, cnt in enumerate(model.counts):
            out[cnt] = round(sum(reg[c][1][i] for reg in regions for c in reg) / ops, 2)
        cpus = sorted({c for reg in regions for c in reg})
        out["insns_per_cpu"] = {c: round(sum(reg[c][1][insns] for reg in regions) / ops, 2)
                                for c in cpus if any(reg[c][1][insns] for reg in regions)}
        r["model"] = out
    return []


# --------------------------------------------------------------------------
# Google Benchmark JSON
# --------------------------------------------------------------------------

def counts_instructions(mode: str) -> bool:
    """Whether a mode's ticks are guest instructions: icount, and model
    (icount with the cycle model watching)."""
    return mode in ("icount", "model")


def _ns_factor(mode: str, tsc_hz: int) -> float:
    """Nanoseconds per TSC tick: 1 under icount (one instruction = 1 virtual ns)."""
    if counts_instructions(mode) or not tsc_hz:
        return 1.0
    return 1e9 / tsc_hz


def to_gbench(run: GuestRun, context: dict) -> dict:
    """Google Benchmark JSON for one run.

    context: the run's context fields (see GBENCH_CONTEXT_KEYS); "mode" picks
    the units: icount reports real_time = median guest instructions (1 virtual
    ns per instruction) with counter "instructions"; kvm and tcg report ns
    converted with the guest-calibrated TSC frequency, counter "cycles".
    model is icount plus the cycle model's counters (model_counters).
    Skipped benchmarks are listed in context["skipped"], failed ones in
    context["errors"]; only measured ones appear in benchmarks[].
    """
    ctx = dict(context)
    info = run.info or {}
    mode = ctx.get("mode", "icount")
    tsc_hz = int(info.get("tsc_hz") or 0)
    k = _ns_factor(mode, tsc_hz)
    counter = "instructions" if counts_instructions(mode) else "cycles"
    ctx.setdefault("tsc_hz", tsc_hz)
    ctx.setdefault("timer_overhead", info.get("timer_overhead"))
    ctx.setdefault("guest_cpus", info.get("ncpus"))
    ctx["guest_cpus_online"] = info.get("ncpus")
    ctx["bench_mode"] = info.get("mode")
    ctx["forced"] = bool(info.get("forced"))
    ctx["unit"] = ("guest instructions (real_time: 1 ns = 1 instruction)"
                   if counts_instructions(mode) else "ns from TSC cycles at tsc_hz")
    ctx["skipped"] = run.skipped()
    ctx["errors"] = run.errors()
    benchmarks = []
    for i, name in enumerate(run.measured()):
        r = run.results[name]
        median = float(r["median"])
        entry = {
            "name": name,
            "family_index": i,
            "per_family_instance_index": 0,
            "run_name": name,
            "run_type": "iteration",
            "repetitions": int(r["repetitions"]),
            "repetition_index": 0,
            "threads": 1,
            "iterations": int(r["iterations"]),
            "real_time": round(median * k, 3),
            "cpu_time": round(median * k, 3),
            "time_unit": "ns",
            counter: median,
        }
        for s in STATS[1:]:
            entry[s] = round(float(r[s]) * k, 3)
        entry.update(fastpath_counters(r.get("fastpath")))
        entry.update(model_counters(r.get("model")))
        entry["timer_overhead"] = r.get("timer_overhead", info.get("timer_overhead"))
        entry["ops_per_iter"] = int(r.get("ops_per_iter", 1))
        entry["cpus"] = int(r.get("cpus", 1))
        entry["label"] = "per %s" % r.get("unit", "op")
        if counts_instructions(mode) and entry["cpus"] > 1:
            entry["label"] += ", instructions summed over %d CPUs" % entry["cpus"]
        if r.get("runs"):
            entry["runs"] = len(r["runs"])
            entry["spread_min"] = round(min(r["runs"]) * k, 3)
            entry["spread_max"] = round(max(r["runs"]) * k, 3)
            entry["label"] += ", wall clock, noisy: median of %d runs" % len(r["runs"])
        if r.get("desc"):
            entry["description"] = r["desc"]
        benchmarks.append(entry)
    return {"context": ctx, "benchmarks": benchmarks}


def fastpath_counters(fp) -> dict:
    """Google Benchmark counters from a BENCH line's "fastpath" object, per
    operation: fastpath_hits, fastpath_slow (all reasons) and
    fastpath_slow_<reason> for each reason that occurred.  {} without one."""
    if not isinstance(fp, dict):
        return {}
    try:
        ops = int(fp["ops"])
        hits = int(fp["hits"])
        slow = {str(k): int(v) for k, v in (fp.get("slow") or {}).items() if int(v)}
    except (KeyError, TypeError, ValueError):
        return {}
    if ops <= 0:
        return {}
    out = {"fastpath_hits": round(hits / ops, 4),
           "fastpath_slow": round(sum(slow.values()) / ops, 4)}
    for reason, n in sorted(slow.items()):
        out["fastpath_slow_" + reason] = round(n / ops, 4)
    return out


def model_counters(model) -> dict:
    """Google Benchmark counters from attach_model's "model" object, per
    operation: modeled_cycles (the median), modeled_cycles_<component>
    and model_<count> (means), instructions_cpu<N> for each CPU that ran
    any.  {} without one."""
    if not isinstance(model, dict):
        return {}
    out = {"modeled_cycles": model["cycles"]}
    for k, v in model.items():
        if k.startswith("cycles_"):
            out["modeled_" + k] = v
        elif k not in ("cycles", "insns_per_cpu"):
            out["model_" + k] = v
    for cpu, v in sorted(model.get("insns_per_cpu", {}).items()):
        out["instructions_cpu%d" % int(cpu)] = v
    return out


def fastpath_text(b: dict) -> str:
    """The table's fast-path column for one benchmarks[] entry: '' without
    counters, '-' when no IPC went near a fast path, else the share of
    fast-path attempts that hit, hits per operation, and the commonest
    fallback reasons: 'fast 100% 2.00/op', 'fast 0% slow: other_cpu'."""
    if "fastpath_hits" not in b:
        return ""
    hits, slow = float(b["fastpath_hits"]), float(b.get("fastpath_slow", 0))
    if hits + slow == 0:
        return "-"
    text = "fast %.0f%%" % (100.0 * hits / (hits + slow))
    if hits:
        text += " %.2f/op" % hits if hits >= 0.005 else " <0.01/op"
    reasons = sorted(((v, k[len("fastpath_slow_"):]) for k, v in b.items()
                      if k.startswith("fastpath_slow_") and v), reverse=True)
    if reasons:
        text += " slow: " + ",".join(k for _, k in reasons[:2])
    return text


def validate_gbench(doc: dict) -> List[str]:
    """Problems with a Google Benchmark JSON document of ours ([] if fine)."""
    problems = []
    if not isinstance(doc, dict):
        return ["top level is not an object"]
    ctx, benches = doc.get("context"), doc.get("benchmarks")
    if not isinstance(ctx, dict):
        problems.append("no context object")
    else:
        problems += ["context lacks %s" % k for k in GBENCH_CONTEXT_KEYS if k not in ctx]
    if not isinstance(benches, list):
        return problems + ["no benchmarks list"]
    seen = set()
    for b in benches:
        name = b.get("name", "?")
        if name in seen:
            problems.append("benchmark %s listed twice" % name)
        seen.add(name)
        problems += ["benchmark %s lacks %s" % (name, k) for k in GBENCH_ENTRY_KEYS if k not in b]
        if b.get("run_type") != "iteration":
            problems.append("benchmark %s: run_type is not 'iteration'" % name)
        if b.get("time_unit") != "ns":
            problems.append("benchmark %s: time_unit is not 'ns'" % name)
        if "instructions" not in b and "cycles" not in b:
            problems.append("benchmark %s: neither instructions nor cycles" % name)
        try:
            if not (0 <= float(b["min"]) <= float(b["real_time"]) <= float(b["max"])):
                problems.append("benchmark %s: min <= median <= max does not hold" % name)
            if int(b["iterations"]) < 1 or int(b["repetitions"]) < 1:
                problems.append("benchmark %s: iterations and repetitions must be >= 1" % name)
        except (KeyError, TypeError, ValueError):
            problems.append("benchmark %s: non-numeric statistics" % name)
    return problems


# --------------------------------------------------------------------------
# Reference numbers (../shared/anchors/README.md)
# --------------------------------------------------------------------------

# Guest instructions under QEMU 7.2 TCG -icount shift=0, Haswell-noTSX CPU,
# from ../shared/anchors (README.md, sel4-icount.json, linux-icount.jsonl):
# seL4 16.0 ia32 fastpath (sel4bench), Linux 6.1 with an i386 static binary.
EMBEDDED_ANCHORS = {
    "source": "embedded in tools/bench_report.py (from ../shared/anchors/README.md)",
    "timer": {"sel4": 11, "linux": 12},
    "benchmarks": {
        "kcall_null": {"linux": 386, "linux_what": "getppid", "goal": "<= 150"},
        "kcall_yield": {"linux": 847, "linux_what": "sched_yield alone"},
        "ipc_rtt/short": {"sel4": 419, "sel4_what": "Call 195 + ReplyRecv 224, 0 words",
                          "goal": "<= 419"},
        "ipc_rtt/same_cpu": {"sel4": 1833, "sel4_what": "Call 902 + ReplyRecv 931, 10 words",
                             "linux": 9151, "linux_what": "futex rtt, processes",
                             "goal": "<= 500"},
        "ctxsw": {"linux": 1876, "linux_what": "sched_yield switch", "goal": "<= 400"},
        "fault_zero": {"sel4": 1520, "sel4_what": "fault to a user handler and back",
                       "linux": 2741, "linux_what": "anonymous demand-zero", "goal": "<= 2741"},
        "fault_cow": {"linux": 3961, "linux_what": "copy-on-write fault", "goal": "<= 3961"},
        "safecopy/4k": {"linux": 3282, "linux_what": "process_vm_readv", "goal": "<= 2000"},
        "safecopy/64k": {"linux": 22483, "linux_what": "process_vm_readv"},
        "safecopy/1m": {"linux": 325102, "linux_what": "process_vm_readv"},
        "safemap/1": {"sel4": 798, "sel4_what": "map 1 page",
                      "linux": 12089, "linux_what": "memfd mmap + munmap", "goal": "<= 2000"},
        "safemap/16": {"linux": 13537, "linux_what": "memfd mmap + munmap, 16 pages"},
        # Not in the anchors: measured the same way by tools/linuxproc/run.sh
        # (bench/results/linux-proc-icount.jsonl, Linux 6.1.0-57 cloud).
        "proc/fork": {"linux": 239472, "linux_what": "fork+exit+wait (lat_proc fork)"},
        "proc/exec": {"linux": 774693, "linux_what": "fork+exec+exit+wait (lat_proc exec)"},
        "sig/install": {"linux": 690, "linux_what": "sigaction (lat_sig install)"},
        "sig/catch": {"linux": 5535, "linux_what": "kill self + handler (lat_sig catch)"},
    },
}


def _sel4_ipc(results: list, function: str, words: int) -> Optional[float]:
    """seL4's one-way IPC between address spaces with a words-long message."""
    for r in results:
        if (r.get("Function") == function and r.get("Same vspace?") is False
                and r.get("IPC length") == words):
            return r.get("Median")
    return None


def load_anchors(directory: Optional[str]) -> dict:
    """The embedded anchors, with numbers re-read from `directory` when it
    holds sel4-icount.json / linux-icount.jsonl (source says which)."""
    anchors = json.loads(json.dumps(EMBEDDED_ANCHORS))
    if not directory or not os.path.isdir(directory):
        return anchors
    read = []
    b = anchors["benchmarks"]
    try:
        with open(os.path.join(directory, "sel4-icount.json")) as f:
            sel4 = json.load(f)["results"]
        # ipc_rtt/short carries registers only (seL4's 0-word message),
        # same_cpu copies 64 bytes (the nearest seL4 row: 10 words).
        for ours, words in (("ipc_rtt/short", 0), ("ipc_rtt/same_cpu", 10)):
            call = _sel4_ipc(sel4, "seL4_Call", words)
            reply = _sel4_ipc(sel4, "seL4_ReplyRecv", words)
            if call and reply:
                b[ours]["sel4"] = int(call + reply)
                b[ours]["sel4_what"] = "Call %d + ReplyRecv %d, %d words" % (call, reply, words)
        ccnt = next((r["Median"] for r in sel4 if r.get("Benchmark") == "read ccnt overhead"), None)
        if ccnt is not None:
            anchors["timer"]["sel4"] = int(ccnt)
        fault = next((r["Median"] for r in sel4 if r.get("Benchmark") == "fault round trip"), None)
        if fault:
            b["fault_zero"]["sel4"] = int(fault)
        smap = next((r["Median"] for r in sel4 if r.get("Benchmark") == "Mapping Benchmark"
                     and r.get("Phase") == "Mapping" and r.get("Num of Page Mapped") == 1), None)
        if smap:
            b["safemap/1"]["sel4"] = int(smap)
        read.append("sel4-icount.json")
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        linux = {}
        with open(os.path.join(directory, "linux-icount.jsonl")) as f:
            for line in f:
                d = json.loads(line)
                if d.get("abi") == "i386" and "cycles_median" in d:
                    linux[d["bench"]] = d["cycles_median"]
        for ours, theirs in (("kcall_null", "null_syscall_getppid"),
                             ("kcall_yield", "sched_yield_alone"),
                             ("ipc_rtt/same_cpu", "futex_proc_rtt_samecpu"),
                             ("ctxsw", "yield_switch_samecpu"),
                             ("fault_zero", "minor_fault"),
                             ("fault_cow", "cow_fault"),
                             ("safecopy/4k", "pvm_readv_4k"),
                             ("safecopy/64k", "pvm_readv_64k"),
                             ("safecopy/1m", "pvm_readv_1m"),
                             ("safemap/1", "shmap_1p"),
                             ("safemap/16", "shmap_16p")):
            if theirs in linux:
                b[ours]["linux"] = int(linux[theirs])
        if "timer_overhead" in linux:
            anchors["timer"]["linux"] = int(linux["timer_overhead"])
        read.append("linux-icount.jsonl")
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if read:
        anchors["source"] = "%s (%s)" % (directory, ", ".join(read))
    return anchors


# --------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------

def _num(v) -> str:
    if v is None or v == "":
        return "-"
    v = float(v)
    return "%.0f" % v if v >= 10000 else "%.1f" % v


def format_table(doc: dict, anchors: dict) -> str:
    """A readable table of one run's JSON, with the anchors when comparable."""
    ctx, lines = doc["context"], []
    icount = counts_instructions(ctx.get("mode"))
    modeled = any("modeled_cycles" in b for b in doc["benchmarks"])
    unit = "guest instructions" if icount else "ns"
    cpus = "%s guest CPU(s)" % ctx.get("guest_cpus")
    if ctx.get("guest_cpus_online") not in (None, ctx.get("guest_cpus")):
        cpus += " (%s online)" % ctx["guest_cpus_online"]
    qemu = re.sub(r"^QEMU emulator version ", "QEMU ", ctx.get("qemu_version") or "QEMU ?")
    lines.append("Kestrel benchmarks: mode %s, %s, %s, commit %s" % (
        ctx.get("mode"), cpus, qemu, ctx.get("commit")))
    reps = sorted({b["repetitions"] for b in doc["benchmarks"]})
    lines.append("per operation, in %s; median of %s repetitions" % (
        unit, "/".join(str(r) for r in reps) or "no"))
    width = max([len(b["name"]) for b in doc["benchmarks"]] + [18])
    head = "%-*s %-14s %9s %9s %9s %9s" % (width, "benchmark", "per", "median", "min", "p90", "p99")
    if modeled:
        head += " %9s" % "cycles"
    head += "  %-32s" % "fast path"
    if icount:
        head += " | %6s %6s %-20s" % ("seL4", "Linux", "goal")
    lines += [head, "-" * len(head)]
    refs = anchors.get("benchmarks", {})
    for b in doc["benchmarks"]:
        per = b.get("label", "").replace("per ", "", 1).split(",")[0]
        row = "%-*s %-14s %9s %9s %9s %9s" % (
            width, b["name"], per[:14], _num(b["real_time"]), _num(b["min"]), _num(b["p90"]),
            _num(b["p99"]))
        if modeled:
            row += " %9s" % _num(b.get("modeled_cycles"))
        row += "  %-32s" % fastpath_text(b)
        if icount:
            a = refs.get(b["name"], {})
            row += " | %6s %6s %-20s" % (a.get("sel4", "-"), a.get("linux", "-"), a.get("goal", ""))
            if b.get("cpus", 1) > 1:
                row += " sum of %d CPUs" % b["cpus"]
        if b.get("runs"):
            row += " noisy: %d runs %s-%s" % (b["runs"], _num(b["spread_min"]),
                                              _num(b["spread_max"]))
        lines.append(row.rstrip())
    for name, why in sorted(ctx.get("skipped", {}).items()):
        lines.append("%-*s skipped: %s" % (width, name, why))
    for name, why in sorted(ctx.get("errors", {}).items()):
        lines.append("%-*s FAILED: %s" % (width, name, why))
    if icount and any(b.get("cpus", 1) > 1 for b in doc["benchmarks"]):
        lines.append("sum of N CPUs: instructions summed over the CPUs that ran (icount runs the "
                     "vCPUs in turn; halts, IPIs and wake-ups cost nothing): neither latency nor "
                     "scaling; per-CPU counts: MODE=model")
    if any(b.get("runs") for b in doc["benchmarks"]):
        lines.append("noisy: wall clock; median of the runs' medians, then the lowest and the "
                     "highest of them (the spread)")
    if modeled:
        lines.append("cycles: modeled cycles per operation (median; the cycle model, "
                     "docs/cycle_model.md), all CPUs")
    t = anchors.get("timer", {})
    if any("fastpath_hits" in b for b in doc["benchmarks"]):
        lines.append("fast path: IPC fast-path hits / attempts over the measured runs (all CPUs), "
                     "hits per operation, commonest fallback reasons")
    lines.append("timer overhead (lfence;rdtsc pair, subtracted): %s ticks%s" % (
        ctx.get("timer_overhead"),
        " (seL4 %s, Linux %s)" % (t.get("sel4", "-"), t.get("linux", "-")) if icount else ""))
    if icount:
        lines.append("references: %s" % anchors.get("source"))
    else:
        lines.append("tsc %.3f GHz (guest-calibrated); the icount anchors do not apply here"
                     % ((ctx.get("tsc_hz") or 0) / 1e9))
    return "\n".join(lines)
