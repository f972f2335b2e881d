#!/usr/bin/env python3
"""tools/qemu.py -- everything about starting QEMU for Kestrel, in one place.

Owns: the accelerators (kvm, tcg, icount) and their command-line arguments,
the base command line every boot shares, the boot forms (QEMU's loader with
-kernel/-initrd, or a GRUB ISO), the exit-status protocol of isa-debug-exit,
the KVM verdict (a canary boot, cached for the life of this process: one
`make` target), the markers of a KVM that cannot run the guest, and booting
a guest with its serial log written to a file and watched while it runs.
tools/harness.py (`make test`), tools/bench.py (`make bench`) and `make run`
/ `make debug` (this file's command line) all start QEMU through here.

The KVM verdict.  /dev/kvm opening is not enough: a KVM-PVM host
(/sys/module/kvm_pvm, no kvm_intel/kvm_amd) opens it fine but cannot run a
32-bit guest (the guest faults when it turns paging on), and a KVM may lack
what Kestrel needs.  So before a run trusts KVM it boots the canary
(tools/canary/canary.c) under KVM on 2 CPUs: paging with PSE and global
pages, an int/iret and a SYSENTER/SYSEXIT kernel call, the AP trampoline and
the LAPIC timer; KVM is used only when it prints "CANARY OK".  Otherwise one
line says why and `auto` uses the fallback (TCG); an explicit `kvm` is an
error.  A guest that fails under KVM after the canary passed is a real
failure: nothing here retries it under TCG.

Command line (make run / make debug):
    tools/qemu.py [--accel auto|kvm|tcg|icount] [--cpus N] [--mem M]
                  [--kernel K] [--cmdline C] [--modules "p args;p2"] [--gdb]
                  [--canary build/tools/canary]
The serial console and QEMU's monitor share stdio (Ctrl-A X quits).
Exit status: 0 when the guest powered off cleanly, else 1 (2: bad usage or
an accelerator that cannot be used).
"""

import argparse
import os
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Tuple

QEMU = "qemu-system-i386"
ACCELS = ("kvm", "tcg", "icount")
REQUESTS = ("auto",) + ACCELS

# QEMU exit statuses under the isa-debug-exit protocol: (value << 1) | 1.
RC_RESET = 0            # no debug-exit write: reset/power-off (triple fault?)
RC_CLEAN = 1            # the kernel wrote 0: clean power-off
RC_PANIC = 3            # the kernel wrote 1: panic
RC_REFUSED = 5          # the kernel wrote 2: it cannot run on this CPU (it said why)

# The CPU model of the reference numbers (../shared/anchors): the benchmark
# runs under TCG use it so that guest instruction counts compare.
# The benchmark program forks servers and moves processes between CPUs: its
# boot-line mark makes it a SYSTEM process (kernel/bootmods.c).
BENCH_MARK = "priv=system"
ANCHOR_CPU = "Haswell-noTSX,-pcid,-x2apic,-tsc-deadline,-xsave,-invpcid"

# Lines that mean KVM cannot run this guest.  QEMU stays paused after an
# emulation failure instead of exiting, so a running guest's log is watched.
KVM_FAILURE_MARKERS = (
    "KVM internal error",
    "emulation failure",
    "failed to initialize kvm",
    "Could not access KVM kernel module",
)

PROGRESS_EVERY = 30     # seconds between progress lines of a long boot
CANARY_CPUS = 2
CANARY_TIMEOUT = 60     # seconds; a canary boot takes about one
CANARY_OK = "CANARY OK"


class AccelError(Exception):
    """An accelerator that was asked for by name cannot be used."""


# --------------------------------------------------------------------------
# Command lines
# --------------------------------------------------------------------------

def accel_args(accel: str, cpus: int, cpu_model: Optional[str] = None) -> List[str]:
    """-accel and -cpu for one accelerator.  cpu_model applies under TCG
    (default `max`); KVM always runs the host's CPU.  icount runs every vCPU
    in one thread and counts one instruction per virtual nanosecond."""
    if accel == "kvm":
        return ["-accel", "kvm", "-cpu", "host"]
    if accel == "tcg":
        return ["-accel", "tcg,thread=multi" if cpus > 1 else "tcg",
                "-cpu", cpu_model or "max"]
    if accel == "icount":
        return ["-accel", "tcg", "-icount", "shift=0,sleep=off", "-cpu", cpu_model or "max"]
    raise ValueError("unknown accelerator %r (one of %s)" % (accel, ", ".join(ACCELS)))


def initrd_arg(modules: List[Tuple[str, str]]) -> str:
    """QEMU's -initrd value: "path args" per module, joined with ','.
    QEMU splits at ',' and reads ',,' as a comma, so commas are doubled."""
    items = []
    for path, args in modules:
        item = path + (" " + args if args else "")
        items.append(item.replace(",", ",,"))
    return ",".join(items)


@dataclass
class Boot:
    """One guest boot: what to load and on what machine."""
    kernel: Optional[str] = None        # QEMU's loader (-kernel) ...
    cmdline: str = ""
    modules: List[Tuple[str, str]] = field(default_factory=list)    # (path, args)
    iso: Optional[str] = None           # ... or a GRUB ISO (-cdrom)
    cpus: int = 1
    mem: str = "256"                    # -m value
    machine: str = "pc"
    cpu_model: Optional[str] = None     # under TCG/icount; None = max
    debug_exit: bool = True             # the isa-debug-exit device at 0xf4
    extra: List[str] = field(default_factory=list)

    def files(self) -> List[str]:
        """The host files this boot reads."""
        return [self.iso] if self.iso else [self.kernel] + [m[0] for m in self.modules]


def command(boot: Boot, accel: str, serial: str = "stdio") -> List[str]:
    """The whole QEMU command line for boot under accel."""
    cmd = [QEMU, "-machine", boot.machine] + accel_args(accel, boot.cpus, boot.cpu_model)
    cmd += ["-m", boot.mem, "-smp", str(boot.cpus), "-display", "none"]
    cmd += ["-monitor", "none", "-serial", serial] if serial == "stdio" else ["-serial", serial]
    cmd += ["-no-reboot"]
    if boot.debug_exit:
        cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if boot.iso:
        cmd += ["-cdrom", boot.iso, "-boot", "d"]
    else:
        cmd += ["-kernel", boot.kernel, "-append", boot.cmdline]
        if boot.modules:
            cmd += ["-initrd", initrd_arg(boot.modules)]
    return cmd + boot.extra


def quote(cmd: List[str]) -> str:
    return " ".join(shlex.quote(c) for c in cmd)


def describe_exit(rc: Optional[int]) -> str:
    """How a QEMU exit status reads under the isa-debug-exit protocol."""
    if rc is None:
        return "could not be started"
    if rc == RC_CLEAN:
        return "clean power-off"
    if rc == RC_PANIC:
        return "kernel panic"
    if rc == RC_REFUSED:
        return "the kernel refused the CPU"
    if rc == RC_RESET:
        return "guest reset (triple fault?)"
    if rc < 0:
        return "killed by signal %d" % -rc
    return "exit status %d" % rc


# --------------------------------------------------------------------------
# Running a guest
# --------------------------------------------------------------------------

def read_log(path: str) -> str:
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def kvm_failure(text: str) -> str:
    """The first line of a log showing that KVM cannot run the guest, or ''."""
    for line in text.splitlines():
        if any(m in line for m in KVM_FAILURE_MARKERS):
            return line.strip()
    return ""


@dataclass
class Outcome:
    rc: Optional[int]           # QEMU's exit status; None: could not start or hung
    timed_out: bool
    kvm_failure: str = ""       # the marker line, when KVM could not run it


def progress_line(label: str, seconds: float, text: str) -> str:
    """One line on a boot still running: time, TAP results so far, last line."""
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    results = sum(1 for l in lines if l.startswith(("ok ", "not ok ")))
    return "%s: still running after %d s, %d results so far; last: %s" % (
        label, seconds, results, lines[-1][:100] if lines else "(no output yet)")


def run(cmd: List[str], log_path: str, timeout: float, watch_kvm: bool = False,
        started: Optional[Callable[[subprocess.Popen], None]] = None,
        label: Optional[str] = None) -> Outcome:
    """Runs QEMU with stdout and stderr in log_path until it exits or timeout
    seconds pass (then it is killed).  With watch_kvm the log is watched for
    KVM_FAILURE_MARKERS, and QEMU, which pauses on them, is stopped at once.
    started(p) runs once QEMU is up (e.g. to pin a paused guest over QMP).
    With a label, a progress line is printed every PROGRESS_EVERY seconds."""
    with open(log_path, "wb") as log:
        try:
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                 stderr=subprocess.STDOUT)
        except OSError as e:
            log.write(("qemu.py: cannot start %s: %s (tools/deps.sh installs it)\n"
                       % (cmd[0], e)).encode())
            return Outcome(None, False)
        try:
            if started:
                started(p)
            start = time.monotonic()
            deadline, next_progress = start + timeout, start + PROGRESS_EVERY
            while True:
                try:
                    return Outcome(p.wait(timeout=0.25), False)
                except subprocess.TimeoutExpired:
                    pass
                if label and time.monotonic() >= next_progress:
                    next_progress += PROGRESS_EVERY
                    print(progress_line(label, time.monotonic() - start, read_log(log_path)),
                          flush=True)
                if watch_kvm:
                    marker = kvm_failure(read_log(log_path))
                    if marker:
                        return Outcome(None, False, marker)
                if time.monotonic() >= deadline:
                    return Outcome(None, True)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()


# --------------------------------------------------------------------------
# The KVM verdict
# --------------------------------------------------------------------------

def kvm_pvm_host(sysmod: str = "/sys/module") -> bool:
    """KVM-PVM loaded without a hardware KVM (kvm_intel / kvm_amd)."""
    has = lambda m: os.path.isdir(os.path.join(sysmod, m))  # noqa: E731
    return has("kvm_pvm") and not has("kvm_intel") and not has("kvm_amd")


def kvm_device_problem(path: str = "/dev/kvm") -> str:
    """'' when the KVM device opens read-write, else why not."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except OSError as e:
        return "%s not accessible (%s)" % (path, e.strerror or e)
    os.close(fd)
    return ""


def canary_failure(log: str, rc: Optional[int], timed_out: bool) -> str:
    """'' when a canary log shows success, else its reason in one line: a
    panic, the canary's own FAIL line, a KVM marker or QEMU's error, else
    the last line it printed."""
    lines = [l.strip() for l in log.splitlines() if l.strip()]
    if rc == RC_CLEAN and any(l.startswith(CANARY_OK) for l in lines):
        return ""
    for pick in (lambda l: "PANIC" in l,
                 lambda l: l.startswith("CANARY FAIL"),
                 lambda l: any(m in l for m in KVM_FAILURE_MARKERS),
                 lambda l: l.startswith(QEMU) and "warning" not in l):
        hit = next((l for l in lines if pick(l)), None)
        if hit:
            return hit
    last = lines[-1] if lines else "no output"
    if timed_out:
        return "no power-off within %d s; last line: %s" % (CANARY_TIMEOUT, last)
    return "%s; last line: %s" % (describe_exit(rc), last)


_verdicts = {}          # (kernel, canary) -> why KVM cannot be used ('' = it can)


def kvm_verdict(kernel: str, canary: str, log_dir: str) -> str:
    """'' when KVM runs the canary on this host, else one line saying why.
    Asked once per process (one make target): later calls reuse it."""
    key = (kernel, canary)
    if key in _verdicts:
        return _verdicts[key]
    why = kvm_device_problem()
    if not why:
        missing = [f for f in (kernel, canary) if not os.path.isfile(f)]
        if missing:
            why = "canary not built (%s missing)" % ", ".join(missing)
    if not why:
        os.makedirs(log_dir, exist_ok=True)
        log_path = os.path.join(log_dir, "canary-kvm.log")
        boot = Boot(kernel=kernel, modules=[(canary, "cpus=%d" % CANARY_CPUS)],
                    cpus=CANARY_CPUS)
        out = run(command(boot, "kvm"), log_path, CANARY_TIMEOUT, watch_kvm=True)
        failed = canary_failure(read_log(log_path), out.rc, out.timed_out)
        if failed:
            why = "canary failed: %s (log %s)" % (failed, log_path)
    if why and kvm_pvm_host():
        why = "KVM-PVM host, no 32-bit guests; " + why
    _verdicts[key] = why
    return why


def choose(requested: str, fallback: str, kernel: str, canary: str, log_dir: str,
           who: str = "qemu") -> str:
    """The accelerator for a run.  `auto` is kvm when the canary passes,
    else fallback, with one line saying why; `kvm` that fails raises
    AccelError; tcg and icount are taken as they are."""
    if requested not in REQUESTS:
        raise AccelError("unknown accelerator %r (one of %s)" % (requested, ", ".join(REQUESTS)))
    if requested not in ("auto", "kvm"):
        return requested
    why = kvm_verdict(kernel, canary, log_dir)
    if not why:
        print("%s: KVM runs the canary; using KVM" % who, flush=True)
        return "kvm"
    if requested == "kvm":
        raise AccelError("KVM asked for but unusable: %s" % why)
    print("%s: KVM unusable (%s); using %s" % (who, why, fallback.upper()), flush=True)
    return fallback


# --------------------------------------------------------------------------
# make run / make debug
# --------------------------------------------------------------------------

def parse_modules(text: str) -> List[Tuple[str, str]]:
    """"path args;path2" -> [(path, args), (path2, '')]."""
    out = []
    for item in text.split(";"):
        parts = item.strip().split(None, 1)
        if parts:
            out.append((parts[0], parts[1].strip() if len(parts) > 1 else ""))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Boot Kestrel under QEMU, console on stdio.")
    ap.add_argument("--accel", choices=REQUESTS, default="auto")
    ap.add_argument("--cpus", type=int, default=1)
    ap.add_argument("--mem", default="256")
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--cmdline", default="")
    ap.add_argument("--modules", default="", help='"path args;path2 ..."')
    ap.add_argument("--canary", default="build/tools/canary")
    ap.add_argument("--gdb", action="store_true",
                    help="wait for gdb on :1234 (tools/kestrel.gdb)")
    args = ap.parse_args(argv)
    try:
        accel = choose(args.accel, "tcg", args.kernel, args.canary, "build/run", "run")
    except AccelError as e:
        print("run: %s" % e, file=sys.stderr)
        return 2
    boot = Boot(kernel=args.kernel, cmdline=args.cmdline,
                modules=parse_modules(args.modules), cpus=args.cpus, mem=args.mem)
    if args.gdb:
        boot.extra += ["-s", "-S"]
        print("debug: QEMU waits for gdb on :1234; in another terminal: "
              "gdb -x tools/kestrel.gdb", flush=True)
    cmd = command(boot, accel, serial="mon:stdio")
    print("run: %s" % quote(cmd), flush=True)
    rc = subprocess.call(cmd)
    if rc != RC_CLEAN:
        print("run: QEMU ended: %s" % describe_exit(rc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
