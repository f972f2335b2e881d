/*
 * tools/hostbench/hb_sched.c - the scheduler's hot paths on the host:
 * priority-bitmap scans (kernel/lib/bitmap.h), the MLFQ policy's pick,
 * enqueue + dequeue and IPC hand-off (kernel/sched_mlfq.c, called through
 * its policy table as the kernel does), and the cross-CPU wake: Kestrel
 * has no per-CPU inbox; a wake from another CPU takes the target CPU's
 * lock (smp/cpulock.c, ticket lock of smp/spinlock.h) and enqueues
 * directly.  xcpu/wake measures that uncontended on one thread;
 * xcpu/pingpong with a second thread as the target CPU's owner, so the
 * lock, queue and process lines move between two host cores.
 */
#include <string.h>
#include "kernel/lib/bitmap.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"
#include "hb_env.h"
#include "hostbench.h"

#define FRAMES	65536u		/* 256 MiB of frames: the frame allocator's map */

static uint32_t notify_map[BITMAP_WORDS(NOTIFY_SOURCES)];
static uint32_t frame_map[BITMAP_WORDS(FRAMES)];

/* ---- bitmaps ----------------------------------------------------------- */

/* A notification pending from the last source only: the longest scan. */
static void setup_first_set(void)
{
	memset(notify_map, 0, sizeof(notify_map));
	bitmap_set(notify_map, NOTIFY_SOURCES - 1);
}

static void run_first_set(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		HB_KEEP(bitmap_find_first_set(notify_map, NOTIFY_SOURCES));
}

/* A frame map full but for its last frame. */
static void setup_first_clear(void)
{
	memset(frame_map, 0xff, sizeof(frame_map));
	bitmap_clear(frame_map, FRAMES - 1);
}

static void run_first_clear(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		HB_KEEP(bitmap_find_first_clear(frame_map, FRAMES));
}

/* ---- MLFQ on one CPU --------------------------------------------------- */

#define P(slot)		(&proc_table[slot])

/* CPU 0 ready: slots 1-4 at the user priority (1 first), slot 5 at 12. */
static void setup_queues(void)
{
	hb_env_reset(8);
	for (unsigned s = 1; s <= 5; s++) {
		if (s == 5)
			sched_set_priority(P(s), 12);
		sched_mlfq.enqueue(&cpus[0], P(s));
	}
}

static void run_pick(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		HB_KEEP(sched_mlfq.pick(&cpus[0]));
}

/* Slot 6 becomes ready (tail of its level, behind 4) and blocks again. */
static void run_enqueue_dequeue(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		sched_mlfq.enqueue(&cpus[0], P(6));
		sched_mlfq.dequeue(&cpus[0], P(6));
	}
}

/* The IPC fast path's hand-off: 1 (running) blocks, 6 runs; then back. */
static void run_handoff(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		bool ok = i & 1 ? sched_mlfq.handoff(&cpus[0], P(6), P(1))
				: sched_mlfq.handoff(&cpus[0], P(1), P(6));
		HB_KEEP(ok);
	}
}

static void check_handoff(void)
{
	setup_queues();
	hb_require(sched_mlfq.handoff(&cpus[0], P(1), P(6)) && sched_mlfq.pick(&cpus[0]) == P(6),
		   "mlfq hand-off");
	setup_queues();
}

/* ---- cross-CPU wake ---------------------------------------------------- */

/* Slot 7 lives on CPU 1; we are CPU 0. */
static void setup_xcpu(void)
{
	setup_queues();
	P(7)->cpu = &cpus[1];
	hb_set_cpu(0);
}

/* Wake 7 on CPU 1 under its lock, then (as its owner would) dequeue it. */
static void run_xcpu_wake(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		cpuset_t held = lock_proc(P(7));

		sched_mlfq.enqueue(P(7)->cpu, P(7));
		cpus_unlock(held);
		held = lock_proc(P(7));
		sched_mlfq.dequeue(P(7)->cpu, P(7));
		cpus_unlock(held);
	}
}

static volatile int pingpong_stop;	/* the waker is done */
static uint32_t queued;		/* atomic: 7 sits in CPU 1's queue */

/* CPU 1's owner: takes 7 off its queue whenever it is there. */
static void cpu1_owner(void)
{
	unsigned spins = 0;

	hb_set_cpu(1);
	while (!pingpong_stop) {
		if (!__atomic_load_n(&queued, __ATOMIC_ACQUIRE)) {
			hb_relax(&spins);
			continue;
		}
		spin_lock(&cpus[1].lock);
		if (sched_mlfq.pick(&cpus[1]) == P(7))
			sched_mlfq.dequeue(&cpus[1], P(7));
		__atomic_store_n(&queued, 0, __ATOMIC_RELEASE);
		spin_unlock(&cpus[1].lock);
	}
}

/* We wake 7 on CPU 1, its owner thread takes it: one operation. */
static void run_xcpu_pingpong(uint64_t n)
{
	unsigned spins = 0;

	pingpong_stop = 0;
	queued = 0;
	hb_thread_start(cpu1_owner);
	for (uint64_t i = 0; i < n; i++) {
		cpuset_t held;

		while (__atomic_load_n(&queued, __ATOMIC_ACQUIRE))
			hb_relax(&spins);
		held = lock_proc(P(7));
		sched_mlfq.enqueue(P(7)->cpu, P(7));
		__atomic_store_n(&queued, 1, __ATOMIC_RELEASE);
		cpus_unlock(held);
	}
	while (__atomic_load_n(&queued, __ATOMIC_ACQUIRE))
		hb_relax(&spins);
	pingpong_stop = 1;
	hb_thread_join();
}

static const char *needs_two_cpus(void)
{
	return hb_host_cpus() < 2 ? "needs 2 host CPUs" : NULL;
}

const struct hostbench hb_bitmap_first_set = {
	"bitmap/first_set/131", "scan of a 131-bit notification map, last bit set", NULL,
	setup_first_set, run_first_set,
};
const struct hostbench hb_bitmap_first_clear = {
	"bitmap/first_clear/65536", "scan of a 65536-frame map, only the last frame free", NULL,
	setup_first_clear, run_first_clear,
};
const struct hostbench hb_sched_pick = {
	"sched/pick", "mlfq pick: highest non-empty level by bit scan", NULL,
	setup_queues, run_pick,
};
const struct hostbench hb_sched_enqueue_dequeue = {
	"sched/enqueue_dequeue", "mlfq enqueue at the tail of a 4-deep level + dequeue", NULL,
	setup_queues, run_enqueue_dequeue,
};
const struct hostbench hb_sched_handoff = {
	"sched/handoff", "mlfq O(1) hand-off of the IPC fast path", NULL,
	check_handoff, run_handoff,
};
const struct hostbench hb_xcpu_wake = {
	"xcpu/wake", "wake on another CPU: its lock + enqueue, then lock + dequeue (uncontended)",
	NULL, setup_xcpu, run_xcpu_wake,
};
const struct hostbench hb_xcpu_pingpong = {
	"xcpu/pingpong", "wake on another CPU whose owner (a second thread) takes it off",
	needs_two_cpus, setup_xcpu, run_xcpu_pingpong,
};
