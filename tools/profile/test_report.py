#!/usr/bin/env python3
"""tools/profile/test_report.py -- self-test for report.py (no QEMU, no
build needed).

Owns: unit tests of the profile reader (format, bad lines), the ELF32
symbol reader and lookup (on an ELF written here: functions win over
labels at one address, a sized function ends), the kernel/user split,
folded stacks (site frames, the _[k] suffix, a CPU prefix only with
several CPUs), the function table (inclusive counts once per chain), the
class table (rep iterations = passes - starts) and the files written.
"""

import os
import struct
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import report  # noqa: E402
import unittest_tap  # noqa: E402


def write_elf(path, symbols):
    """A minimal ELF32 with .text (executable), .data, .symtab and .strtab;
    symbols: (name, value, size, type, section) with section 'text' or 'data'."""
    strtab = b"\0"
    shstr = b"\0.text\0.data\0.symtab\0.strtab\0.shstrtab\0"
    syms = [b"\0" * 16]
    for name, value, size, kind, sec in symbols:
        off = len(strtab)
        strtab += name.encode() + b"\0"
        syms.append(struct.pack("<IIIBBH", off, value, size, 0x10 | kind, 0,
                                1 if sec == "text" else 2))
    symdata = b"".join(syms)
    body = symdata + strtab + shstr
    sym_off = 52
    str_off = sym_off + len(symdata)
    shstr_off = str_off + len(strtab)
    sh_off = (52 + len(body) + 3) & ~3

    def sh(name, kind, flags, off, size, link=0, entsize=0):
        return struct.pack("<IIIIIIIIII", name, kind, flags, 0, off, size, link, 0, 4, entsize)

    sections = [sh(0, 0, 0, 0, 0),
                sh(1, 1, 6, 0, 0),                      # .text: alloc + exec
                sh(7, 1, 3, 0, 0),                      # .data: alloc + write
                sh(13, 2, 0, sym_off, len(symdata), link=4, entsize=16),
                sh(21, 3, 0, str_off, len(strtab)),
                sh(29, 3, 0, shstr_off, len(shstr))]
    header = b"\x7fELF\x01\x01\x01" + b"\0" * 9 + struct.pack(
        "<HHIIIIIHHHHHH", 2, 3, 1, 0, 0, sh_off, 0, 52, 0, 0, 40, len(sections), 5)
    data = header + body
    data += b"\0" * (sh_off - len(data)) + b"".join(sections)
    with open(path, "wb") as f:
        f.write(data)


KERNEL_SYMS = [("sysenter_entry", 0x101000, 0, 0, "text"),      # an assembly label
               ("ipc_entry", 0x101100, 0x100, 2, "text"),
               ("ipc_entry_alias", 0x101100, 0, 0, "text"),
               ("kernel_data", 0x101150, 4, 1, "data"),
               ("last_fn", 0x101300, 0x10, 2, "text")]
USER_SYMS = [("main", 0x40000000, 0x20, 2, "text"),
             ("run", 0x40000020, 0x20, 2, "text"),
             ("stub", 0x40000040, 0, 0, "text")]

PROFILE = """kestrel-exact-profile 1
classes sysenter rep_string
marks on
regions 2
cpu 0 unmatched_rets 0 unmatched_resumes 0 lost_frames 0
node 0 1 0 40000000 0
node 0 2 1 40000020 0
node 0 3 2 40000044 2
node 0 4 3 101000 1
node 0 5 4 101100 0
count 0 2 40000024 89e5 0 10 0 0 10
count 0 2 40000044 0f34 1 10 0 0 10
count 0 3 40000040 0f34 0 4 0 0 4
count 0 4 101000 55 0 20 5 5 20
count 0 5 101110 f3ab 2 30 0 24 6
"""


class ParseTest(unittest.TestCase):
    def test_reads_every_record(self):
        p = report.parse_profile(PROFILE)
        self.assertEqual(p.class_names, ["sysenter", "rep_string"])
        self.assertTrue(p.marks)
        self.assertEqual(p.regions, 2)
        self.assertEqual(p.diagnostics[0]["lost_frames"], 0)
        self.assertEqual(p.total(), 74)
        self.assertEqual(p.chain(0, 5), [(0x40000000, 0), (0x40000020, 0), (0x40000044, 2),
                                         (0x101000, 1), (0x101100, 0)])
        self.assertEqual(p.counts[-1].starts, 6)

    def test_rejects_other_files(self):
        with self.assertRaisesRegex(ValueError, "not an exact profile"):
            report.parse_profile("hello\n")
        with self.assertRaisesRegex(ValueError, "line 3"):
            report.parse_profile("kestrel-exact-profile 1\nmarks on\ncount 0 x\n")
        with self.assertRaisesRegex(ValueError, "unknown record"):
            report.parse_profile("kestrel-exact-profile 1\nbogus 1\n")


class SymbolTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.kernel = os.path.join(self.dir.name, "kernel.elf")
        self.user = os.path.join(self.dir.name, "bench")
        write_elf(self.kernel, KERNEL_SYMS)
        write_elf(self.user, USER_SYMS)
        self.sym = report.Symbolizer(self.kernel, self.user)

    def tearDown(self):
        self.dir.cleanup()

    def test_reads_code_symbols_only(self):
        names = [s[2] for s in report.elf_functions(self.kernel)]
        self.assertEqual(names, ["sysenter_entry", "ipc_entry", "last_fn"])

    def test_lookup(self):
        k = self.sym.kernel
        self.assertEqual(k.lookup(0x101000), ("sysenter_entry", 0))
        self.assertEqual(k.lookup(0x101104), ("ipc_entry", 4))
        self.assertEqual(k.lookup(0x100000), ("0x100000", 0))
        self.assertEqual(k.lookup(0x101310), ("0x101310", 0))       # past the last one's end

    def test_sized_function_ends(self):
        self.assertEqual(self.sym.kernel.lookup(0x101250), ("0x101250", 0))

    def test_kernel_and_user(self):
        self.assertEqual(self.sym.where(0x101100), ("kernel", "ipc_entry", 0))
        self.assertEqual(self.sym.where(0x40000024), ("bench", "run", 4))
        self.assertEqual(self.sym.frame(0x101000), "sysenter_entry_[k]")
        self.assertEqual(self.sym.frame(0x40000000), "main")

    def test_without_user_program(self):
        sym = report.Symbolizer(self.kernel, None)
        self.assertEqual(sym.where(0x40000024), ("user", "0x40000024", 0))

    def test_stacks(self):
        p = report.parse_profile(PROFILE)
        stacks = report.folded(p, self.sym)
        self.assertEqual(stacks, [
            "main;run 10",
            "main;run;stub 14",         # the site frame and the leaf name one function
            "main;run;stub;sysenter_entry_[k] 20",
            "main;run;stub;sysenter_entry_[k];ipc_entry_[k] 30",
        ])

    def test_cpu_prefix_with_several_cpus(self):
        text = PROFILE + "node 1 1 0 40000000 0\ncount 1 1 40000000 55 0 3 0 0 3\n"
        stacks = report.folded(report.parse_profile(text), self.sym)
        self.assertIn("cpu1;main 3", stacks)
        self.assertIn("cpu0;main;run 10", stacks)

    def test_function_table(self):
        p = report.parse_profile(PROFILE)
        rows = {r.name: r for r in report.function_table(p, self.sym)}
        self.assertEqual(rows["ipc_entry"].self_, 30)
        self.assertEqual(rows["ipc_entry"].stores, 24)
        self.assertEqual(rows["run"].self_, 10)
        self.assertEqual(rows["run"].inclusive, 74)
        self.assertEqual(rows["main"].inclusive, 74)
        self.assertEqual(rows["stub"].self_, 14)
        self.assertEqual(rows["sysenter_entry"].inclusive, 50)
        self.assertEqual(report.function_table(p, self.sym)[0].name, "ipc_entry")

    def test_class_table(self):
        p = report.parse_profile(PROFILE)
        rows = {name: (n, where) for name, n, where in report.class_table(p, self.sym)}
        self.assertEqual(rows["sysenter"][0], 10)
        self.assertEqual(rows["rep_string"][0], 30)
        self.assertEqual(rows["rep_string starts"][0], 6)
        self.assertEqual(rows["rep_string iterations"][0], 24)
        self.assertEqual(rows["memory stores"], (29, [("ipc_entry", 24), ("sysenter_entry", 5),
                                                     ("run", 0), ("stub", 0)]))

    def test_no_region(self):
        p = report.parse_profile("kestrel-exact-profile 1\nclasses\nmarks on\nregions 0\n")
        text = report.summary(p, None, None, [], 5)
        self.assertIn("no marked region was entered", text)

    def test_files(self):
        p = report.parse_profile(PROFILE)
        out = os.path.join(self.dir.name, "out")
        text = report.write_reports(p, self.sym, out, ops=2, median=36.0, top=3)
        self.assertIn("instructions per operation: 37.00", text)
        self.assertIn("the benchmark's own median: 36.00", text)
        self.assertRegex(text, r"\n\s+30\s+40\.54\s+15\.00\s+30\s+15\.00\s+0\s+24\s+ipc_entry\n")
        table = text.split("function\n", 1)[1].splitlines()
        self.assertEqual(len(table), 3)                 # --top 3
        self.assertTrue(table[2].endswith("stub [bench]"), table[2])
        for name in ("summary.txt", "functions.txt", "lines.txt", "instructions.txt",
                     "classes.txt", "folded.txt", "flame.svg"):
            self.assertTrue(os.path.getsize(os.path.join(out, name)) > 0, name)
        with open(os.path.join(out, "instructions.txt")) as f:
            self.assertIn("00101110   ipc_entry+0x10", f.read())


if __name__ == "__main__":
    sys.exit(unittest_tap.main(sys.modules[__name__]))
