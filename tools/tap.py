#!/usr/bin/env python3
"""tools/tap.py -- the one TAP parser of the host tools.

Owns: reading TAP (plans, ok / not ok results with SKIP/TODO directives,
`#` diagnostics, Bail out!) from a log where other lines are interleaved:
a guest's serial console (kernel log lines, several test programs), a
cmocka binary's output.  tools/harness.py tallies the results;
tools/bench_report.py reads the bench program's `bench.*` results with it.
Standard library only.
"""

import re
from dataclasses import dataclass, field
from typing import List, Optional

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
