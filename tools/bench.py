#!/usr/bin/env python3
"""tools/bench.py -- run Kestrel's benchmark suite under QEMU (`make bench`).

Owns: choosing the measurement mode, booting the kernel with the `bench`
module, pinning the vCPU threads, collecting the results, writing Google
Benchmark JSON (build/bench/<date>-<mode>.json and latest.json), printing
the table with the reference numbers, and drawing the plots
(tools/plot_bench.py).  Parsing, JSON and the table: tools/bench_report.py;
placement: tools/bench_pin.py.  Standard library only.

Usage:
    tools/bench.py [--mode auto|kvm|icount|tcg] [--cpus N] [--select ITEMS]
                   [--kernel build/kernel.elf] [--program build/bench/bench]
                   [--out build/bench] [--anchors DIR] [--timeout S]
                   [--no-pin] [--no-plot] [--parse LOG] [--canary PROGRAM]

Modes (the QEMU side of each: tools/qemu.py):
    kvm     -accel kvm -cpu host: real cycles (TSC), converted to ns
    icount  -accel tcg -icount shift=0,sleep=off, Haswell-noTSX CPU as the
            anchors: deterministic guest instructions (1 per virtual ns)
    tcg     -accel tcg,thread=multi: host TSC cycles under emulation (wall
            clock, noisy, only for SMP runs that icount cannot do in parallel)
    auto    kvm when the KVM canary runs (tools/qemu.py), else icount with
            one line saying why; an explicit kvm that fails is an error
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
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bench_boot(args) -> qemu.Boot:
    """The benchmark boot: the bench program and the --module programs it
    uses (unmarked: USER), the anchors' CPU model under TCG; kernel_args
    (e.g. safecopy_cow=0) follow bench=."""
    modules = [(args.program, qemu.BENCH_MARK)] + [(m, "") for m in args.module]
    return qemu.Boot(kernel=args.kernel, modules=modules, cpus=args.cpus,
                     cmdline=("bench=%s %s" % (args.select, args.kernel_args)).strip(),
                     cpu_model=qemu.ANCHOR_CPU)


def qemu_command(mode: str, args, qmp_path: str = None) -> list:
    """The QEMU command line; with qmp_path it starts paused (-S) for pinning."""
    boot = bench_boot(args)
    if qmp_path:
        boot.extra += ["-qmp", "unix:%s,server=on,wait=off" % qmp_path, "-S"]
    return qemu.command(boot, mode)


def run_guest(mode, args, log_path):
    """Boots once; returns (qemu.Outcome, pinning record)."""
    qmp_dir = tempfile.mkdtemp(prefix="kestrel-bench-")
    qmp_path = os.path.join(qmp_dir, "qmp.sock")
    cmd = qemu_command(mode, args, qmp_path)
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Run the Kestrel benchmark suite under QEMU.")
    ap.add_argument("--mode", choices=("auto", "kvm", "icount", "tcg"), default="auto")
    ap.add_argument("--cpus", type=int, default=1)
    ap.add_argument("--select", default="all", help="the guest's bench= value")
    ap.add_argument("--kernel-args", default="", help="more kernel options, e.g. safecopy_cow=0")
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--program", default="build/bench/bench")
    ap.add_argument("--module", action="append", default=[],
                    help="another boot module, unmarked (bench/latproc for the process benchmarks)")
    ap.add_argument("--out", default="build/bench")
    ap.add_argument("--anchors", default=os.path.join(os.path.dirname(REPO), "shared", "anchors"))
    ap.add_argument("--timeout", type=int, default=300, help="seconds per boot")
    ap.add_argument("--no-pin", action="store_true")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--parse", metavar="LOG", help="build the JSON from a saved serial log")
    ap.add_argument("--canary", default="build/tools/canary",
                    help="the KVM canary program (tools/qemu.py)")
    args = ap.parse_args(argv)
    if args.cpus < 1:
        ap.error("--cpus must be >= 1")
    args.select = args.select.strip() or "all"
    if " " in args.select:
        ap.error("--select: no blanks (separate items with ',')")
    os.makedirs(args.out, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    anchors = rep.load_anchors(args.anchors)

    if args.parse:
        mode = args.mode if args.mode != "auto" else "icount"
        text, out, pinning = qemu.read_log(args.parse), qemu.Outcome(RC_CLEAN, False), \
            {"status": "not pinned: parsed from a log"}
    else:
        for path in (args.kernel, args.program):
            if not os.path.isfile(path):
                print("bench: %s not found (make kernel userland)" % path)
                return 1
        try:
            mode = qemu.choose(args.mode, "icount", args.kernel, args.canary, args.out, "bench")
        except qemu.AccelError as e:
            print("bench: %s" % e)
            return 2
        log_path = os.path.join(args.out, "%s-%s.log" % (stamp, mode))
        out, pinning = run_guest(mode, args, log_path)
        text = qemu.read_log(log_path)
        print("bench: serial log %s" % log_path)
    cmd = qemu_command(mode, args)

    run = rep.parse_guest_output(text)
    problems = run_problems(run, out, text, args.timeout)
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
