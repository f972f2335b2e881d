/*
 * kernel/sched.h - the scheduler interface.
 *
 * Each CPU owns its ready queues and is the only one to touch them, so
 * picking the next process takes no lock.  A scheduling policy is a set of
 * functions (struct sched_policy) chosen at boot with `sched=NAME`; the rest
 * of the kernel only calls the sched_* wrappers below.  Policies: `mlfq`
 * (sched_mlfq.c, the default), `fair` (sched_fair.c, stride scheduling),
 * `edf` (sched_edf.c, deadlines with budgets and donation), `fp`
 * (sched_fp.c, fixed priorities with sporadic-server budgets), `user`
 * (sched_user.c, mlfq with decisions by user-space schedulers).
 *
 * Locking: sched_enqueue, sched_dequeue and sched_peek need the lock of
 * the CPU concerned (p->cpu); sched_yield and sched_migrate take it.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/proc.h"

#define SCHED_QUEUES		16	/* priority levels, 0 highest */
#define SCHED_USER_PRIO		8	/* default for boot processes */
#define SCHED_DEFAULT_QUANTUM	5	/* ticks */
#define SCHED_MAX_PERIOD	(60 * 100)	/* ticks: a minute (SYS_SCHEDPARAM) */

struct proc;
struct cpu;

/*
 * Per-CPU ready queues: one FIFO per priority and a bitmap of non-empty
 * ones (mlfq, and edf's best-effort processes); a binary min-heap on
 * p->sched_key (fair, and edf's processes with a deadline,
 * kernel/sched_heap.h); edf's list of processes waiting for a budget.
 */
struct sched_queues {
	struct proc *head[SCHED_QUEUES];
	struct proc *tail[SCHED_QUEUES];	/* valid while head[q] != NULL */
	uint32_t nonempty;		/* bit q set iff head[q] != NULL */
	unsigned heap_n;
	struct proc *heap[NR_PROCS];
	uint64_t vtime;			/* fair: virtual time, the smallest pass picked */
	struct proc *throttled;		/* edf: out of budget, linked by next_ready */
};

struct sched_policy {
	const char *name;
	void (*enqueue)(struct cpu *c, struct proc *p);	/* p became runnable */
	void (*dequeue)(struct cpu *c, struct proc *p);	/* p stopped being runnable */
	struct proc *(*pick)(struct cpu *c);		/* next to run, or NULL */
	void (*tick)(struct cpu *c, struct proc *p);	/* clock tick; p runs (NULL: idle) */
	void (*yield)(struct cpu *c, struct proc *p);	/* p gives up its slice */
	/*
	 * IPC fast path: `from`, running, blocks and `to`, blocked, becomes
	 * runnable and runs next (a call, or with MF_REPLY_PEND on `to` the
	 * reply to it).  Returns false (changing nothing) when the policy
	 * cannot do that in O(1); the caller then takes the slow path.
	 */
	bool (*handoff)(struct cpu *c, struct proc *from, struct proc *to);
	/*
	 * Would pick(c) return cur, which runs now?  Called without c's lock
	 * on the way back to user mode: it must only read, and tolerate a
	 * concurrent enqueue (the enqueuer kicks c if it matters).
	 */
	bool (*still_first)(struct cpu *c, const struct proc *cur);
	/* Would p, just queued on cur's CPU, run before cur (smp_kick)?  Reads only. */
	bool (*preempts)(const struct proc *cur, const struct proc *p);
	/*
	 * Optional.  The general IPC path delivered a message from `from` to
	 * `to` (both CPUs' locks held, before `to` is woken): a call
	 * (SENDREC), or with `reply` the answer to to's SENDREC.
	 */
	void (*ipc)(struct proc *from, struct proc *to, bool reply);
	/*
	 * Optional (NULL: the policy has no budgets).  Gives p, on c (its
	 * lock held), `budget` ticks in every `period` (both 0: none), or
	 * makes it passive; the values are checked (SYS_SCHEDPARAM).  OK, or
	 * an error when the policy refuses them (edf: EBUSY, over its bound).
	 */
	int (*set_budget)(struct cpu *c, struct proc *p, uint32_t budget, uint32_t period,
			  bool passive);
};

/*
 * The one way a priority changes (below SCHED_QUEUES; p out of the ready
 * queues, under its CPU's lock): prio_bit goes with it (the fast paths'
 * hand-off between levels).
 */
static inline void sched_set_priority(struct proc *p, unsigned prio)
{
	p->priority = prio;
	p->prio_bit = 1u << prio;
}

int sched_select(const char *name);
const char *sched_policy_name(void);
void sched_init_cpu(struct cpu *c);
void sched_init_proc(struct proc *p);
void sched_enqueue(struct proc *p);
void sched_dequeue(struct proc *p);
void sched_tick(struct cpu *c);
void sched_ipc(endpoint_t from, struct proc *to, uint32_t status);
int sched_set_budget(struct proc *p, uint32_t budget, uint32_t period, bool passive);
void sched_yield(struct proc *p);
void sched_migrate(struct proc *p, struct cpu *to);
void sched_move_locked(struct proc *p, struct cpu *to);
const struct proc *sched_peek(struct cpu *c);
extern const struct sched_policy *sched_current_policy;

uint64_t sched_first_user_tsc(void);
_Noreturn void kernel_return(void);

extern const struct sched_policy sched_mlfq, sched_fair, sched_edf, sched_fp;
extern const struct sched_policy sched_user;	/* kernel/sched_user.c */

#endif /* KERNEL_SCHED_H */
