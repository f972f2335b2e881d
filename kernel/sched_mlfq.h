/*
 * kernel/sched_mlfq.h - the default policy's still_first, inline for the
 * return to user mode (kernel/sched_continue.h); the rest of the policy is
 * in sched_mlfq.c.
 */
#ifndef KERNEL_SCHED_MLFQ_H
#define KERNEL_SCHED_MLFQ_H

#include <stdbool.h>
#include "smp/cpu.h"

/*
 * Is cur the head of the highest non-empty level?  Only reads: called
 * without c's lock (see struct sched_policy.still_first).
 */
static inline bool mlfq_still_first(struct cpu *c, const struct proc *cur)
{
	uint32_t nonempty = __atomic_load_n(&c->rq.nonempty, __ATOMIC_RELAXED);

	return nonempty && c->rq.head[__builtin_ctz(nonempty)] == cur;
}

#endif /* KERNEL_SCHED_MLFQ_H */
