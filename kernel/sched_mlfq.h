/*
 * kernel/sched_mlfq.h - the default policy's handoff and still_first,
 * inline for the fast paths (kernel/sched_fast.h); the rest of the policy
 * is in sched_mlfq.c.
 */
#ifndef KERNEL_SCHED_MLFQ_H
#define KERNEL_SCHED_MLFQ_H

#include <stdbool.h>
#include "kernel/proc.h"
#include "smp/cpu.h"

/*
 * O(1) hand-off: `to` takes the place of `from` at the head of their common
 * level.  Only when `from` heads that level (it is the one running).
 */
static inline __attribute__((always_inline)) bool mlfq_handoff(struct cpu *c, struct proc *from, struct proc *to)
{
	struct sched_queues *q = &c->rq;
	unsigned prio = from->priority;

	if (to->priority != prio || q->head[prio] != from)
		return false;
	to->next_ready = from->next_ready;
	q->head[prio] = to;
	if (q->tail[prio] == from)
		q->tail[prio] = to;
	from->next_ready = NULL;
	return true;
}

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
