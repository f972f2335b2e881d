#!/usr/bin/env python3
"""tools/cyclemodel/test_model_boot.py -- end-to-end check of `make bench
MODE=model`, TAP on stdout (a host test of `make test`; about 10 s).

Owns: one run of tools/bench.py --mode model on 2 CPUs over kcall_null,
ipc_rtt/short and ipc_rtt/cross_cpu in tiny mode (the bench program under
icount with the cycle model plugin) and the checks that tie the model to
the run:
  model.run            the run succeeds and its JSON carries, per benchmark,
                       both metrics: instructions and modeled cycles
  model.regions        the plugin's instructions per operation match the
                       benchmark's own median within the region's overhead
                       spread over the run's operations (the regions were
                       matched to the right benchmarks)
  model.round_trip     ipc_rtt/short's round trip has its 2 CR3 writes, the
                       TLB walks after them, and modeled cycles above its
                       instructions (the special instructions cost)
  model.cross_cpu      ipc_rtt/cross_cpu ran on 2 CPUs (the guest's "cpus"),
                       is labelled as instructions summed over them, and
                       its per-CPU instructions add up to the sum, each
                       CPU doing a share; ipc_rtt/short ran on one
  model.table          the table has the cycles column
Needs build/kernel.elf, build/bench/bench and
build/tools/cyclemodel/cycles.so (make all model-plugin).
"""

import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
REGION_OVERHEAD = 20               # instructions a marked region adds to run(n): the
                                   # mark and the TSC reads (tools/profile/test_exact.py)


class Tap:
    def __init__(self, planned: int):
        self.n, self.failed = 0, 0
        print("1..%d" % planned, flush=True)

    def check(self, name: str, ok: bool, why: str = ""):
        self.n += 1
        self.failed += 0 if ok else 1
        print("%s %d - model.%s%s" % ("ok" if ok else "not ok", self.n, name,
                                      "" if ok or not why else " # " + why), flush=True)


def main() -> int:
    files = [os.path.join(REPO, p) for p in
             ("build/kernel.elf", "build/bench/bench", "build/tools/cyclemodel/cycles.so")]
    missing = [p for p in files if not os.path.isfile(p)]
    if missing:
        print("Bail out! missing %s (make all model-plugin)" % ", ".join(missing))
        return 1
    tap = Tap(5)
    with tempfile.TemporaryDirectory(prefix="kestrel-model-") as tmp:
        p = subprocess.run([sys.executable, os.path.join(REPO, "tools/bench.py"), "--mode", "model",
                            "--select", "kcall_null,ipc_rtt/short,ipc_rtt/cross_cpu,tiny",
                            "--cpus", "2", "--no-plot", "--no-pin",
                            "--out", tmp, "--kernel", files[0], "--program", files[1],
                            "--model-plugin", files[2], "--timeout", "120"],
                           capture_output=True, text=True, cwd=REPO)
        try:
            with open(os.path.join(tmp, "latest.json")) as f:
                doc = json.load(f)
        except (OSError, ValueError):
            doc = {"benchmarks": []}
        b = {e["name"]: e for e in doc["benchmarks"]}
        both = all("instructions" in e and e.get("modeled_cycles", 0) > 0 for e in b.values())
        tap.check("run", p.returncode == 0 and len(b) == 3 and both,
                  "rc %d, %d results; %s" % (p.returncode, len(b), p.stdout[-400:].replace("\n", " | ")))
        if len(b) != 3:
            return 1
        off = ["%s: %.2f per op, median %.2f" % (n, e["model_insns"], e["instructions"])
               for n, e in sorted(b.items())
               if not 0 <= e["model_insns"] - e["instructions"]
               <= REGION_OVERHEAD / (e["iterations"] * e["ops_per_iter"])]
        tap.check("regions", not off, "; ".join(off))
        rt = b["ipc_rtt/short"]
        tap.check("round_trip", rt["model_cr3_writes"] == 2 and rt["model_walks"] >= 2
                  and rt["modeled_cycles_tlb"] > 0 and rt["modeled_cycles"] > rt["instructions"],
                  "cr3 %s walks %s tlb %s cycles %s" % (rt["model_cr3_writes"], rt["model_walks"],
                                                        rt["modeled_cycles_tlb"],
                                                        rt["modeled_cycles"]))
        x = b["ipc_rtt/cross_cpu"]
        per_cpu = [x.get("instructions_cpu%d" % c, 0) for c in (0, 1)]
        tap.check("cross_cpu", x["cpus"] == 2 and "summed over 2 CPUs" in x["label"]
                  and abs(sum(per_cpu) - x["model_insns"]) < 1 and min(per_cpu) > 100
                  and rt["cpus"] == 1 and rt.get("instructions_cpu1", 0) < 1,
                  "cross_cpu: cpus %s, label %r, per CPU %s, sum %s; short: cpus %s"
                  % (x["cpus"], x["label"], per_cpu, x["model_insns"], rt["cpus"]))
        head = next((l for l in p.stdout.splitlines() if l.startswith("benchmark ")), "")
        tap.check("table", " cycles " in head, "header: %s" % head)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
