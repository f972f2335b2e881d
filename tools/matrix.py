#!/usr/bin/env python3
"""tools/matrix.py -- the machines users boot Kestrel on (`make test-matrix`).

Owns: the list of configurations (CPU models, machine types, memory sizes,
CPU counts, accelerators, boot forms, firmware paths) with what each must
show, running each (tools/qemu.py boots, tools/harness.py judges), and the
table at the end (also written as Markdown to OUT/matrix.md; docs/matrix.md
keeps a copy of a full run).

What a configuration expects:
    pass        the program's TAP all passes and the kernel powers off cleanly
    refuse:TEXT the kernel refuses the CPU: a line containing TEXT and the
                refusal's exit status (qemu.RC_REFUSED), never a panic, a
                hang or a triple fault
    acpi-off    (no isa-debug-exit device) the kernel powers the machine off
                through ACPI: QEMU exits 0 after the power-off line

Usage: tools/matrix.py --out DIR --kernel K --suite "m1;m2 args;..."
           --cmdline C --bench PROG --canary PROG [--only NAME,prefix*]
           [--list]
The suite's module list may contain @CPUS@ (replaced by each CPU count).
Exit status: 0 when every configuration shows what it must.
"""

import argparse
import fnmatch
import os
import sys
import time
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import qemu  # noqa: E402

POWER_OFF_LINE = "powering off"     # kernel/proc.c


@dataclass
class Config:
    name: str
    guards: str                     # what this configuration is here for
    program: str = "suite"          # suite | bench | canary
    cpus: int = 1
    online: Optional[int] = None    # CPUs the suite must find online; None = cpus
    mem: str = "256"
    machine: str = "pc"
    cpu: Optional[str] = None       # TCG CPU model; None = max
    accel: str = "tcg"              # tcg | icount
    debug_exit: bool = True
    expect: str = "pass"            # pass | refuse:TEXT | acpi-off
    must_say: Optional[str] = None  # a line the boot log must contain as well
    cmdline: str = ""               # more kernel options
    timeout: int = 300
    extra: List[str] = field(default_factory=list)


CONFIGS = [
    # CPU models, oldest first (docs/design.md: what the kernel requires).
    Config("cpu-486", "no TSC, CMOV: refused with a line naming them, no triple fault",
           cpu="486", expect="refuse:missing required features: TSC CMOV"),
    Config("cpu-pentium", "no CMOV: refused by name", cpu="pentium",
           expect="refuse:missing required features: CMOV"),
    Config("cpu-qemu32-nopse", "no PSE: refused by name", cpu="qemu32,-pse",
           expect="refuse:missing required features: PSE"),
    Config("cpu-pentium2", "no SSE2: the bench program times with cpuid, not lfence",
           program="bench", cpu="pentium2"),
    Config("cpu-pentium2-4cpu", "a Pentium II SMP machine", cpu="pentium2", cpus=4),
    Config("cpu-pentium3", "the suite on a Pentium III", cpu="pentium3"),
    Config("cpu-qemu32", "QEMU's plain 32-bit CPU", cpu="qemu32", cpus=2),
    Config("cpu-qemu32-nosep", "no SYSENTER: the int doors only", cpu="qemu32,-sep", cpus=2),
    Config("cpu-pentium3-nopge", "no global pages", cpu="pentium3,-pge", cpus=2),
    Config("cpu-qemu32-noapic", "no usable APIC: one CPU on the PIT through the 8259",
           cpu="qemu32,-apic", cpus=2, online=1),
    Config("cpu-max-noapic", "the same with 4 CPUs asked for", cpu="max,-apic", cpus=4,
           online=1),
    Config("cpu-epyc", "an AMD model", cpu="EPYC", cpus=2),
    Config("cpu-anchor", "the benchmarks' CPU model", cpu=qemu.ANCHOR_CPU, cpus=2),
    # Machines and boot forms.
    Config("q35-4cpu", "the q35 chipset", machine="q35", cpus=4),
    Config("grub-2cpu", "GRUB instead of QEMU's loader", cpus=2, extra=["@ISO@"]),
    # CPU counts.
    Config("smp-2", "2 CPUs", cpus=2),
    Config("smp-8", "8 CPUs", cpus=8),
    Config("smp-16", "16 CPUs: privilege structures for 4 x ncpus SYSTEM children",
           cpus=16, timeout=600),
    Config("cpus-above", "cpus=8 on a 2-CPU machine is said", program="canary", cpus=2,
           cmdline="cpus=8", must_say="smp: cpus=8: asked for 8 CPUs, the machine has 2"),
    # icount, the reference benchmark mode, with several CPUs.
    Config("icount-2cpu", "-icount shift=0 at 2 CPUs", accel="icount", cpus=2, timeout=600),
    Config("icount-4cpu", "-icount shift=0 at 4 CPUs (waits for another CPU pause)",
           accel="icount", cpus=4, timeout=400),
    Config("icount-8cpu", "-icount shift=0 at 8 CPUs", accel="icount", cpus=8, timeout=600),
    Config("icount-4cpu-bench", "the benchmarks' mode at 4 CPUs", program="bench",
           accel="icount", cpu=qemu.ANCHOR_CPU, cpus=4, timeout=400),
    # Memory sizes.
    Config("mem-16M", "16 MiB: the kernel's reserve scales, VM starts", mem="16M"),
    Config("mem-32M-bench", "32 MiB: benchmarks skip what does not fit, power off",
           program="bench", mem="32M"),
    Config("mem-16M-bench", "16 MiB: every benchmark teardown stops what it started",
           program="bench", mem="16M"),
    Config("mem-768M", "768 MiB: the huge module is still too large", mem="768M", cpus=4),
    Config("mem-1G", "1 GiB", mem="1G", cpus=2),
    Config("mem-2G-4cpu", "2 GiB: ACPI tables above the direct map, all 4 CPUs found",
           mem="2G", cpus=4),
    Config("mem-3G-4cpu", "3 GiB: the same, memory above the direct map reported",
           mem="3G", cpus=4),
    Config("mem-2G-16cpu", "2 GiB and 16 CPUs", mem="2G", cpus=16, timeout=600),
    # Firmware paths.
    Config("acpi-poweroff", "no isa-debug-exit: the kernel powers off through ACPI",
           program="canary", debug_exit=False, expect="acpi-off"),
]


def boot_of(c: Config, args) -> qemu.Boot:
    """What QEMU boots for configuration c."""
    b = qemu.Boot(kernel=args.kernel, cpus=c.cpus, mem=c.mem, machine=c.machine,
                  cpu_model=c.cpu, debug_exit=c.debug_exit)
    if c.program == "suite":
        if "@ISO@" in c.extra:
            b.kernel, b.iso = None, args.iso.replace("@CPUS@", str(c.cpus))
        else:
            b.cmdline = (args.cmdline + " " + c.cmdline).strip()
            online = c.online if c.online is not None else c.cpus
            b.modules = harness_modules(args.suite.replace("@CPUS@", str(online)))
    elif c.program == "bench":
        b.cmdline, b.modules = ("bench=tiny:force " + c.cmdline).strip(), [(args.bench, qemu.BENCH_MARK)]
    else:
        b.cmdline = c.cmdline
        b.modules = [(args.canary, "cpus=%d" % (c.online if c.online is not None else c.cpus))]
    b.extra = [e for e in c.extra if e != "@ISO@"]
    return b


def harness_modules(text: str):
    return [harness.parse_module(t) for t in text.split(";") if t.strip()]


def judge(c: Config, res: "qemu.Outcome", lines: List[str]) -> harness.RunOutcome:
    """Whether configuration c showed what it must."""
    out = harness.RunOutcome(name=c.name)
    if c.expect == "pass":
        harness.judge_guest(out, res, lines, c.timeout)
        if c.must_say and not any(c.must_say in l for l in lines):
            out.run_failures.append(harness.RunFailure(
                "%s: the boot log lacks %r" % (c.name, c.must_say), harness.tail(lines)))
        return out
    panic = next((l.strip() for l in lines if "PANIC" in l), None)
    got = panic or ("a hang" if res.timed_out else qemu.describe_exit(res.rc))
    if c.expect.startswith("refuse:"):
        text = c.expect[len("refuse:"):]
        said = next((l.strip() for l in lines if text in l), None)
        ok = not panic and not res.timed_out and said and res.rc == qemu.RC_REFUSED
        wanted = "a clean refusal (%r)" % text
    else:       # acpi-off: QEMU without isa-debug-exit exits 0 after the power-off
        said = None
        ok = (not panic and not res.timed_out and res.rc == 0 and
              any(POWER_OFF_LINE in l for l in lines))
        wanted = "an ACPI power-off (QEMU status 0 after %r)" % POWER_OFF_LINE
    if ok:
        out.passed, out.note = 1, said or ""
    else:
        out.run_failures.append(harness.RunFailure(
            "%s: expected %s, got %s" % (c.name, wanted, got), harness.tail(lines)))
    return out


def table(rows) -> str:
    """The Markdown table of (config, outcome, seconds) rows."""
    lines = ["| configuration | QEMU | guards | result | s |", "|---|---|---|---|---|"]
    for c, o, secs in rows:
        setup = "%s %s -m %s -smp %d%s%s" % (
            c.accel, "-cpu " + (c.cpu or "max"), c.mem, c.cpus,
            " -M " + c.machine if c.machine != "pc" else "",
            " (%s)" % c.program if c.program != "suite" else
            " (GRUB)" if "@ISO@" in c.extra else "")
        if o.failed:
            result = "FAIL: " + (o.run_failures[0].reason if o.run_failures else
                                 "%d test(s) failed" % len(o.test_failures))
        elif c.expect.startswith("refuse:"):
            result = "refused: %s" % o.note
        else:
            result = "pass (%d)" % o.passed if c.expect == "pass" else "pass"
        lines.append("| %s | `%s` | %s | %s | %.0f |" % (c.name, setup, c.guards,
                                                          result.replace("|", "/"), secs))
    return "\n".join(lines)


def select(only: str) -> List[Config]:
    """The configurations named by a comma list of names or prefix* ('' = all)."""
    pats = [p.strip() for p in only.split(",") if p.strip()]
    if not pats:
        return list(CONFIGS)
    return [c for c in CONFIGS if any(fnmatch.fnmatch(c.name, p) for p in pats)]


def run_config(c: Config, args, outdir: str) -> Tuple[harness.RunOutcome, float]:
    """Boots configuration c (args: kernel, suite, iso, cmdline, bench,
    canary) and judges it; (outcome, seconds).  tools/harness.py runs the
    configurations `make test` keeps through here too."""
    log_path = os.path.join(outdir, "matrix-%s.log" % c.name)
    cmd = qemu.command(boot_of(c, args), c.accel)
    print("== matrix %s: %s" % (c.name, qemu.quote(cmd)), flush=True)
    t0 = time.monotonic()
    res = qemu.run(cmd, log_path, c.timeout, label=c.name)
    out = judge(c, res, harness.read_lines(log_path))
    out.name, out.log_path = "matrix-" + c.name, log_path
    return out, time.monotonic() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Boot Kestrel on every configuration users have.")
    ap.add_argument("--out", required=True)
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--suite", default="", help='module list, "path args;..." (@CPUS@)')
    ap.add_argument("--iso", default="build/test-@CPUS@.iso")
    ap.add_argument("--cmdline", default="test=all")
    ap.add_argument("--bench", default="build/bench/bench")
    ap.add_argument("--canary", default="build/tools/canary")
    ap.add_argument("--only", default="", help="names or prefix* to run, comma-separated")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args(argv)
    configs = select(args.only)
    if not configs:
        print("matrix: --only %r matches no configuration" % args.only, file=sys.stderr)
        return 2
    if args.list:
        for c in configs:
            print("%-18s %s" % (c.name, c.guards))
        return 0
    os.makedirs(args.out, exist_ok=True)
    rows = []
    for c in configs:
        out, secs = run_config(c, args, args.out)
        rows.append((c, out, secs))
        harness.report_run(out)
    text = table(rows)
    with open(os.path.join(args.out, "matrix.md"), "w") as f:
        f.write(text + "\n")
    print()
    print(text)
    failed = sum(1 for _, o, _ in rows if o.failed)
    print("%d configurations passed, %d failed" % (len(rows) - failed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
