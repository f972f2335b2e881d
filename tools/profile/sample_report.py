#!/usr/bin/env python3
"""tools/profile/sample_report.py -- symbolizes the sampling profiler's
output (the `PROF` lines of lib/libbench/prof.h in a serial log) and
writes it in the formats profilers' tools read.  Standard library only.

Owns: reading the PROF lines, naming each sample's frames against the
kernel's ELF (addresses outside user space) or its process's program
(by process name: --program NAME=ELF; every program is linked at the
same address, so the process decides which ELF), and the outputs, in
--out:
    perf.script       `perf script` text: speedscope and FlameGraph's
                      stackcollapse-perf.pl read it
    folded.txt        folded stacks `process;a;b;c N`, kernel frames _[k]
    speedscope.json   speedscope's own format: one sampled profile per CPU
    flame.svg         a flame graph of folded.txt (flamegraph.py)
    top.txt           flat table: self and total samples per function
    guest.kallsyms    the kernel's symbols as /proc/kallsyms lists them,
                      for `perf kvm --guestkallsyms=` on the host
    summary.txt       what stdout shows: samples, drops, the sampling's
                      own cost, the top of the table

Usage:
    sample_report.py LOG --kernel build/kernel.elf [--program bench=build/bench/bench ...]
                     [--out DIR] [--top N]
"""

import argparse
import collections
import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import flamegraph  # noqa: E402
import report  # noqa: E402

PROF_KERNEL, PROF_IDLE = 1, 2      # abi/prof.h
NONE_EP = -2                       # abi/endpoint.h


@dataclass
class Sample:
    cpu: int
    endpoint: int
    flags: int
    pc: int
    chain: List[int]                # return addresses, innermost first
    peer: int = NONE_EP             # the client it serves (abi/prof.h)
    # the client's trap pc, then its chain; with no peer, a kernel sample's
    # own user side (an NMI in a kernel call)
    peer_chain: List[int] = field(default_factory=list)


@dataclass
class CpuStat:
    samples: int
    dropped: int
    cost: int                       # TSC ticks spent recording


@dataclass
class Run:
    """One benchmark's profile."""
    bench: str
    rate: int
    ops: int
    ticks: int                      # TSC ticks of the profiled repetitions
    cpus: int
    source: str                     # timer or nmi
    procs: Dict[int, str] = field(default_factory=dict)
    stats: Dict[int, CpuStat] = field(default_factory=dict)
    samples: List[Sample] = field(default_factory=list)


_BEGIN = re.compile(r"PROF begin (\S+) rate=(\d+) ops=(\d+) ticks=(\d+) cpus=(\d+)"
                    r" source=(timer|nmi)$")
_CPU = re.compile(r"PROF cpu (\d+) samples=(\d+) dropped=(\d+) cost=(\d+)$")


def parse_log(text: str) -> List[Run]:
    """The runs of a serial log; ValueError for a PROF line out of place or
    malformed (a truncated log ends a run early: its samples so far count)."""
    runs: List[Run] = []
    cur: Optional[Run] = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        i = line.find("PROF ")
        if i < 0:
            continue
        line = line[i:]
        words = line.split()
        try:
            if words[1] == "begin":
                m = _BEGIN.match(line)
                if not m:
                    raise ValueError("bad begin")
                cur = Run(m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4)),
                          int(m.group(5)), m.group(6))
                runs.append(cur)
            elif cur is None:
                raise ValueError("outside a run")
            elif words[1] == "proc":
                cur.procs[int(words[2])] = words[3] if len(words) > 3 else "?"
            elif words[1] == "cpu":
                m = _CPU.match(line)
                if not m:
                    raise ValueError("bad cpu line")
                cur.stats[int(m.group(1))] = CpuStat(int(m.group(2)), int(m.group(3)),
                                                     int(m.group(4)))
            elif words[1] == "s":
                own, chain = int(words[6]), [int(w, 16) for w in words[8:]]
                if own > len(chain):
                    raise ValueError("own %d of a chain of %d" % (own, len(chain)))
                cur.samples.append(Sample(int(words[2]), int(words[3]), int(words[4], 16),
                                          int(words[5], 16), chain[:own], int(words[7]),
                                          chain[own:]))
            elif words[1] == "end":
                cur = None
            else:
                raise ValueError("unknown kind %r" % words[1])
        except (IndexError, ValueError) as e:
            raise ValueError("line %d: %s: %r" % (n, e, raw)) from None
    return runs


class Namer:
    """Frame names: the kernel's ELF outside user space, else the ELF of the
    process's program (by name); hex where no ELF is known."""

    def __init__(self, kernel: str, programs: Dict[str, str]):
        self.kernel = report.Symbols(kernel, "kernel")
        self.programs = {name: report.Symbols(path, name) for name, path in programs.items()}

    def symbols(self, pc: int, proc: str) -> Optional[report.Symbols]:
        return self.programs.get(proc) if report.is_user(pc) else self.kernel

    def name(self, pc: int, proc: str) -> Tuple[str, int, str]:
        """(function, offset, dso)."""
        syms = self.symbols(pc, proc)
        if syms is None:
            return "%#x" % pc, 0, proc
        fn, off = syms.lookup(pc)
        return fn, off, ("[kernel.kallsyms]" if syms is self.kernel else syms.module)

    def frame(self, pc: int, proc: str) -> str:
        fn, _, _ = self.name(pc, proc)
        return fn if report.is_user(pc) else fn + "_[k]"


def process_of(run: Run, s: Sample) -> str:
    if s.flags & PROF_IDLE:
        return "idle"
    return run.procs.get(s.endpoint, "ep%d" % s.endpoint)


IPC_FRAME = "ipc_[k]"               # between a client's frames and its server's


def stack(run: Run, namer: Namer, s: Sample) -> List[Tuple[str, bool]]:
    """(frame, is a function) outermost first: the process, then its chain,
    then the sampled pc.  A server serving a client is one stack across
    both: the client's process and frames, IPC_FRAME, the server's process
    and frames.  Return addresses (and the client's trap address, the
    instruction after its trap) are named at ret-1: a call may end its
    function."""
    proc = process_of(run, s)
    out = []
    if s.peer != NONE_EP and s.peer_chain:
        client = run.procs.get(s.peer, "ep%d" % s.peer)
        out = [(client, False)] + [(namer.frame(a - 1, client), True) for a in reversed(s.peer_chain)]
        out.append((IPC_FRAME, False))
    out.append((proc, False))
    if s.peer == NONE_EP:       # a kernel sample's user side: the trap, then its chain
        out += [(namer.frame(a - 1, proc), True) for a in reversed(s.peer_chain)]
    out += [(namer.frame(a - 1, proc), True) for a in reversed(s.chain)]
    out.append((namer.frame(s.pc, proc), True))
    return out


def frames(run: Run, namer: Namer, s: Sample) -> List[str]:
    return [f for f, _ in stack(run, namer, s)]


def folded(run: Run, namer: Namer) -> List[str]:
    counts: Dict[str, int] = collections.Counter(";".join(frames(run, namer, s))
                                                 for s in run.samples)
    return ["%s %d" % (k, v) for k, v in sorted(counts.items())]


def perf_script(run: Run, namer: Namer) -> str:
    """`perf script` text: a header line per sample, a frame per line
    (innermost first), a blank line between samples."""
    period = 1_000_000_000 // run.rate if run.rate else 1
    out = []
    seen: Dict[int, int] = collections.Counter()     # samples so far per CPU: the clock
    for s in run.samples:
        proc = process_of(run, s)
        t = seen[s.cpu] / float(run.rate or 1)
        seen[s.cpu] += 1
        out.append("%s %d [%03d] %.6f: %d cpu-clock:%s: " % (
            proc, max(s.endpoint, 0), s.cpu, t, period, "k" if s.flags & PROF_KERNEL else "u"))
        for k, addr in enumerate([s.pc] + s.chain):
            fn, off, dso = namer.name(addr if k == 0 else addr - 1, proc)
            out.append("\t%8x %s+0x%x (%s)" % (addr, fn, off + (1 if k else 0), dso))
        owner = proc
        if s.peer != NONE_EP and s.peer_chain:
            owner = run.procs.get(s.peer, "ep%d" % s.peer)
            out.append("\t%8x %s (%s)" % (0, IPC_FRAME[:-4], "[kernel.kallsyms]"))
        for addr in s.peer_chain:
            fn, off, dso = namer.name(addr - 1, owner)
            out.append("\t%8x %s+0x%x (%s)" % (addr, fn, off + 1, dso))
        out.append("")
    return "\n".join(out) + "\n"


def speedscope(run: Run, namer: Namer) -> dict:
    """speedscope's file format: shared frames, one `sampled` profile per CPU."""
    index: Dict[str, int] = {}
    shared = []
    per_cpu: Dict[int, List[List[int]]] = collections.defaultdict(list)
    for s in run.samples:
        stack = []
        for f in frames(run, namer, s):
            if f not in index:
                index[f] = len(shared)
                shared.append({"name": f})
            stack.append(index[f])
        per_cpu[s.cpu].append(stack)
    profiles = [{"type": "sampled", "name": "%s cpu %d" % (run.bench, cpu), "unit": "none",
                 "startValue": 0, "endValue": len(st), "samples": st,
                 "weights": [1] * len(st)} for cpu, st in sorted(per_cpu.items())]
    return {"$schema": "https://www.speedscope.app/file-format-schema.json",
            "name": "kestrel %s" % run.bench, "exporter": "kestrel sample_report.py",
            "activeProfileIndex": 0, "shared": {"frames": shared}, "profiles": profiles}


def top_table(run: Run, namer: Namer) -> List[Tuple[str, int, int]]:
    """(function, self, total) by self samples; total counts a function once
    per sample however often it recurs in the chain (the process roots and
    the IPC frame are no functions)."""
    self_c: Dict[str, int] = collections.Counter()
    total_c: Dict[str, int] = collections.Counter()
    for s in run.samples:
        fs = stack(run, namer, s)
        self_c[fs[-1][0]] += 1
        for f in {f for f, is_fn in fs if is_fn}:
            total_c[f] += 1
    return sorted(((f, self_c[f], total_c[f]) for f in total_c), key=lambda r: (-r[1], -r[2], r[0]))


def format_top(rows: List[Tuple[str, int, int]], n: int, total: int) -> str:
    lines = ["%8s %7s %8s %7s  %s" % ("self", "%", "total", "%", "function")]
    for f, s, t in rows[:n]:
        lines.append("%8d %6.2f%% %8d %6.2f%%  %s" % (s, 100.0 * s / total, t, 100.0 * t / total, f))
    return "\n".join(lines)


def kallsyms(kernel: str) -> str:
    """The kernel's functions as /proc/kallsyms shows them (`addr t name`),
    sorted: what `perf kvm --guestkallsyms=FILE` reads."""
    return "".join("%08x t %s\n" % (addr, name) for addr, _, name in report.elf_functions(kernel))


def cost_lines(run: Run) -> List[str]:
    """The sampling's own cost: TSC ticks per sample, and the share of the
    profiled time all CPUs together spent recording."""
    samples = sum(c.samples for c in run.stats.values())
    dropped = sum(c.dropped for c in run.stats.values())
    cost = sum(c.cost for c in run.stats.values())
    out = ["%s: %d samples at %d Hz (%s) on %d CPUs, %d dropped (buffer full)" % (
        run.bench, samples, run.rate, run.source, run.cpus, dropped)]
    if samples:
        share = 100.0 * cost / (run.ticks * max(run.cpus, 1)) if run.ticks else 0.0
        out.append("sampling cost: %.0f TSC ticks per sample, %.3f%% of the profiled time "
                   "(%d ticks of %d on %d CPUs)" % (cost / samples, share, cost, run.ticks,
                                                     run.cpus))
    if run.ops:
        out.append("%d operations in the profiled repetitions: %.3f samples per operation"
                   % (run.ops, samples / run.ops))
    return out


def write_reports(run: Run, namer: Namer, kernel: str, out_dir: str, top: int = 20) -> str:
    """Writes every file into out_dir; returns the summary."""
    os.makedirs(out_dir, exist_ok=True)
    fold = folded(run, namer)
    files = {
        "perf.script": perf_script(run, namer),
        "folded.txt": "\n".join(fold) + "\n",
        "speedscope.json": json.dumps(speedscope(run, namer)) + "\n",
        "guest.kallsyms": kallsyms(kernel),
    }
    rows = top_table(run, namer)
    total = len(run.samples) or 1
    files["top.txt"] = format_top(rows, len(rows), total) + "\n"
    files["flame.svg"] = flamegraph.render(flamegraph.parse_folded(files["folded.txt"]),
                                           "%s: %d samples at %d Hz (%s)" % (
                                               run.bench, len(run.samples), run.rate, run.source))
    summary = "\n".join(cost_lines(run) + ["", format_top(rows, top, total)]) + "\n"
    files["summary.txt"] = summary
    for name, text in files.items():
        with open(os.path.join(out_dir, name), "w") as f:
            f.write(text)
    return summary


def program_map(items: List[str]) -> Dict[str, str]:
    out = {}
    for item in items:
        name, sep, path = item.partition("=")
        if not sep:
            name, path = os.path.basename(item), item
        out[name] = path
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Symbolize the sampling profiler's output.")
    ap.add_argument("log")
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--program", action="append", default=[],
                    help="NAME=ELF: the program of processes called NAME (repeatable)")
    ap.add_argument("--out", default="build/profile-samples")
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args(argv)
    with open(args.log, errors="replace") as f:
        runs = parse_log(f.read())
    if not runs:
        print("sample_report: no PROF lines in %s" % args.log, file=sys.stderr)
        return 1
    namer = Namer(args.kernel, program_map(args.program))
    for run in runs:
        out = os.path.join(args.out, re.sub(r"[^A-Za-z0-9_.-]+", "_", run.bench)) \
            if len(runs) > 1 else args.out
        print(write_reports(run, namer, args.kernel, out, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
