/*
 * kernel/sched.c - policy selection, ready-queue access, migration, and the
 * return to user mode.
 *
 * kernel_return() is where every trap ends: it picks the next process on
 * this CPU (the current one if it is still the best) and switches to it, or
 * idles.  It runs on this CPU's kernel stack and never returns.
 *
 * Locking: the ready queues and `current` of a CPU are protected by its lock
 * (struct cpu.lock); sched_enqueue/sched_dequeue require the lock of
 * p->cpu.  Enqueuing on another CPU kicks it with an IPI when it should look
 * at its queues (smp/ipi.h).
 */
#include <string.h>
#include <abi/errno.h>
#include <arch/arch.h>
#include "kernel/alarm.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_fast.h"
#include "kernel/system.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"
#include "smp/ipi.h"

static const struct sched_policy *const policies[] = { &sched_mlfq };
const struct sched_policy *sched_current_policy = &sched_mlfq;

static uint64_t first_user_tsc;		/* valid once first_user_state is 2 */
static uint32_t first_user_state;	/* 0 none yet, 1 being recorded, 2 recorded */

int sched_select(const char *name)
{
	for (unsigned i = 0; i < ARRAY_SIZE(policies); i++) {
		if (strcmp(policies[i]->name, name) == 0) {
			sched_current_policy = policies[i];
			return OK;
		}
	}
	return ENOENT;
}

const char *sched_policy_name(void)
{
	return sched_current_policy->name;
}

void sched_init_cpu(struct cpu *c)
{
	memset(&c->rq, 0, sizeof(c->rq));
}

void sched_init_proc(struct proc *p)
{
	p->priority = SCHED_USER_PRIO;
	p->quantum = SCHED_DEFAULT_QUANTUM;
	p->ticks_left = p->quantum;
	p->next_ready = NULL;
}

void sched_enqueue(struct proc *p)
{
	assert(spin_held(&p->cpu->lock));
	sched_current_policy->enqueue(p->cpu, p);
	if (p->cpu != this_cpu())
		smp_kick(p->cpu, p);
}

void sched_dequeue(struct proc *p)
{
	assert(spin_held(&p->cpu->lock));
	sched_current_policy->dequeue(p->cpu, p);
}

const struct proc *sched_peek(struct cpu *c)
{
	assert(spin_held(&c->lock));
	return sched_current_policy->pick(c);
}

void sched_tick(struct cpu *c)
{
	spin_lock(&c->lock);
	if (c->current && proc_runnable(c->current))
		sched_current_policy->tick(c, c->current);
	spin_unlock(&c->lock);
}

void sched_yield(struct proc *p)
{
	cpuset_t held = lock_proc(p);

	if (proc_runnable(p))
		sched_current_policy->yield(p->cpu, p);
	cpus_unlock(held);
}

/* Moves p, which is not running, to CPU `to`; both CPUs' locks are held. */
static void move_locked(struct proc *p, struct cpu *to)
{
	bool ready = proc_runnable(p);

	if (ready)
		sched_current_policy->dequeue(p->cpu, p);
	alarm_move(p, to);
	p->cpu = to;
	to->migrations++;
	if (ready)
		sched_enqueue(p);
}

/*
 * Moves p to CPU `to`.  A process running right now is moved by its own CPU
 * on the way back to user mode (MF_MIGRATE), after its kernel call has been
 * answered; any other moves at once.  The caller holds no CPU lock.
 */
void sched_migrate(struct proc *p, struct cpu *to)
{
	for (;;) {
		struct cpu *from = p->cpu;
		cpuset_t held = CPUSET_OF(from) | CPUSET_OF(to);

		cpus_lock(held);
		if (p->cpu != from) {		/* moved meanwhile */
			cpus_unlock(held);
			continue;
		}
		if (from == to) {
			p->misc_flags &= ~MF_MIGRATE;
		} else if (from->current == p) {
			p->migrate_to = to;
			p->misc_flags |= MF_MIGRATE;
			if (from != this_cpu())
				smp_resched(from);
		} else {
			move_locked(p, to);
		}
		cpus_unlock(held);
		return;
	}
}

/*
 * Work another CPU left for p, which ran here: an exit or a migration
 * requested while p was current on this CPU (proc_exit_locked,
 * sched_migrate).  Those requests are made under this CPU's lock while
 * `current` is p, and `current` only changes under that lock, so either
 * the start of kernel_return or the switch away from p (pick_next) sees
 * the flag.
 */
static void finish_deferred_work(struct cpu *c, struct proc *p)
{
	while (!(p->misc_flags & MF_EXIT_PENDING)) {
		struct cpu *to = p->migrate_to;
		cpuset_t held = CPUSET_OF(c) | CPUSET_OF(to);

		cpus_lock(held);
		/*
		 * Under c's lock neither mark nor target can change any more
		 * (sched_migrate and proc_exit_locked take it): a new target
		 * set after the unlocked read means other locks (retry), and
		 * an exit marked meanwhile (p was still current here) wins:
		 * moving p now would leave it stopped on the other CPU,
		 * current nowhere, its exit never finished.
		 */
		if ((p->misc_flags & MF_MIGRATE) && p->migrate_to != to) {
			cpus_unlock(held);
			continue;
		}
		if (!(p->misc_flags & MF_EXIT_PENDING)) {
			if (p->misc_flags & MF_MIGRATE) {
				p->misc_flags &= ~MF_MIGRATE;
				if (c->current == p)
					c->current = NULL;
				move_locked(p, to);
			}
			cpus_unlock(held);
			return;
		}
		cpus_unlock(held);
	}
	proc_exit(p, p->exit_status, p->exit_reason);
}

static inline void finish_deferred(struct cpu *c, struct proc *p)
{
	if (unlikely(p && (p->misc_flags & (MF_EXIT_PENDING | MF_MIGRATE))))
		finish_deferred_work(c, p);
}

/* Picks the next process and makes it current (NULL: idle). */
static struct proc *pick_next(struct cpu *c)
{
	struct proc *prev, *next;

	spin_lock(&c->lock);
	prev = c->current;
	next = sched_current_policy->pick(c);
	if (next != prev) {
		c->ctx_switches += next != NULL;
		c->current = next;
	}
	spin_unlock(&c->lock);
	if (unlikely(prev != next))
		finish_deferred(c, prev);	/* work left for the one we leave */
	return next;
}

uint64_t sched_first_user_tsc(void)
{
	return __atomic_load_n(&first_user_state, __ATOMIC_ACQUIRE) == 2 ? first_user_tsc : 0;
}

/*
 * Whichever CPU first leaves for user mode records when, before it does,
 * so any process that asks finds it set.
 */
static void note_first_user_entry(void)
{
	uint32_t none = 0;

	if (!__atomic_compare_exchange_n(&first_user_state, &none, 1, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_RELAXED)) {
		while (__atomic_load_n(&first_user_state, __ATOMIC_ACQUIRE) != 2)
			cpu_relax();			/* another CPU is recording it */
		return;
	}
	first_user_tsc = arch_timestamp();
	__atomic_store_n(&first_user_state, 2, __ATOMIC_RELEASE);
	kprintf("boot: first user instruction %llu TSC ticks after kernel entry",
		(unsigned long long)(first_user_tsc - arch_boot_tsc()));
}

void kernel_return(void)
{
	struct cpu *c = this_cpu();
	struct proc *next;

	if (likely(sched_current_continues(c)))
		arch_switch_to_user(c->current);
	finish_deferred(c, c->current);
	for (;;) {
		next = pick_next(c);
		if (!next) {
			paging_load_kernel_space();	/* no user space loaded while idle */
			arch_idle();
		}
		if (likely(!(next->misc_flags & MF_KCALL_RESUME)))
			break;
		kernel_call_resume(next);	/* may suspend it again */
	}
	if (unlikely(__atomic_load_n(&first_user_state, __ATOMIC_RELAXED) != 2))
		note_first_user_entry();
	arch_switch_to_user(next);
}
