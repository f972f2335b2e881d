/*
 * kernel/sched_fair.c - `fair`: proportional share by stride scheduling.
 *
 * Each process has a weight from its priority (1.25 times the next level
 * down, 1024 at SCHED_USER_PRIO) and a pass, its virtual time
 * (p->sched_key): every tick it runs adds its stride, FAIR_STRIDE1 /
 * weight.  The process with the smallest pass runs (the CPU's heap,
 * kernel/sched_heap.h), so over time each gets CPU in proportion to its
 * weight.  A process that wakes is placed within one slice of the CPU's
 * virtual time (q->vtime, the smallest pass seen at a tick): it can
 * neither bank credit while asleep nor arrive from another CPU far behind.
 * It gets one tick's credit, so that it runs before the process it woke
 * (a server woken by a request answers at once, as under mlfq).
 *
 * IPC hand-off (the fast paths): the partner takes the caller's place
 * and pass, so a server runs on its client's virtual time and the reply
 * gives the client back the pass the server reached: what a server does
 * for a client is charged to that client (at the server's weight).
 * Called with the CPU's lock held (still_first excepted: it only reads).
 */
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_heap.h"
#include "smp/cpu.h"

static const uint32_t fair_weight[SCHED_QUEUES] = {
	6104, 4883, 3906, 3125, 2500, 2000, 1600, 1280,
	1024, 819, 655, 524, 419, 336, 268, 215,
};

#define FAIR_STRIDE1	(1u << 22)	/* stride of weight 1 */

static uint32_t fair_stride(const struct proc *p)
{
	return FAIR_STRIDE1 / fair_weight[p->priority];
}

static void fair_enqueue(struct cpu *c, struct proc *p)
{
	struct sched_queues *q = &c->rq;
	uint32_t stride = fair_stride(p);
	uint64_t earliest = q->vtime > stride ? q->vtime - stride : 0;
	uint64_t latest = q->vtime + (uint64_t)stride * p->quantum;

	if (p->sched_key < earliest)
		p->sched_key = earliest;	/* one tick's credit for the time away */
	else if (p->sched_key > latest)
		p->sched_key = latest;		/* nor a debt from another CPU */
	sched_heap_insert(q, p);
}

static void fair_dequeue(struct cpu *c, struct proc *p)
{
	if (p->heap_at)
		sched_heap_remove(&c->rq, p);
}

static struct proc *fair_pick(struct cpu *c)
{
	return sched_heap_first(&c->rq);
}

static void fair_tick(struct cpu *c, struct proc *p)
{
	struct sched_queues *q = &c->rq;
	struct proc *first;

	if (p && p->heap_at)
		sched_heap_rekey(q, p, p->sched_key + fair_stride(p));
	first = sched_heap_first(q);
	if (first && first->sched_key > q->vtime)
		q->vtime = first->sched_key;
}

/*
 * Gives up the rest of the slice: p's pass moves one stride on, and past
 * the next smallest pass, so an equal partner runs next.
 */
static void fair_yield(struct cpu *c, struct proc *p)
{
	struct sched_queues *q = &c->rq;
	uint64_t key = p->sched_key + fair_stride(p);

	if (!p->heap_at)
		return;
	for (unsigned i = 1; i <= 2 && p->heap_at == 1 && i < q->heap_n; i++)
		if (q->heap[i]->sched_key >= key)
			key = q->heap[i]->sched_key + 1;
	sched_heap_rekey(q, p, key);
}

/* O(1) when `from` is first (it runs): `to` takes its slot and pass. */
static bool fair_handoff(struct cpu *c, struct proc *from, struct proc *to)
{
	if (from->heap_at != 1 || to->heap_at)
		return false;
	sched_heap_swap(&c->rq, from, to);
	return true;
}

static bool fair_still_first(struct cpu *c, const struct proc *cur)
{
	return __atomic_load_n(&c->rq.heap_n, __ATOMIC_RELAXED) &&
	       __atomic_load_n(&c->rq.heap[0], __ATOMIC_RELAXED) == cur;
}

static bool fair_preempts(const struct proc *cur, const struct proc *p)
{
	return p->sched_key < cur->sched_key;
}

const struct sched_policy sched_fair = {
	.name = "fair",
	.enqueue = fair_enqueue,
	.dequeue = fair_dequeue,
	.pick = fair_pick,
	.tick = fair_tick,
	.yield = fair_yield,
	.handoff = fair_handoff,
	.still_first = fair_still_first,
	.preempts = fair_preempts,
};
