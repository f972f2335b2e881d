/*
 * smp/cpu.h - per-CPU data.
 *
 * One struct cpu per CPU, cache-line aligned, reached in O(1) by this_cpu()
 * (a self pointer at %fs:0, set up by arch_cpu_init).  Fields are grouped by
 * how they are synchronised:
 *   - immutable after the CPU is brought up,
 *   - owner CPU only (no lock: only code running on that CPU touches them),
 *   - shared (atomics; each says so).
 */
#ifndef SMP_CPU_H
#define SMP_CPU_H

#include <stdint.h>
#include <arch/cpu.h>
#include "kernel/sched.h"

#define MAX_CPUS	16
#define KSTACK_SIZE	16384
#define CACHE_LINE	64

struct proc;

struct cpu {
	/* Immutable after bring-up; the first two are read by the trap entry. */
	struct cpu *self;		/* CPU_OFF_SELF */
	uint32_t kstack_top;		/* CPU_OFF_KSTACK_TOP */
	unsigned id;			/* index in cpus[] */

	/* Owner CPU only. */
	struct proc *current;		/* process running here, NULL when idle */
	struct sched_queues rq;		/* ready queues, see kernel/sched.h */
	struct proc *alarms;		/* processes with an alarm (kernel/alarm.c) */
	uint64_t ticks;			/* clock ticks taken on this CPU */
	uint64_t idle_ticks;		/* of which while idle */
	uint64_t ctx_switches;		/* address-space or process changes */

	struct cpu_arch arch;		/* GDT and TSS (arch/cpu.h) */
} __attribute__((aligned(CACHE_LINE)));

extern struct cpu cpus[MAX_CPUS];
extern unsigned ncpus_online;

static inline struct cpu *this_cpu(void)
{
	return arch_this_cpu();
}

void cpu_init_boot(void);

#endif /* SMP_CPU_H */
