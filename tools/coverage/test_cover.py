#!/usr/bin/env python3
"""tools/coverage/test_cover.py -- the kernel coverage tools, TAP on stdout (a
host test of `make test`; about 10 s).

  cover.parse        report.py reads objdump's functions and a coverage file
                     and counts reached/total per function and file
  cover.bad_file     a file that is not a coverage file is refused
  cover.run          a short USER fuzz campaign under the plugin
                     (tools/fuzz.py --cover) succeeds and prints the
                     coverage line
  cover.reached      the kernel's IPC entry was reached, panic() was not
  cover.partial      the campaign reached some of the kernel, not all of it
Needs build/kernel.elf, build/servers/vm/vm, build/tests/fuzz/fuzz,
build/tools/canary and build/tools/coverage/cover.so (make all cover-plugin).
"""
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import report  # noqa: E402

OBJDUMP = """
build/kernel.elf:     file format elf32-i386

Disassembly of section .text:

00100000 <start>:
  100000:\tmov    $0x1,%eax
  100005:\tret
00100010 <never>:
  100010:\tpush   %ebp
  100011:\tret
""".splitlines()

COVER = ["kestrel-coverage 1", "range 100000 100020", "insn 100000 5 3",
         "insn 100005 1 0", "insn 100010 1 0"]

LINE = re.compile(r"^coverage: kernel instructions reached (\d+) of (\d+) \(")


class Tap:
    def __init__(self, planned):
        self.n = self.failed = 0
        print("1..%d" % planned, flush=True)

    def check(self, name, ok, why=""):
        self.n += 1
        self.failed += 0 if ok else 1
        print("%s %d - cover.%s%s" % ("ok" if ok else "not ok", self.n, name,
                                      "" if ok or not why else " # " + why), flush=True)


def table(path):
    """{function: (reached, total)} of report.py's --table file."""
    rows = {}
    with open(path) as f:
        next(f)
        for line in f:
            _, fn, n, t = line.rstrip("\n").split("\t")
            rows[fn] = (int(n), int(t))
    return rows


def main():
    need = ["build/kernel.elf", "build/servers/vm/vm", "build/tests/fuzz/fuzz",
            "build/tools/canary", "build/tools/coverage/cover.so"]
    missing = [p for p in need if not os.path.isfile(os.path.join(REPO, p))]
    if missing:
        print("Bail out! missing %s (make all cover-plugin)" % ", ".join(missing))
        return 1
    tap = Tap(5)

    funcs = report.parse_objdump(OBJDUMP)
    (hit, total, entered, n), per_file, _ = report.summarize(
        funcs, report.parse_cover(COVER), {"start": "a", "never": "a"})
    tap.check("parse", (hit, total, entered, n) == (1, 4, 1, 2)
              and per_file["a"][2] == ["never"], "got %r" % ((hit, total, entered, n),))
    try:
        report.parse_cover(["not coverage"])
        tap.check("bad_file", False, "accepted")
    except ValueError:
        tap.check("bad_file", True)

    with tempfile.TemporaryDirectory(prefix="kestrel-cover-") as out:
        cmd = [sys.executable, os.path.join(REPO, "tools/fuzz.py"), "--seed", "3",
               "--calls", "300", "--cpus", "1", "--priv", "user", "--accel", "tcg",
               "--kernel", "build/kernel.elf", "--vm", "build/servers/vm/vm",
               "--prog", "build/tests/fuzz/fuzz", "--canary", "build/tools/canary",
               "--cover", "build/tools/coverage/cover.so", "--objs", "build/kernel-objs",
               "--out", out]
        run = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        lines = [m for m in map(LINE.match, run.stdout.splitlines()) if m]
        tap.check("run", run.returncode == 0 and len(lines) == 1,
                  "status %d, output tail: %r" % (run.returncode, run.stdout[-300:]))
        tsv = os.path.join(out, "fuzz-s3-1cpu-user.coverage.tsv")
        rows = table(tsv) if os.path.isfile(tsv) else {}
        tap.check("reached", rows.get("ipc_entry", (0, 0))[0] > 0 and rows.get("panic", (1, 1))[0] == 0,
                  "ipc_entry %r, panic %r" % (rows.get("ipc_entry"), rows.get("panic")))
        hit, total = (int(lines[0].group(1)), int(lines[0].group(2))) if lines else (0, 0)
        tap.check("partial", 0 < hit < total, "reached %d of %d" % (hit, total))
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
