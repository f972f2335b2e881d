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

/* mlfq_enqueue, inline for the fast paths: p, just runnable, joins the back of its level. */
static inline __attribute__((always_inline)) void mlfq_enqueue_fp(struct cpu *c, struct proc *p)
{
	struct sched_queues *q = &c->rq;
	unsigned prio = p->priority;

	p->next_ready = NULL;
	if (q->head[prio])
		q->tail[prio]->next_ready = p;
	else
		q->head[prio] = p;
	q->tail[prio] = p;
	q->nonempty |= 1u << prio;
}

/*
 * mlfq_dequeue in O(1) for p heading its level (the running process, the
 * fast paths check mlfq_heads first).
 */
static inline __attribute__((always_inline)) bool mlfq_heads(struct cpu *c, const struct proc *p)
{
	return c->rq.head[p->priority] == p;
}

static inline __attribute__((always_inline)) void mlfq_dequeue_head(struct cpu *c, struct proc *p)
{
	struct sched_queues *q = &c->rq;
	unsigned prio = p->priority;

	q->head[prio] = p->next_ready;
	if (!p->next_ready) {
		q->tail[prio] = NULL;
		q->nonempty &= ~(1u << prio);
	}
	p->next_ready = NULL;
}

/* mlfq_pick, inline. */
static inline __attribute__((always_inline)) struct proc *mlfq_pick_fp(struct cpu *c)
{
	uint32_t nonempty = c->rq.nonempty;

	return nonempty ? c->rq.head[__builtin_ctz(nonempty)] : NULL;
}

/*
 * Is cur the head of the highest non-empty level?  Only reads: called
 * without c's lock (see struct sched_policy.still_first).
 */
static inline __attribute__((always_inline)) bool mlfq_still_first(struct cpu *c,
								    const struct proc *cur)
{
	uint32_t nonempty = __atomic_load_n(&c->rq.nonempty, __ATOMIC_RELAXED);

	return nonempty && c->rq.head[__builtin_ctz(nonempty)] == cur;
}

#endif /* KERNEL_SCHED_MLFQ_H */
