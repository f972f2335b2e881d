#!/usr/bin/env python3
"""tools/bench.py -- run Kestrel's benchmark suite under QEMU (`make bench`).

Owns: choosing the measurement mode, booting the kernel with the `bench`
module, pinning the vCPU threads, collecting the results, writing Google
Benchmark JSON (build/bench/<date>-<mode>.json and latest.json), printing
the table with the reference numbers, and drawing the plots
(tools/plot_bench.py).  Parsing, JSON and the table: tools/bench_report.py;
placement: tools/bench_pin.py.  Standard library only.

Usage:
    tools/bench.py [--mode auto|kvm|icount|tcg|model] [--cpus N] [--select ITEMS]
                   [--kernel build/kernel.elf] [--program build/bench/bench]
                   [--out build/bench] [--anchors DIR] [--timeout S]
                   [--no-pin] [--no-plot] [--parse LOG] [--canary PROGRAM]
                   [--model-plugin build/tools/cyclemodel/cycles.so] [--runs N]

Modes (the QEMU side of each: tools/qemu.py):
    kvm     -accel kvm -cpu host: real cycles (TSC), converted to ns
    icount  -accel tcg -icount shift=0,sleep=off, Haswell-noTSX CPU as the
            anchors: deterministic guest instructions (1 per virtual ns)
    tcg     -accel tcg,thread=multi: host TSC cycles under emulation (wall
            clock, noisy, only for SMP runs that icount cannot do in parallel)
    model   icount with the cycle model plugin (docs/cycle_model.md):
            instructions and modeled cycles per operation, both exact;
            the model's file is kept as <date>-model.cycles
    auto    kvm when the KVM canary runs (tools/qemu.py), else icount with
            one line saying why; an explicit kvm that fails is an error
The wall-clock modes (kvm, tcg) boot --runs times (default 5) and report
the median of the boots' medians with their spread; icount and model are
deterministic and boot once.
A failed run (a benchmark failed, a panic, a hang) keeps latest.json as the
last good run and writes its own JSON as <date>-<mode>-failed.json.

--select is the guest's `bench=` value: names, `prefix*`, `all`, plus the
words quick / tiny / force (lib/libbench/include/bench.h).
Exit status: 0 when every selected benchmark ran or skipped, 1 otherwise,
2 when the accelerator asked for cannot be used.
"""

import argparse
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True     # keep tools/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_pin  # noqa: E402
import bench_report as rep  # noqa: E402
import qemu  # noqa: E402

RC_CLEAN = qemu.RC_CLEAN
NOISY_RUNS = 5          # boots of a wall-clock mode (tcg, kvm): the median and the spread
BOOT_TIMEOUT = 300      # seconds a boot may take
MODEL_BOOT_TIMEOUT = 1800   # the same under the cycle model (a callback per instruction)
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bench_boot(args) -> qemu.Boot:
    """The benchmark boot: the bench program and the --module programs it
    uses (unmarked: USER), the anchors' CPU model under TCG; kernel_args
    (e.g. safecopy_cow=0) follow bench=."""
    modules = [(args.program, qemu.BENCH_MARK)] + [(m, "") for m in args.module]
    return qemu.Boot(kernel=args.kernel, modules=modules, cpus=args.cpus,
                     cmdline=("bench=%s %s" % (args.select, args.kernel_args)).strip(),
                     cpu_model=qemu.ANCHOR_CPU)


def qemu_command(mode: str, args, qmp_path: str = None, model_path: str = None) -> list:
    """The QEMU command line; with qmp_path it starts paused (-S) for
    pinning.  model is icount with the cycle model plugin writing model_path."""
    boot = bench_boot(args)
    if mode == "model":
        boot.extra += ["-plugin", "%s,arg=out=%s" % (os.path.abspath(args.model_plugin),
                                                     model_path or "cycles.model")]
    if qmp_path:
        boot.extra += ["-qmp", "unix:%s,server=on,wait=off" % qmp_path, "-S"]
    return qemu.command(boot, "icount" if mode == "model" else mode)


def run_guest(mode, args, log_path, model_path=None):
    """Boots once; returns (qemu.Outcome, pinning record)."""
    qmp_dir = tempfile.mkdtemp(prefix="kestrel-bench-")
    qmp_path = os.path.join(qmp_dir, "qmp.sock")
    cmd = qemu_command(mode, args, qmp_path, model_path)
    print("bench: %s" % qemu.quote(cmd), flush=True)
    pinning = {"status": "not pinned"}

    def pin_and_go(p):
        nonlocal pinning
        qmp = None
        try:
            qmp = bench_pin.QMP(qmp_path, alive=lambda: p.poll() is None)
            pinning = bench_pin.pin_qemu(qmp, p.pid, enabled=not args.no_pin)
            qmp.execute("cont")
        except (OSError, ValueError) as e:
            pinning = {"status": "not pinned: QMP: %s" % e}
            if p.poll() is None:
                p.kill()        # still paused (-S): it would never run
        finally:
            if qmp:
                qmp.close()

    try:
        return qemu.run(cmd, log_path, args.timeout, watch_kvm=(mode == "kvm"),
                        started=pin_and_go, label="bench"), pinning
    finally:
        shutil.rmtree(qmp_dir, ignore_errors=True)


# --------------------------------------------------------------------------
# Host facts for the JSON context
# --------------------------------------------------------------------------

def _cpuinfo_field(name: str) -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k.strip() == name:
                    return v.strip()
    except OSError:
        pass
    return ""


def _run_out(cmd) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30,
                              cwd=REPO).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def git_commit() -> str:
    commit = _run_out(["git", "rev-parse", "--short=12", "HEAD"]) or "unknown"
    if _run_out(["git", "status", "--porcelain", "--untracked-files=no"]):
        commit += "-dirty"
    return commit


def cpu_scaling_enabled() -> bool:
    gov = "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"
    try:
        with open(gov) as f:
            return f.read().strip() != "performance"
    except OSError:
        return False


def base_context(args, mode: str, requested: str, pinning: dict, cmd: list) -> dict:
    try:
        mhz = int(round(float(_cpuinfo_field("cpu MHz"))))
    except ValueError:
        mhz = 0
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "host_name": socket.gethostname(),
        "executable": args.program,
        "num_cpus": os.cpu_count(),
        "mhz_per_cpu": mhz,
        "cpu_scaling_enabled": cpu_scaling_enabled(),
        "caches": bench_pin.host_caches(),
        "load_avg": list(os.getloadavg()),
        "library_build_type": "release",
        "mode": mode,
        "mode_requested": requested,
        "guest_cpus": args.cpus,
        "host_cpu": _cpuinfo_field("model name") or "unknown",
        "commit": git_commit(),
        "qemu_version": (_run_out([qemu.QEMU, "--version"]).splitlines() or ["unknown"])[0],
        "qemu_command": qemu.quote(cmd),
        "kernel": args.kernel,
        "bench_select": args.select,
        "kernel_args": args.kernel_args,
        "pinning": pinning,
    }


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def write_outputs(doc: dict, out_dir: str, stamp: str, mode: str, good: bool) -> str:
    """Writes the run's JSON; a good run also becomes latest.json, a failed
    one is kept beside it as <stamp>-<mode>-failed.json and latest.json
    stays the last good result."""
    path = os.path.join(out_dir, "%s-%s%s.json" % (stamp, mode, "" if good else "-failed"))
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    if good:
        shutil.copyfile(path, os.path.join(out_dir, "latest.json"))
    return path


def plot(out_dir: str) -> None:
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plot_bench.py")
    subprocess.run([sys.executable, script, "--dir", out_dir], check=False)


def run_problems(run, out: "qemu.Outcome", text: str, timeout: int) -> list:
    """Everything wrong with a finished run, the way it ended first."""
    problems = rep.check_guest_run(run)
    if out.kvm_failure:
        problems.insert(0, "KVM could not run the guest: %s" % out.kvm_failure)
    elif out.timed_out:
        problems.insert(0, "guest hung: no power-off within %d s" % timeout)
    elif out.rc != RC_CLEAN:
        problems.insert(0, "QEMU ended: %s" % qemu.describe_exit(out.rc))
    panic = next((l.strip() for l in text.splitlines() if "PANIC" in l), None)
    if panic:
        problems.insert(0, "kernel panic: %s" % panic)
    return problems


def boots(mode: str, runs: int) -> int:
    """How many boots a run takes: --runs, else NOISY_RUNS for the
    wall-clock modes and one for the deterministic ones."""
    return runs or (1 if rep.counts_instructions(mode) else NOISY_RUNS)


def model_problems(run, path) -> list:
    """Reads the cycle model's file into run (bench_report.attach_model);
    what went wrong, if anything."""
    if not path:
        return ["cycle model: no model file (--model-file with --parse)"]
    try:
        with open(path) as f:
            model = rep.parse_model(f.read())
    except (OSError, ValueError) as e:
        return ["cycle model: %s: %s" % (path, e)]
    print("bench: cycle model %s (%s machine)" % (path, model.machine))
    return rep.attach_model(run, model)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Run the Kestrel benchmark suite under QEMU.")
    ap.add_argument("--mode", choices=("auto", "kvm", "icount", "tcg", "model"), default="auto")
    ap.add_argument("--cpus", type=int, default=1)
    ap.add_argument("--select", default="all", help="the guest's bench= value")
    ap.add_argument("--kernel-args", default="", help="more kernel options, e.g. safecopy_cow=0")
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--program", default="build/bench/bench")
    ap.add_argument("--module", action="append", default=[],
                    help="another boot module, unmarked (bench/latproc for the process benchmarks)")
    ap.add_argument("--out", default="build/bench")
    ap.add_argument("--anchors", default=os.path.join(os.path.dirname(REPO), "shared", "anchors"))
    ap.add_argument("--timeout", type=int, default=0,
                    help="seconds per boot (default %d; %d under model, which is slower)"
                    % (BOOT_TIMEOUT, MODEL_BOOT_TIMEOUT))
    ap.add_argument("--no-pin", action="store_true")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--parse", metavar="LOG", help="build the JSON from a saved serial log")
    ap.add_argument("--canary", default="build/tools/canary",
                    help="the KVM canary program (tools/qemu.py)")
    ap.add_argument("--model-plugin", default="build/tools/cyclemodel/cycles.so",
                    help="the cycle model plugin (--mode model)")
    ap.add_argument("--runs", type=int, default=0,
                    help="boots to take the median of (default: %d under kvm and tcg, "
                         "1 under icount and model)" % NOISY_RUNS)
    ap.add_argument("--model-file", metavar="FILE",
                    help="with --parse: the cycle model's file of that run")
    args = ap.parse_args(argv)
    if args.cpus < 1:
        ap.error("--cpus must be >= 1")
    if args.runs < 0:
        ap.error("--runs must be >= 0")
    args.timeout = args.timeout or (MODEL_BOOT_TIMEOUT if args.mode == "model" else BOOT_TIMEOUT)
    args.select = args.select.strip() or "all"
    if " " in args.select:
        ap.error("--select: no blanks (separate items with ',')")
    os.makedirs(args.out, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    anchors = rep.load_anchors(args.anchors)

    model_path = args.model_file
    if args.parse:
        mode = args.mode if args.mode != "auto" else "icount"
        text, out, pinning = qemu.read_log(args.parse), qemu.Outcome(RC_CLEAN, False), \
            {"status": "not pinned: parsed from a log"}
    else:
        needed = [args.kernel, args.program] + ([args.model_plugin] if args.mode == "model" else [])
        for path in needed:
            if not os.path.isfile(path):
                print("bench: %s not found (make kernel userland model-plugin)" % path)
                return 1
        try:
            mode = "model" if args.mode == "model" else \
                qemu.choose(args.mode, "icount", args.kernel, args.canary, args.out, "bench")
        except qemu.AccelError as e:
            print("bench: %s" % e)
            return 2
        if mode == "model":
            model_path = os.path.join(args.out, "%s-model.cycles" % stamp)
        runs = boots(mode, args.runs)
        guest_runs, problems = [], []
        for i in range(runs):
            log_path = os.path.join(args.out, "%s-%s%s.log" % (
                stamp, mode, "-run%d" % (i + 1) if runs > 1 else ""))
            out, pinning = run_guest(mode, args, log_path, model_path)
            text = qemu.read_log(log_path)
            print("bench: serial log %s" % log_path)
            guest_runs.append(rep.parse_guest_output(text))
            problems += ["%s%s" % ("run %d: " % (i + 1) if runs > 1 else "", p)
                         for p in run_problems(guest_runs[-1], out, text, args.timeout)]
    cmd = qemu_command(mode, args, model_path=model_path)

    if args.parse:
        run = rep.parse_guest_output(text)
        problems = run_problems(run, out, text, args.timeout)
    else:
        run = guest_runs[0] if len(guest_runs) == 1 else rep.merge_runs(guest_runs)
    if mode == "model":
        problems += model_problems(run, model_path)
    context = base_context(args, mode, args.mode, pinning, cmd)
    context["anchors_source"] = anchors["source"]
    doc = rep.to_gbench(run, context)
    doc["context"]["problems"] = problems
    problems += ["JSON: " + b for b in rep.validate_gbench(doc)]
    path = write_outputs(doc, args.out, stamp, mode, good=not problems)
    print()
    if doc["benchmarks"]:
        print(rep.format_table(doc, anchors))
    print("pinning: %s" % pinning.get("status"))
    if problems:
        print("JSON of this failed run: %s; %s still holds the last good run"
              % (path, os.path.join(args.out, "latest.json")))
        for p in problems:
            print("bench: FAIL %s" % p)
        return 1
    print("JSON: %s (and %s)" % (path, os.path.join(args.out, "latest.json")))
    if not args.no_plot:
        plot(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
