/*
 * kernel/sched_balance.c - the balancers of kernel/sched_balance.h.
 *
 * A process is left where it is when it runs now, has work its CPU must
 * finish first (misc_flags: deferred exit or move, a kernel call to
 * restart), was placed by SYS_SCHEDCTL (pinned), has a budget (its CPU
 * admitted it: kernel/sched_edf.c), or ran within
 * BALANCE_CACHE_HOT ticks (its working set is still in that CPU's
 * caches: cache affinity).  Among the others the one that waited longest
 * moves.
 *
 * Locking: the loads are counted without locks (a snapshot: rts_flags
 * and cpu of every slot, each read atomically), then the two CPUs' locks
 * are taken in order (cpus_lock) and the chosen process is checked again
 * under them before sched_move_locked moves it.  No new lock.
 */
#include <string.h>
#include <abi/errno.h>
#include "kernel/clock.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_balance.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"

enum balancer { BALANCE_NONE, BALANCE_PULL, BALANCE_STEAL };

static const char *const names[] = {
	[BALANCE_NONE] = "none", [BALANCE_PULL] = "pull", [BALANCE_STEAL] = "steal",
};
static enum balancer balancer = BALANCE_NONE;	/* set at boot, before any process runs */

int balance_select(const char *name)
{
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++) {
		if (strcmp(names[i], name) == 0) {
			balancer = (enum balancer)i;
			return OK;
		}
	}
	return ENOENT;
}

const char *balance_name(void)
{
	return names[balancer];
}

/* May p, on CPU `from`, move now?  (from's lock held, or a snapshot.) */
static bool movable(const struct proc *p, const struct cpu *from, uint32_t now)
{
	return p->cpu == from && proc_runnable(p) && from->current != p && !p->misc_flags &&
	       !p->pinned && !p->rt.period && now - p->last_ran >= BALANCE_CACHE_HOT;
}

/* The CPU other than c with the most movable processes, and how many; NULL if none. */
static struct cpu *busiest(const struct cpu *c, unsigned *most)
{
	unsigned load[MAX_CPUS] = { 0 };
	uint32_t now = clock_uptime();
	struct cpu *best = NULL;

	for (unsigned i = 0; i < NR_PROCS; i++) {
		const struct proc *p = &proc_table[i];
		struct cpu *on = __atomic_load_n(&p->cpu, __ATOMIC_RELAXED);

		if (on && on != c && movable(p, on, now))
			load[on->id]++;
	}
	*most = 0;
	for_each_online_cpu(o) {
		if (load[o->id] > *most) {
			*most = load[o->id];
			best = o;
		}
	}
	return best;
}

/* Runnable processes of c (a snapshot), the one running included. */
static unsigned runnable_on(const struct cpu *c)
{
	unsigned n = 0;

	for (unsigned i = 0; i < NR_PROCS; i++)
		n += __atomic_load_n(&proc_table[i].cpu, __ATOMIC_RELAXED) == c &&
		     proc_runnable(&proc_table[i]);
	return n;
}

/* Moves the movable process of `from` that waited longest to c; true if one moved. */
static bool take_one(struct cpu *c, struct cpu *from)
{
	cpuset_t held = CPUSET_OF(c) | CPUSET_OF(from);
	uint32_t now = clock_uptime();
	struct proc *pick = NULL;

	cpus_lock(held);
	for (unsigned i = 0; i < NR_PROCS; i++) {
		struct proc *p = &proc_table[i];

		if (movable(p, from, now) && (!pick || now - p->last_ran > now - pick->last_ran))
			pick = p;
	}
	if (pick)
		sched_move_locked(pick, c);
	cpus_unlock(held);
	return pick != NULL;
}

void balance_tick(struct cpu *c)
{
	struct cpu *from;
	unsigned most;

	if (balancer != BALANCE_PULL || ncpus_online < 2 || c->ticks % BALANCE_PERIOD != 0)
		return;
	from = busiest(c, &most);
	if (from && runnable_on(from) >= runnable_on(c) + 2)
		take_one(c, from);
}

bool balance_idle(struct cpu *c)
{
	struct cpu *from;
	unsigned most;

	if (balancer != BALANCE_STEAL || ncpus_online < 2)
		return false;
	from = busiest(c, &most);
	return from && take_one(c, from);
}
