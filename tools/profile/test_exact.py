#!/usr/bin/env python3
"""tools/profile/test_exact.py -- end-to-end check of the exact profiler,
TAP on stdout (a host test of `make test`; about 15 s).

Owns: profiling ipc_rtt/short in tiny mode twice (run.py: the bench
program under icount with exact.so) and checking the profile against
what is known about the path:
  profile.boot           both boots power off cleanly with one benchmark measured
  profile.deterministic  the two profile files are identical
  profile.top_functions  the two functions with the most instructions are
                         the kernel's IPC fast path (ipc_entry, sysenter_entry)
  profile.per_op         instructions per round trip in the marked region
                         match the benchmark's own median within the loop
                         overhead (below)
  profile.classes        per round trip: 2 SYSENTER, 2 SYSEXIT, 2 CR3 writes
  profile.stacks         no stack-tracking misses in the region; the kernel's
                         frames sit on the client's and the server's stacks
Needs build/kernel.elf, build/bench/bench and build/tools/profile/exact.so
(make all profile-plugin); without them it bails out.

The loop overhead: a marked region is one timed run(n) plus, around it,
the BEGIN mark, the lfence/rdtsc reads and their arithmetic, while the
median subtracts the timer overhead; with n >= 20 iterations that is
under 1 instruction per operation, never below 0 (0.01 for rounding).
"""

import os
import sys
import tempfile

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import report  # noqa: E402
import run  # noqa: E402

BENCH = "ipc_rtt/short"
FAST_PATH = {"ipc_entry", "sysenter_entry"}
MAX_OVERHEAD_PER_OP = 1.0
PER_OP_CLASSES = {"sysenter": 2, "sysexit": 2, "cr3_write": 2}


class Tap:
    def __init__(self, planned: int):
        self.n, self.failed = 0, 0
        print("1..%d" % planned, flush=True)

    def check(self, name: str, ok: bool, why: str = ""):
        self.n += 1
        self.failed += 0 if ok else 1
        print("%s %d - profile.%s%s" % ("ok" if ok else "not ok", self.n, name,
                                        "" if ok or not why else " # " + why), flush=True)


def main() -> int:
    files = {"kernel": os.path.join(REPO, "build/kernel.elf"),
             "program": os.path.join(REPO, "build/bench/bench"),
             "plugin": os.path.join(REPO, "build/tools/profile/exact.so")}
    missing = [p for p in files.values() if not os.path.isfile(p)]
    if missing:
        print("Bail out! missing %s (make all profile-plugin)" % ", ".join(missing))
        return 1
    tap = Tap(6)
    with tempfile.TemporaryDirectory(prefix="kestrel-profile-") as tmp:
        results = []
        for i in (1, 2):
            args = run.parser().parse_args([
                "--plugin", files["plugin"], "--kernel", files["kernel"],
                "--program", files["program"], "--bench", BENCH,
                "--out", os.path.join(tmp, "run%d" % i), "--timeout", "120"])
            results.append(run.run_profile(args, say=lambda s: print("# " + s, flush=True)))
        errors = ["%s (log %s)" % (r.error, r.log_path) for r in results if r.error]
        tap.check("boot", not errors, "; ".join(errors))
        if errors:
            return 1
        texts = []
        for r in results:
            with open(r.prof_path) as f:
                texts.append(f.read())
        tap.check("deterministic", texts[0] == texts[1], "the two profiles differ")

        res = results[0]
        prof = report.parse_profile(texts[0])
        sym = report.Symbolizer(files["kernel"], files["program"])
        rows = report.function_table(prof, sym)
        top = {(r.module, r.name) for r in rows[:2]}
        tap.check("top_functions", top == {("kernel", f) for f in FAST_PATH},
                  "top two: %s" % ", ".join("%s (%s)" % (n, m) for m, n in sorted(top)))

        per_op = prof.total() / res.ops
        over = per_op - res.median
        tap.check("per_op", -0.01 <= over <= MAX_OVERHEAD_PER_OP,
                  "%.2f instructions per op in the region, median %.2f" % (per_op, res.median))

        classes = {name: n for name, n, _ in report.class_table(prof, sym)}
        wrong = ["%s %.2f per op, want %d" % (c, classes.get(c, 0) / res.ops, want)
                 for c, want in sorted(PER_OP_CLASSES.items())
                 if classes.get(c, 0) != want * res.ops]
        tap.check("classes", not wrong, "; ".join(wrong))

        misses = {k: v for d in prof.diagnostics.values() for k, v in d.items() if v}
        stacks = report.folded(prof, sym)
        chains = [s for s in stacks if "sysenter_entry_[k];ipc_entry_[k]" in s]
        user_roots = {s.split(";")[0] for s in chains}
        tap.check("stacks", not misses and len(user_roots) == 2,
                  "misses %s; the kernel fast path under %s" % (misses, sorted(user_roots)))
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
