/*
 * kernel/sched_mlfq.c - the default policy, MINIX-style: SCHED_QUEUES
 * priority levels, round robin with a quantum inside a level, the highest
 * non-empty level found with one bit scan.  Called with the CPU's lock held
 * (still_first excepted: it only reads, see struct sched_policy).
 */
#include <stddef.h>
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_mlfq.h"
#include "smp/cpu.h"

static void mlfq_enqueue(struct cpu *c, struct proc *p)
{
	mlfq_enqueue_fp(c, p);
}

static void mlfq_dequeue(struct cpu *c, struct proc *p)
{
	struct sched_queues *q = &c->rq;
	unsigned prio = p->priority;
	struct proc **link = &q->head[prio], *prev = NULL;

	while (*link && *link != p) {
		prev = *link;
		link = &(*link)->next_ready;
	}
	if (!*link)
		return;
	*link = p->next_ready;
	if (q->tail[prio] == p)
		q->tail[prio] = prev;
	if (!q->head[prio])
		q->nonempty &= ~(1u << prio);
	p->next_ready = NULL;
}

static struct proc *mlfq_pick(struct cpu *c)
{
	if (!c->rq.nonempty)
		return NULL;
	return c->rq.head[__builtin_ctz(c->rq.nonempty)];
}

/*
 * Moves p to the back of its level with a fresh slice; in O(1) when it
 * heads the level, as the running process does.
 */
static void mlfq_rotate(struct cpu *c, struct proc *p)
{
	struct sched_queues *q = &c->rq;
	unsigned prio = p->priority;

	p->ticks_left = p->quantum;
	if (!proc_runnable(p) || q->tail[prio] == p)
		return;
	if (q->head[prio] == p) {
		q->head[prio] = p->next_ready;
		q->tail[prio]->next_ready = p;
		q->tail[prio] = p;
		p->next_ready = NULL;
		return;
	}
	mlfq_dequeue(c, p);
	mlfq_enqueue(c, p);
}

static void mlfq_tick(struct cpu *c, struct proc *p)
{
	if (!p)
		return;
	if (p->ticks_left > 0)
		p->ticks_left--;
	if (p->ticks_left == 0)
		mlfq_rotate(c, p);
}

static bool mlfq_preempts(const struct proc *cur, const struct proc *p)
{
	return p->priority < cur->priority;
}

const struct sched_policy sched_mlfq = {
	.name = "mlfq",
	.enqueue = mlfq_enqueue,
	.dequeue = mlfq_dequeue,
	.pick = mlfq_pick,
	.tick = mlfq_tick,
	.yield = mlfq_rotate,
	.handoff = mlfq_handoff,
	.still_first = mlfq_still_first,
	.preempts = mlfq_preempts,
};
