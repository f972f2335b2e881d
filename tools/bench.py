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
                   [--no-pin] [--no-plot] [--parse LOG]

Modes:
    kvm     -accel kvm -cpu host: real cycles (TSC), converted to ns
    icount  -accel tcg -icount shift=0,sleep=off, Haswell-noTSX CPU as the
            anchors: deterministic guest instructions (1 per virtual ns)
    tcg     -accel tcg,thread=multi: host TSC cycles under emulation (wall
            clock, noisy, only for SMP runs that icount cannot do in parallel)
    auto    kvm when /dev/kvm is usable, else icount
A KVM that cannot run the guest (/dev/kvm missing, "KVM internal error",
"emulation failure", "failed to initialize kvm") gets one line saying so
and the run falls back to icount.

--select is the guest's `bench=` value: names, `prefix*`, `all`, plus the
words quick / tiny / force (lib/libbench/include/bench.h).
Exit status: 0 when every selected benchmark ran or skipped, 1 otherwise.
"""

import argparse
import datetime
import json
import os
import shlex
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

QEMU = "qemu-system-i386"
ICOUNT_CPU = "Haswell-noTSX,-pcid,-x2apic,-tsc-deadline,-xsave,-invpcid"
KVM_FAILURE_MARKERS = ("KVM internal error", "emulation failure", "failed to initialize kvm",
                       "Could not access KVM kernel module")
RC_CLEAN = 1        # isa-debug-exit: the kernel powered off with status 0
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def accel_args(mode: str, cpus: int) -> list:
    if mode == "kvm":
        return ["-accel", "kvm", "-cpu", "host"]
    if mode == "icount":
        return ["-accel", "tcg", "-icount", "shift=0,sleep=off", "-cpu", ICOUNT_CPU]
    if mode == "tcg":
        return ["-accel", "tcg,thread=multi", "-cpu", ICOUNT_CPU]
    raise ValueError("unknown mode %r" % mode)


def qemu_command(mode: str, cpus: int, kernel: str, program: str, select: str,
                 qmp_path: str = None, kernel_args: str = "") -> list:
    """The QEMU command line; with qmp_path it starts paused (-S) for pinning.
    kernel_args: more kernel options after bench= (e.g. safecopy_cow=0)."""
    cmd = [QEMU, "-machine", "pc"] + accel_args(mode, cpus)
    cmd += ["-m", "256", "-smp", str(cpus), "-display", "none", "-monitor", "none",
            "-serial", "stdio", "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-kernel", kernel, "-append", ("bench=%s %s" % (select, kernel_args)).strip(),
            "-initrd", program.replace(",", ",,")]
    if qmp_path:
        cmd += ["-qmp", "unix:%s,server=on,wait=off" % qmp_path, "-S"]
    return cmd


def kvm_usable() -> str:
    """'' when /dev/kvm can be opened read-write, else why not."""
    try:
        fd = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
    except OSError as e:
        return "/dev/kvm: %s" % (e.strerror or e)
    os.close(fd)
    return ""


def kvm_failure(log: str) -> str:
    """The first line of log showing that KVM cannot run this guest, or ''."""
    for line in log.splitlines():
        if any(m in line for m in KVM_FAILURE_MARKERS):
            return line.strip()
    return ""


def read_text(path: str) -> str:
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def wait_guest(p, log_path: str, mode: str, timeout: int):
    """Waits for QEMU to end: (exit status, timed out).  Under KVM it also
    watches the log: a KVM that cannot emulate the guest leaves QEMU paused
    instead of exiting, so QEMU is stopped as soon as a marker shows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return p.wait(timeout=0.25), False
        except subprocess.TimeoutExpired:
            pass
        if mode == "kvm" and kvm_failure(read_text(log_path)):
            p.kill()
            return p.wait(), False
    p.kill()
    p.wait()
    return None, True


def run_guest(mode, args, log_path):
    """Boots once; returns (qemu exit status or None, timed out, pinning record)."""
    qmp_dir = tempfile.mkdtemp(prefix="kestrel-bench-")
    qmp_path = os.path.join(qmp_dir, "qmp.sock")
    cmd = qemu_command(mode, args.cpus, args.kernel, args.program, args.select, qmp_path,
                       args.kernel_args)
    print("bench: %s" % " ".join(shlex.quote(c) for c in cmd), flush=True)
    pinning = {"status": "not pinned"}
    try:
        with open(log_path, "wb") as log:
            try:
                p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                     stderr=subprocess.STDOUT)
            except OSError as e:
                print("bench: cannot start %s: %s (tools/deps.sh run)" % (QEMU, e))
                return None, False, pinning
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
            return wait_guest(p, log_path, mode, args.timeout) + (pinning,)
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
        "qemu_version": (_run_out([QEMU, "--version"]).splitlines() or ["unknown"])[0],
        "qemu_command": " ".join(shlex.quote(c) for c in cmd),
        "kernel": args.kernel,
        "bench_select": args.select,
        "kernel_args": args.kernel_args,
        "pinning": pinning,
    }


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def choose_mode(requested: str) -> str:
    if requested in ("auto", "kvm"):
        why = kvm_usable()
        if not why:
            return "kvm"
        if requested == "kvm":
            print("bench: KVM unusable here (%s): falling back to icount" % why, flush=True)
        else:
            print("bench: no usable KVM (%s): using icount" % why, flush=True)
        return "icount"
    return requested


def write_outputs(doc: dict, out_dir: str, stamp: str, mode: str) -> str:
    path = os.path.join(out_dir, "%s-%s.json" % (stamp, mode))
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    shutil.copyfile(path, os.path.join(out_dir, "latest.json"))
    return path


def plot(out_dir: str) -> None:
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plot_bench.py")
    subprocess.run([sys.executable, script, "--dir", out_dir], check=False)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Run the Kestrel benchmark suite under QEMU.")
    ap.add_argument("--mode", choices=("auto", "kvm", "icount", "tcg"), default="auto")
    ap.add_argument("--cpus", type=int, default=1)
    ap.add_argument("--select", default="all", help="the guest's bench= value")
    ap.add_argument("--kernel-args", default="", help="more kernel options, e.g. safecopy_cow=0")
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--program", default="build/bench/bench")
    ap.add_argument("--out", default="build/bench")
    ap.add_argument("--anchors", default=os.path.join(os.path.dirname(REPO), "shared", "anchors"))
    ap.add_argument("--timeout", type=int, default=300, help="seconds per boot")
    ap.add_argument("--no-pin", action="store_true")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--parse", metavar="LOG", help="build the JSON from a saved serial log")
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
        text, rc, timed_out, pinning, cmd = read_text(args.parse), RC_CLEAN, False, \
            {"status": "not pinned: parsed from a log"}, []
    else:
        for path in (args.kernel, args.program):
            if not os.path.isfile(path):
                print("bench: %s not found (make kernel userland)" % path)
                return 1
        mode = choose_mode(args.mode)
        log_path = os.path.join(args.out, "%s-%s.log" % (stamp, mode))
        rc, timed_out, pinning = run_guest(mode, args, log_path)
        text = read_text(log_path)
        why = kvm_failure(text) if mode == "kvm" else ""
        if why:
            print("bench: KVM unusable here (%s): falling back to icount" % why, flush=True)
            mode = "icount"
            log_path = os.path.join(args.out, "%s-%s.log" % (stamp, mode))
            rc, timed_out, pinning = run_guest(mode, args, log_path)
            text = read_text(log_path)
        cmd = qemu_command(mode, args.cpus, args.kernel, args.program, args.select,
                           kernel_args=args.kernel_args)
        print("bench: serial log %s" % log_path)

    run = rep.parse_guest_output(text)
    problems = rep.check_guest_run(run)
    if timed_out:
        problems.insert(0, "guest hung: no power-off within %d s" % args.timeout)
    elif rc != RC_CLEAN:
        problems.insert(0, "QEMU exited with status %s (1 = clean power-off)" % rc)
    if "PANIC" in text:
        problems.insert(0, "kernel panic: %s" % next(l for l in text.splitlines() if "PANIC" in l))
    if "not privileged" in text or any("boot_privs" in e for e in run.errors().values()):
        problems.append("the bench module needs { \"bench\", PRIV_CLASS_SYSTEM } in "
                        "kernel/boot_privs.c")

    context = base_context(args, mode, args.mode, pinning, cmd)
    context["anchors_source"] = anchors["source"]
    doc = rep.to_gbench(run, context)
    doc["context"]["problems"] = problems
    bad = rep.validate_gbench(doc)
    path = write_outputs(doc, args.out, stamp, mode)
    print()
    print(rep.format_table(doc, anchors))
    print("pinning: %s" % pinning.get("status"))
    print("JSON: %s (and %s)" % (path, os.path.join(args.out, "latest.json")))
    if not args.no_plot:
        plot(args.out)
    for p in problems + ["JSON: " + b for b in bad]:
        print("bench: FAIL %s" % p)
    return 1 if problems or bad else 0


if __name__ == "__main__":
    sys.exit(main())
