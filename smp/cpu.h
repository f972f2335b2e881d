/*
 * smp/cpu.h - per-CPU data.
 *
 * One struct cpu per CPU, cache-line aligned, reached in O(1) by this_cpu()
 * (a self pointer at %fs:0, set up by arch_cpu_init).  Fields are grouped by
 * how they are synchronised:
 *   - immutable after the CPU is brought up,
 *   - protected by the CPU's lock (ready queues, current, alarms, and the
 *     state of the processes of this CPU),
 *   - owner CPU only (statistics; others read them as snapshots),
 *   - shared (atomics; each says so).
 */
#ifndef SMP_CPU_H
#define SMP_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/info.h>
#include <arch/cpu.h>
#include "kernel/iptrace.h"
#include "kernel/profile.h"
#include "kernel/sched.h"
#include "smp/spinlock.h"

#define MAX_CPUS	ABI_MAX_CPUS	/* abi/info.h */
#define KSTACK_SIZE	16384
#define CACHE_LINE	64

struct proc;

struct cpu {
	/* Immutable after bring-up; the first two are read by the trap entry. */
	struct cpu *self;		/* CPU_OFF_SELF */
	uint32_t kstack_top;		/* CPU_OFF_KSTACK_TOP */
	unsigned id;			/* index in cpus[] (CPU_OFF_ID) */
	uint32_t sysenter_db[3];	/* where a SYSENTER with TF set has its
					   #DB frame pushed (arch/i386/entry.S) */
	uint32_t frame_end;		/* end of current's trap frame, for the
					   SYSENTER entry (owner CPU); the
					   SYSENTER stack pointer points here */
	uint32_t apic_id;		/* the interrupt controller's name for it */

	/*
	 * Protected by lock: the ready queues, `current`, and the scheduling
	 * and IPC state of every process whose p->cpu is this CPU (see
	 * kernel/proc.h).  Other CPUs take it to wake, block or message those
	 * processes; nesting: docs/locking.md.
	 */
	struct spinlock lock;
	struct proc *current;		/* process running here, NULL when idle */
	struct sched_queues rq;		/* ready queues, see kernel/sched.h */
	struct proc *alarms;		/* processes with an alarm (kernel/alarm.c) */
	struct async_call *async_timers; /* pending async TIMEOUTs (kernel/async.c) */

	/* Statistics: written by the owner CPU only (atomically where noted). */
	uint64_t ticks;			/* clock ticks taken on this CPU */
	uint64_t idle_ticks;		/* of which while idle */
	uint64_t ctx_switches;		/* process changes by the scheduler */
	uint64_t ipis_sent;
	uint64_t ipis_received;
	uint64_t migrations;		/* processes moved onto this CPU */
	uint64_t fastpath_hits;		/* kernel/fastpath.c: each also a process change */
	uint64_t fastpath_stays;	/* kernel/fastpath.c, no process change */
	uint32_t fastpath_slow[FP_SLOW_REASONS];
	uint64_t pf_fault_hits;		/* kernel/faultpath.c */
	uint64_t pf_resume_hits;
	uint32_t pf_fault_slow[PF_SLOW_REASONS];
	uint32_t pf_resume_slow[PF_SLOW_REASONS];
	uint32_t sched_slow[SCHED_SLOW_REASONS];	/* the policy's hand-off, under lock */

	/* The sampling profiler's share; its fields say who writes them. */
	struct prof_cpu prof;
#ifdef IPC_TRACE
	struct iptrace_cpu trace;	/* owner CPU only (kernel/iptrace.h) */
#endif

	/* Shared: set by smp/tlb.c requesters, cleared by this CPU. */
	uint32_t tlb_pending;		/* atomic: a shootdown waits for this CPU */
	/* Shared: written by this CPU, read by the others (smp_tick). */
	uint32_t tick_seen;		/* atomic: clock_uptime() at its last tick */

	struct cpu_arch arch;		/* GDT and TSS (arch/cpu.h) */
} __attribute__((aligned(CACHE_LINE)));

extern struct cpu cpus[MAX_CPUS];
extern unsigned ncpus_online;

/*
 * The online CPUs, bit i for cpus[i]: a bit is set once, by the boot CPU
 * (release), and never cleared, so a reader (acquire) that sees it sees
 * the CPU's structure ready.  Loops over CPUs visit these, not every slot.
 */
extern uint32_t cpus_online;
_Static_assert(MAX_CPUS <= 32, "cpus_online holds one bit per CPU");

static inline bool cpu_index_online(unsigned i)
{
	return i < MAX_CPUS && (__atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE) >> i & 1);
}

/* The first online CPU with an index of at least i; NULL if none. */
static inline struct cpu *cpu_online_from(unsigned i)
{
	uint32_t m = i < MAX_CPUS ? __atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE) >> i << i : 0;

	return m ? &cpus[__builtin_ctz(m)] : NULL;
}

static inline struct cpu *this_cpu(void)
{
	return arch_this_cpu();
}

void cpu_init_boot(void);
void smp_tick(struct cpu *c);		/* each clock tick of c, after its work */
void cpu_init_ap_struct(unsigned i, uint32_t apic_id);
struct cpu *cpu_next_online(struct cpu *c);
_Noreturn void ap_main(struct cpu *c);

#define for_each_online_cpu(c) \
	for (struct cpu *c = cpu_online_from(0); c; c = cpu_online_from(c->id + 1))

#endif /* SMP_CPU_H */
