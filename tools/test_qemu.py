#!/usr/bin/env python3
"""tools/test_qemu.py -- self-test for tools/qemu.py (no QEMU needed).

Owns: unit tests of the QEMU layer: the accelerators' arguments, the base
command line and the boot forms, the canary verdict from a log (the
KVM-PVM panic, the canary's own FAIL line, QEMU's MSR assertion, success),
the KVM-PVM and /dev/kvm probes, the accelerator choice (auto falls back
with one line, kvm is an error, the verdict is asked once), and run() with
a stand-in QEMU (a KVM marker stops it at once; a hang is cut at the
timeout).
"""

import os
import sys
import tempfile
import time
import unittest
from unittest import mock

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402
import unittest_tap  # noqa: E402

PVM_PANIC_LOG = """[0] Kestrel microkernel booting (i386, 1 modules)
[0] PANIC on cpu 0: general protection fault at paging_enable_on_this_cpu+0x19
[0]   #0 paging_enable_on_this_cpu+0x19
"""
MSR_LOG = """qemu-system-i386: -accel kvm: warning: Number of SMP cpus requested (4) exceeds
qemu-system-i386: error: failed to set MSR 0x10a to 0x69
qemu-system-i386: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion failed.
"""
OK_LOG = "[0] boot\ncanary: timer ticks\nCANARY OK paging int sysenter cpus=2 timer\n"


class CommandTest(unittest.TestCase):
    def test_accels(self):
        self.assertEqual(qemu.accel_args("kvm", 4, "486"), ["-accel", "kvm", "-cpu", "host"])
        self.assertEqual(qemu.accel_args("tcg", 1), ["-accel", "tcg", "-cpu", "max"])
        self.assertEqual(qemu.accel_args("tcg", 2, "pentium")[1:4],
                         ["tcg,thread=multi", "-cpu", "pentium"])
        ic = qemu.accel_args("icount", 4, qemu.ANCHOR_CPU)
        self.assertEqual(ic[ic.index("-icount") + 1], "shift=0,sleep=off")
        self.assertEqual(ic[ic.index("-accel") + 1], "tcg")     # one thread: deterministic
        with self.assertRaises(ValueError):
            qemu.accel_args("hvf", 1)

    def test_direct_boot(self):
        b = qemu.Boot(kernel="k.elf", cmdline="test=all", modules=[("a", "x,y"), ("b", "")],
                      cpus=2, mem="1G", machine="q35")
        cmd = qemu.command(b, "tcg")
        self.assertEqual(cmd[:3], [qemu.QEMU, "-machine", "q35"])
        for opt, val in (("-m", "1G"), ("-smp", "2"), ("-append", "test=all"),
                         ("-initrd", "a x,,y,b"), ("-serial", "stdio"), ("-monitor", "none")):
            self.assertEqual(cmd[cmd.index(opt) + 1], val, opt)
        self.assertIn("isa-debug-exit,iobase=0xf4,iosize=0x04", cmd)
        self.assertIn("-no-reboot", cmd)
        self.assertEqual(b.files(), ["k.elf", "a", "b"])

    def test_iso_and_options(self):
        b = qemu.Boot(iso="t.iso", debug_exit=False, extra=["-s", "-S"])
        cmd = qemu.command(b, "kvm", serial="mon:stdio")
        self.assertEqual(cmd[cmd.index("-cdrom") + 1], "t.iso")
        self.assertNotIn("-kernel", cmd)
        self.assertNotIn("-monitor", cmd)
        self.assertNotIn("isa-debug-exit,iobase=0xf4,iosize=0x04", cmd)
        self.assertEqual(cmd[-2:], ["-s", "-S"])
        self.assertEqual(b.files(), ["t.iso"])

    def test_describe_exit(self):
        self.assertEqual(qemu.describe_exit(1), "clean power-off")
        self.assertEqual(qemu.describe_exit(3), "kernel panic")
        self.assertIn("triple", qemu.describe_exit(0))
        self.assertEqual(qemu.describe_exit(-6), "killed by signal 6")


class CanaryTest(unittest.TestCase):
    def test_success(self):
        self.assertEqual(qemu.canary_failure(OK_LOG, qemu.RC_CLEAN, False), "")

    def test_ok_line_needs_clean_exit(self):
        self.assertIn("panic", qemu.canary_failure(OK_LOG, qemu.RC_PANIC, False))

    def test_pvm_panic(self):
        why = qemu.canary_failure(PVM_PANIC_LOG, qemu.RC_PANIC, False)
        self.assertIn("paging_enable_on_this_cpu", why)

    def test_qemu_error(self):
        why = qemu.canary_failure(MSR_LOG, -6, False)
        self.assertEqual(why, "qemu-system-i386: error: failed to set MSR 0x10a to 0x69")

    def test_canary_fail_line_and_hang(self):
        log = "canary: int/iret kernel call ok\nCANARY FAIL timer: no tick\n"
        self.assertEqual(qemu.canary_failure(log, 1, False), "CANARY FAIL timer: no tick")
        why = qemu.canary_failure("[0] boot\ncanary: user mode reached\n", None, True)
        self.assertIn("last line: canary: user mode reached", why)

    def test_kvm_marker(self):
        self.assertEqual(qemu.kvm_failure("ok 1 x\nKVM internal error. Suberror: 1\n"),
                         "KVM internal error. Suberror: 1")
        self.assertEqual(qemu.kvm_failure("[0] boot\nok 1 x\n"), "")


class ProbeTest(unittest.TestCase):
    def test_pvm_host(self):
        with tempfile.TemporaryDirectory() as d:
            os.mkdir(os.path.join(d, "kvm"))
            os.mkdir(os.path.join(d, "kvm_pvm"))
            self.assertTrue(qemu.kvm_pvm_host(d))
            os.mkdir(os.path.join(d, "kvm_intel"))
            self.assertFalse(qemu.kvm_pvm_host(d))
            self.assertFalse(qemu.kvm_pvm_host(os.path.join(d, "none")))

    def test_device(self):
        self.assertIn("not accessible", qemu.kvm_device_problem("/nonexistent/kvm"))
        self.assertEqual(qemu.kvm_device_problem("/dev/null"), "")


class ChooseTest(unittest.TestCase):
    def setUp(self):
        qemu._verdicts.clear()

    def tearDown(self):
        qemu._verdicts.clear()

    def test_explicit_tcg_boots_no_canary(self):
        with mock.patch.object(qemu, "kvm_verdict") as v:
            self.assertEqual(qemu.choose("tcg", "tcg", "k", "c", "/tmp"), "tcg")
            self.assertEqual(qemu.choose("icount", "tcg", "k", "c", "/tmp"), "icount")
            v.assert_not_called()

    def test_auto_falls_back_with_a_line(self):
        with mock.patch.object(qemu, "kvm_verdict", return_value="canary failed: PANIC x"), \
                mock.patch("builtins.print") as p:
            self.assertEqual(qemu.choose("auto", "icount", "k", "c", "/tmp", "bench"), "icount")
        line = p.call_args[0][0]
        self.assertIn("canary failed: PANIC x", line)
        self.assertIn("using ICOUNT", line)

    def test_explicit_kvm_is_an_error(self):
        with mock.patch.object(qemu, "kvm_verdict", return_value="/dev/kvm not accessible"):
            with self.assertRaises(qemu.AccelError):
                qemu.choose("kvm", "tcg", "k", "c", "/tmp")

    def test_kvm_when_the_canary_passes(self):
        with mock.patch.object(qemu, "kvm_verdict", return_value=""), mock.patch("builtins.print"):
            self.assertEqual(qemu.choose("kvm", "tcg", "k", "c", "/tmp"), "kvm")
            self.assertEqual(qemu.choose("auto", "tcg", "k", "c", "/tmp"), "kvm")

    def test_unknown(self):
        with self.assertRaises(qemu.AccelError):
            qemu.choose("hvf", "tcg", "k", "c", "/tmp")

    def test_verdict_is_cached_and_names_pvm(self):
        with mock.patch.object(qemu, "kvm_device_problem", return_value=""), \
                mock.patch.object(qemu, "kvm_pvm_host", return_value=True), \
                mock.patch.object(qemu, "run", return_value=qemu.Outcome(3, False)) as r, \
                mock.patch.object(qemu, "read_log", return_value=PVM_PANIC_LOG), \
                mock.patch("os.path.isfile", return_value=True), \
                tempfile.TemporaryDirectory() as d:
            why = qemu.kvm_verdict("k", "c", d)
            self.assertTrue(why.startswith("KVM-PVM host"), why)
            self.assertIn("paging_enable_on_this_cpu", why)
            self.assertEqual(qemu.kvm_verdict("k", "c", d), why)
            self.assertEqual(r.call_count, 1)
            cmd = r.call_args[0][0]
            self.assertEqual(cmd[cmd.index("-accel") + 1], "kvm")
            self.assertEqual(cmd[cmd.index("-smp") + 1], str(qemu.CANARY_CPUS))
            self.assertEqual(cmd[cmd.index("-initrd") + 1], "c cpus=%d" % qemu.CANARY_CPUS)

    def test_verdict_without_device(self):
        with mock.patch.object(qemu, "kvm_device_problem",
                               return_value="/dev/kvm not accessible (No such file)"), \
                mock.patch.object(qemu, "kvm_pvm_host", return_value=False), \
                mock.patch.object(qemu, "run") as r:
            self.assertIn("not accessible", qemu.kvm_verdict("k", "c", "/tmp"))
            r.assert_not_called()


class RunTest(unittest.TestCase):
    """run() with /bin/sh standing in for QEMU."""

    def _run(self, script, timeout, watch_kvm):
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "log")
            t0 = time.monotonic()
            out = qemu.run(["/bin/sh", "-c", script], log, timeout, watch_kvm)
            return out, time.monotonic() - t0, qemu.read_log(log)

    def test_exit_status(self):
        out, _, text = self._run("echo hi; exit 3", 10, False)
        self.assertEqual((out.rc, out.timed_out, text), (3, False, "hi\n"))

    def test_kvm_marker_stops_a_paused_guest(self):
        out, took, _ = self._run("echo 'KVM internal error. Suberror: 1'; sleep 30", 20, True)
        self.assertEqual(out.kvm_failure, "KVM internal error. Suberror: 1")
        self.assertLess(took, 10)

    def test_hang_is_cut(self):
        out, took, _ = self._run("sleep 30", 1, False)
        self.assertTrue(out.timed_out)
        self.assertIsNone(out.rc)
        self.assertLess(took, 10)

    def test_progress_lines(self):
        line = qemu.progress_line("direct-4cpu", 61, "[0] boot\nok 1 a\nnot ok 2 b\n# why\n")
        self.assertEqual(line, "direct-4cpu: still running after 61 s, 2 results so far; "
                               "last: # why")
        with mock.patch.object(qemu, "PROGRESS_EVERY", 0.5), mock.patch("builtins.print") as p:
            self._run_labelled("echo ok 1 x; sleep 1.3")
        self.assertGreaterEqual(p.call_count, 1)
        self.assertIn("1 results so far", p.call_args[0][0])

    def _run_labelled(self, script):
        with tempfile.TemporaryDirectory() as d:
            return qemu.run(["/bin/sh", "-c", script], os.path.join(d, "log"), 10, label="t")

    def test_cannot_start(self):
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "log")
            out = qemu.run(["/nonexistent/qemu"], log, 5)
            self.assertIsNone(out.rc)
            self.assertIn("cannot start", qemu.read_log(log))


if __name__ == "__main__":
    sys.exit(unittest_tap.main(sys.modules[__name__]))
