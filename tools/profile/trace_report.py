#!/usr/bin/env python3
"""tools/profile/trace_report.py -- the IPC tracepoints' tables from a
serial log (the TRACE and FPPAIR lines of lib/libbench/prof.h, printed by
the bench program's `trace` word on a kernel built with TRACE=1).

Owns: reading those lines and formatting, per benchmark, the per-stage
breakdown of each traced fast path (mean TSC ticks per operation from the
stage before: entry -> checked -> copied -> switch -> exit) and the fast
path's hits and fallbacks per endpoint pair and message type, with the
FP_SLOW_* reasons, most fallbacks first.

Usage:
    trace_report.py LOG
"""

import re
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

STAGES = ("checked", "copied", "switch", "exit")


@dataclass
class Pair:
    path: str
    src: int
    dst: int
    type: int
    hits: int
    slow: Dict[str, int] = field(default_factory=dict)

    def misses(self) -> int:
        return sum(self.slow.values())


@dataclass
class Bench:
    stages: Dict[str, Tuple[int, Dict[str, float]]] = field(default_factory=dict)  # path -> (ops, ...)
    pairs: List[Pair] = field(default_factory=list)
    lost: int = 0


_KV = re.compile(r"^([a-z_]+)=(\d+(?:\.\d+)?)$")


def _kv(words: List[str]) -> Dict[str, str]:
    out = {}
    for w in words:
        m = _KV.match(w)
        if not m:
            raise ValueError("not key=value: %r" % w)
        out[m.group(1)] = m.group(2)
    return out


def parse_log(text: str) -> Dict[str, Bench]:
    """Benchmarks in order of appearance; ValueError for a malformed line."""
    out: Dict[str, Bench] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        for tag in ("TRACE ", "FPPAIR "):
            i = line.find(tag)
            if i >= 0:
                break
        else:
            continue
        words = line[i:].split()
        try:
            b = out.setdefault(words[1], Bench())
            if words[0] == "TRACE":
                kv = _kv(words[3:])
                b.stages[words[2]] = (int(kv.pop("ops")), {k: float(v) for k, v in kv.items()})
            elif words[2] == "lost":
                b.lost += int(words[3])
            else:
                kv = _kv(words[6:])
                b.pairs.append(Pair(words[2], int(words[3]), int(words[4]), int(words[5], 16),
                                    int(kv.pop("hits")), {k: int(v) for k, v in kv.items()}))
        except (IndexError, KeyError, ValueError) as e:
            raise ValueError("line %d: %s: %r" % (n, e, raw)) from None
    return out


def type_name(t: int) -> str:
    return "memory" if t == 0xffffffff else "%#x" % t


def format_bench(name: str, b: Bench) -> str:
    lines = ["%s: IPC fast-path stages, mean TSC ticks per operation" % name,
             "%-10s %8s" % ("path", "ops") + "".join(" %9s" % s for s in STAGES) + " %9s" % "total"]
    for path, (ops, st) in b.stages.items():
        lines.append("%-10s %8d" % (path, ops) + "".join(" %9.2f" % st.get(s, 0.0) for s in STAGES)
                     + " %9.2f" % sum(st.get(s, 0.0) for s in STAGES))
    if not b.stages:
        lines.append("(no traced operation got through a fast path)")
    lines += ["", "%s: fast-path hits and fallbacks per pair" % name,
              "%-10s %8s %8s %10s %10s %10s  %s" % ("path", "src", "dst", "type", "hits", "fallbacks",
                                                    "why")]
    for p in sorted(b.pairs, key=lambda p: (-p.misses(), -p.hits, p.path, p.src, p.dst)):
        why = " ".join("%s=%d" % kv for kv in sorted(p.slow.items(), key=lambda kv: -kv[1]))
        lines.append("%-10s %8d %8d %10s %10d %10d  %s" % (p.path, p.src, p.dst, type_name(p.type),
                                                           p.hits, p.misses(), why))
    if b.lost:
        lines.append("(%d operations of pairs beyond the kernel's table not counted)" % b.lost)
    return "\n".join(lines)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: trace_report.py LOG", file=sys.stderr)
        return 2
    with open(argv[0], errors="replace") as f:
        benches = parse_log(f.read())
    if not benches:
        print("trace_report: no TRACE lines in %s (a kernel built with TRACE=1, bench word "
              "`trace`)" % argv[0], file=sys.stderr)
        return 1
    print("\n\n".join(format_bench(n, b) for n, b in benches.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
