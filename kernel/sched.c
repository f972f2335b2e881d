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
#include <abi/ipc.h>
#include <arch/arch.h>
#include "kernel/alarm.h"
#include "kernel/async.h"
#include "kernel/clock.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_balance.h"
#include "kernel/sched_fast.h"
#include "kernel/system.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"
#include "smp/ipi.h"

static const struct sched_policy *const policies[] = { &sched_mlfq, &sched_fair, &sched_edf,
								 &sched_fp, &sched_user };
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
	sched_set_priority(p, SCHED_USER_PRIO);
	p->quantum = SCHED_DEFAULT_QUANTUM;
	p->ticks_left = p->quantum;
	p->next_ready = NULL;
	p->sched_key = 0;
	p->heap_at = 0;
	p->last_ran = 0;
	p->pinned = false;
	p->usched.by = NONE;
	memset(&p->rt, 0, sizeof(p->rt));
	p->rt.donor = NONE;
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

/*
 * sched_fast.h's questions for the policies other than the default, out
 * of line so the default's inline paths keep their registers.
 */
bool sched_heads_other(struct cpu *c, const struct proc *p)
{
	return sched_current_policy->pick(c) == p;
}

struct proc *sched_block_other(struct cpu *c, struct proc *p)
{
	sched_current_policy->dequeue(c, p);
	return sched_current_policy->pick(c);
}

void sched_requeue_other(struct cpu *c, struct proc *p)
{
	sched_current_policy->dequeue(c, p);
	sched_current_policy->enqueue(c, p);
}

void sched_tick(struct cpu *c)
{
	struct proc *cur;

	spin_lock(&c->lock);
	cur = c->current;
	sched_current_policy->tick(c, cur && proc_runnable(cur) ? cur : NULL);
	spin_unlock(&c->lock);
}

/*
 * The general IPC path delivered a message from endpoint `from` to `to`
 * with `status` (kernel/ipc.c, ipc_deliver; the CPU locks of both held,
 * `to` not yet woken): the policy's ipc hook hears of calls and replies
 * between processes.
 */
void sched_ipc(endpoint_t from, struct proc *to, uint32_t status)
{
	bool reply = to->misc_flags & MF_REPLY_PEND;
	struct proc *src;

	if (!sched_current_policy->ipc || (!reply && IPC_STATUS_CALL(status) != IPC_SENDREC) ||
	    proc_lookup(from, &src) != OK)
		return;
	sched_current_policy->ipc(src, to, reply);
}

/*
 * SYS_SCHEDPARAM's work: EINVAL for values no budget can have (the caller
 * logs them), ENOSYS under a policy without budgets, or the policy's
 * refusal (edf's admission control).
 */
int sched_set_budget(struct proc *p, uint32_t budget, uint32_t period, bool passive)
{
	cpuset_t held;
	int r;

	if (!sched_current_policy->set_budget)
		return ENOSYS;
	if (passive ? budget || period
		    : (budget == 0) != (period == 0) || budget > period || period > SCHED_MAX_PERIOD)
		return EINVAL;
	held = lock_proc(p);
	r = sched_current_policy->set_budget(p->cpu, p, budget, period, passive);
	cpus_unlock(held);
	return r;
}

void sched_yield(struct proc *p)
{
	cpuset_t held = lock_proc(p);

	if (proc_runnable(p))
		sched_current_policy->yield(p->cpu, p);
	cpus_unlock(held);
}

/* Moves p, which is not running, to CPU `to`; both CPUs' locks are held. */
void sched_move_locked(struct proc *p, struct cpu *to)
{
	bool ready = proc_runnable(p);

	assert(spin_held(&p->cpu->lock) && spin_held(&to->lock));
	if (ready)
		sched_current_policy->dequeue(p->cpu, p);
	alarm_move(p, to);
	async_move(p, to);
	p->cpu = to;
	to->migrations++;
	if (ready)
		sched_enqueue(p);
}

/*
 * Moves p to CPU `to` and pins it there (load balancing leaves it).  A
 * process running right now is moved by its own CPU on the way back to
 * user mode (MF_MIGRATE), after its kernel call has been answered; any
 * other moves at once.  The caller holds no CPU lock.
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
		p->pinned = true;
		if (from == to) {
			p->misc_flags &= ~MF_MIGRATE;
		} else if (from->current == p) {
			p->migrate_to = to;
			p->misc_flags |= MF_MIGRATE;
			if (from != this_cpu())
				smp_resched(from);
		} else {
			sched_move_locked(p, to);
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
				sched_move_locked(p, to);
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

/* p, current on c, stops running: its live FPU registers go to memory. */
static void save_fpu(struct cpu *c, struct proc *p)
{
	spin_lock(&c->lock);
	arch_fpu_save(p);
	spin_unlock(&c->lock);
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
		if (prev)
			prev->last_ran = clock_uptime();	/* cache affinity (sched_balance.c) */
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

	if (likely(sched_current_continues(c, MF_FPU_LIVE)))
		arch_switch_to_user(c->current);
	if (unlikely(arch_fpu_live(&c->arch)))
		save_fpu(c, c->current);	/* before it can migrate or be copied */
	finish_deferred(c, c->current);
	for (;;) {
		next = pick_next(c);
		if (!next) {
			if (balance_idle(c))
				continue;		/* took a process from a busier CPU */
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
