#!/usr/bin/env python3
"""tools/harness.py -- Kestrel test harness (host unit tests + QEMU guest runs).

Owns: running the host-side cmocka binaries and the QEMU guest boots, parsing
their TAP output, classifying how each guest ended (clean shutdown, panic,
hang, reset), and printing the report.  Standard library only.

Usage:
    tools/harness.py --out build/test [--host-test BIN]... [--guest SPEC]...
                     [--accel auto|kvm|tcg|icount] [--canary PROGRAM]
                     [--matrix NAMES --matrix-suite MODULES --matrix-cmdline C]

Guest SPEC (one argument):
    name=NAME,boot=direct|iso,cpus=N,timeout=SECS,kernel=PATH,iso=PATH,
    mem=SIZE,machine=pc|q35,cpu=MODEL,accel=run|tcg|icount,
    plugin=PATH[:ARG...],cmdline=STRING,modules=M1;M2;...
  Fields are separated by commas, except that `modules=` (optional) must be
  last and runs to the end of SPEC.  Modules are separated by ';', each is
  "path" or "path args".  Field values other than modules cannot contain
  commas.  Defaults: boot=direct, cpus=1, timeout=60, mem=256, machine=pc,
  cpu=max (under TCG), accel=run (the run's accelerator), cmdline="".
  plugin= loads a QEMU TCG plugin with its arguments, `:` between them
  (plugin=cover.so:lo=0x100000:out=x becomes -plugin cover.so,lo=0x100000,out=x).

Accelerator (tools/qemu.py): --accel auto boots the canary under KVM once and
uses KVM only if it passes, else TCG with one line saying why; kvm that
fails is an error (exit 2).  A guest with accel=tcg or accel=icount always
runs under that.

Guest exit protocol (isa-debug-exit at port 0xf4): the kernel writes 0 on a
clean shutdown (QEMU exits 1) and 1 on panic (QEMU exits 3).  QEMU exit 0
means the guest reset / powered off some other way (with -no-reboot: most
likely a triple fault).

The report lists every failure, one summary line per run, and ends with the
line "N passed, M failed".  Exit status is 0 iff M == 0.

The parsing/classification functions are importable (see test_harness.py).
"""

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402
from qemu import RC_CLEAN, RC_PANIC, RC_RESET  # noqa: E402,F401
from tap import TapReport, TestResult, parse_tap  # noqa: E402,F401

HOST_TEST_TIMEOUT = 120     # seconds, per host-test binary
CONTEXT_LINES = 40          # log lines shown for run-level failures


# --------------------------------------------------------------------------
# Run outcomes (what gets reported)
# --------------------------------------------------------------------------

@dataclass
class TestFailure:
    test: str
    reason: str
    diag: List[str]


@dataclass
class RunFailure:
    reason: str                 # full message, starts with the run name
    context: List[str]          # log lines to show under it


@dataclass
class RunOutcome:
    name: str
    log_path: Optional[str] = None
    passed: int = 0             # includes skipped
    skipped: int = 0
    test_failures: List[TestFailure] = field(default_factory=list)
    run_failures: List[RunFailure] = field(default_factory=list)
    note: str = ""              # what a passing run showed, when not TAP

    @property
    def failed(self) -> int:
        return len(self.test_failures) + len(self.run_failures)


def tail(lines: List[str], n: int = CONTEXT_LINES) -> List[str]:
    return lines[-n:]


def tally_tap(run: str, rep: TapReport, log_lines: List[str],
              outcome: Optional[RunOutcome] = None,
              check_plan: bool = True) -> RunOutcome:
    """Turn a TapReport into pass/fail counts and failures for run `run`.

    Test names must be unique within a run: a repeated name is a failure.
    With check_plan, a results/plan count mismatch, or no TAP at all, is a
    run-level failure.
    """
    out = outcome or RunOutcome(name=run)
    seen = {}
    for r in rep.results:
        if r.name in seen:
            out.test_failures.append(TestFailure(
                r.name, "duplicate test name (first at line %d, again at line %d)"
                % (seen[r.name], r.line), r.diag))
            continue
        seen[r.name] = r.line
        if r.passed:
            out.passed += 1
            out.skipped += r.skipped
        else:
            out.test_failures.append(
                TestFailure(r.name, r.reason or "not ok", r.diag))
    for b in rep.bailouts:
        out.run_failures.append(RunFailure("%s: bail out: %s" % (run, b), tail(log_lines)))
    if check_plan:
        f = plan_failure(run, rep, log_lines)
        if f:
            out.run_failures.append(f)
    return out


def plan_failure(run: str, rep: TapReport, log_lines: List[str]) -> Optional[RunFailure]:
    """A run-level failure if the results do not match the plans."""
    if not rep.plans and not rep.results:
        return RunFailure("%s: no TAP output" % run, tail(log_lines))
    if len(rep.results) != rep.planned:
        return RunFailure("%s: planned %d tests, saw %d results"
                          % (run, rep.planned, len(rep.results)), tail(log_lines))
    return None


def merge_run_failures(out: RunOutcome, fatal: List[RunFailure], rep: TapReport,
                       log_lines: List[str]) -> None:
    """Add `fatal` (crash/hang/panic...) failures and the plan check to `out`.

    After a fatal failure a plan mismatch is only a consequence: it is
    mentioned in the fatal failure's reason instead of being counted again.
    """
    if fatal:
        if len(rep.results) != rep.planned:
            fatal[0].reason += " (planned %d tests, saw %d results)" % (
                rep.planned, len(rep.results))
        out.run_failures = fatal + out.run_failures
    else:
        f = plan_failure(out.name, rep, log_lines)
        if f:
            out.run_failures.append(f)


def classify_guest_exit(run: str, rc: Optional[int], timed_out: bool,
                        timeout: int, log_lines: List[str]) -> List[RunFailure]:
    """Run-level failures implied by how QEMU ended (empty list = clean)."""
    fails = []
    panic_at = next((i for i, l in enumerate(log_lines) if "PANIC" in l), None)
    if timed_out:
        fails.append(RunFailure("%s: hang: no shutdown within %d s" % (run, timeout),
                                tail(log_lines)))
    elif rc == RC_RESET:
        fails.append(RunFailure("%s: guest reset (triple fault?)" % run, tail(log_lines)))
    elif rc not in (RC_CLEAN, RC_PANIC):
        what = qemu.describe_exit(rc)
        if rc is not None and rc > 0 and rc != qemu.RC_REFUSED:
            what += " (expected 1 = clean shutdown)"
        fails.append(RunFailure("%s: qemu: %s" % (run, what), tail(log_lines)))
    if rc == RC_PANIC or panic_at is not None:
        # Panic text = first line containing PANIC to the end.  Show at least
        # the usual tail, and always the whole panic text.
        start = len(log_lines) - CONTEXT_LINES
        if panic_at is not None:
            start = min(start, panic_at)
        panic_text = log_lines[panic_at:] if panic_at is not None else []
        first = panic_text[0].strip() if panic_text else "(no PANIC line in log)"
        fails.append(RunFailure("%s: kernel panic: %s" % (run, first),
                                log_lines[max(0, start):]))
    return fails


# --------------------------------------------------------------------------
# Guest SPEC parsing and QEMU command line
# --------------------------------------------------------------------------

class SpecError(ValueError):
    pass


@dataclass
class GuestSpec:
    name: str
    boot: str = "direct"
    cpus: int = 1
    timeout: int = 60
    kernel: Optional[str] = None
    iso: Optional[str] = None
    mem: str = "256"
    machine: str = "pc"
    cpu: Optional[str] = None           # CPU model under TCG; None = max
    plugin: Optional[str] = None        # PATH[:ARG...], a TCG plugin
    accel: str = "run"                  # run: the run's accelerator; tcg, icount
    cmdline: str = ""
    modules: List[Tuple[str, str]] = field(default_factory=list)  # (path, args)


_SPEC_FIELDS = ("name", "boot", "cpus", "timeout", "kernel", "iso", "mem", "machine",
                "cpu", "accel", "plugin", "cmdline")


def parse_module(text: str) -> Tuple[str, str]:
    """"path args..." -> (path, "args...") (args may be "")."""
    parts = text.strip().split(None, 1)
    if not parts:
        raise SpecError("empty module")
    return parts[0], (parts[1].strip() if len(parts) > 1 else "")


def _spec_values(spec: str) -> Tuple[dict, Optional[str]]:
    """SPEC -> ({field: value}, modules text or None)."""
    # `modules=` runs to the end of SPEC, so cut it off first.  It can only
    # start the SPEC or follow a comma (no other value may contain a comma).
    m = re.search(r"(?:^|,)modules=", spec)
    modules_text = None
    if m:
        modules_text = spec[m.end():]
        spec = spec[:m.start()]
    values = {}
    for item in (spec.split(",") if spec else []):
        key, eq, value = item.partition("=")
        key = key.strip()
        if not eq:
            raise SpecError("field %r has no '=' (fields: %s, modules)"
                            % (item, ", ".join(_SPEC_FIELDS)))
        if key not in _SPEC_FIELDS:
            raise SpecError("unknown field %r (fields: %s, modules)"
                            % (key, ", ".join(_SPEC_FIELDS)))
        if key in values:
            raise SpecError("field %r given twice" % key)
        values[key] = value
    return values, modules_text


def parse_guest_spec(spec: str) -> GuestSpec:
    values, modules_text = _spec_values(spec)
    if not values.get("name"):
        raise SpecError("name= is required")
    g = GuestSpec(name=values["name"])
    if not re.match(r"^[A-Za-z0-9_.+-]+$", g.name):
        raise SpecError("name %r: use only letters, digits and _.+-" % g.name)
    g.boot = values.get("boot", g.boot)
    if g.boot not in ("direct", "iso"):
        raise SpecError("%s: boot must be 'direct' or 'iso', not %r" % (g.name, g.boot))
    for key in ("cpus", "timeout"):
        if key in values:
            try:
                setattr(g, key, int(values[key]))
            except ValueError:
                raise SpecError("%s: %s must be an integer, not %r"
                                % (g.name, key, values[key])) from None
            if getattr(g, key) < 1:
                raise SpecError("%s: %s must be >= 1" % (g.name, key))
    g.accel = values.get("accel") or g.accel
    if g.accel not in ("run", "tcg", "icount"):
        raise SpecError("%s: accel must be run, tcg or icount, not %r" % (g.name, g.accel))
    g.kernel = values.get("kernel") or None
    g.iso = values.get("iso") or None
    g.mem = values.get("mem") or g.mem
    g.machine = values.get("machine") or g.machine
    g.cpu = values.get("cpu") or None
    g.plugin = values.get("plugin") or None
    g.cmdline = values.get("cmdline", "")
    if modules_text is not None:
        g.modules = [parse_module(t) for t in modules_text.split(";") if t.strip()]
    if g.boot == "direct" and not g.kernel:
        raise SpecError("%s: boot=direct needs kernel=" % g.name)
    if g.boot == "iso" and not g.iso:
        raise SpecError("%s: boot=iso needs iso=" % g.name)
    return g


def guest_boot(g: GuestSpec) -> qemu.Boot:
    """What tools/qemu.py boots for a guest SPEC."""
    boot = qemu.Boot(cpus=g.cpus, mem=g.mem, machine=g.machine, cpu_model=g.cpu)
    if g.boot == "iso":
        boot.iso = g.iso
    else:
        boot.kernel, boot.cmdline, boot.modules = g.kernel, g.cmdline, g.modules
    if g.plugin:
        path, *args = g.plugin.split(":")
        boot.extra += ["-plugin", ",".join([path] + args)]
    return boot


# --------------------------------------------------------------------------
# Running things
# --------------------------------------------------------------------------

def read_lines(path: str) -> List[str]:
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace").splitlines()


def run_host_test(binary: str, outdir: str) -> RunOutcome:
    base = os.path.basename(binary)
    run = "host." + base
    log_path = os.path.join(outdir, "host-%s.tap" % base)
    out = RunOutcome(name=run, log_path=log_path)
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    print("== %s: %s" % (run, binary), flush=True)
    timed_out = False
    try:
        with open(log_path, "wb") as log:
            p = subprocess.run([os.path.abspath(binary)], stdin=subprocess.DEVNULL,
                               stdout=log, stderr=subprocess.STDOUT, env=env,
                               timeout=HOST_TEST_TIMEOUT)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        timed_out, rc = True, None
    except OSError as e:
        with open(log_path, "w") as log:
            log.write("harness: cannot run %s: %s\n" % (binary, e))
        rc = None
    lines = read_lines(log_path)
    rep = parse_tap("\n".join(lines))
    tally_tap(run, rep, lines, out, check_plan=False)
    fatal = []
    if timed_out:
        fatal.append(RunFailure(
            "%s: timeout: still running after %d s" % (run, HOST_TEST_TIMEOUT), tail(lines)))
    elif rc != 0 and not out.test_failures:
        # Crashed / sanitizer abort / could not start, without a TAP failure
        # to show for it: report the binary itself (with its output).
        what = "could not be run" if rc is None else (
            "killed by signal %d" % -rc if rc < 0 else "exit status %d" % rc)
        fatal.append(RunFailure("%s: %s" % (run, what), tail(lines)))
    merge_run_failures(out, fatal, rep, lines)
    return out


class GuestRunner:
    """Runs guests one after another under the run's accelerator, chosen
    (tools/qemu.py, the KVM canary) when the first guest needs it."""

    def __init__(self, outdir: str, requested: str, canary: str, canary_kernel: str):
        self.outdir = outdir
        self.requested = requested
        self.canary, self.canary_kernel = canary, canary_kernel
        self.accel = None

    def run_accel(self) -> str:
        """The run's accelerator (raises qemu.AccelError for a failed kvm)."""
        if self.accel is None:
            self.accel = qemu.choose(self.requested, "tcg", self.canary_kernel, self.canary,
                                     self.outdir, "harness")
        return self.accel

    def run(self, g: GuestSpec) -> RunOutcome:
        log_path = os.path.join(self.outdir, g.name + ".tap")
        out = RunOutcome(name=g.name, log_path=log_path)
        boot = guest_boot(g)
        missing = [p for p in boot.files() if not os.path.isfile(p)]
        if missing:
            open(log_path, "w").close()
            out.run_failures.append(RunFailure(
                "%s: file not found: %s" % (g.name, ", ".join(missing)), []))
            return out
        accel = self.run_accel() if g.accel == "run" else g.accel
        cmd = qemu.command(boot, accel)
        print("== guest %s (%s, %d cpu%s, %s): %s" % (
            g.name, g.boot, g.cpus, "s" if g.cpus > 1 else "", accel, qemu.quote(cmd)),
            flush=True)
        res = qemu.run(cmd, log_path, g.timeout, watch_kvm=(accel == "kvm"), label=g.name)
        return judge_guest(out, res, read_lines(log_path), g.timeout)


def judge_guest(out: RunOutcome, res: "qemu.Outcome", lines: List[str],
                timeout: int) -> RunOutcome:
    """Fills out from one QEMU boot: its TAP results and how QEMU ended."""
    rep = parse_tap("\n".join(lines))
    if res.kvm_failure:
        # The canary passed, so this is the guest's failure under KVM,
        # reported as such (never rerun under TCG behind the user's back).
        fatal = [RunFailure("%s: KVM could not run the guest: %s" % (out.name, res.kvm_failure),
                            tail(lines))]
    else:
        fatal = classify_guest_exit(out.name, res.rc, res.timed_out, timeout, lines)
    tally_tap(out.name, rep, lines, out, check_plan=False)
    merge_run_failures(out, fatal, rep, lines)
    return out


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def report_run(o: RunOutcome) -> None:
    for f in o.test_failures:
        print("FAIL %s/%s: %s" % (o.name, f.test, f.reason))
        for d in f.diag:
            print("    # " + d)
        if o.log_path:
            print("    log: " + o.log_path)
    for f in o.run_failures:
        print("FAIL " + f.reason)
        if f.context:
            print("    --- last lines of %s ---" % (o.log_path or "log"))
            for l in f.context:
                print("    | " + l)
        elif o.log_path:
            print("    log: " + o.log_path)
    print("run %s: %d passed, %d failed (%d skipped)"
          % (o.name, o.passed, o.failed, o.skipped), flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Run Kestrel host unit tests and QEMU guest tests, report TAP results.")
    ap.add_argument("--out", required=True, help="directory for logs (created)")
    ap.add_argument("--host-test", action="append", default=[], metavar="BIN",
                    help="cmocka test binary (repeatable)")
    ap.add_argument("--guest", action="append", default=[], metavar="SPEC",
                    help="guest run spec (repeatable), see module docstring")
    ap.add_argument("--accel", choices=qemu.REQUESTS, default="auto",
                    help="auto: KVM if the canary runs under it, else TCG")
    ap.add_argument("--canary", default="build/tools/canary",
                    help="the KVM canary program (tools/canary)")
    ap.add_argument("--canary-kernel", default="build/kernel.elf")
    ap.add_argument("--matrix", default="", metavar="NAMES",
                    help="tools/matrix.py configurations to run too (names, prefix*)")
    ap.add_argument("--matrix-suite", default="", help="their suite modules (@CPUS@)")
    ap.add_argument("--matrix-cmdline", default="test=all")
    ap.add_argument("--bench-program", default="build/bench/bench")
    args = ap.parse_args(argv)

    try:
        guests = [parse_guest_spec(s) for s in args.guest]
    except SpecError as e:
        print("harness: bad --guest spec: %s" % e, file=sys.stderr)
        return 2
    names = [g.name for g in guests]
    dups = sorted({n for n in names if names.count(n) > 1})
    if dups:
        print("harness: duplicate guest names: %s" % ", ".join(dups), file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)

    outcomes = []
    for binary in args.host_test:
        outcomes.append(run_host_test(binary, args.out))
        report_run(outcomes[-1])
    runner = GuestRunner(args.out, args.accel, args.canary, args.canary_kernel)
    for g in guests:
        try:
            outcomes.append(runner.run(g))
        except qemu.AccelError as e:
            print("harness: %s" % e, flush=True)
            return 2
        report_run(outcomes[-1])
    if args.matrix:
        import matrix       # it imports this module: only now
        margs = argparse.Namespace(kernel=args.canary_kernel, suite=args.matrix_suite,
                                   iso="", cmdline=args.matrix_cmdline,
                                   bench=args.bench_program, canary=args.canary)
        configs = matrix.select(args.matrix)
        if not configs:
            print("harness: --matrix %r matches no configuration" % args.matrix, flush=True)
            return 2
        for c in configs:
            outcomes.append(matrix.run_config(c, margs, args.out)[0])
            report_run(outcomes[-1])

    return summarize(outcomes)


def summarize(outcomes: List[RunOutcome]) -> int:
    """Prints the closing "N passed, M failed" line; the exit status."""
    passed = sum(o.passed for o in outcomes)
    failed = sum(o.failed for o in outcomes)
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
