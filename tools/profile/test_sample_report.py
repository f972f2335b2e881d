#!/usr/bin/env python3
"""tools/profile/test_sample_report.py -- self-test for sample_report.py,
flamegraph.py and trace_report.py (no QEMU, no build needed).

Owns: unit tests of the PROF line reader (runs, processes, CPU counts,
samples; malformed and misplaced lines), frame naming (kernel ELF outside
user space, the process's own program inside it, hex for a program not
given, return addresses named at ret-1), folded stacks, perf-script text,
speedscope JSON, the top table, the kallsyms export, the sampling cost
line, the flame graph (tree counts, widths, escaping, bad input), and
the tracepoints' tables (stages per path, pairs by fallbacks, reasons).
"""

import contextlib
import io
import json
import os
import re
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import flamegraph  # noqa: E402
import sample_report  # noqa: E402
import trace_report  # noqa: E402
import unittest_tap  # noqa: E402
from test_report import write_elf  # noqa: E402

KERNEL_SYMS = [("idle_loop", 0x101000, 0x40, 2, "text"),
               ("kernel_main", 0x101100, 0x100, 2, "text")]
BENCH_SYMS = [("main", 0x40000000, 0x20, 2, "text"),
              ("run", 0x40000020, 0x20, 2, "text"),
              ("spin", 0x40000040, 0x10, 2, "text")]
VM_SYMS = [("vm_main", 0x40000000, 0x80, 2, "text")]

# bench (endpoint 7) spins in `spin` called from `run` called from
# `main`; the VM server (endpoint 5) in vm_main; CPU 1 idles; a process
# that the log does not name (9), and one whose program is not given (vm2);
# the VM server serving bench (bench trapped in `spin`); an NMI sample of
# bench in the kernel (kernel_main called from idle_loop), its user side
# after the kernel chain.
LOG = """boot noise
PROF begin ipc_rtt/short rate=1000 ops=500 ticks=200000 cpus=2 source=timer
PROF proc 7 bench
PROF proc 5 vm
PROF proc 11 vm2
PROF cpu 0 samples=5 dropped=2 cost=300
PROF s 0 7 0 40000044 2 -2 40000030 40000010
PROF s 0 7 0 40000048 2 -2 40000030 40000010
PROF s 0 7 0 40000028 1 -2 40000010
PROF s 0 5 0 40000010 0 -2
PROF s 0 11 0 40000010 0 -2
PROF cpu 1 samples=4 dropped=0 cost=100
PROF s 1 -2 3 101010 1 -2 101140
PROF s 1 9 0 40000044 0 -2
PROF s 1 5 0 40000044 0 7 40000045 40000030 40000010
PROF s 1 7 1 101110 1 -2 101020 40000045 40000030
PROF end ipc_rtt/short
"""


class Fixture(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        d = self.tmp.name
        self.kernel, self.bench, self.vm = (os.path.join(d, n) for n in ("kernel", "bench", "vm"))
        write_elf(self.kernel, KERNEL_SYMS)
        write_elf(self.bench, BENCH_SYMS)
        write_elf(self.vm, VM_SYMS)
        self.run_ = sample_report.parse_log(LOG)[0]
        self.namer = sample_report.Namer(self.kernel, {"bench": self.bench, "vm": self.vm})

    def tearDown(self):
        self.tmp.cleanup()


class ParseTest(unittest.TestCase):
    def test_run(self):
        runs = sample_report.parse_log(LOG)
        self.assertEqual(len(runs), 1)
        r = runs[0]
        self.assertEqual((r.bench, r.rate, r.ops, r.ticks, r.cpus),
                         ("ipc_rtt/short", 1000, 500, 200000, 2))
        self.assertEqual(r.procs, {7: "bench", 5: "vm", 11: "vm2"})
        self.assertEqual(r.stats[0], sample_report.CpuStat(5, 2, 300))
        self.assertEqual(len(r.samples), 9)
        s = r.samples[5]
        self.assertEqual((s.cpu, s.endpoint, s.flags, s.pc, s.chain, s.peer, s.peer_chain),
                         (1, -2, 3, 0x101010, [0x101140], -2, []))
        s = r.samples[7]
        self.assertEqual((s.chain, s.peer, s.peer_chain), ([], 7, [0x40000045, 0x40000030, 0x40000010]))

    def test_prefixed_lines(self):
        """The console may put text before a line (a CPU tag): PROF is found inside."""
        r = sample_report.parse_log("[0] PROF begin x rate=1 ops=0 ticks=0 cpus=1 source=timer\n"
                                    "[0] PROF s 0 1 0 40000000 0 -2\n")[0]
        self.assertEqual(len(r.samples), 1)

    def test_two_runs(self):
        runs = sample_report.parse_log(LOG + LOG.replace("ipc_rtt/short", "fault_zero"))
        self.assertEqual([r.bench for r in runs], ["ipc_rtt/short", "fault_zero"])

    def test_bad_lines(self):
        for bad in ("PROF s 0 7 0 40000044 0 -2\n",                   # outside a run
                    "PROF begin x rate=1 ops=0 ticks=0 cpus=1 source=timer\nPROF s 0 7 0 40000044 2 -2 4\n",
                    "PROF begin x rate=a ops=0 ticks=0 cpus=1 source=timer\n",
                    "PROF begin x rate=1 ops=0 ticks=0 cpus=1 source=pmc\n",
                    "PROF begin x rate=1 ops=0 ticks=0 cpus=1 source=timer\nPROF s 0 7 0 zz 0 -2\n",
                    "PROF begin x rate=1 ops=0 ticks=0 cpus=1 source=timer\nPROF cpu 0 samples=1\n",
                    "PROF begin x rate=1 ops=0 ticks=0 cpus=1 source=timer\nPROF what 1\n",
                    "PROF begin x rate=1 ops=0 ticks=0 cpus=1 source=timer\nPROF s 0\n"):
            with self.assertRaises(ValueError, msg=bad):
                sample_report.parse_log(bad)

    def test_no_prof_lines(self):
        self.assertEqual(sample_report.parse_log("ok 1 x\n"), [])


class NamingTest(Fixture):
    def test_frames(self):
        r, n = self.run_, self.namer
        self.assertEqual(sample_report.frames(r, n, r.samples[0]), ["bench", "main", "run", "spin"])
        # the same user address is another function in another program
        self.assertEqual(sample_report.frames(r, n, r.samples[3]), ["vm", "vm_main"])
        self.assertEqual(sample_report.frames(r, n, r.samples[4]), ["vm2", "0x40000010"])
        self.assertEqual(sample_report.frames(r, n, r.samples[5]),
                         ["idle", "kernel_main_[k]", "idle_loop_[k]"])
        self.assertEqual(sample_report.frames(r, n, r.samples[6]), ["ep9", "0x40000044"])
        # one stack across both address spaces: the client, the IPC, the server
        self.assertEqual(sample_report.frames(r, n, r.samples[7]),
                         ["bench", "main", "run", "spin", "ipc_[k]", "vm", "vm_main"])
        # a kernel sample of a process: its user frames, then the kernel's
        self.assertEqual(sample_report.frames(r, n, r.samples[8]),
                         ["bench", "run", "spin", "idle_loop_[k]", "kernel_main_[k]"])

    def test_return_address_at_end_of_function(self):
        """A call that ends its function returns past it: named at ret-1."""
        r = sample_report.parse_log("PROF begin x rate=1 ops=0 ticks=0 cpus=1 source=timer\nPROF proc 7 bench\n"
                                    "PROF s 0 7 0 40000044 1 -2 40000040\n")[0]
        self.assertEqual(sample_report.frames(r, self.namer, r.samples[0]), ["bench", "run", "spin"])

    def test_folded(self):
        lines = sample_report.folded(self.run_, self.namer)
        self.assertIn("bench;main;run;spin 2", lines)
        self.assertIn("bench;main;run 1", lines)
        self.assertIn("idle;kernel_main_[k];idle_loop_[k] 1", lines)
        self.assertIn("bench;main;run;spin;ipc_[k];vm;vm_main 1", lines)
        self.assertEqual(sum(int(l.rsplit(" ", 1)[1]) for l in lines), 9)

    def test_perf_script(self):
        text = sample_report.perf_script(self.run_, self.namer)
        blocks = [b for b in text.split("\n\n") if b.strip()]
        self.assertEqual(len(blocks), 9)
        first = blocks[0].splitlines()
        self.assertRegex(first[0], r"^bench 7 \[000\] 0\.000000: 1000000 cpu-clock:u: $")
        self.assertEqual(first[1:], ["\t40000044 spin+0x4 (bench)",
                                     "\t40000030 run+0x10 (bench)",
                                     "\t40000010 main+0x10 (bench)"])
        idle = blocks[5].splitlines()
        self.assertRegex(idle[0], r"^idle 0 \[001\] 0\.000000: 1000000 cpu-clock:k: $")
        self.assertEqual(idle[1], "\t  101010 idle_loop+0x10 ([kernel.kallsyms])")
        # each CPU's clock runs on its own: the second sample of CPU 0 at 1 ms
        self.assertIn(" [000] 0.001000:", blocks[1])
        # the server's frames, the IPC, the client's
        self.assertEqual(blocks[7].splitlines()[1:], ["\t40000044 vm_main+0x44 (vm)",
                                                      "\t       0 ipc ([kernel.kallsyms])",
                                                      "\t40000045 spin+0x5 (bench)",
                                                      "\t40000030 run+0x10 (bench)",
                                                      "\t40000010 main+0x10 (bench)"])
        self.assertEqual(blocks[8].splitlines()[1:], ["\t  101110 kernel_main+0x10 ([kernel.kallsyms])",
                                                      "\t  101020 idle_loop+0x20 ([kernel.kallsyms])",
                                                      "\t40000045 spin+0x5 (bench)",
                                                      "\t40000030 run+0x10 (bench)"])

    def test_speedscope(self):
        doc = json.loads(json.dumps(sample_report.speedscope(self.run_, self.namer)))
        self.assertEqual(doc["$schema"], "https://www.speedscope.app/file-format-schema.json")
        names = [f["name"] for f in doc["shared"]["frames"]]
        self.assertEqual(len(names), len(set(names)))
        self.assertEqual([p["name"] for p in doc["profiles"]],
                         ["ipc_rtt/short cpu 0", "ipc_rtt/short cpu 1"])
        p0 = doc["profiles"][0]
        self.assertEqual(p0["type"], "sampled")
        self.assertEqual(len(p0["samples"]), 5)
        self.assertEqual(len(doc["profiles"][1]["samples"]), 4)
        self.assertEqual(p0["weights"], [1] * 5)
        self.assertEqual([names[i] for i in p0["samples"][0]], ["bench", "main", "run", "spin"])

    def test_top(self):
        rows = sample_report.top_table(self.run_, self.namer)
        self.assertEqual(rows[0], ("spin", 2, 4))      # the client's frame counts in total
        by = {r[0]: r for r in rows}
        self.assertEqual(by["main"], ("main", 0, 4))
        self.assertEqual(by["run"], ("run", 1, 5))
        self.assertEqual(by["kernel_main_[k]"], ("kernel_main_[k]", 1, 2))
        self.assertEqual(by["vm_main"], ("vm_main", 2, 2))
        for root in ("bench", "vm", "idle", "ipc_[k]"):    # no functions
            self.assertNotIn(root, by)
        text = sample_report.format_top(rows, 1, 8)
        self.assertEqual(len(text.splitlines()), 2)
        self.assertIn("25.00%", text)
        self.assertIn("50.00%", text)

    def test_kallsyms(self):
        self.assertEqual(sample_report.kallsyms(self.kernel),
                         "00101000 t idle_loop\n00101100 t kernel_main\n")

    def test_cost(self):
        lines = sample_report.cost_lines(self.run_)
        self.assertEqual(lines[0], "ipc_rtt/short: 9 samples at 1000 Hz (timer) on 2 CPUs, "
                                   "2 dropped (buffer full)")
        self.assertIn("44 TSC ticks per sample, 0.100% of the profiled time", lines[1])
        self.assertIn("500 operations", lines[2])

    def test_write_reports(self):
        out = os.path.join(self.tmp.name, "out")
        summary = sample_report.write_reports(self.run_, self.namer, self.kernel, out, top=3)
        self.assertIn("spin", summary)
        for name in ("perf.script", "folded.txt", "speedscope.json", "flame.svg", "top.txt",
                     "guest.kallsyms", "summary.txt"):
            self.assertTrue(os.path.getsize(os.path.join(out, name)) > 0, name)

    def test_main(self):
        log = os.path.join(self.tmp.name, "serial.log")
        with open(log, "w") as f:
            f.write(LOG)
        out = os.path.join(self.tmp.name, "main")
        with contextlib.redirect_stdout(io.StringIO()) as said:
            rc = sample_report.main([log, "--kernel", self.kernel, "--program",
                                     "bench=" + self.bench, "--out", out])
        self.assertIn("9 samples at 1000 Hz", said.getvalue())
        self.assertEqual(rc, 0)
        with open(os.path.join(out, "folded.txt")) as f:
            self.assertIn("vm;0x40000010 1", f.read())  # vm's program was not given
        with open(log, "w") as f:
            f.write("nothing\n")
        with contextlib.redirect_stderr(io.StringIO()) as err:
            self.assertEqual(sample_report.main([log, "--kernel", self.kernel, "--out", out]), 1)
        self.assertIn("no PROF lines", err.getvalue())


class FlameGraphTest(unittest.TestCase):
    FOLDED = "p;a;b 3\np;a 1\np;c_[k] 4\nq;<x&y> 2\n"

    def test_tree(self):
        root = flamegraph.parse_folded(self.FOLDED)
        self.assertEqual(root.count, 10)
        self.assertEqual(root.children["p"].count, 8)
        self.assertEqual(root.children["p"].children["a"].count, 4)
        self.assertEqual(root.children["p"].children["a"].children["b"].count, 3)
        self.assertEqual(flamegraph.depth_of(root), 4)

    def test_layout_widths(self):
        root = flamegraph.parse_folded(self.FOLDED)
        boxes = {(n.name, level): (x, w) for n, level, x, w in flamegraph.layout(root, 1000.0)}
        self.assertEqual(boxes[("all", 0)], (0.0, 1000.0))
        self.assertEqual(boxes[("p", 1)], (0.0, 800.0))
        self.assertEqual(boxes[("q", 1)], (800.0, 200.0))
        self.assertEqual(boxes[("a", 2)], (0.0, 400.0))
        self.assertEqual(boxes[("c_[k]", 2)], (400.0, 400.0))

    def test_svg(self):
        svg = flamegraph.render(flamegraph.parse_folded(self.FOLDED), "t <1>", 1000)
        self.assertTrue(svg.startswith("<?xml"))
        self.assertIn("t &lt;1&gt;", svg)
        self.assertIn("&lt;x&amp;y&gt; (2, 20.00%)", svg)
        self.assertEqual(svg.count("<rect") - 1, 7)         # the background, then a frame each
        kernel = re.search(r'c_\[k\] \(4, 40\.00%\)</title><rect [^>]*fill="rgb\((\d+),(\d+),(\d+)\)"', svg)
        self.assertTrue(kernel and int(kernel.group(1)) >= 220)

    def test_narrow_frames_left_out(self):
        root = flamegraph.parse_folded("a 100000\nb 1\n")
        names = [n.name for n, _, _, _ in flamegraph.layout(root, 1000.0)]
        self.assertNotIn("b", names)

    def test_bad_input(self):
        for bad in ("a;b\n", "a;b x\n", "5\n"):
            with self.assertRaises(ValueError, msg=bad):
                flamegraph.parse_folded(bad)


TRACE_LOG = """BENCH {"name":"x"}
TRACE ipc_rtt/short call ops=100 checked=84.00 copied=54.00 switch=50.00 exit=52.50
TRACE ipc_rtt/short replyrecv ops=100 checked=88.00 copied=54.00 switch=48.00 exit=52.00
FPPAIR ipc_rtt/short call 1024 1025 4254 hits=100
FPPAIR ipc_rtt/short call 1024 1026 ffffffff hits=0 not_waiting=7 other_cpu=2
FPPAIR ipc_rtt/short lost 3 operations of pairs beyond the table on cpu 0
"""


class TraceReportTest(unittest.TestCase):
    def test_parse(self):
        b = trace_report.parse_log(TRACE_LOG)["ipc_rtt/short"]
        self.assertEqual(b.stages["call"], (100, {"checked": 84.0, "copied": 54.0,
                                                  "switch": 50.0, "exit": 52.5}))
        self.assertEqual(len(b.pairs), 2)
        self.assertEqual(b.pairs[1].slow, {"not_waiting": 7, "other_cpu": 2})
        self.assertEqual(b.pairs[1].type, 0xffffffff)
        self.assertEqual(b.lost, 3)

    def test_format(self):
        text = trace_report.format_bench("ipc_rtt/short", trace_report.parse_log(TRACE_LOG)["ipc_rtt/short"])
        self.assertRegex(text, r"call\s+100\s+84\.00\s+54\.00\s+50\.00\s+52\.50\s+240\.50")
        pairs = text.split("why\n", 1)[1].splitlines()
        # most fallbacks first, reasons by count
        self.assertRegex(pairs[0], r"^call\s+1024\s+1026\s+memory\s+0\s+9  not_waiting=7 other_cpu=2$")
        self.assertRegex(pairs[1], r"^call\s+1024\s+1025\s+0x4254\s+100\s+0  $")
        self.assertIn("3 operations of pairs beyond", text)

    def test_no_fast_path(self):
        """Every operation fell back: the stage table says so, the pairs say why."""
        b = trace_report.parse_log("FPPAIR x call 1 2 ffffffff hits=0 other_cpu=9\n")["x"]
        text = trace_report.format_bench("x", b)
        self.assertIn("(no traced operation got through a fast path)", text)
        self.assertIn("other_cpu=9", text)

    def test_bad_lines(self):
        for bad in ("TRACE x call ops=1 checked\n", "TRACE x call checked=1\n",
                    "FPPAIR x call 1 2 zz hits=1\n", "FPPAIR x call 1 2 3\n"):
            with self.assertRaises(ValueError, msg=bad):
                trace_report.parse_log(bad)


if __name__ == "__main__":
    sys.exit(unittest_tap.main(sys.modules[__name__]))
