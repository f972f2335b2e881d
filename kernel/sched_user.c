/*
 * kernel/sched_user.c - the `user` policy: mlfq, with the processes handed
 * to a user-space scheduler waiting for its decisions, and the watchdog
 * that takes them back (kernel/sched_user.h).
 *
 * A scheduler registers with its first SCHEDULE_START and has a slot of
 * scheds[] until it exits or fails.  A process of a scheduler (p->usched.by
 * names one registered) that uses up its quantum is blocked (RTS_NO_QUANTUM),
 * its endpoint joins the scheduler's queue of notices, and on the next
 * tick its CPU notifies the scheduler; SCHEDULE_GET hands the notices out,
 * SCHEDULE_SET answers one and unblocks the process.
 *
 * Failing a scheduler (revoke) frees its slot and bumps revoked_gen; each
 * CPU, at its next tick, gives back every process on it whose scheduler is
 * no longer registered (mlfq at its old level and quantum, unblocked).  A
 * process that reaches the end of a quantum first is given back there.
 * Every USCHED_SCAN_TICKS each CPU also looks for a process waiting longer
 * than USCHED_STALL_TICKS: its scheduler has stalled, and is failed.
 */
#include <stddef.h>
#include <abi/errno.h>
#include "kernel/clock.h"
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_mlfq.h"
#include "kernel/sched_user.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"
#include "smp/spinlock.h"

static struct spinlock usched_lock = SPINLOCK_INIT("usched");
static struct scheduler {
	endpoint_t ep;			/* NONE: a free slot (atomic: read unlocked) */
	unsigned first, count;		/* its queue of notices, a ring */
	endpoint_t notice[NR_PROCS];	/* each process at most once: it waits */
} scheds[USCHED_MAX] = {
	[0 ... USCHED_MAX - 1] = { .ep = NONE },
};
static uint32_t revoked_gen;		/* bumped by every revoke (atomic) */

/* Per CPU, under its lock: the generation it has acted on; schedulers to notify. */
static uint32_t seen_gen[MAX_CPUS];
static uint32_t notify_due[MAX_CPUS];

/* The slot of registered scheduler e, or NULL.  Reads only: any lock or none. */
static struct scheduler *find(endpoint_t e)
{
	for (unsigned i = 0; i < USCHED_MAX; i++)
		if (e != NONE && __atomic_load_n(&scheds[i].ep, __ATOMIC_ACQUIRE) == e)
			return &scheds[i];
	return NULL;
}

endpoint_t usched_scheduler_of(const struct proc *p)
{
	endpoint_t by = p->usched.by;

	return find(by) ? by : NONE;
}

/* Takes e out of s's queue of notices, if it is there.  usched_lock held. */
static void drop_notice(struct scheduler *s, endpoint_t e)
{
	for (unsigned i = 0; i < s->count; i++) {
		unsigned at = (s->first + i) % NR_PROCS;

		if (s->notice[at] != e)
			continue;
		for (; i + 1 < s->count; i++, at = (at + 1) % NR_PROCS)
			s->notice[at] = s->notice[(at + 1) % NR_PROCS];
		s->count--;
		return;
	}
}

/* p's ready-queue level, in or out of the queues.  p's CPU lock held. */
static void set_level(struct proc *p, unsigned prio)
{
	bool ready = proc_runnable(p);

	if (ready)
		sched_dequeue(p);
	sched_set_priority(p, prio);
	if (ready)
		sched_enqueue(p);
}

/* The kernel schedules p again, as before its scheduler had it.  p's CPU lock held. */
static void give_back(struct proc *p)
{
	p->usched.by = NONE;
	set_level(p, p->usched.base_prio);
	p->quantum = p->usched.base_quantum;
	p->ticks_left = p->quantum;
	proc_unblock(p, RTS_NO_QUANTUM);
}

/*
 * Fails scheduler `who`: its slot frees, its processes go back to the
 * kernel, each at its CPU's next tick.  False if it was not registered
 * (failed already); the caller then writes no log line.  Any CPU locks
 * may be held.
 */
static bool revoke(endpoint_t who)
{
	struct scheduler *s;

	spin_lock(&usched_lock);
	s = find(who);
	if (s) {
		s->count = 0;
		__atomic_store_n(&s->ep, NONE, __ATOMIC_RELEASE);
		__atomic_add_fetch(&revoked_gen, 1, __ATOMIC_RELEASE);
	}
	spin_unlock(&usched_lock);
	return s != NULL;
}

#define FALLBACK_LOG	"the kernel schedules its processes again"

/*
 * p, current on c, used up its quantum.  A process of a registered
 * scheduler waits for its decision (true); any other continues under
 * mlfq (false), given back first if its scheduler is gone.
 */
static bool ask_scheduler(struct cpu *c, struct proc *p)
{
	struct scheduler *s;

	if (p->usched.by == NONE)
		return false;
	spin_lock(&usched_lock);
	s = find(p->usched.by);
	if (s) {
		assert(s->count < NR_PROCS);		/* one notice per waiting process */
		s->notice[(s->first + s->count++) % NR_PROCS] = p->endpoint;
		notify_due[c->id] |= 1u << (s - scheds);
	}
	spin_unlock(&usched_lock);
	if (!s) {
		give_back(p);
		return false;
	}
	p->usched.asked = clock_uptime();
	proc_block(p, RTS_NO_QUANTUM);
	return true;
}

static void user_tick(struct cpu *c, struct proc *p)
{
	if (!p)
		return;
	if (p->ticks_left > 0)
		p->ticks_left--;
	if (p->ticks_left == 0 && !ask_scheduler(c, p))
		sched_mlfq.yield(c, p);
}

static void user_enqueue(struct cpu *c, struct proc *p)
{
	mlfq_enqueue_fp(c, p);
}

static void user_dequeue(struct cpu *c, struct proc *p)
{
	sched_mlfq.dequeue(c, p);
}

static void user_yield(struct cpu *c, struct proc *p)
{
	sched_mlfq.yield(c, p);
}

static bool user_preempts(const struct proc *cur, const struct proc *p)
{
	return sched_mlfq.preempts(cur, p);
}

const struct sched_policy sched_user = {
	.name = "user",
	.enqueue = user_enqueue,
	.dequeue = user_dequeue,
	.pick = mlfq_pick_fp,
	.tick = user_tick,
	.yield = user_yield,
	.handoff = mlfq_handoff,
	.still_first = mlfq_still_first,
	.preempts = user_preempts,
};

/*
 * The watchdog's look at c's processes (c's lock held): those of a
 * scheduler that is gone go back to the kernel; one waiting too long fails
 * its scheduler.  p->cpu is read without p's lock, but it equals c only
 * while c's lock, held here, keeps it so.
 */
static void watch(struct cpu *c)
{
	uint32_t now = clock_uptime();

	for (struct proc *p = proc_table; p < &proc_table[NR_PROCS]; p++) {
		if (p->cpu != c || (p->rts_flags & RTS_SLOT_FREE) || p->usched.by == NONE)
			continue;
		if (!find(p->usched.by)) {
			give_back(p);
		} else if ((p->rts_flags & RTS_NO_QUANTUM) &&
			   now - p->usched.asked > USCHED_STALL_TICKS) {
			endpoint_t by = p->usched.by;
			struct proc *s;

			if (revoke(by))
				kprintf(KLOG_WARN "usched: scheduler %s (endpoint %d) stalled: no "
					"decision for endpoint %d in %u ticks; " FALLBACK_LOG,
					proc_lookup(by, &s) == OK ? s->name : "?", by, p->endpoint,
					USCHED_STALL_TICKS);
		}
	}
}

/* Tells scheduler slot i that notices wait for it.  No lock held. */
static void notify(unsigned i)
{
	endpoint_t e = __atomic_load_n(&scheds[i].ep, __ATOMIC_ACQUIRE);
	struct proc *s;
	cpuset_t held;

	if (e == NONE || proc_lookup(e, &s) != OK)
		return;
	held = lock_proc(s);
	if (proc_still_there(s, e))
		ipc_notify_kernel(s, SYSTEM);
	cpus_unlock(held);
}

void usched_tick(struct cpu *c)
{
	uint32_t due, gen;

	if (sched_current_policy != &sched_user)
		return;
	spin_lock(&c->lock);
	due = notify_due[c->id];
	notify_due[c->id] = 0;
	gen = __atomic_load_n(&revoked_gen, __ATOMIC_ACQUIRE);
	if (seen_gen[c->id] != gen || c->ticks % USCHED_SCAN_TICKS == 0) {
		seen_gen[c->id] = gen;
		watch(c);
	}
	spin_unlock(&c->lock);
	for (unsigned i = 0; due; i++, due >>= 1)
		if (due & 1)
			notify(i);
}

/* p ends (every CPU lock held): a scheduler fails; a notice of p goes. */
void usched_exit(struct proc *p)
{
	struct scheduler *s;

	if (revoke(p->endpoint))
		kprintf(KLOG_WARN "usched: scheduler %s (endpoint %d) exited; " FALLBACK_LOG,
			p->name, p->endpoint);
	if (p->usched.by == NONE)
		return;
	spin_lock(&usched_lock);
	if ((s = find(p->usched.by)))
		drop_notice(s, p->endpoint);
	spin_unlock(&usched_lock);
	p->usched.by = NONE;
}

/*
 * A child (still RTS_NEW: out of the queues) has its parent's scheduler,
 * and starts at the level and quantum the parent came with: the scheduler
 * knows a process only from its first notice, so it could never raise a
 * child born at its parent's lowered level.
 */
void usched_fork(const struct proc *parent, struct proc *child)
{
	child->usched = parent->usched;
	if (!find(child->usched.by)) {
		child->usched.by = NONE;
		return;
	}
	sched_set_priority(child, child->usched.base_prio);
	child->quantum = child->usched.base_quantum;
}

/* caller schedules p from now on, registered first if it is not yet.  usched_lock held. */
static int take(struct proc *caller, struct proc *p)
{
	if (!find(caller->endpoint)) {
		struct scheduler *s = scheds;

		while (s < &scheds[USCHED_MAX] && s->ep != NONE)
			s++;
		if (s == &scheds[USCHED_MAX])
			return ENOSPC;
		s->first = s->count = 0;
		__atomic_store_n(&s->ep, caller->endpoint, __ATOMIC_RELEASE);
	}
	p->usched.by = caller->endpoint;
	p->usched.base_prio = p->priority;
	p->usched.base_quantum = p->quantum;
	return OK;
}

/*
 * SCHEDULE_START: the caller schedules e.  EBUSY when another registered
 * scheduler has e; EINVAL for itself; ENOSPC with USCHED_MAX schedulers
 * registered.  A process its failed scheduler left waiting is given back
 * first (its CPU's watchdog may not have come to it yet).
 */
int usched_start(struct proc *caller, endpoint_t e)
{
	struct proc *p;
	cpuset_t held;
	int r;

	if ((r = proc_lookup(e, &p)) != OK)
		return r;
	if (p == caller)
		return EINVAL;
	held = lock_proc(p);
	if (!proc_still_there(p, e)) {
		r = EDEADSRCDST;
	} else if (find(p->usched.by)) {
		r = p->usched.by == caller->endpoint ? OK : EBUSY;
	} else {
		if (p->usched.by != NONE)
			give_back(p);
		spin_lock(&usched_lock);
		r = take(caller, p);
		spin_unlock(&usched_lock);
	}
	cpus_unlock(held);
	return r;
}

/*
 * SCHEDULE_GET: the next process waiting for the caller's decision, with
 * its level, quantum and CPU; endpoint NONE when none waits.  Notices of
 * processes that stopped waiting meanwhile are dropped.
 */
int usched_get(struct proc *caller, struct mess_schedule *answer)
{
	for (;;) {
		struct scheduler *s;
		endpoint_t e;
		struct proc *p;
		cpuset_t held;
		bool waits;

		spin_lock(&usched_lock);
		s = find(caller->endpoint);
		if (!s || !s->count) {
			spin_unlock(&usched_lock);
			if (!s)
				return EPERM;
			answer->endpoint = NONE;
			return OK;
		}
		e = s->notice[s->first];
		s->first = (s->first + 1) % NR_PROCS;
		s->count--;
		spin_unlock(&usched_lock);
		if (proc_lookup(e, &p) != OK)
			continue;
		held = lock_proc(p);
		waits = proc_still_there(p, e) && p->usched.by == caller->endpoint &&
			(p->rts_flags & RTS_NO_QUANTUM);
		if (waits) {
			answer->endpoint = e;
			answer->priority = (int32_t)p->priority;
			answer->quantum = (int32_t)p->quantum;
			answer->cpu = (int16_t)p->cpu->id;
		}
		cpus_unlock(held);
		if (waits)
			return OK;
	}
}

/* Is the decision one the kernel can carry out (whoever it is for)? */
static bool decision_valid(const struct mess_schedule *d)
{
	return d->endpoint > 0 && endpoint_slot(d->endpoint) < NR_PROCS &&
	       d->priority >= 0 && d->priority < SCHED_QUEUES &&
	       d->quantum >= 1 && d->quantum <= SCHEDULE_MAX_QUANTUM &&
	       d->cpu >= -1 && d->cpu < MAX_CPUS && (d->cpu < 0 || cpu_index_online((unsigned)d->cpu));
}

/*
 * SCHEDULE_SET: the caller's decision for d->endpoint.  EPERM when the
 * caller does not schedule it (or nothing); EDEADSRCDST when it has ended;
 * EINVAL for a decision that cannot be carried out, and the caller fails.
 * A process waiting for it runs again; another just gets the new values.
 */
int usched_set(struct proc *caller, const struct mess_schedule *d)
{
	struct proc *p;
	cpuset_t held;
	int r = OK;

	if (!find(caller->endpoint))
		return EPERM;
	if (!decision_valid(d)) {
		if (revoke(caller->endpoint))
			kprintf(KLOG_WARN "usched: scheduler %s (endpoint %d) answered garbage: "
				"endpoint %d priority %d quantum %d cpu %d; " FALLBACK_LOG,
				caller->name, caller->endpoint, d->endpoint, d->priority,
				d->quantum, d->cpu);
		return EINVAL;
	}
	if (proc_lookup(d->endpoint, &p) != OK)
		return EDEADSRCDST;
	held = lock_proc(p);
	if (!proc_still_there(p, d->endpoint)) {
		r = EDEADSRCDST;
	} else if (p->usched.by != caller->endpoint || !find(caller->endpoint)) {
		r = EPERM;
	} else {
		spin_lock(&usched_lock);
		drop_notice(find(caller->endpoint), d->endpoint);
		spin_unlock(&usched_lock);
		set_level(p, (unsigned)d->priority);
		p->quantum = (unsigned)d->quantum;
		if (p->rts_flags & RTS_NO_QUANTUM) {
			p->ticks_left = p->quantum;
			proc_unblock(p, RTS_NO_QUANTUM);
		}
	}
	cpus_unlock(held);
	if (r == OK && d->cpu >= 0)
		sched_migrate(p, &cpus[d->cpu]);	/* placed by its scheduler: pinned */
	return r;
}
