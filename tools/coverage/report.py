#!/usr/bin/env python3
"""Kernel coverage from the coverage plugin's files (tools/coverage/cover.c).

    tools/coverage/report.py --kernel build/kernel.elf [--objs build/kernel-objs]
                             [--table FILE] COVER_FILE...

Reads the kernel's instructions and functions from `objdump -d`, marks the
ones a run executed (the union of the COVER_FILEs: one per boot), and prints

    coverage: kernel instructions reached R of T (P%), functions entered F of G

then one line per source file (reached/total instructions, the functions
never entered).  --table writes every function's line: file, function,
reached, total.  A function's file comes from the symbols of the kernel's
objects (--objs); a static name defined in two files is shown as `?`.
"""
import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict

FUNC = re.compile(r"^([0-9a-f]+) <([^>]+)>:$")
INSN = re.compile(r"^\s+([0-9a-f]+):\t")


def kernel_functions(kernel):
    """{function: [instruction addresses]} of the kernel's text, from objdump."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-j", ".text", kernel],
                         check=True, capture_output=True, text=True).stdout
    return parse_objdump(out.splitlines())


def parse_objdump(lines):
    funcs, cur = {}, None
    for line in lines:
        m = FUNC.match(line)
        if m:
            cur = m.group(2)
            funcs.setdefault(cur, [])
            continue
        m = INSN.match(line)
        if m and cur is not None and not line.rstrip().endswith("(bad)"):
            funcs[cur].append(int(m.group(1), 16))
    return {f: a for f, a in funcs.items() if a}


def parse_cover(lines):
    """Executed instruction addresses of one coverage file."""
    lines = iter(lines)
    if next(lines, "").strip() != "kestrel-coverage 1":
        raise ValueError("not a kestrel-coverage 1 file")
    reached = set()
    for line in lines:
        f = line.split()
        if f and f[0] == "insn" and int(f[3]) > 0:
            reached.add(int(f[1], 16))
    return reached


def function_files(objs):
    """{function: file} from the text symbols of every object under objs."""
    files = defaultdict(set)
    for root, _, names in os.walk(objs):
        for n in names:
            if not n.endswith(".o"):
                continue
            path = os.path.join(root, n)
            out = subprocess.run(["nm", "--defined-only", path], capture_output=True,
                                 text=True).stdout
            src = os.path.relpath(path, objs)[:-2]
            for line in out.splitlines():
                f = line.split()
                if len(f) == 3 and f[1] in "tT":
                    files[f[2]].add(src)
    return {fn: (s.pop() if len(s) == 1 else "?") for fn, s in files.items()}


def summarize(funcs, reached, files):
    """(totals, per-file rows, per-function rows)."""
    per_file = defaultdict(lambda: [0, 0, []])
    rows = []
    total = hit = entered = 0
    for fn, addrs in sorted(funcs.items()):
        n = sum(1 for a in addrs if a in reached)
        src = files.get(fn, "?")
        row = per_file[src]
        row[0] += n
        row[1] += len(addrs)
        if n == 0:
            row[2].append(fn)
        else:
            entered += 1
        total += len(addrs)
        hit += n
        rows.append((src, fn, n, len(addrs)))
    return (hit, total, entered, len(funcs)), per_file, rows


def percent(a, b):
    return 100.0 * a / b if b else 0.0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kernel", required=True)
    p.add_argument("--objs", default=None)
    p.add_argument("--table", default=None)
    p.add_argument("cover", nargs="+")
    a = p.parse_args()
    reached = set()
    for path in a.cover:
        with open(path) as f:
            reached |= parse_cover(f)
    funcs = kernel_functions(a.kernel)
    files = function_files(a.objs) if a.objs else {}
    (hit, total, entered, nfuncs), per_file, rows = summarize(funcs, reached, files)
    for src, (n, t, never) in sorted(per_file.items()):
        print("  %-34s %5d of %5d (%5.1f%%)%s" % (src, n, t, percent(n, t),
              ("  never: " + " ".join(never[:8]) + (" ..." if len(never) > 8 else ""))
              if never else ""))
    print("coverage: kernel instructions reached %d of %d (%.1f%%), functions entered %d of %d"
          % (hit, total, percent(hit, total), entered, nfuncs))
    if a.table:
        with open(a.table, "w") as f:
            f.write("file\tfunction\treached\tinstructions\n")
            for r in rows:
                f.write("%s\t%s\t%d\t%d\n" % r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
