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
 * O(1) hand-off.  `from` must head its level (it is the one running).
 * Same level: `to` takes its place at the head.  Different levels (a call
 * into a server above or below its client, the reply back): only when the
 * general path's block and wake would pick `to` next - with `from` gone,
 * no level down to `to`'s own holds anyone - and then as they would leave
 * the queues: `from` out, `to` alone on its level.  (A process out of the
 * queues has next_ready NULL; an empty level's tail is never read.)
 */
static inline __attribute__((always_inline)) bool mlfq_handoff(struct cpu *c, struct proc *from, struct proc *to)
{
	struct sched_queues *q = &c->rq;
	unsigned prio = from->priority;
	uint32_t others;

	if (q->head[prio] != from)
		return false;
	if (to->priority == prio) {
		to->next_ready = from->next_ready;
		q->head[prio] = to;
		if (q->tail[prio] == from)
			q->tail[prio] = to;
		from->next_ready = NULL;
		return true;
	}
	__asm__ volatile("" ::: "memory");	/* its loads stay here: registers for the rest */
	others = q->nonempty ^ from->prio_bit;
	if (from->next_ready || (others & (2 * to->prio_bit - 1)))
		return false;			/* someone else runs first */
	q->head[prio] = NULL;
	q->head[to->priority] = q->tail[to->priority] = to;
	q->nonempty = others | to->prio_bit;
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
