#!/usr/bin/env python3
"""tools/profile/report.py -- symbolizes an exact profile (exact.c's file)
and writes its tables.  Standard library only; addr2line (binutils) gives
the source lines when it is there.

Owns: reading the plugin's file, the ELF symbol tables (ELF32 .symtab,
read here), attributing each address to the kernel or to the user program,
and the outputs, written into --out:
    functions.txt     flat table per function: self and inclusive counts
    lines.txt         per source line (addr2line)
    instructions.txt  per instruction address, with its bytes
    classes.txt       instruction classes (CR3 writes, SYSENTER, ...) and
                      memory accesses, with the functions they occur in
    folded.txt        folded stacks, `a;b;c N` (FlameGraph, speedscope);
                      kernel frames end in _[k] (FlameGraph colours them)
    summary.txt       what stdout shows: totals, per operation, top N

User programs: every one is linked at the same address (lib/user.ld) and
QEMU 7.2's plugins cannot read CR3, so user addresses are symbolized
against the one program given (--user; the bench program for
`make profile-exact`).  The stacks of different processes are still kept
apart (callstack.h); their frames are named from that program.

Usage:
    report.py PROFILE --kernel build/kernel.elf [--user build/bench/bench]
              [--ops N] [--median M] [--out DIR] [--top N]
"""

import argparse
import bisect
import collections
import os
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import flamegraph  # tools/profile/, beside this file

USER_BASE, USER_TOP = 0x40000000, 0xf0000000     # arch/layout.h
FORMAT = "kestrel-exact-profile 1"
KIND_CALL, KIND_TRAP, KIND_SITE = 0, 1, 2    # callstack.h's enum cs_kind


def is_user(pc: int) -> bool:
    return USER_BASE <= pc < USER_TOP


# --------------------------------------------------------------------------
# The plugin's file
# --------------------------------------------------------------------------

@dataclass
class Count:
    cpu: int
    node: int
    pc: int
    code: str           # the instruction's bytes, hex
    classes: int        # mask over Profile.class_names
    execs: int
    loads: int
    stores: int
    starts: int


@dataclass
class Profile:
    class_names: List[str] = field(default_factory=list)
    marks: bool = False
    regions: int = 0
    diagnostics: Dict[int, Dict[str, int]] = field(default_factory=dict)    # cpu -> name -> n
    nodes: Dict[int, Dict[int, Tuple[int, int, int]]] = field(default_factory=dict)
    counts: List[Count] = field(default_factory=list)

    def total(self) -> int:
        return sum(c.execs for c in self.counts)

    def chain(self, cpu: int, node: int) -> List[Tuple[int, int]]:
        """(entry, kind) of the frames from the root to node."""
        out = []
        tree = self.nodes.get(cpu, {})
        while node:
            parent, entry, kind = tree[node]
            out.append((entry, kind))
            node = parent
        return out[::-1]


def parse_profile(text: str) -> Profile:
    lines = text.splitlines()
    if not lines or lines[0].strip() != FORMAT:
        raise ValueError("not an exact profile (first line %r, want %r)"
                         % (lines[0] if lines else "", FORMAT))
    p = Profile()
    for n, line in enumerate(lines[1:], 2):
        f = line.split()
        if not f:
            continue
        try:
            if f[0] == "classes":
                p.class_names = f[1:]
            elif f[0] == "marks":
                p.marks = f[1] == "on"
            elif f[0] == "regions":
                p.regions = int(f[1])
            elif f[0] == "cpu":
                p.diagnostics[int(f[1])] = {f[i]: int(f[i + 1]) for i in range(2, len(f) - 1, 2)}
            elif f[0] == "node":
                p.nodes.setdefault(int(f[1]), {})[int(f[2])] = (int(f[3]), int(f[4], 16),
                                                               int(f[5]))
            elif f[0] == "count":
                p.counts.append(Count(int(f[1]), int(f[2]), int(f[3], 16), f[4], int(f[5], 16),
                                      int(f[6]), int(f[7]), int(f[8]), int(f[9])))
            else:
                raise ValueError("unknown record %r" % f[0])
        except (IndexError, ValueError) as e:
            raise ValueError("line %d: %s: %s" % (n, e, line[:100]))
    return p


# --------------------------------------------------------------------------
# Symbols
# --------------------------------------------------------------------------

SHT_SYMTAB, SHT_STRTAB = 2, 3
SHF_EXECINSTR = 4
STT_NOTYPE, STT_FUNC = 0, 2


def elf_functions(path: str) -> List[Tuple[int, int, str]]:
    """(address, size, name) of the code symbols of an ELF32 file, sorted:
    functions and the untyped labels of assembly in executable sections."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 1:
        raise ValueError("%s: not an ELF32 file" % path)
    shoff, = struct.unpack_from("<I", data, 0x20)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x2e)
    sections = [struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize)
                for i in range(shnum)]
    out = []
    for sh in sections:
        if sh[1] != SHT_SYMTAB:
            continue
        strtab = sections[sh[6]]
        for off in range(sh[4], sh[4] + sh[5], 16):
            name_off, value, size, info, _other, shndx = struct.unpack_from("<IIIBBH", data, off)
            kind = info & 0xf
            if kind not in (STT_NOTYPE, STT_FUNC) or not 0 < shndx < len(sections):
                continue
            if not sections[shndx][2] & SHF_EXECINSTR:
                continue
            start = strtab[4] + name_off
            name = data[start:data.index(b"\0", start)].decode("utf-8", "replace")
            if name and not name.startswith(".L") and not name.startswith("$"):
                out.append((value, size if kind == STT_FUNC else 0, name))
    # functions first at an address, so a label at the same address loses
    out.sort(key=lambda s: (s[0], s[1] == 0, s[2]))
    dedup = []
    for s in out:
        if not dedup or dedup[-1][0] != s[0]:
            dedup.append(s)
    return dedup


class Symbols:
    """Address -> function name for one ELF."""

    def __init__(self, path: str, module: str):
        self.path, self.module = path, module
        self.syms = elf_functions(path)
        self.addrs = [s[0] for s in self.syms]

    def lookup(self, pc: int) -> Tuple[str, int]:
        """(function, offset); ('0x...', 0) outside every symbol."""
        i = bisect.bisect_right(self.addrs, pc) - 1
        if i < 0:
            return "%#x" % pc, 0
        addr, size, name = self.syms[i]
        if size and pc >= addr + size:
            return "%#x" % pc, 0        # past a function's end; a label runs to the next
        return name, pc - addr


class Symbolizer:
    """The kernel's symbols below USER_BASE and above USER_TOP, the user
    program's in between (one program for every process: see above)."""

    def __init__(self, kernel: str, user: Optional[str]):
        self.kernel = Symbols(kernel, "kernel")
        self.user = Symbols(user, os.path.basename(user)) if user else None
        self._cache: Dict[int, Tuple[str, str, int]] = {}

    def module_of(self, pc: int) -> Optional[Symbols]:
        return (self.user if is_user(pc) else self.kernel)

    def where(self, pc: int) -> Tuple[str, str, int]:
        """(module, function, offset)."""
        hit = self._cache.get(pc)
        if hit is None:
            syms = self.module_of(pc)
            if syms is None:
                hit = ("user", "%#x" % pc, 0)
            else:
                name, off = syms.lookup(pc)
                hit = (syms.module, name, off)
            self._cache[pc] = hit
        return hit

    def frame(self, pc: int) -> str:
        """A folded-stack frame: the function, _[k] appended in the kernel."""
        module, name, _ = self.where(pc)
        return name + "_[k]" if module == "kernel" else name

    def lines(self, pcs: List[int]) -> Dict[int, str]:
        """pc -> 'file:line' through addr2line, one process per ELF; {} when
        addr2line is missing."""
        tool = shutil.which("addr2line")
        out: Dict[int, str] = {}
        if not tool:
            return out
        by_elf: Dict[str, List[int]] = collections.defaultdict(list)
        for pc in pcs:
            syms = self.module_of(pc)
            if syms:
                by_elf[syms.path].append(pc)
        for path, group in by_elf.items():
            res = subprocess.run([tool, "-e", path], input="\n".join("%x" % pc for pc in group),
                                 capture_output=True, text=True)
            for pc, line in zip(group, res.stdout.splitlines()):
                out[pc] = shorten_path(line.strip())
        return out


def shorten_path(loc: str) -> str:
    """file:line relative to the current directory when inside it."""
    path, _, line = loc.rpartition(":")
    if path.startswith(os.getcwd() + os.sep):
        path = os.path.relpath(path)
    line = line.split(" ")[0]
    return "%s:%s" % (path, line) if path else loc


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------

@dataclass
class FunctionRow:
    module: str
    name: str
    self_: int = 0
    inclusive: int = 0
    loads: int = 0
    stores: int = 0


def function_key(sym: Symbolizer, pc: int) -> Tuple[str, str]:
    module, name, _ = sym.where(pc)
    return module, name


def stack_names(p: Profile, sym: Symbolizer, c: Count) -> List[str]:
    """The folded frames of a count: its call chain, then the function of
    its own address.  A site frame (the user instruction that trapped) and
    the address's function appear only where they name a function that the
    frame before does not."""
    names: List[str] = []
    for entry, kind in p.chain(c.cpu, c.node) + [(c.pc, KIND_SITE)]:
        name = sym.frame(entry)
        if kind != KIND_SITE or not names or names[-1] != name:
            names.append(name)
    return names


def function_table(p: Profile, sym: Symbolizer) -> List[FunctionRow]:
    rows: Dict[Tuple[str, str], FunctionRow] = {}

    def row(key):
        if key not in rows:
            rows[key] = FunctionRow(*key)
        return rows[key]

    chains: Dict[Tuple[int, int], set] = {}
    for c in p.counts:
        r = row(function_key(sym, c.pc))
        r.self_ += c.execs
        r.loads += c.loads
        r.stores += c.stores
        k = (c.cpu, c.node)
        if k not in chains:
            chains[k] = {function_key(sym, e) for e, _kind in p.chain(c.cpu, c.node)}
        for key in chains[k] | {function_key(sym, c.pc)}:
            row(key).inclusive += c.execs
    return sorted(rows.values(), key=lambda r: (-r.self_, -r.inclusive, r.module, r.name))


def folded(p: Profile, sym: Symbolizer) -> List[str]:
    multi = len({c.cpu for c in p.counts if c.execs}) > 1
    acc: Dict[str, int] = collections.Counter()
    for c in p.counts:
        names = stack_names(p, sym, c)
        if multi:
            names.insert(0, "cpu%d" % c.cpu)
        acc[";".join(names)] += c.execs
    return ["%s %d" % (k, v) for k, v in sorted(acc.items()) if v]


def per_op(n: int, ops: Optional[int]) -> str:
    return "%.2f" % (n / ops) if ops else "-"


def format_functions(rows: List[FunctionRow], total: int, ops: Optional[int],
                     top: Optional[int] = None) -> str:
    out = ["%12s %6s %9s %12s %9s %9s %9s  %s" % ("self", "%", "self/op", "inclusive",
                                                   "incl/op", "loads", "stores", "function")]
    for r in rows[:top] if top else rows:
        out.append("%12d %6.2f %9s %12d %9s %9d %9d  %s%s" % (
            r.self_, 100.0 * r.self_ / total if total else 0, per_op(r.self_, ops),
            r.inclusive, per_op(r.inclusive, ops), r.loads, r.stores, r.name,
            "" if r.module == "kernel" else " [%s]" % r.module))
    return "\n".join(out)


def format_lines(p: Profile, sym: Symbolizer, ops: Optional[int]) -> str:
    pcs = sorted({c.pc for c in p.counts})
    where = sym.lines(pcs)
    acc: Dict[Tuple[str, str], List[int]] = {}
    for c in p.counts:
        _module, name, _ = sym.where(c.pc)
        key = (where.get(c.pc, "%s+%#x" % (name, sym.where(c.pc)[2])), name)
        a = acc.setdefault(key, [0, 0])
        a[0] += c.execs
        a[1] += c.loads + c.stores
    out = ["%12s %9s %9s  %-40s %s" % ("instructions", "per op", "mem", "line", "function")]
    for (line, name), (n, mem) in sorted(acc.items(), key=lambda kv: (-kv[1][0], kv[0])):
        out.append("%12d %9s %9d  %-40s %s" % (n, per_op(n, ops), mem, line, name))
    return "\n".join(out)


def format_instructions(p: Profile, sym: Symbolizer, ops: Optional[int]) -> str:
    acc: Dict[Tuple[int, str], List[int]] = {}
    for c in p.counts:
        a = acc.setdefault((c.pc, c.code), [0, 0, 0])
        a[0] += c.execs
        a[1] += c.loads
        a[2] += c.stores
    out = ["%10s %9s %6s %6s  %-10s %-32s %s" % ("execs", "per op", "loads", "stores", "address",
                                               "function+offset", "bytes")]
    for (pc, code), (n, ld, st) in sorted(acc.items()):
        module, name, off = sym.where(pc)
        out.append("%10d %9s %6d %6d  %08x   %-32s %s" % (n, per_op(n, ops), ld, st, pc,
                                                       "%s+%#x" % (name, off), code))
    return "\n".join(out)


REP_ROWS = ("rep_string starts", "rep_string iterations")


def class_table(p: Profile, sym: Symbolizer) -> List[Tuple[str, int, List[Tuple[str, int]]]]:
    """(class, count, [(function, count) most first]) per class, then the
    rep string instructions' starts and iterations, and the memory accesses.
    A rep string instruction runs one pass per iteration plus a last one
    that finds the count zero (exact.c), so iterations = passes - starts
    (one too few per interruption in the middle)."""
    per: Dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for c in p.counts:
        fn = sym.where(c.pc)[1]
        for i, name in enumerate(p.class_names):
            if c.classes >> i & 1:
                per[name][fn] += c.execs
                if name == "rep_string":
                    per[REP_ROWS[0]][fn] += c.starts
                    per[REP_ROWS[1]][fn] += c.execs - c.starts
        per["memory loads"][fn] += c.loads
        per["memory stores"][fn] += c.stores
    names = p.class_names + list(REP_ROWS) + ["memory loads", "memory stores"]
    return [(n, sum(per[n].values()), per[n].most_common()) for n in names]


def format_classes(rows, ops: Optional[int]) -> str:
    out = ["%-22s %10s %9s  %s" % ("class", "count", "per op", "where (function: count)")]
    for name, n, where in rows:
        out.append("%-22s %10d %9s  %s" % (name, n, per_op(n, ops), ", ".join(
            "%s: %d" % fw for fw in where[:4] if fw[1])))
    return "\n".join(out)


def summary(p: Profile, ops: Optional[int], median: Optional[float], rows: List[FunctionRow],
            top: int) -> str:
    total = p.total()
    out = ["exact profile: %d instructions%s on %d CPU(s)" % (
        total, " in %d marked region(s)" % p.regions if p.marks else " (whole run)",
        len({c.cpu for c in p.counts if c.execs}))]
    if ops:
        out.append("operations: %d; instructions per operation: %.2f" % (ops, total / ops))
    if median is not None:
        out.append("the benchmark's own median: %.2f (the marked region adds the loop's "
                   "TSC reads and marks: %+.2f per op)" % (median, total / ops - median))
    if p.marks and not p.regions:
        out.append("no marked region was entered: does the program set the marks "
                   "(lib/libbench/include/bench_mark.h)?")
    per_cpu = collections.Counter()
    for c in p.counts:
        per_cpu[c.cpu] += c.execs
    if len(per_cpu) > 1:
        out.append("per CPU: %s" % ", ".join("cpu%d %d" % kv for kv in sorted(per_cpu.items())))
    for cpu, d in sorted(p.diagnostics.items()):
        if any(d.values()):
            out.append("cpu %d stack tracking: %s%s" % (cpu, ", ".join(
                "%s %d" % kv for kv in d.items()),
                "" if p.marks else " (the firmware's 16-bit code makes most of them)"))
    out.append("")
    out.append(format_functions(rows, total, ops, top))
    return "\n".join(out)


def write_reports(p: Profile, sym: Symbolizer, out_dir: str, ops: Optional[int] = None,
                  median: Optional[float] = None, top: int = 20) -> str:
    """Writes every output file into out_dir; returns the summary text."""
    os.makedirs(out_dir, exist_ok=True)
    rows = function_table(p, sym)
    text = summary(p, ops, median, rows, top)
    files = {
        "summary.txt": text,
        "functions.txt": format_functions(rows, p.total(), ops),
        "lines.txt": format_lines(p, sym, ops),
        "instructions.txt": format_instructions(p, sym, ops),
        "classes.txt": format_classes(class_table(p, sym), ops),
        "folded.txt": "\n".join(folded(p, sym)),
    }
    title = "exact profile: %d instructions%s" % (
        p.total(), ", %s per operation" % per_op(p.total(), ops).strip() if ops else "")
    files["flame.svg"] = flamegraph.render(flamegraph.parse_folded(files["folded.txt"]), title)
    for name, body in files.items():
        with open(os.path.join(out_dir, name), "w") as f:
            f.write(body + "\n")
    return text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Symbolize an exact profile (tools/profile).")
    ap.add_argument("profile")
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--user", help="the user program's ELF (every process is named from it)")
    ap.add_argument("--ops", type=int, help="operations in the marked regions")
    ap.add_argument("--median", type=float, help="the benchmark's own median per operation")
    ap.add_argument("--out", help="directory for the tables (default: next to PROFILE)")
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args(argv)
    try:
        with open(args.profile) as f:
            p = parse_profile(f.read())
        sym = Symbolizer(args.kernel, args.user)
    except (OSError, ValueError) as e:
        print("report: %s" % e, file=sys.stderr)
        return 1
    print(write_reports(p, sym, args.out or os.path.dirname(os.path.abspath(args.profile)),
                        args.ops, args.median, args.top))
    return 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    sys.exit(main())
