#!/usr/bin/env python3
"""tools/bench_pin.py -- vCPU placement for benchmark runs.

Owns: reading the host topology (hwloc's XML from lstopo, else sysfs), the
placement plan (each vCPU thread on its own physical core, never two on SMT
siblings, QEMU's other threads on the cores left over), a minimal QMP client
(query-cpus-fast for the vCPU thread ids, cont), and applying the plan with
sched_setaffinity.  Standard library only; the plan is a pure function.
"""

import glob
import json
import os
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from typing import Dict, List, Optional, Tuple

# One physical core: (id, [logical CPUs (PUs) on it]).
Core = Tuple[str, List[int]]


def topology_from_hwloc_xml(xml_text: str) -> List[Core]:
    """Cores and their PUs from `lstopo --of xml` output."""
    root = ET.fromstring(xml_text)
    cores, n = [], 0
    for obj in root.iter("object"):
        if obj.get("type") != "Core":
            continue
        pus = sorted(int(p.get("os_index")) for p in obj.iter("object")
                     if p.get("type") == "PU" and p.get("os_index") is not None)
        if pus:
            cores.append(("core%s" % obj.get("os_index", n), pus))
            n += 1
    return cores


def topology_from_sysfs(root: str = "/sys/devices/system/cpu") -> List[Core]:
    """Cores from sysfs (package id, core id) when hwloc is not installed."""
    groups: Dict[Tuple[str, str], List[int]] = {}
    for d in glob.glob(os.path.join(root, "cpu[0-9]*")):
        cpu = int(os.path.basename(d)[3:])
        try:
            with open(os.path.join(d, "topology", "core_id")) as f:
                core = f.read().strip()
            with open(os.path.join(d, "topology", "physical_package_id")) as f:
                pkg = f.read().strip()
        except OSError:
            core, pkg = str(cpu), "0"
        groups.setdefault((pkg, core), []).append(cpu)
    return [("pkg%s-core%s" % k, sorted(v)) for k, v in sorted(groups.items(),
                                                                 key=lambda kv: min(kv[1]))]


def host_topology() -> Tuple[List[Core], str]:
    """(cores, source): hwloc when its tools are installed, else sysfs."""
    for tool in ("lstopo-no-graphics", "lstopo", "hwloc-ls"):
        try:
            out = subprocess.run([tool, "--of", "xml", "-"], capture_output=True,
                                 text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0:
            try:
                cores = topology_from_hwloc_xml(out.stdout)
            except ET.ParseError:
                continue
            if cores:
                return cores, "hwloc (%s)" % tool
    return topology_from_sysfs(), "sysfs"


def plan_pinning(vcpu_threads: List[int], cores: List[Core],
                 allowed: set) -> Tuple[Optional[Dict[int, int]], List[int], str]:
    """Where each vCPU thread goes.

    vcpu_threads: distinct thread ids (several vCPUs may share one thread,
    e.g. single-threaded TCG under icount).  Only PUs in `allowed` are used;
    a core counts if one of its PUs is allowed, and only its first allowed
    PU is used (so no two threads share a core through SMT siblings).
    vCPU threads take the last cores (core 0 keeps the host's noise), the
    rest of QEMU gets the remaining cores' PUs.

    Returns (thread -> PU or None, PUs for QEMU's other threads, note).
    """
    usable = [(cid, [p for p in pus if p in allowed]) for cid, pus in cores]
    usable = [(cid, pus) for cid, pus in usable if pus]
    if len(usable) < len(vcpu_threads):
        return None, [], ("not pinned: %d vCPU thread(s) but only %d usable physical core(s)"
                          % (len(vcpu_threads), len(usable)))
    chosen = usable[len(usable) - len(vcpu_threads):]
    plan = {tid: pus[0] for tid, (cid, pus) in zip(vcpu_threads, chosen)}
    rest = sorted(p for cid, pus in usable[:len(usable) - len(vcpu_threads)] for p in pus)
    note = "pinned: each vCPU thread on its own physical core"
    if not rest:
        note += "; no core left for QEMU's other threads"
    return plan, rest, note


class QMP:
    """Just enough QMP: connect, negotiate, execute."""

    def __init__(self, path: str, timeout: float = 10.0, alive=lambda: True):
        """Connects to the socket at path, waiting for QEMU to create it for
        up to timeout seconds, and not at all once alive() is false."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.settimeout(timeout)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline or not alive():
                    raise
                time.sleep(0.05)
        self.file = self.sock.makefile("rwb")
        self._read()                                  # greeting
        self.execute("qmp_capabilities")

    def _read(self) -> dict:
        while True:
            line = self.file.readline()
            if not line:
                raise OSError("QMP connection closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def execute(self, command: str):
        self.file.write(json.dumps({"execute": command}).encode() + b"\n")
        self.file.flush()
        msg = self._read()
        if "error" in msg:
            raise OSError("QMP %s: %s" % (command, msg["error"].get("desc", msg["error"])))
        return msg.get("return")

    def close(self):
        try:
            self.file.close()
            self.sock.close()
        except OSError:
            pass


def process_threads(pid: int) -> List[int]:
    try:
        return sorted(int(t) for t in os.listdir("/proc/%d/task" % pid))
    except OSError:
        return []


def pin_qemu(qmp: QMP, qemu_pid: int, enabled: bool = True) -> dict:
    """Reads the vCPU threads over QMP and pins them (and QEMU's other
    threads) per plan_pinning.  Returns the placement record for the JSON
    context; never raises for a pinning problem (the run goes on unpinned)."""
    record = {"status": "not pinned", "vcpus": []}
    try:
        cpus = qmp.execute("query-cpus-fast")
    except OSError as e:
        record["status"] = "not pinned: %s" % e
        return record
    vcpus = [(c.get("cpu-index"), c.get("thread-id")) for c in cpus]
    threads = sorted({t for _, t in vcpus if t})
    cores, source = host_topology()
    record["topology_source"] = source
    record["host_cores"] = len(cores)
    if len(threads) < len(vcpus):
        record["note"] = "%d vCPUs share %d thread(s) (single-threaded TCG)" % (
            len(vcpus), len(threads))
    if not enabled:
        record["status"] = "not pinned: disabled (--no-pin)"
        record["vcpus"] = [{"vcpu": i, "thread_id": t} for i, t in vcpus]
        return record
    plan, rest, note = plan_pinning(threads, cores, os.sched_getaffinity(0))
    record["status"] = note
    if "note" in record:        # the summary line must not read as one core per vCPU
        record["status"] = "%s; %s" % (note, record["note"])
    if plan is None:
        record["vcpus"] = [{"vcpu": i, "thread_id": t} for i, t in vcpus]
        return record
    try:
        for tid, pu in plan.items():
            os.sched_setaffinity(tid, {pu})
        if rest:
            for tid in process_threads(qemu_pid):
                if tid not in plan:
                    os.sched_setaffinity(tid, set(rest))
    except OSError as e:
        record["status"] = "not pinned: sched_setaffinity failed: %s" % e
        return record
    core_of = {p: cid for cid, pus in cores for p in pus}
    record["vcpus"] = [{"vcpu": i, "thread_id": t, "host_cpu": plan.get(t),
                        "core": core_of.get(plan.get(t))} for i, t in vcpus]
    record["other_threads_cpus"] = rest
    return record


def host_caches() -> List[dict]:
    """Google Benchmark's context.caches, from hwloc (empty without it)."""
    try:
        out = subprocess.run(["lstopo-no-graphics", "--of", "xml", "-"], capture_output=True,
                             text=True, timeout=30)
        root = ET.fromstring(out.stdout)
    except (OSError, subprocess.TimeoutExpired, ET.ParseError):
        return []
    seen, caches = set(), []
    kinds = {"0": "Unified", "1": "Data", "2": "Instruction"}
    for obj in root.iter("object"):
        t = obj.get("type", "")
        if not (t.startswith("L") and t.endswith("Cache")):
            continue
        level = int(obj.get("depth", t[1]))
        kind = kinds.get(obj.get("cache_type", "0"), "Unified")
        pus = sum(1 for p in obj.iter("object") if p.get("type") == "PU")
        key = (level, kind, int(obj.get("cache_size", 0)), pus)
        if key not in seen:
            seen.add(key)
            caches.append({"type": kind, "level": level, "size": key[2], "num_sharing": pus})
    return sorted(caches, key=lambda c: (c["level"], c["type"]))
