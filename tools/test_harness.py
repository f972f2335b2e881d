#!/usr/bin/env python3
"""tools/test_harness.py -- self-test for tools/harness.py (no QEMU needed).

Owns: unit tests of the harness's pure functions: TAP parsing and tallying,
guest SPEC parsing and what it boots, and the classification of QEMU exit
statuses.  The QEMU layer itself: tools/test_qemu.py.

Run: python3 tools/test_harness.py
"""

import argparse
import os
import sys
import unittest

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bochs  # noqa: E402
import matrix  # noqa: E402
import harness as h  # noqa: E402
import qemu  # noqa: E402
import unittest_tap  # noqa: E402


# A guest serial log: kernel lines, two interleaved test programs, CRLF.
GUEST_LOG = "\r\n".join([
    "[0] boot: kestrel starting",
    "1..3",
    "[0] sched: cpu0 online",
    "ok 1 - ipc.send",
    "1..2",
    "ok 1 mem.alloc",
    "not ok 2 - ipc.recv # timed out",
    "# expected 4",
    "#   got 5",
    "[1] vm: fault at 0xdeadbeef",
    "ok 3 - ipc.skipme # SKIP no second cpu",
    "not ok 2 - mem.todo # TODO not written yet",
    "",
])

# Exactly what cmocka 1.1 prints with CMOCKA_MESSAGE_OUTPUT=TAP.
CMOCKA_LOG = """TAP version 13
1..3
ok 1 - test_a
not ok 2 - test_b
# 0x1 != 0x2
# t.c:7: error: Failure!
not ok 3 # SKIP test_c
# not ok - group1
"""


class TestParseTap(unittest.TestCase):
    def test_interleaved_guest_log(self):
        rep = h.parse_tap(GUEST_LOG)
        self.assertEqual(rep.plans, [3, 2])
        self.assertEqual(rep.planned, 5)
        names = [r.name for r in rep.results]
        self.assertEqual(names, ["ipc.send", "mem.alloc", "ipc.recv",
                                 "ipc.skipme", "mem.todo"])
        recv = rep.results[2]
        self.assertFalse(recv.ok)
        self.assertFalse(recv.passed)
        self.assertEqual(recv.number, 2)
        self.assertEqual(recv.reason, "timed out")
        self.assertEqual(recv.diag, ["expected 4", "got 5"])
        skip = rep.results[3]
        self.assertEqual((skip.directive, skip.reason), ("SKIP", "no second cpu"))
        self.assertTrue(skip.skipped and skip.passed)
        todo = rep.results[4]
        self.assertEqual(todo.directive, "TODO")
        self.assertTrue(todo.passed)     # not ok # TODO is not a failure

    def test_cmocka_output(self):
        rep = h.parse_tap(CMOCKA_LOG)
        self.assertEqual(rep.planned, 3)
        self.assertEqual([r.name for r in rep.results], ["test_a", "test_b", "test_c"])
        self.assertEqual(rep.results[1].diag, ["0x1 != 0x2", "t.c:7: error: Failure!"])
        self.assertTrue(rep.results[2].skipped)

    def test_non_tap_lines_ignored(self):
        rep = h.parse_tap("okay then\n  ok 1 - indented\n[0] ok 1 - kernel\n"
                          "not okay\n1..x\nTAP version 13\n")
        self.assertEqual(rep.plans, [])
        self.assertEqual(rep.results, [])

    def test_result_variants(self):
        rep = h.parse_tap("ok\nok 7\nnot ok 8 -\nok 9 - a \\# b # skip why\n"
                          "ok 10 3d_render\n")
        r = rep.results
        self.assertEqual([x.number for x in r], [None, 7, 8, 9, 10])
        self.assertEqual(r[0].name, "test ?")
        self.assertEqual(r[1].name, "test 7")
        self.assertEqual(r[2].name, "test 8")
        self.assertEqual(r[3].name, "a # b")
        self.assertEqual(r[3].directive, "SKIP")
        self.assertEqual(r[4].name, "3d_render")

    def test_orphan_diag_and_bailout(self):
        rep = h.parse_tap("# before\n1..1\nBail out! disk on fire\n")
        self.assertEqual(rep.orphan_diag, ["before"])
        self.assertEqual(rep.bailouts, ["disk on fire"])


class TestTally(unittest.TestCase):
    def tally(self, text):
        return h.tally_tap("g", h.parse_tap(text), text.splitlines())

    def test_counts(self):
        o = self.tally(GUEST_LOG)
        self.assertEqual((o.passed, o.skipped, o.failed), (4, 2, 1))
        self.assertEqual(o.test_failures[0].test, "ipc.recv")
        self.assertEqual(o.run_failures, [])

    def test_duplicate_name(self):
        o = self.tally("1..2\nok 1 - x\nok 2 - x\n")
        self.assertEqual((o.passed, o.failed), (1, 1))
        self.assertIn("duplicate", o.test_failures[0].reason)

    def test_plan_mismatch(self):
        o = self.tally("1..3\nok 1 - a\n")
        self.assertEqual(o.failed, 1)
        self.assertEqual(o.run_failures[0].reason, "g: planned 3 tests, saw 1 results")

    def test_no_tap(self):
        o = self.tally("[0] boot\n[0] shutdown\n")
        self.assertEqual(o.run_failures[0].reason, "g: no TAP output")

    def test_empty_plan_is_ok(self):
        o = self.tally("1..0 # SKIP nothing to do\n")
        self.assertEqual((o.passed, o.failed), (0, 0))


class TestClassifyExit(unittest.TestCase):
    LOG = ["[0] boot", "ok 1 - a"]

    def reasons(self, rc, timed_out=False, log=LOG):
        return [f.reason for f in h.classify_guest_exit("g", rc, timed_out, 30, log)]

    def test_clean(self):
        self.assertEqual(self.reasons(1), [])

    def test_reset(self):
        self.assertEqual(self.reasons(0), ["g: guest reset (triple fault?)"])

    def test_hang(self):
        self.assertEqual(self.reasons(-9, True), ["g: hang: no shutdown within 30 s"])

    def test_panic_rc(self):
        log = ["x"] * 50 + ["[0] PANIC: bad", "[0] eip=0"]
        fails = h.classify_guest_exit("g", 3, False, 30, log)
        self.assertEqual(len(fails), 1)
        self.assertEqual(fails[0].reason, "g: kernel panic: [0] PANIC: bad")
        self.assertEqual(fails[0].context[-2:], ["[0] PANIC: bad", "[0] eip=0"])
        self.assertLessEqual(len(fails[0].context), h.CONTEXT_LINES)

    def test_panic_line_with_clean_exit(self):
        self.assertEqual(self.reasons(1, log=["[0] PANIC: x", "[0] bye"]),
                         ["g: kernel panic: [0] PANIC: x"])

    def test_long_panic_text_shown_whole(self):
        log = ["[0] PANIC: x"] + ["trace"] * 60
        fails = h.classify_guest_exit("g", 3, False, 30, log)
        self.assertEqual(fails[0].context, log)

    def test_other_rc(self):
        self.assertIn("exit status 2", self.reasons(2)[0])


class TestGuestSpec(unittest.TestCase):
    def test_full_direct(self):
        g = h.parse_guest_spec(
            "name=smp4,boot=direct,cpus=4,timeout=90,kernel=build/kernel.elf,"
            "cmdline=log=debug test=all,modules=build/init a=1 b;build/pm;"
            "build/vfs x,y")
        self.assertEqual((g.name, g.boot, g.cpus, g.timeout), ("smp4", "direct", 4, 90))
        self.assertEqual(g.kernel, "build/kernel.elf")
        self.assertEqual(g.cmdline, "log=debug test=all")
        self.assertEqual(g.modules, [("build/init", "a=1 b"), ("build/pm", ""),
                                     ("build/vfs", "x,y")])

    def test_iso_defaults_and_empty_cmdline(self):
        g = h.parse_guest_spec("name=iso1,boot=iso,iso=build/k.iso,cmdline=")
        self.assertEqual((g.boot, g.cpus, g.timeout, g.cmdline), ("iso", 1, 60, ""))
        self.assertEqual(g.modules, [])

    def test_modules_only_at_end(self):
        g = h.parse_guest_spec("name=a,kernel=k,modules=m1 cpus=9,timeout=1")
        self.assertEqual(g.cpus, 1)
        self.assertEqual(g.modules, [("m1", "cpus=9,timeout=1")])

    def test_errors(self):
        for bad in ("boot=direct,kernel=k",          # no name
                    "name=a",                        # direct without kernel
                    "name=a,boot=iso",               # iso without iso=
                    "name=a,kernel=k,cpus=two",
                    "name=a,kernel=k,cpus=0",
                    "name=a,kernel=k,colour=red",
                    "name=a,kernel=k,kernel=j",
                    "name=a b,kernel=k",
                    "name=a,kernel=k,boot=floppy",
                    "name=a,kernel"):
            with self.assertRaises(h.SpecError, msg=bad):
                h.parse_guest_spec(bad)

    def test_new_fields(self):
        g = h.parse_guest_spec("name=a,kernel=k,mem=16M,machine=q35,cpu=486,accel=icount")
        self.assertEqual((g.mem, g.machine, g.cpu, g.accel), ("16M", "q35", "486", "icount"))
        with self.assertRaises(h.SpecError):
            h.parse_guest_spec("name=a,kernel=k,accel=kvm")

    def test_guest_boot(self):
        g = h.parse_guest_spec("name=a,cpus=2,kernel=k.elf,cmdline=c=1,mem=64M,modules=m1 q;m2")
        cmd = qemu.command(h.guest_boot(g), "tcg")
        self.assertEqual(cmd[cmd.index("-m") + 1], "64M")
        self.assertEqual(cmd[cmd.index("-append") + 1], "c=1")
        self.assertEqual(cmd[cmd.index("-initrd") + 1], "m1 q,m2")
        iso = qemu.command(h.guest_boot(h.parse_guest_spec("name=i,boot=iso,iso=k.iso")), "tcg")
        self.assertEqual(iso[iso.index("-cdrom") + 1], "k.iso")
        self.assertNotIn("-kernel", iso)

    def test_plugin(self):
        g = h.parse_guest_spec("name=a,kernel=k,plugin=p.so:lo=0x10:out=o")
        cmd = qemu.command(h.guest_boot(g), "tcg")
        self.assertEqual(cmd[cmd.index("-plugin") + 1], "p.so,lo=0x10,out=o")
        self.assertNotIn("-plugin", qemu.command(h.guest_boot(h.parse_guest_spec("name=a,kernel=k")), "tcg"))


class BochsJudgeTest(unittest.TestCase):
    """tools/bochs.py judges a Bochs boot with the harness's rules."""

    LOG = ["1..2", "ok 1 a", "ok 2 b", "[0] proc: all processes have exited; powering off"]

    def test_clean(self):
        out = bochs.judge("b", 0, False, 60, self.LOG)
        self.assertEqual((out.passed, out.failed), (2, 0))

    def test_said_off_but_did_not_stop(self):
        out = bochs.judge("b", None, True, 60, self.LOG)
        self.assertEqual(out.failed, 1)
        self.assertIn("Bochs did not stop", out.run_failures[0].reason)

    def test_stopped_early_and_panic(self):
        out = bochs.judge("b", 1, False, 60, self.LOG[:2])
        self.assertIn("before the kernel powered off", out.run_failures[0].reason)
        out = bochs.judge("b", 1, False, 60, self.LOG[:2] + ["[0] PANIC on cpu 0: x"])
        self.assertIn("kernel panic", out.run_failures[0].reason)

    def test_config(self):
        rc = bochs.bochsrc("t.iso", "s.log", "b.log", "p3_katmai")
        self.assertIn("cpu: model=p3_katmai", rc)
        self.assertIn('display_library: rfb, options="timeout=0"', rc)
        self.assertIn("boot: cdrom", rc)


class MatrixJudgeTest(unittest.TestCase):
    """tools/matrix.py: what each kind of configuration must show."""

    def test_refusal(self):
        c = matrix.Config("cpu-486", "g", cpu="486", expect="refuse:missing required features")
        lines = ["cpu: missing required features: TSC PSE", "[0] halting"]
        out = matrix.judge(c, qemu.Outcome(qemu.RC_REFUSED, False), lines)
        self.assertEqual((out.passed, out.failed, out.note), (1, 0, lines[0]))
        for res, log in ((qemu.Outcome(qemu.RC_RESET, False), []),      # triple fault
                         (qemu.Outcome(None, True), lines),              # hang
                         (qemu.Outcome(qemu.RC_CLEAN, False), lines),    # not refused
                         (qemu.Outcome(qemu.RC_PANIC, False), lines + ["PANIC on cpu 0"])):
            self.assertEqual(matrix.judge(c, res, log).failed, 1)

    def test_acpi_off(self):
        c = matrix.Config("acpi", "g", program="canary", debug_exit=False, expect="acpi-off")
        off = ["CANARY OK", "[0] proc: all processes have exited; powering off"]
        self.assertEqual(matrix.judge(c, qemu.Outcome(0, False), off).failed, 0)
        self.assertEqual(matrix.judge(c, qemu.Outcome(None, True), off).failed, 1)
        self.assertEqual(matrix.judge(c, qemu.Outcome(0, False), off[:1]).failed, 1)

    def test_boot_and_table(self):
        args = argparse.Namespace(kernel="k", suite="vm;smp_test cpus=@CPUS@", iso="t-@CPUS@.iso",
                                  cmdline="test=all", bench="b", canary="c")
        b = matrix.boot_of(matrix.Config("s", "g", cpus=4), args)
        self.assertEqual(b.modules, [("vm", ""), ("smp_test", "cpus=4")])
        iso = matrix.boot_of(matrix.Config("g", "g", cpus=2, extra=["@ISO@"]), args)
        self.assertEqual((iso.iso, iso.kernel, iso.extra), ("t-2.iso", None, []))
        c = matrix.Config("mem", "guard", mem="16M")
        out = h.RunOutcome(name="mem", passed=153)
        text = matrix.table([(c, out, 3.2)])
        self.assertIn("| mem | `tcg -cpu max -m 16M -smp 1` | guard | pass (153) | 3 |", text)


if __name__ == "__main__":
    sys.exit(unittest_tap.main(sys.modules[__name__]))
