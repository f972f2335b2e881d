#!/usr/bin/env python3
"""tools/test_bench.py -- self-test for the benchmark runner (no QEMU needed).

Owns: unit tests of tools/bench_report.py (parsing the bench guest's
output, Google Benchmark JSON and its checks, anchors, table),
tools/bench_pin.py (topology, placement plan), tools/bench.py (QEMU command
lines, KVM failure detection) and tools/compare_simple.py.

Run: python3 tools/test_bench.py        (unittest output)
     CMOCKA_MESSAGE_OUTPUT=TAP tools/test_bench.py   (TAP, as tools/harness.py
     runs host tests: `--host-test tools/test_bench.py`)
"""

import argparse
import json
import subprocess
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import bench_pin  # noqa: E402
import bench_report as rep  # noqa: E402
import compare_simple  # noqa: E402
import plot_bench  # noqa: E402
import qemu  # noqa: E402
import unittest_tap  # noqa: E402

# What a tiny run prints (from a real boot), with kernel lines and CRLF.
TINY_LOG = "\r\n".join([
    "[0] Kestrel microkernel booting (i386, 1 modules)",
    "[0] boot: options 'bench=tiny:force' (0 problems)",
    'BENCH_INFO {"mode":"tiny","reps":3,"target":20000,"warmup":0,"timer_overhead":21,'
    '"tsc_hz":2100279300,"ncpus":1,"hz":100,"forced":1}',
    "1..3",
    'BENCH {"name":"kcall_null","unit":"call","iterations":1,"ops_per_iter":1,"repetitions":3,'
    '"median":2289.00,"mean":11669.00,"p10":2205.00,"p90":30513.00,"p99":30513.00,'
    '"min":2205.00,"max":30513.00,"timer_overhead":21,"desc":"null kernel call"}',
    "ok 1 bench.kcall_null",
    'BENCH {"name":"ipc_rtt/same_cpu","unit":"round trip","iterations":2,"ops_per_iter":1,'
    '"repetitions":3,"median":49896.00,"mean":53319.00,"p10":27510.00,"p90":82551.00,'
    '"p99":82551.00,"min":27510.00,"max":82551.00,"fastpath":{"ops":6,"hits":12,'
    '"hits_per_op":2.00,"slow":{},"slow_per_op":0.00},"timer_overhead":21,"desc":"IPC round trip"}',
    "ok 2 bench.ipc_rtt/same_cpu",
    "[0] signal: something unrelated",
    'BENCH {"name":"ipc_rtt/cross_cpu","skipped":"needs >= 2 CPUs; guest has 1"}',
    "ok 3 bench.ipc_rtt/cross_cpu # SKIP needs >= 2 CPUs; guest has 1",
    "[0] proc: all processes have exited; powering off",
    "",
])

CONTEXT = {
    "date": "2025-01-01T00:00:00+00:00", "host_name": "h", "executable": "build/bench/bench",
    "num_cpus": 2, "mhz_per_cpu": 2100, "library_build_type": "release", "guest_cpus": 1,
    "host_cpu": "cpu", "commit": "abc", "qemu_version": "QEMU 7.2", "pinning": {"status": "x"},
}


def gbench_of(log, mode="icount"):
    return rep.to_gbench(rep.parse_guest_output(log), dict(CONTEXT, mode=mode))


class ParseTest(unittest.TestCase):
    def test_tiny_run_is_complete(self):
        run = rep.parse_guest_output(TINY_LOG)
        self.assertEqual(rep.check_guest_run(run), [])
        self.assertEqual(run.planned, 3)
        self.assertEqual(run.measured(), ["kcall_null", "ipc_rtt/same_cpu"])
        self.assertEqual(run.skipped(), {"ipc_rtt/cross_cpu": "needs >= 2 CPUs; guest has 1"})
        self.assertEqual(run.tap["ipc_rtt/cross_cpu"], "skip")

    def test_failed_benchmark_is_reported(self):
        log = TINY_LOG.replace(
            'BENCH {"name":"ipc_rtt/cross_cpu","skipped":"needs >= 2 CPUs; guest has 1"}',
            'BENCH {"name":"ipc_rtt/cross_cpu","error":"fork: -104"}').replace(
            "ok 3 bench.ipc_rtt/cross_cpu # SKIP needs >= 2 CPUs; guest has 1",
            "not ok 3 bench.ipc_rtt/cross_cpu # setup: fork: -104")
        run = rep.parse_guest_output(log)
        self.assertEqual(run.errors(), {"ipc_rtt/cross_cpu": "fork: -104"})
        self.assertTrue(any("cross_cpu failed" in p for p in rep.check_guest_run(run)))

    def test_truncated_run(self):
        log = TINY_LOG.split("[0] signal")[0]
        problems = rep.check_guest_run(rep.parse_guest_output(log))
        self.assertIn("planned 3 benchmarks, 2 finished", problems)

    def test_no_output(self):
        problems = rep.check_guest_run(rep.parse_guest_output("[0] PANIC: x\n"))
        self.assertTrue(any("BENCH_INFO" in p for p in problems))
        self.assertTrue(any("plan" in p for p in problems))

    def test_malformed_and_incomplete_lines(self):
        log = TINY_LOG.replace('"median":2289.00,', "").replace(
            'BENCH {"name":"ipc_rtt/same_cpu"', 'BENCH {"name":"ipc_rtt/same_cpu" oops')
        run = rep.parse_guest_output(log)
        problems = rep.check_guest_run(run)
        self.assertTrue(any("kcall_null: BENCH line lacks median" in p for p in problems))
        self.assertTrue(any(p.startswith("bad BENCH line") for p in problems))
        self.assertTrue(any("same_cpu: TAP line but no BENCH line" in p for p in problems))

    def test_duplicate_result(self):
        line = next(l for l in TINY_LOG.split("\r\n") if l.startswith('BENCH {"name":"kcall_null"'))
        run = rep.parse_guest_output(TINY_LOG + line + "\n")
        self.assertIn("benchmark kcall_null reported twice", rep.check_guest_run(run))


class GbenchTest(unittest.TestCase):
    def test_icount_json_valid_and_complete(self):
        doc = gbench_of(TINY_LOG, "icount")
        self.assertEqual(rep.validate_gbench(doc), [])
        json.loads(json.dumps(doc))         # serialisable as is
        b = {x["name"]: x for x in doc["benchmarks"]}
        self.assertEqual(set(b), {"kcall_null", "ipc_rtt/same_cpu"})
        rtt = b["ipc_rtt/same_cpu"]
        self.assertEqual(rtt["real_time"], 49896.0)      # 1 virtual ns per instruction
        self.assertEqual(rtt["instructions"], 49896.0)
        self.assertEqual((rtt["iterations"], rtt["repetitions"]), (2, 3))
        self.assertEqual(rtt["run_type"], "iteration")
        self.assertEqual(rtt["time_unit"], "ns")
        self.assertEqual(rtt["label"], "per round trip")
        ctx = doc["context"]
        self.assertEqual(ctx["skipped"], {"ipc_rtt/cross_cpu": "needs >= 2 CPUs; guest has 1"})
        self.assertEqual((ctx["tsc_hz"], ctx["timer_overhead"]), (2100279300, 21))

    def test_kvm_converts_cycles_to_ns(self):
        doc = gbench_of(TINY_LOG.replace('"tsc_hz":2100279300', '"tsc_hz":2000000000'), "kvm")
        self.assertEqual(rep.validate_gbench(doc), [])
        null = doc["benchmarks"][0]
        self.assertEqual(null["cycles"], 2289.0)
        self.assertAlmostEqual(null["real_time"], 1144.5)
        self.assertAlmostEqual(null["min"], 1102.5)
        self.assertNotIn("instructions", null)

    def test_validate_catches_problems(self):
        doc = gbench_of(TINY_LOG)
        del doc["context"]["commit"]
        doc["benchmarks"][0].pop("p99")
        doc["benchmarks"][1]["min"] = 1e9
        doc["benchmarks"].append(dict(doc["benchmarks"][0]))
        problems = rep.validate_gbench(doc)
        self.assertIn("context lacks commit", problems)
        self.assertIn("benchmark kcall_null lacks p99", problems)
        self.assertIn("benchmark ipc_rtt/same_cpu: min <= median <= max does not hold", problems)
        self.assertIn("benchmark kcall_null listed twice", problems)
        self.assertEqual(rep.validate_gbench([]), ["top level is not an object"])


class FastpathTest(unittest.TestCase):
    """The kernel's fast-path counters: BENCH "fastpath" -> counters -> table column."""

    def test_counters_per_operation(self):
        b = {x["name"]: x for x in gbench_of(TINY_LOG)["benchmarks"]}
        rtt = b["ipc_rtt/same_cpu"]
        self.assertEqual((rtt["fastpath_hits"], rtt["fastpath_slow"]), (2.0, 0.0))
        self.assertNotIn("fastpath_hits", b["kcall_null"])       # no counters printed
        self.assertEqual(rep.fastpath_text(rtt), "fast 100% 2.00/op")
        self.assertEqual(rep.fastpath_text(b["kcall_null"]), "")

    def test_fallback_reasons(self):
        c = rep.fastpath_counters({"ops": 4, "hits": 2, "slow": {"other_cpu": 4, "pending": 2,
                                                                  "sched": 0}})
        self.assertEqual(c, {"fastpath_hits": 0.5, "fastpath_slow": 1.5,
                             "fastpath_slow_other_cpu": 1.0, "fastpath_slow_pending": 0.5})
        self.assertEqual(rep.fastpath_text(c), "fast 25% 0.50/op slow: other_cpu,pending")
        none = rep.fastpath_counters({"ops": 9, "hits": 0, "slow": {}})
        self.assertEqual(rep.fastpath_text(none), "-")
        only_slow = rep.fastpath_counters({"ops": 2, "hits": 0, "slow": {"not_waiting": 2}})
        self.assertEqual(rep.fastpath_text(only_slow), "fast 0% slow: not_waiting")
        rare = rep.fastpath_counters({"ops": 10000, "hits": 3, "slow": {}})
        self.assertEqual(rep.fastpath_text(rare), "fast 100% <0.01/op")

    def test_bad_or_missing_counters_are_ignored(self):
        for bad in (None, "x", {}, {"ops": 0, "hits": 0}, {"ops": "a", "hits": 1},
                    {"ops": 1, "hits": 1, "slow": {"x": "y"}}):
            self.assertEqual(rep.fastpath_counters(bad), {})

    def test_counters_in_json_and_table(self):
        doc = gbench_of(TINY_LOG)
        self.assertEqual(rep.validate_gbench(doc), [])
        text = rep.format_table(doc, rep.load_anchors(None))
        self.assertIn("fast path", text)
        self.assertIn("fast 100% 2.00/op", text)


class AnchorsAndTableTest(unittest.TestCase):
    def test_embedded_when_no_directory(self):
        a = rep.load_anchors("/nonexistent")
        # 419 is seL4's register-only round trip: ipc_rtt/short's peer.
        self.assertEqual(a["benchmarks"]["ipc_rtt/short"]["sel4"], 419)
        self.assertEqual(a["benchmarks"]["ipc_rtt/same_cpu"]["sel4"], 1833)
        self.assertEqual(a["benchmarks"]["ipc_rtt/same_cpu"]["goal"], "<= 500")
        self.assertEqual(a["benchmarks"]["kcall_null"]["linux"], 386)
        self.assertEqual(a["benchmarks"]["safecopy/4k"]["linux"], 3282)
        self.assertEqual(a["benchmarks"]["safemap/1"]["sel4"], 798)
        self.assertEqual(a["benchmarks"]["safemap/1"]["goal"], "<= 2000")
        self.assertIn("embedded", a["source"])

    def test_read_from_directory(self):
        with tempfile.TemporaryDirectory() as d:
            res = [{"Function": "seL4_Call", "Same vspace?": False, "IPC length": 0, "Median": 100.0},
                   {"Function": "seL4_ReplyRecv", "Same vspace?": False, "IPC length": 0,
                    "Median": 120.0},
                   {"Function": "seL4_Call", "Same vspace?": True, "IPC length": 0, "Median": 1.0},
                   {"Function": "seL4_Call", "Same vspace?": False, "IPC length": 10,
                    "Median": 500.0},
                   {"Function": "seL4_ReplyRecv", "Same vspace?": False, "IPC length": 10,
                    "Median": 600.0},
                   {"Benchmark": "read ccnt overhead", "Median": 9.0},
                   {"Benchmark": "Mapping Benchmark", "Phase": "Mapping",
                    "Num of Page Mapped": 1, "Median": 700.0},
                   {"Benchmark": "Mapping Benchmark", "Phase": "Mapping",
                    "Num of Page Mapped": 512, "Median": 9e5}]
            with open(os.path.join(d, "sel4-icount.json"), "w") as f:
                json.dump({"results": res}, f)
            with open(os.path.join(d, "linux-icount.jsonl"), "w") as f:
                f.write('{"bench":"null_syscall_getppid","abi":"x86_64","cycles_median":1}\n')
                f.write('{"bench":"null_syscall_getppid","abi":"i386","cycles_median":400}\n')
                f.write('{"bench":"pipe_rtt_crosscpu","abi":"i386","skipped":true}\n')
                f.write('{"bench":"pvm_readv_64k","abi":"i386","cycles_median":20000}\n')
            a = rep.load_anchors(d)
        self.assertEqual(a["benchmarks"]["ipc_rtt/short"]["sel4"], 220)
        self.assertEqual(a["benchmarks"]["ipc_rtt/same_cpu"]["sel4"], 1100)
        self.assertEqual(a["benchmarks"]["kcall_null"]["linux"], 400)
        self.assertEqual(a["timer"]["sel4"], 9)
        self.assertEqual(a["benchmarks"]["safemap/1"]["sel4"], 700)
        self.assertEqual(a["benchmarks"]["safecopy/64k"]["linux"], 20000)
        self.assertIn("sel4-icount.json", a["source"])

    def test_table(self):
        anchors = rep.load_anchors(None)
        text = rep.format_table(gbench_of(TINY_LOG), anchors)
        self.assertIn("ipc_rtt/same_cpu", text)
        self.assertIn("1833", text)
        self.assertNotIn("419", text)           # that is ipc_rtt/short's peer
        self.assertIn("skipped: needs >= 2 CPUs", text)
        self.assertNotIn("?", text.splitlines()[1])
        text = rep.format_table(gbench_of(TINY_LOG, "kvm"), anchors)
        self.assertNotIn("1833", text)
        self.assertIn("do not apply", text)


class PinTest(unittest.TestCase):
    SMT = [("core0", [0, 4]), ("core1", [1, 5]), ("core2", [2, 6]), ("core3", [3, 7])]

    def test_one_thread_per_core_no_siblings(self):
        plan, rest, note = bench_pin.plan_pinning([101, 102], self.SMT, set(range(8)))
        self.assertEqual(plan, {101: 2, 102: 3})
        self.assertEqual(rest, [0, 1, 4, 5])
        self.assertTrue(note.startswith("pinned"))

    def test_too_few_cores(self):
        plan, rest, note = bench_pin.plan_pinning([1, 2, 3], self.SMT, {0, 4, 1, 5})
        self.assertIsNone(plan)
        self.assertIn("only 2 usable physical core", note)

    def test_affinity_mask_respected(self):
        plan, rest, _ = bench_pin.plan_pinning([7], self.SMT, {4, 5})
        self.assertEqual(plan, {7: 5})
        self.assertEqual(rest, [4])

    def test_hwloc_xml(self):
        xml = """<?xml version="1.0"?><topology><object type="Machine">
          <object type="Package" os_index="0">
            <object type="Core" os_index="0"><object type="PU" os_index="0"/>
              <object type="PU" os_index="2"/></object>
            <object type="Core" os_index="1"><object type="PU" os_index="1"/>
              <object type="PU" os_index="3"/></object>
          </object></object></topology>"""
        self.assertEqual(bench_pin.topology_from_hwloc_xml(xml),
                         [("core0", [0, 2]), ("core1", [1, 3])])


def bench_args(**kw):
    a = dict(cpus=1, kernel="k.elf", program="b/bench", module=[], select="all", kernel_args="",
             timeout=5, no_pin=True, model_plugin="build/tools/cyclemodel/cycles.so")
    a.update(kw)
    return argparse.Namespace(**a)


def model_file(regions, end=None):
    """A cycle model file: regions = [{cpu: (cycles per component, insns)}]."""
    lines = ["kestrel-cycle-model 1", "machine haswell", "components base special tlb",
             "counts insns cr3_writes"]
    for r, reg in enumerate(regions):
        for cpu, (cycles, insns) in sorted(reg.items()):
            lines.append("region %d cpu %d %s %d %d" % (r, cpu, " ".join("%.2f" % c for c in cycles),
                                                        insns, 2))
    lines.append("regions %d" % (len(regions) if end is None else end))
    return "\n".join(lines) + "\n"


class CpusTest(unittest.TestCase):
    LOG = TINY_LOG.replace('"slow":{},"slow_per_op":0.00},', '"slow":{},"slow_per_op":0.00},"cpus":2,')

    def test_icount_labels_sums_over_cpus(self):
        b = {x["name"]: x for x in gbench_of(self.LOG)["benchmarks"]}
        self.assertEqual(b["ipc_rtt/same_cpu"]["cpus"], 2)
        self.assertEqual(b["ipc_rtt/same_cpu"]["label"],
                         "per round trip, instructions summed over 2 CPUs")
        self.assertEqual((b["kcall_null"]["cpus"], b["kcall_null"]["label"]), (1, "per call"))
        table = rep.format_table(gbench_of(self.LOG), rep.EMBEDDED_ANCHORS)
        row = next(l for l in table.splitlines() if l.startswith("ipc_rtt/same_cpu"))
        self.assertTrue(row.endswith("sum of 2 CPUs"), row)
        self.assertIn("neither latency nor scaling", table)

    def test_wall_clock_modes_do_not(self):
        doc = gbench_of(self.LOG, "tcg")
        rtt = {x["name"]: x for x in doc["benchmarks"]}["ipc_rtt/same_cpu"]
        self.assertEqual(rtt["label"], "per round trip")
        self.assertNotIn("sum of", rep.format_table(doc, rep.EMBEDDED_ANCHORS))


class NoisyRunsTest(unittest.TestCase):
    def runs(self, *medians):
        out = []
        for m in medians:
            log = TINY_LOG.replace('"median":49896.00', '"median":%.2f' % m)
            out.append(rep.parse_guest_output(log))
        return out

    def test_merge_takes_the_median_and_keeps_the_spread(self):
        run = rep.merge_runs(self.runs(49896, 40000, 60000, 45000, 52000))
        rtt = run.results["ipc_rtt/same_cpu"]
        self.assertEqual(rtt["median"], 49896.0)
        self.assertEqual(rtt["runs"], [49896.0, 40000.0, 60000.0, 45000.0, 52000.0])
        self.assertEqual((rtt["min"], rtt["max"]), (27510.0, 82551.0))
        self.assertEqual(run.skipped(), {"ipc_rtt/cross_cpu": "needs >= 2 CPUs; guest has 1"})
        self.assertEqual(rep.check_guest_run(run), [])

    def test_json_and_table_mark_noise(self):
        run = rep.merge_runs(self.runs(40000, 60000, 50000))
        doc = rep.to_gbench(run, dict(CONTEXT, mode="tcg"))
        self.assertEqual(rep.validate_gbench(doc), [])
        rtt = {b["name"]: b for b in doc["benchmarks"]}["ipc_rtt/same_cpu"]
        self.assertEqual(rtt["runs"], 3)
        self.assertLess(rtt["spread_min"], rtt["real_time"])
        self.assertGreater(rtt["spread_max"], rtt["real_time"])
        self.assertIn("noisy: median of 3 runs", rtt["label"])
        table = rep.format_table(doc, rep.EMBEDDED_ANCHORS)
        self.assertIn("noisy: 3 runs", next(l for l in table.splitlines()
                                           if l.startswith("ipc_rtt/same_cpu")))

    def test_a_failure_in_any_run_fails(self):
        runs = self.runs(1, 2)
        bad = TINY_LOG.replace('ok 2 bench.ipc_rtt/same_cpu', 'not ok 2 bench.ipc_rtt/same_cpu # x')
        bad = bad.replace('"name":"ipc_rtt/same_cpu","unit"', '"name":"ipc_rtt/same_cpu","error":"x","unit"')
        runs.append(rep.parse_guest_output(bad))
        run = rep.merge_runs(runs)
        self.assertIn("benchmark ipc_rtt/same_cpu failed: not ok", rep.check_guest_run(run))

    def test_runner_boots_wall_clock_modes_five_times(self):
        self.assertEqual([bench.boots(m, 0) for m in ("kvm", "tcg", "icount", "model")],
                         [5, 5, 1, 1])
        self.assertEqual(bench.boots("tcg", 2), 2)


class ModelTest(unittest.TestCase):
    # TINY_LOG: kcall_null 3 reps of 1 iteration, ipc_rtt/same_cpu 3 reps of 2
    REGIONS = [{0: ([100, 50, 0], 150)}, {0: ([100, 60, 0], 150)}, {0: ([100, 200, 0], 150)},
               {0: ([800, 400, 100], 1000), 1: ([10, 0, 0], 20)},
               {0: ([800, 400, 300], 1000), 1: ([10, 0, 0], 20)},
               {0: ([800, 400, 200], 1000), 1: ([10, 0, 0], 20)}]

    def attached(self):
        run = rep.parse_guest_output(TINY_LOG)
        self.assertEqual(rep.attach_model(run, rep.parse_model(model_file(self.REGIONS))), [])
        return run

    def test_attach_median_means_and_cpus(self):
        run = self.attached()
        null = run.results["kcall_null"]["model"]
        self.assertEqual(null["cycles"], 160.0)             # median of 150, 160, 300
        self.assertEqual(null["cycles_special"], 103.33)    # mean
        self.assertEqual(null["insns_per_cpu"], {0: 150.0})
        rtt = run.results["ipc_rtt/same_cpu"]["model"]
        self.assertEqual(rtt["cycles"], 705.0)               # median of 655, 755, 705
        self.assertEqual(rtt["cr3_writes"], 2.0)            # 4 per region over 2 ops
        self.assertEqual(rtt["insns_per_cpu"], {0: 500.0, 1: 10.0})

    def test_json_and_table_carry_both_metrics(self):
        run = self.attached()
        doc = rep.to_gbench(run, dict(CONTEXT, mode="model"))
        self.assertEqual(rep.validate_gbench(doc), [])
        rtt = {b["name"]: b for b in doc["benchmarks"]}["ipc_rtt/same_cpu"]
        self.assertEqual((rtt["instructions"], rtt["real_time"]), (49896.0, 49896.0))
        self.assertEqual(rtt["modeled_cycles"], 705.0)
        self.assertEqual(rtt["modeled_cycles_tlb"], 100.0)
        self.assertEqual(rtt["model_insns"], 510.0)
        self.assertEqual((rtt["instructions_cpu0"], rtt["instructions_cpu1"]), (500.0, 10.0))
        table = rep.format_table(doc, rep.EMBEDDED_ANCHORS)
        self.assertIn(" cycles ", table.splitlines()[2])
        self.assertIn("705.0", next(l for l in table.splitlines() if l.startswith("ipc_rtt/same_cpu")))
        self.assertIn("| ", table)                         # the anchors apply, as under icount
        plain = rep.format_table(gbench_of(TINY_LOG), rep.EMBEDDED_ANCHORS)
        self.assertNotIn(" cycles ", plain.splitlines()[2])

    def test_region_count_must_match(self):
        run = rep.parse_guest_output(TINY_LOG)
        problems = rep.attach_model(run, rep.parse_model(model_file(self.REGIONS[:5])))
        self.assertEqual(problems, ["cycle model: 5 marked regions for 6 measured repetitions"])

    def test_malformed_files(self):
        for text in ("", "something else\n", model_file(self.REGIONS, end=4),
                     model_file(self.REGIONS).replace("regions 6\n", ""),
                     model_file(self.REGIONS).replace("region 1 cpu 0", "region 3 cpu 0")):
            with self.assertRaises(ValueError):
                rep.parse_model(text)

    def test_model_command(self):
        cmd = bench.qemu_command("model", bench_args(model_plugin="p/cycles.so"),
                                 model_path="/tmp/x.cycles")
        self.assertIn("shift=0,sleep=off", cmd)
        self.assertIn("%s,arg=out=/tmp/x.cycles" % os.path.abspath("p/cycles.so"), cmd)
        self.assertNotIn("-plugin", bench.qemu_command("icount", bench_args()))


class RunnerTest(unittest.TestCase):
    def test_qemu_commands(self):
        icount = bench.qemu_command("icount", bench_args())
        self.assertIn("shift=0,sleep=off", icount)
        self.assertIn(qemu.ANCHOR_CPU, icount)
        self.assertIn("bench=all", icount)
        kvm = bench.qemu_command("kvm", bench_args(cpus=2, select="quick,ipc*"), "/tmp/q")
        self.assertEqual(kvm[3:7], ["-accel", "kvm", "-cpu", "host"])
        self.assertEqual(kvm[-3:], ["-qmp", "unix:/tmp/q,server=on,wait=off", "-S"])
        self.assertEqual(kvm[kvm.index("-smp") + 1], "2")
        tcg = bench.qemu_command("tcg", bench_args(cpus=4, program="a,b/bench",
                                                   kernel_args="safecopy_cow=0"))
        self.assertIn("tcg,thread=multi", tcg)
        self.assertIn(qemu.ANCHOR_CPU, tcg)
        self.assertIn("a,,b/bench priv=system", tcg)   # SYSTEM by its boot-line mark
        self.assertEqual(tcg[tcg.index("-append") + 1], "bench=all safecopy_cow=0")
        more = bench.qemu_command("icount", bench_args(module=["b/latproc"]))
        self.assertEqual(more[more.index("-initrd") + 1],
                         "b/bench priv=system,b/latproc")   # --module: unmarked, USER

    def test_run_problems(self):
        run = rep.parse_guest_output(TINY_LOG)
        self.assertEqual(bench.run_problems(run, qemu.Outcome(1, False), TINY_LOG, 5), [])
        hung = bench.run_problems(run, qemu.Outcome(None, True), TINY_LOG, 5)
        self.assertEqual(hung[0], "guest hung: no power-off within 5 s")
        kvm = bench.run_problems(run, qemu.Outcome(None, False, "KVM internal error"),
                                 TINY_LOG, 5)
        self.assertIn("KVM could not run the guest", kvm[0])
        panic = TINY_LOG + "\n[0] PANIC on cpu 0: x\n"
        self.assertEqual(bench.run_problems(run, qemu.Outcome(3, False), panic, 5)[:2],
                         ["kernel panic: [0] PANIC on cpu 0: x", "QEMU ended: kernel panic"])

    def test_failed_run_keeps_latest(self):
        with tempfile.TemporaryDirectory() as d:
            good = bench.write_outputs({"run": 1}, d, "s1", "icount", good=True)
            bad = bench.write_outputs({"run": 2}, d, "s2", "icount", good=False)
            self.assertTrue(bad.endswith("s2-icount-failed.json"))
            with open(os.path.join(d, "latest.json")) as f:
                self.assertEqual(json.load(f), {"run": 1})
            self.assertTrue(os.path.isfile(good))


class PlotTest(unittest.TestCase):
    def _run(self, cpus, kargs="", mode="icount"):
        return ("x.json", {"context": {"mode": mode, "guest_cpus": cpus,
                                       "guest_cpus_online": cpus, "kernel_args": kargs},
                           "benchmarks": [{"name": "ctxsw", "real_time": 100.0 * cpus}]})

    def test_kernel_args_get_their_own_plots(self):
        self.assertEqual(plot_bench.variant(self._run(1)[1]), "")
        self.assertEqual(plot_bench.variant(self._run(1, "safecopy_cow=0 x y")[1]),
                         "-safecopy_cow=0_x_y")

    def test_throughput_compares_like_with_like(self):
        runs = [self._run(1, mode="tcg"), self._run(2, mode="tcg"),
                self._run(4, "safecopy_cow=0", mode="tcg"), self._run(8, mode="kvm")]
        s = plot_bench.throughput_series(runs, "tcg")
        self.assertEqual(s, {"ctxsw (guest CPUs)": [(1, 1e7), (2, 5e6)]})
        self.assertEqual(plot_bench.throughput_series(runs, "tcg", "safecopy_cow=0"), {})

    def test_no_throughput_from_instruction_counts(self):
        for mode in ("icount", "model"):
            runs = [self._run(1, mode=mode), self._run(2, mode=mode)]
            self.assertEqual(plot_bench.throughput_series(runs, mode), {})


class CompareTest(unittest.TestCase):
    def test_rows_and_warnings(self):
        a = gbench_of(TINY_LOG)
        b = json.loads(json.dumps(a))
        b["benchmarks"][0]["real_time"] = b["benchmarks"][0]["cpu_time"] = 1144.5
        rows = compare_simple.rows(a, b)
        self.assertEqual(rows[0][0], "kcall_null")
        self.assertAlmostEqual(rows[0][1], -0.5)
        self.assertEqual(rows[1][1], 0.0)
        self.assertEqual(compare_simple.warnings(a, b), [])
        b["context"]["mode"] = "model"          # instructions too: comparable
        b["context"]["host_cpu"] = "another"
        self.assertEqual(compare_simple.warnings(a, b), [])
        b["context"]["mode"] = "kvm"
        self.assertEqual(len(compare_simple.warnings(a, b)), 2)

    def test_compare_sh_piped_has_no_colour_codes(self):
        a = gbench_of(TINY_LOG)
        with tempfile.TemporaryDirectory() as d:
            paths = [os.path.join(d, n) for n in ("a.json", "b.json")]
            for p in paths:
                with open(p, "w") as f:
                    json.dump(a, f)
            out = subprocess.run([os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                               "compare.sh")] + paths,
                                 capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("kcall_null", out.stdout)
        self.assertNotIn("\x1b[", out.stdout)


if __name__ == "__main__":
    sys.exit(unittest_tap.main(sys.modules[__name__]))
