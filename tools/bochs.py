#!/usr/bin/env python3
"""tools/bochs.py -- boot Kestrel's GRUB ISOs under Bochs (`make test-bochs`).

Owns: the Bochs configuration (a Pentium III by default, the BIOS and VGA
BIOS of Debian's bochsbios/vgabios, COM1 into a file), starting Bochs so
that it runs unattended, and judging each boot the way tools/harness.py
judges a QEMU one: its TAP results, a panic, a hang.  Debian's Bochs has no
`nogui` display, so it uses `rfb` with `timeout=0` (no wait for a viewer)
and its debugger gets an rc file that says `c` (continue).  Bochs has no
isa-debug-exit device: a boot passes only if the kernel powers the machine
off through ACPI (the FADT's PM1 control block) and Bochs exits by itself.

Usage: tools/bochs.py --out DIR [--cpu MODEL] [--timeout S] NAME=ISO...
Exit status: 0 when every boot passed, 1 otherwise.
"""

import argparse
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from tap import parse_tap  # noqa: E402

BOCHS = "bochs"
POWER_OFF_LINE = "powering off"     # kernel/proc.c, before the ACPI power-off


def bochsrc(iso: str, serial: str, log: str, cpu: str, mem_mb: int = 256) -> str:
    """A Bochs configuration that boots iso from CD with COM1 in serial."""
    return "\n".join([
        "megs: %d" % mem_mb,
        "cpu: model=%s" % cpu,
        "romimage: file=/usr/share/bochs/BIOS-bochs-latest",
        "vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest",
        "ata0-master: type=cdrom, path=%s, status=inserted" % os.path.abspath(iso),
        "boot: cdrom",
        "com1: enabled=1, mode=file, dev=%s" % os.path.abspath(serial),
        'display_library: rfb, options="timeout=0"',
        "log: %s" % os.path.abspath(log),
        "panic: action=fatal",
        "error: action=report",
        "info: action=report",
        "debug: action=ignore",
        "",
    ])


def judge(name: str, rc, timed_out: bool, timeout: int, lines) -> harness.RunOutcome:
    """The outcome of one Bochs boot from its serial log and how Bochs ended."""
    out = harness.RunOutcome(name=name)
    rep = parse_tap("\n".join(lines))
    fatal = []
    panic = next((l for l in lines if "PANIC" in l), None)
    if panic:
        fatal.append(harness.RunFailure("%s: kernel panic: %s" % (name, panic.strip()),
                                        harness.tail(lines)))
    elif timed_out:
        said_off = any(POWER_OFF_LINE in l for l in lines)
        fatal.append(harness.RunFailure(
            "%s: %s within %d s" % (name, "said it powers off but Bochs did not stop"
                                    if said_off else "hang: no power-off", timeout),
            harness.tail(lines)))
    elif not any(POWER_OFF_LINE in l for l in lines):
        fatal.append(harness.RunFailure("%s: Bochs stopped (status %s) before the kernel "
                                        "powered off" % (name, rc), harness.tail(lines)))
    harness.tally_tap(name, rep, lines, out, check_plan=False)
    harness.merge_run_failures(out, fatal, rep, lines)
    return out


def boot(name: str, iso: str, outdir: str, cpu: str, timeout: int) -> harness.RunOutcome:
    serial = os.path.join(outdir, name + ".tap")
    log = os.path.join(outdir, name + ".bochs.log")
    rc_file = os.path.join(outdir, name + ".rc")
    conf = os.path.join(outdir, name + ".bochsrc")
    with open(conf, "w") as f:
        f.write(bochsrc(iso, serial, log, cpu))
    with open(rc_file, "w") as f:
        f.write("c\n")
    open(serial, "w").close()
    cmd = [BOCHS, "-q", "-f", os.path.abspath(conf), "-rc", os.path.abspath(rc_file)]
    print("== bochs %s (%s): %s" % (name, cpu, " ".join(cmd)), flush=True)
    t0 = time.monotonic()
    rc, timed_out = None, False
    with open(os.path.join(outdir, name + ".stdout"), "wb") as stdout:
        try:
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stdout,
                                 stderr=subprocess.STDOUT, cwd=outdir)
        except OSError as e:
            out = harness.RunOutcome(name=name, log_path=serial)
            out.run_failures.append(harness.RunFailure(
                "%s: cannot start %s: %s (tools/deps.sh bochs)" % (name, BOCHS, e), []))
            return out
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            p.kill()
            p.wait()
    out = judge(name, rc, timed_out, timeout, harness.read_lines(serial))
    out.log_path = serial
    print("%s: %.0f s under Bochs" % (name, time.monotonic() - t0), flush=True)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Boot Kestrel GRUB ISOs under Bochs.")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cpu", default="p3_katmai", help="a model of `bochs --help cpu`")
    ap.add_argument("--timeout", type=int, default=1200, help="seconds per boot")
    ap.add_argument("boots", nargs="+", metavar="NAME=ISO")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    outcomes = []
    for item in args.boots:
        name, _, iso = item.partition("=")
        if not iso or not os.path.isfile(iso):
            print("bochs: %s: no ISO %r" % (item, iso), file=sys.stderr)
            return 2
        outcomes.append(boot(name, iso, args.out, args.cpu, args.timeout))
        harness.report_run(outcomes[-1])
    return harness.summarize(outcomes)


if __name__ == "__main__":
    sys.exit(main())
