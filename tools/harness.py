#!/usr/bin/env python3
"""tools/harness.py -- Kestrel test harness (host unit tests + QEMU guest runs).

Owns: running the host-side cmocka binaries and the QEMU guest boots, parsing
their TAP output, classifying how each guest ended (clean shutdown, panic,
hang, reset), and printing the report.  Standard library only.

Usage:
    tools/harness.py --out build/test [--host-test BIN]... [--guest SPEC]...
                     [--kvm auto|on|off]

Guest SPEC (one argument):
    name=NAME,boot=direct|iso,cpus=N,timeout=SECS,kernel=PATH,iso=PATH,
    cmdline=STRING,modules=M1;M2;...
  Fields are separated by commas, except that `modules=` (optional) must be
  last and runs to the end of SPEC.  Modules are separated by ';', each is
  "path" or "path args".  Field values other than modules cannot contain
  commas.  Defaults: boot=direct, cpus=1, timeout=60, cmdline="".

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
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

QEMU = "qemu-system-i386"
HOST_TEST_TIMEOUT = 120     # seconds, per host-test binary
CONTEXT_LINES = 40          # log lines shown for run-level failures

# QEMU exit codes under the isa-debug-exit protocol: (value << 1) | 1.
RC_RESET = 0                # no debug-exit write: reset/power-off (triple fault)
RC_CLEAN = 1                # kernel wrote 0: clean shutdown
RC_PANIC = 3                # kernel wrote 1: panic

# Output that means KVM cannot run this guest here; rerun it under TCG.
KVM_FAILURE_MARKERS = (
    "KVM internal error",
    "emulation failure",
    "failed to initialize kvm",
    "Could not access KVM kernel module",
)


# --------------------------------------------------------------------------
# TAP parsing
# --------------------------------------------------------------------------

@dataclass
class TestResult:
    """One `ok` / `not ok` line, plus the `#` diagnostics that followed it."""
    ok: bool
    number: Optional[int]
    name: str
    directive: Optional[str]    # "SKIP", "TODO" or None
    reason: str                 # directive reason or trailing "# comment"
    line: int                   # 1-based line number in the output
    diag: List[str] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        """SKIP and TODO results are reported as skipped (and count as passed)."""
        return self.directive in ("SKIP", "TODO")

    @property
    def passed(self) -> bool:
        # A `not ok ... # TODO` is an expected failure, not a failure.
        return self.ok or self.skipped


@dataclass
class TapReport:
    plans: List[int] = field(default_factory=list)          # every `1..N`
    results: List[TestResult] = field(default_factory=list)
    bailouts: List[str] = field(default_factory=list)       # `Bail out!` lines
    orphan_diag: List[str] = field(default_factory=list)    # `#` before any result

    @property
    def planned(self) -> int:
        return sum(self.plans)


_PLAN_RE = re.compile(r"^1\.\.(\d+)\s*(?:#.*)?$")
# `ok`/`not ok`, optional number, optional "-", description, optional
# "# directive" (an escaped `\#` does not start a directive).
_RESULT_RE = re.compile(
    r"^(?P<status>ok|not ok)(?=\s|$)"
    r"(?:\s+(?P<num>\d+)(?=\s|$))?"
    r"(?:\s+-(?=\s|$))?"
    r"\s*(?P<desc>.*?)\s*"
    r"(?:(?<!\\)#\s*(?P<dir>.*?))?\s*$"
)
_DIRECTIVE_RE = re.compile(r"^(SKIP|TODO)\S*\s*(.*)$", re.IGNORECASE)
_BAILOUT_RE = re.compile(r"^Bail out!\s*(.*)$")


def parse_tap(text: str) -> TapReport:
    """Parse TAP from a (possibly interleaved) log.

    Only lines that *start* with TAP syntax count; everything else (kernel
    log lines such as "[0] boot: ...", "TAP version 13", indented subtests,
    sanitizer output) is ignored.  Several plans may appear (one per test
    program / cmocka group): they are summed by the caller via .planned.
    """
    rep = TapReport()
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n\t ")
        m = _PLAN_RE.match(line)
        if m:
            rep.plans.append(int(m.group(1)))
            continue
        m = _RESULT_RE.match(line)
        if m:
            rep.results.append(_make_result(m, lineno))
            continue
        if line.startswith("#"):
            text_ = line[1:].strip()
            if rep.results:
                rep.results[-1].diag.append(text_)
            else:
                rep.orphan_diag.append(text_)
            continue
        m = _BAILOUT_RE.match(line)
        if m:
            rep.bailouts.append(m.group(1) or "(no reason)")
    return rep


def _make_result(m: "re.Match", lineno: int) -> TestResult:
    num = int(m.group("num")) if m.group("num") else None
    desc = m.group("desc").replace("\\#", "#")
    directive, reason = None, (m.group("dir") or "")
    d = _DIRECTIVE_RE.match(reason)
    if d:
        directive, reason = d.group(1).upper(), d.group(2)
    # Unnamed results: cmocka prints skipped tests as "not ok 3 # SKIP name",
    # so fall back to the directive text, then to the test number.
    name = desc or reason or "test %s" % (num if num is not None else "?")
    return TestResult(ok=(m.group("status") == "ok"), number=num, name=name,
                      directive=directive, reason=reason, line=lineno)


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
        if rc is None:
            what = "could not be started"
        elif rc < 0:
            what = "killed by signal %d" % -rc
        else:
            what = "exit status %d (expected 1 = clean shutdown)" % rc
        fails.append(RunFailure("%s: qemu %s" % (run, what), tail(log_lines)))
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
    cmdline: str = ""
    modules: List[Tuple[str, str]] = field(default_factory=list)  # (path, args)


_SPEC_FIELDS = ("name", "boot", "cpus", "timeout", "kernel", "iso", "cmdline")


def parse_module(text: str) -> Tuple[str, str]:
    """"path args..." -> (path, "args...") (args may be "")."""
    parts = text.strip().split(None, 1)
    if not parts:
        raise SpecError("empty module")
    return parts[0], (parts[1].strip() if len(parts) > 1 else "")


def parse_guest_spec(spec: str) -> GuestSpec:
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
    g.kernel = values.get("kernel") or None
    g.iso = values.get("iso") or None
    g.cmdline = values.get("cmdline", "")
    if modules_text is not None:
        g.modules = [parse_module(t) for t in modules_text.split(";") if t.strip()]
    if g.boot == "direct" and not g.kernel:
        raise SpecError("%s: boot=direct needs kernel=" % g.name)
    if g.boot == "iso" and not g.iso:
        raise SpecError("%s: boot=iso needs iso=" % g.name)
    return g


def initrd_arg(modules: List[Tuple[str, str]]) -> str:
    """QEMU -initrd value: "path args" per module, joined with ','.

    QEMU splits the list at ',' and reads ',,' as a literal comma, so commas
    inside paths/args are doubled.
    """
    items = []
    for path, args in modules:
        item = path + (" " + args if args else "")
        items.append(item.replace(",", ",,"))
    return ",".join(items)


def qemu_command(g: GuestSpec, use_kvm: bool) -> List[str]:
    cmd = [QEMU, "-machine", "pc"]
    if use_kvm:
        cmd += ["-accel", "kvm", "-cpu", "host"]
    else:
        cmd += ["-accel", "tcg,thread=multi" if g.cpus > 1 else "tcg", "-cpu", "max"]
    cmd += ["-m", "256", "-smp", str(g.cpus),
            "-display", "none", "-monitor", "none", "-serial", "stdio",
            "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if g.boot == "iso":
        cmd += ["-cdrom", g.iso, "-boot", "d"]
    else:
        cmd += ["-kernel", g.kernel, "-append", g.cmdline]
        if g.modules:
            cmd += ["-initrd", initrd_arg(g.modules)]
    return cmd


# --------------------------------------------------------------------------
# Running things
# --------------------------------------------------------------------------

def read_lines(path: str) -> List[str]:
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace").splitlines()


def kvm_available() -> bool:
    """/dev/kvm exists and we may open it read-write."""
    try:
        fd = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False
    os.close(fd)
    return True


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
    """Runs guests one after another; remembers if KVM turned out unusable."""

    def __init__(self, outdir: str, kvm_mode: str):
        self.outdir = outdir
        self.use_kvm = kvm_mode == "on" or (kvm_mode == "auto" and kvm_available())

    def _boot(self, g: GuestSpec, use_kvm: bool, log_path: str):
        cmd = qemu_command(g, use_kvm)
        print("== guest %s (%s, %d cpu%s, %s): %s" % (
            g.name, g.boot, g.cpus, "s" if g.cpus > 1 else "",
            "kvm" if use_kvm else "tcg", " ".join(shlex.quote(c) for c in cmd)),
            flush=True)
        with open(log_path, "wb") as log:
            try:
                p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                     stderr=subprocess.STDOUT)
            except OSError as e:
                log.write(("harness: cannot start %s: %s (run tools/deps.sh run)\n"
                           % (QEMU, e)).encode())
                return None, False
            try:
                return p.wait(timeout=g.timeout), False
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                return p.returncode, True

    def run(self, g: GuestSpec) -> RunOutcome:
        log_path = os.path.join(self.outdir, g.name + ".tap")
        out = RunOutcome(name=g.name, log_path=log_path)
        missing = [p for p in ([g.iso] if g.boot == "iso" else
                               [g.kernel] + [m[0] for m in g.modules])
                   if not os.path.isfile(p)]
        if missing:
            open(log_path, "w").close()
            out.run_failures.append(RunFailure(
                "%s: file not found: %s" % (g.name, ", ".join(missing)), []))
            return out

        rc, timed_out = self._boot(g, self.use_kvm, log_path)
        lines = read_lines(log_path)
        if self.use_kvm and any(mk in l for l in lines for mk in KVM_FAILURE_MARKERS):
            marker = next(l.strip() for l in lines
                          if any(mk in l for mk in KVM_FAILURE_MARKERS))
            print("harness: KVM unusable here (%s), falling back to TCG" % marker,
                  flush=True)
            self.use_kvm = False        # for the remaining guests, too
            rc, timed_out = self._boot(g, False, log_path)
            lines = read_lines(log_path)

        rep = parse_tap("\n".join(lines))
        fatal = classify_guest_exit(g.name, rc, timed_out, g.timeout, lines)
        tally_tap(g.name, rep, lines, out, check_plan=False)
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
    ap.add_argument("--kvm", choices=("auto", "on", "off"), default="auto")
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
    runner = GuestRunner(args.out, args.kvm)
    for g in guests:
        outcomes.append(runner.run(g))
        report_run(outcomes[-1])

    passed = sum(o.passed for o in outcomes)
    failed = sum(o.failed for o in outcomes)
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
