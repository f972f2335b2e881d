/*
 * kernel/sched_edf.c - `edf`: earliest deadline first with budgets, in the
 * shape of seL4 MCS's scheduling contexts.
 *
 * A process given a budget B and period P (SYS_SCHEDPARAM) may run B ticks
 * in every period; its deadline is the end of the current period, and the
 * runnable process with the earliest deadline runs (the CPU's heap,
 * kernel/sched_heap.h, keyed by the deadline).  A process that uses up its
 * budget waits, off the heap on its CPU's throttled list, until the period
 * ends and the budget refills; one that wakes after its deadline starts a
 * new period at once.  A period that ends while its process still has work
 * (runnable, or throttled) counts as a deadline miss (rt.misses).
 *
 * A passive process (a server) has no budget of its own: while it serves a
 * call it runs on the caller's budget and deadline (donation; the budget's
 * owner is the caller, or the caller's own donor along a chain of calls)
 * and its ticks are charged to that budget; its reply ends the donation.
 * Donation stays within one CPU: a caller on another CPU lends nothing.
 * Everything without a budget - best-effort processes, passive ones
 * serving no budgeted call - runs as under mlfq, below every deadline.
 *
 * Admission control: the budgets of a CPU's processes may reserve at most
 * all of it (the sum of budget/period at most 1, counted in units of
 * 2^-EDF_UTIL_SHIFT rounded down), the bound under which EDF meets every
 * deadline; SYS_SCHEDPARAM asking for more gets EBUSY, with a log line.
 * It is checked where the budget is set: the balancers leave budgeted
 * processes where they are (kernel/sched_balance.c), and a move by
 * SYS_SCHEDCTL, a system process's decision, is not checked again.
 *
 * Called with the CPU's lock held (still_first excepted: it only reads).
 */
#include <abi/endpoint.h>
#include <abi/errno.h>
#include "kernel/clock.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_heap.h"
#include "kernel/sched_mlfq.h"
#include "smp/cpu.h"

/* Has tick `t` come, at `now`?  (Wrap-safe.) */
static bool reached(uint32_t t, uint32_t now)
{
	return (int32_t)(now - t) >= 0;
}

/*
 * The process whose budget p runs on: p itself when it has one, a passive
 * p's donor when that still lives on p's CPU with a budget, else NULL.
 * p's CPU lock is held, so a donor found there cannot move or exit.
 */
static struct proc *edf_owner(const struct proc *p)
{
	const struct proc *d;
	endpoint_t e = p->rt.donor;

	if (!p->rt.passive)
		return p->rt.period ? (struct proc *)p : NULL;
	if (e == NONE || e <= 0 || endpoint_slot(e) >= NR_PROCS)
		return NULL;
	d = &proc_table[endpoint_slot(e)];
	if (d->endpoint != e || d->cpu != p->cpu || !d->rt.period || (d->rts_flags & RTS_SLOT_FREE))
		return NULL;
	return (struct proc *)d;
}

/* A new period for budget owner o, from `now`. */
static void edf_new_period(struct proc *o, uint32_t now)
{
	o->rt.left = o->rt.budget;
	o->rt.deadline = now + o->rt.period;
	o->rt.refill = o->rt.deadline;
}

static void throttle(struct sched_queues *q, struct proc *p)
{
	p->rt.throttled = true;
	p->next_ready = q->throttled;
	q->throttled = p;
}

static void unthrottle(struct sched_queues *q, struct proc *p)
{
	struct proc **link = &q->throttled;

	while (*link != p)
		link = &(*link)->next_ready;
	*link = p->next_ready;
	p->next_ready = NULL;
	p->rt.throttled = false;
}

static void edf_enqueue(struct cpu *c, struct proc *p)
{
	struct sched_queues *q = &c->rq;
	struct proc *o = edf_owner(p);
	uint32_t now = clock_uptime();

	if (!o) {
		sched_mlfq.enqueue(c, p);
		return;
	}
	if (reached(o->rt.deadline, now))
		edf_new_period(o, now);		/* woke after its deadline */
	if (!o->rt.left) {
		throttle(q, p);
		return;
	}
	p->sched_key = o->rt.deadline;
	sched_heap_insert(q, p);
}

static void edf_dequeue(struct cpu *c, struct proc *p)
{
	if (p->heap_at)
		sched_heap_remove(&c->rq, p);
	else if (p->rt.throttled)
		unthrottle(&c->rq, p);
	else
		sched_mlfq.dequeue(c, p);
}

static struct proc *edf_pick(struct cpu *c)
{
	struct proc *p = sched_heap_first(&c->rq);

	return p ? p : sched_mlfq.pick(c);
}

/* Throttled processes whose budget is back (or whose owner is gone) return. */
static void refill(struct cpu *c, uint32_t now)
{
	struct sched_queues *q = &c->rq;
	struct proc **link = &q->throttled;

	while (*link) {
		struct proc *p = *link, *o = edf_owner(p);

		if (o && !reached(o->rt.refill, now)) {
			link = &p->next_ready;
			continue;
		}
		*link = p->next_ready;
		p->next_ready = NULL;
		p->rt.throttled = false;
		if (o) {
			o->rt.misses++;			/* its period ended with work left */
			edf_new_period(o, now);
		}
		edf_enqueue(c, p);
	}
}

/*
 * Charges the tick to the budget p runs on.  At its end p waits for the
 * refill; at the end of the period (work left: a miss) a new one begins.
 */
static void edf_tick(struct cpu *c, struct proc *p)
{
	struct sched_queues *q = &c->rq;
	uint32_t now = clock_uptime();
	struct proc *o;

	refill(c, now);
	if (!p || p->rt.throttled)
		return;
	if (!p->heap_at) {
		sched_mlfq.tick(c, p);
		return;
	}
	o = edf_owner(p);
	if (!o) {				/* its donor is gone: best effort */
		sched_heap_remove(q, p);
		sched_mlfq.enqueue(c, p);
		return;
	}
	if (o->rt.left)
		o->rt.left--;
	if (reached(o->rt.deadline, now)) {
		o->rt.misses++;
		edf_new_period(o, now);
		sched_heap_rekey(q, p, o->rt.deadline);
	} else if (!o->rt.left) {
		sched_heap_remove(q, p);
		throttle(q, p);
	}
}

/* A budgeted process that yields gives up the rest of this period's budget. */
static void edf_yield(struct cpu *c, struct proc *p)
{
	struct proc *o;

	if (!p->heap_at) {
		if (!p->rt.throttled)
			sched_mlfq.yield(c, p);
		return;
	}
	if ((o = edf_owner(p)))
		o->rt.left = 0;
	sched_heap_remove(&c->rq, p);
	edf_enqueue(c, p);
}

/*
 * An IPC from `from` reaches `to` (both CPUs' locks held): a call into a
 * passive process lends it the caller's budget; a passive process's reply
 * ends its loan.  A loan that changes while the process is queued moves
 * it to where its new owner puts it.
 */
static void lend(struct cpu *c, struct proc *p, endpoint_t donor)
{
	bool queued = proc_runnable(p);		/* then in a queue: heap, throttled or mlfq */

	if (p->rt.donor == donor)
		return;
	if (queued)
		edf_dequeue(c, p);
	p->rt.donor = donor;
	if (queued)
		edf_enqueue(c, p);
}

static void edf_ipc(struct proc *from, struct proc *to, bool reply)
{
	struct proc *o;

	if (reply) {
		if (from->rt.passive)
			lend(from->cpu, from, NONE);
		return;
	}
	if (to->rt.passive) {
		o = edf_owner(from);
		lend(to->cpu, to, o && o->cpu == to->cpu ? o->endpoint : NONE);
	}
}

/*
 * The fast paths' hand-off, O(1) where the partner runs on the same
 * budget (a call into a passive server, its reply) - it takes from's
 * heap slot - or where neither has a budget (mlfq's hand-off).
 */
static bool edf_handoff(struct cpu *c, struct proc *from, struct proc *to)
{
	bool reply = to->misc_flags & MF_REPLY_PEND;
	struct proc *o = edf_owner(from);

	if (from->heap_at == 1 && o && !to->heap_at &&
	    ((!reply && to->rt.passive) || (reply && from->rt.passive && o == to))) {
		to->rt.donor = reply ? to->rt.donor : o->endpoint;
		if (reply)
			from->rt.donor = NONE;
		sched_heap_swap(&c->rq, from, to);
		return true;
	}
	if (c->rq.heap_n || o || edf_owner(to) || !mlfq_handoff(c, from, to))
		return false;
	if (reply && from->rt.passive)
		from->rt.donor = NONE;		/* a loan that lent nothing */
	return true;
}

static bool edf_still_first(struct cpu *c, const struct proc *cur)
{
	if (__atomic_load_n(&c->rq.heap_n, __ATOMIC_RELAXED))
		return __atomic_load_n(&c->rq.heap[0], __ATOMIC_RELAXED) == cur;
	return mlfq_still_first(c, cur);
}

static bool edf_preempts(const struct proc *cur, const struct proc *p)
{
	if (p->heap_at)
		return !cur->heap_at || p->sched_key < cur->sched_key;
	return !cur->heap_at && !cur->rt.throttled && p->priority < cur->priority;
}

#define EDF_UTIL_SHIFT	18	/* budget << it fits 32 bits: budget <= SCHED_MAX_PERIOD */
#define EDF_UTIL_ONE	(1u << EDF_UTIL_SHIFT)
_Static_assert(((uint64_t)SCHED_MAX_PERIOD << EDF_UTIL_SHIFT) <= UINT32_MAX, "fits 32 bits");
_Static_assert((uint64_t)NR_PROCS * EDF_UTIL_ONE <= UINT32_MAX, "a CPU's sum fits 32 bits");

static uint32_t edf_util(uint32_t budget, uint32_t period)
{
	return (budget << EDF_UTIL_SHIFT) / period;
}

/*
 * What the budgets on c reserve, p's own left out.  c's lock is held, so
 * no process on c changes its budget or leaves, and none can arrive.
 */
static uint32_t edf_load(const struct cpu *c, const struct proc *p)
{
	uint32_t sum = 0;

	for (unsigned i = 0; i < NR_PROCS; i++) {
		const struct proc *q = &proc_table[i];

		if (q != p && q->cpu == c && !(q->rts_flags & RTS_SLOT_FREE) && !q->rt.passive &&
		    q->rt.period)
			sum += edf_util(q->rt.budget, q->rt.period);
	}
	return sum;
}

/*
 * New parameters for p (checked by the caller: see struct
 * sched_policy.set_budget): it leaves its queue, starts a fresh period
 * with a full budget, and is queued again where they put it.  EBUSY,
 * changing nothing, when c cannot take the budget (see the header).
 */
static int edf_set_budget(struct cpu *c, struct proc *p, uint32_t budget, uint32_t period,
			  bool passive)
{
	bool queued = proc_runnable(p);
	uint32_t load;

	if (period && !passive && (load = edf_load(c, p) + edf_util(budget, period)) > EDF_UTIL_ONE) {
		unsigned permille = (unsigned)(((uint64_t)load * 1000 + EDF_UTIL_ONE / 2) >>
					       EDF_UTIL_SHIFT);

		klog_ratelimited(KLOG_NOTICE "sched: edf: %s (endpoint %d): budget %u period %u "
				 "would reserve %u.%u%% of CPU %u: refused", p->name, p->endpoint,
				 budget, period, permille / 10, permille % 10, c->id);
		return EBUSY;
	}
	if (queued)
		edf_dequeue(c, p);
	p->rt.budget = budget;
	p->rt.period = period;
	p->rt.passive = passive;
	p->rt.donor = NONE;
	p->rt.misses = 0;
	edf_new_period(p, clock_uptime());
	if (queued)
		edf_enqueue(c, p);
	return OK;
}

const struct sched_policy sched_edf = {
	.name = "edf",
	.enqueue = edf_enqueue,
	.dequeue = edf_dequeue,
	.pick = edf_pick,
	.tick = edf_tick,
	.yield = edf_yield,
	.handoff = edf_handoff,
	.still_first = edf_still_first,
	.preempts = edf_preempts,
	.ipc = edf_ipc,
	.set_budget = edf_set_budget,
};
