/*
 * kernel/sched_fp.c - `fp`: fixed priorities with sporadic-server budgets,
 * in the shape of seL4 MCS's scheduling contexts.
 *
 * The highest non-empty priority runs, round robin with a quantum inside a
 * level (mlfq's queues, kernel/sched_mlfq.h).  A process given a budget B
 * and period P (SYS_SCHEDPARAM) has a scheduling context (struct fp_sc): a
 * list of refills, each an amount of ticks usable from a time on, summing
 * to B.  Each tick it runs is taken from the head refill and comes back P
 * after that refill became usable (the sporadic-server rule), so in any
 * window of P ticks it runs at most B.  With the head refill not yet due it
 * waits off the queues, on its CPU's throttled list, until it is.  One
 * without a budget runs round robin at its priority, unlimited.
 *
 * Donation.  A passive process (a server) has no context of its own: a
 * call into it lends it the caller's (a copy, fp_sc[server]; rt.donor
 * names the caller), it runs at its own priority on that budget, and its
 * reply gives the context, charged with what it used, back to the caller
 * (copied into fp_sc[caller]).  Call and reply move a context under the
 * locks of both processes' CPUs (the general path holds both, the fast
 * paths work within one CPU), and between them only the server touches
 * its copy, under its own CPU's lock: so a client on one CPU may call a
 * server on another and is charged all the same.  The caller, blocked in
 * its call, runs on nothing meanwhile; its own context records whom it
 * lent to (lent_to), so that new parameters set meanwhile (they clear it)
 * are not overwritten by the reply, and a call that ends without one
 * (the server died) leaves the caller its context as it was.  A server
 * whose caller died runs on its copy until its next call.
 *
 * Called with the CPU's lock held (still_first excepted: it only reads).
 */
#include <string.h>
#include <abi/endpoint.h>
#include <abi/info.h>
#include "kernel/clock.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_mlfq.h"
#include "smp/cpu.h"

#define FP_REFILLS	8		/* refills per context; more merge into the last */

struct fp_refill {
	uint32_t time;			/* uptime tick it becomes usable */
	uint32_t amount;		/* ticks, > 0 */
};

/*
 * A scheduling context: refills r[head], ..., r[head + n - 1] (mod
 * FP_REFILLS), in order of time, their amounts summing to the budget.
 */
struct fp_sc {
	struct fp_refill r[FP_REFILLS];
	uint32_t period;
	uint8_t head, n;
	endpoint_t lent_to;		/* the server holding a copy, else NONE */
};

/*
 * By process slot, under the lock of that process's CPU: its own context
 * (rt.period set, not passive) or the one lent to it (passive, rt.donor
 * set); meaningless otherwise.
 */
static struct fp_sc fp_sc[NR_PROCS];

/* Has tick `t` come, at `now`?  (Wrap-safe.) */
static bool reached(uint32_t t, uint32_t now)
{
	return (int32_t)(now - t) >= 0;
}

/* The context p runs on, or NULL (no budget: round robin, unlimited). */
static struct fp_sc *fp_sc_of(const struct proc *p)
{
	if (p->rt.passive ? p->rt.donor != NONE : p->rt.period != 0)
		return &fp_sc[p->slot];
	return NULL;
}

static struct fp_refill *head(struct fp_sc *sc)
{
	return &sc->r[sc->head];
}

static struct fp_refill *tail(struct fp_sc *sc)
{
	return &sc->r[(sc->head + sc->n - 1) % FP_REFILLS];
}

static bool fp_ready(struct fp_sc *sc, uint32_t now)
{
	return reached(head(sc)->time, now);
}

/* A budget of `budget` ticks in every `period`, all usable from `now`. */
static void fp_sc_init(struct fp_sc *sc, uint32_t budget, uint32_t period, uint32_t now)
{
	memset(sc, 0, sizeof(*sc));
	sc->r[0].time = now;
	sc->r[0].amount = budget;
	sc->period = period;
	sc->n = 1;
	sc->lent_to = NONE;
}

/*
 * Its process becomes runnable with the head refill due: that refill
 * (and every other one due by now, merged into it) counts as usable from
 * now, so its ticks come back a period after now - not after a time it
 * slept through, which would let it run more than B in a window of P.
 * Its process is in no call any more: a call that ended without a reply
 * (the server died) leaves the context as it was before.
 */
static void fp_activate(struct fp_sc *sc, uint32_t now)
{
	struct fp_refill *h = head(sc);

	sc->lent_to = NONE;

	while (sc->n > 1 && reached(sc->r[(sc->head + 1) % FP_REFILLS].time, now)) {
		struct fp_refill *next = &sc->r[(sc->head + 1) % FP_REFILLS];

		next->amount += h->amount;
		sc->head = (sc->head + 1) % FP_REFILLS;
		sc->n--;
		h = next;
	}
	h->time = now;
}

/*
 * One tick used from the head refill (due: the process ran on it): it
 * returns a period after the head became usable, merged into the last
 * refill when that one is as late, or when the list is full (then later
 * than due: never earlier).
 */
static void fp_charge(struct fp_sc *sc)
{
	struct fp_refill *h = head(sc), *t = tail(sc);
	uint32_t due = h->time + sc->period;

	assert(sc->n > 0 && h->amount > 0);
	if (sc->n > 1 && (t->time == due || sc->n == FP_REFILLS)) {
		if (reached(t->time, due))
			t->time = due;		/* the later of the two */
		t->amount++;
	} else {
		sc->r[(sc->head + sc->n) % FP_REFILLS] = (struct fp_refill){ due, 1 };
		sc->n++;
	}
	if (--h->amount == 0) {
		sc->head = (sc->head + 1) % FP_REFILLS;
		sc->n--;
	}
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

static void fp_enqueue(struct cpu *c, struct proc *p)
{
	struct fp_sc *sc = fp_sc_of(p);
	uint32_t now = clock_uptime();

	if (sc) {
		if (!fp_ready(sc, now)) {
			throttle(&c->rq, p);
			return;
		}
		fp_activate(sc, now);
	}
	mlfq_enqueue_fp(c, p);
}

static void fp_dequeue(struct cpu *c, struct proc *p)
{
	if (p->rt.throttled)
		unthrottle(&c->rq, p);
	else
		sched_mlfq.dequeue(c, p);
}

static struct proc *fp_pick(struct cpu *c)
{
	return mlfq_pick_fp(c);
}

/* Throttled processes whose refill is due (or whose loan is gone) return. */
static void fp_refill(struct cpu *c, uint32_t now)
{
	struct proc **link = &c->rq.throttled;

	while (*link) {
		struct proc *p = *link;
		struct fp_sc *sc = fp_sc_of(p);

		if (sc && !fp_ready(sc, now)) {
			link = &p->next_ready;
			continue;
		}
		*link = p->next_ready;
		p->next_ready = NULL;
		p->rt.throttled = false;
		fp_enqueue(c, p);
	}
}

/* Charges the tick to p's context; out of budget, p waits for its refill. */
static void fp_tick(struct cpu *c, struct proc *p)
{
	struct fp_sc *sc;

	fp_refill(c, clock_uptime());
	if (!p || p->rt.throttled)
		return;
	sc = fp_sc_of(p);
	if (sc) {
		fp_charge(sc);
		if (!fp_ready(sc, clock_uptime())) {
			sched_mlfq.dequeue(c, p);
			throttle(&c->rq, p);
			p->rt.misses++;		/* here: times its budget ran out */
			return;
		}
	}
	sched_mlfq.tick(c, p);
}

static void fp_yield(struct cpu *c, struct proc *p)
{
	if (!p->rt.throttled)
		sched_mlfq.yield(c, p);
}

/*
 * `from` calls passive `to`: to runs on a copy of from's context (none
 * if from has none).  Both CPUs' locks held.
 */
static void fp_lend(struct proc *from, struct proc *to)
{
	struct fp_sc *sc = fp_sc_of(from);

	if (!sc) {
		to->rt.donor = NONE;
		return;
	}
	fp_sc[to->slot] = *sc;
	fp_sc[to->slot].lent_to = NONE;
	sc->lent_to = to->endpoint;
	to->rt.donor = from->endpoint;
}

/*
 * Passive `from` answers `to`: the context it ran on goes back, charged,
 * when it is to's and to still waits for it.  Both CPUs' locks held.
 */
static void fp_give_back(struct proc *from, struct proc *to)
{
	struct fp_sc *own = &fp_sc[to->slot];

	if (from->rt.donor != to->endpoint)
		return;
	from->rt.donor = NONE;
	if (fp_sc_of(to) == own && own->lent_to == from->endpoint) {
		*own = fp_sc[from->slot];
		own->lent_to = NONE;
	}
}

/*
 * The general path's calls and replies (both CPUs' locks held; `to` not
 * yet woken, so fp_enqueue sees the context it will run on).  A passive
 * process that is called while queued (it was not waiting for the call)
 * is requeued where its loan puts it.
 */
static void fp_ipc(struct proc *from, struct proc *to, bool reply)
{
	bool queued;

	if (reply) {
		if (from->rt.passive)
			fp_give_back(from, to);
		return;
	}
	if (!to->rt.passive)
		return;
	queued = proc_runnable(to);
	if (queued)
		fp_dequeue(to->cpu, to);
	fp_lend(from, to);
	if (queued)
		fp_enqueue(to->cpu, to);
}

/*
 * The fast paths' hand-off, O(1): mlfq's (same level, or a level above or
 * below with no one between), with the context moved as fp_ipc moves it;
 * declined, and counted (cpu.sched_slow), when someone else runs first.
 * Whatever context `to` runs on has its head refill due: `from` runs on
 * it now (a loan, or one given back), or it is to's own, due when to
 * blocked (one runs only with its head due, and is throttled the tick
 * that stops being so) and no less due since.
 */
static bool fp_handoff(struct cpu *c, struct proc *from, struct proc *to)
{
	bool reply = to->misc_flags & MF_REPLY_PEND;
	struct fp_sc *sc;

	if (!mlfq_handoff(c, from, to)) {
		c->sched_slow[SCHED_SLOW_ORDER]++;
		return false;
	}
	if (reply && from->rt.passive)
		fp_give_back(from, to);
	else if (!reply && to->rt.passive)
		fp_lend(from, to);
	if ((sc = fp_sc_of(to)))
		fp_activate(sc, clock_uptime());	/* as fp_enqueue on the general path */
	return true;
}

/*
 * New parameters for p (checked by the caller): a full budget usable at
 * once, or passive, or none.  Clears lent_to: a reply to a call p made
 * before brings back nothing.
 */
static int fp_set_budget(struct cpu *c, struct proc *p, uint32_t budget, uint32_t period,
			 bool passive)
{
	bool queued = proc_runnable(p);

	if (queued)
		fp_dequeue(c, p);
	p->rt.budget = budget;
	p->rt.period = period;
	p->rt.passive = passive;
	p->rt.donor = NONE;
	p->rt.misses = 0;
	fp_sc_init(&fp_sc[p->slot], budget, period, clock_uptime());
	if (queued)
		fp_enqueue(c, p);
	return OK;
}

static bool fp_preempts(const struct proc *cur, const struct proc *p)
{
	return p->priority < cur->priority;
}

const struct sched_policy sched_fp = {
	.name = "fp",
	.enqueue = fp_enqueue,
	.dequeue = fp_dequeue,
	.pick = fp_pick,
	.tick = fp_tick,
	.yield = fp_yield,
	.handoff = fp_handoff,
	.still_first = mlfq_still_first,
	.preempts = fp_preempts,
	.ipc = fp_ipc,
	.set_budget = fp_set_budget,
};
