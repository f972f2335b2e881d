/*
 * kernel/proc.c - process slots: allocation, endpoints, start, exit.
 *
 * Locks: proc_table_lock protects slot allocation and the live count; it
 * nests inside the CPU locks (docs/locking.md).  A slot being set up is
 * reserved (RTS_SLOT_FREE | RTS_NEW) and its endpoint is published last, so
 * no other CPU can reach a half-built process.
 */
#include <string.h>
#include <fmt.h>
#include <abi/errno.h>
#include <abi/signal.h>
#include "kernel/alarm.h"
#include "kernel/async.h"
#include "kernel/ipc.h"
#include "kernel/irq.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/safemap.h"
#include "kernel/signal.h"
#include "kernel/vmreq.h"
#include "kernel/testsel.h"
#include "kernel/sched.h"
#include "kernel/sched_user.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"
#include "smp/ipi.h"
#include "smp/spinlock.h"

struct proc proc_table[NR_PROCS];

static struct spinlock proc_table_lock = SPINLOCK_INIT("proc_table");
static unsigned live_count;		/* protected by proc_table_lock */
static unsigned next_slot;		/* next-fit hint, protected by proc_table_lock */
static bool poweroff_when_empty;	/* set once boot processes are started */

void proc_init(void)
{
	for (unsigned i = 0; i < NR_PROCS; i++) {
		proc_table[i].slot = i;
		proc_table[i].rts_flags = RTS_SLOT_FREE;
		proc_table[i].endpoint = NONE;
		proc_table[i].priv = priv_user();	/* never NULL (kernel/priv.h) */
	}
}

/*
 * Takes a free slot for a new process on CPU `cpu`, with a fresh endpoint.
 * Slots are handed out next-fit, so a freed slot (and its exit record) is
 * reused only after the others, as Unix PIDs are.  The process stays
 * RTS_NEW (not runnable) until proc_start.  NULL if the table is full.
 * No CPU lock may be held.
 */
struct proc *proc_alloc(const char *name, struct cpu *cpu)
{
	struct proc *p = NULL;

	spin_lock(&proc_table_lock);
	for (unsigned n = 0; n < NR_PROCS; n++) {
		unsigned i = (next_slot + n) % NR_PROCS;

		if (proc_table[i].rts_flags == RTS_SLOT_FREE) {
			p = &proc_table[i];
			next_slot = i + 1;
			p->rts_flags = RTS_SLOT_FREE | RTS_NEW;	/* reserved */
			live_count++;
			break;
		}
	}
	spin_unlock(&proc_table_lock);
	if (!p)
		return NULL;
	p->ever_used = true;
	p->exit_status = 0;
	p->exit_reason[0] = '\0';
	strlcpy(p->name, name, sizeof(p->name));
	p->cpu = cpu;
	p->user_ticks = p->kernel_ticks = 0;
	p->arch.as.pd = NULL;
	p->priv = priv_user();
	p->misc_flags = 0;
	p->senders = p->next_sender = NULL;
	memset(p->notify_pending, 0, sizeof(p->notify_pending));
	memset(p->senda_pending, 0, sizeof(p->senda_pending));
	p->pending_any = 0;
	p->senda_table = 0;
	p->senda_count = 0;
	p->senda_first = 0;
	p->async = (struct async_state){ .held_tail = &p->async.held };
	p->async_srv = (struct async_srv){ .queued_tail = &p->async_srv.queued };
	p->grant_table = 0;
	p->grant_count = 0;
	p->sig_pending = 0;
	p->irq_pending = 0;
	p->alarm_at = 0;
	p->next_alarm = NULL;
	sched_init_proc(p);

	cpuset_t held = lock_proc(p);
	p->generation = p->generation >= ENDPOINT_GEN_MAX ? 1 : p->generation + 1;
	p->rts_flags = RTS_NEW;
	__atomic_store_n(&p->endpoint, endpoint_make(p->generation, (int)p->slot), __ATOMIC_RELEASE);
	cpus_unlock(held);
	return p;
}

void proc_start(struct proc *p, bool stopped)
{
	cpuset_t held = lock_proc(p);

	if (stopped)
		proc_block(p, RTS_STOPPED);	/* until RC_RESUME */
	proc_unblock(p, RTS_NEW);
	cpus_unlock(held);
}

static void record_exit(struct proc *p, int32_t status, const char *reason)
{
	p->exit_status = status;
	if (reason != p->exit_reason)
		strlcpy(p->exit_reason, reason, sizeof(p->exit_reason));
}

/*
 * proc_exit with every CPU's lock held.  A process running right now on
 * another CPU is only marked (MF_EXIT_PENDING) and kicked: that CPU, which
 * still uses its address space, finishes the job in kernel_return.
 */
void proc_exit_locked(struct proc *p, int32_t status, const char *reason)
{
	unsigned left;

	if (p->rts_flags & RTS_SLOT_FREE)
		return;				/* already gone */
	if (p->cpu != this_cpu() && p->cpu->current == p) {
		record_exit(p, status, reason);
		p->misc_flags |= MF_EXIT_PENDING;
		proc_block(p, RTS_STOPPED);
		smp_resched(p->cpu);
		return;
	}
	record_exit(p, status, reason);		/* before the slot reads as dead */
	/*
	 * Not live from here: before vmreq_cancel queues the exit for VM, so
	 * that the count VM reads with it (VMCTL_GET_EXITED) already leaves p
	 * out.  Counted after, VM on another CPU could take the last exit
	 * with 2 live and never hear of the count reaching 1 (it ends when
	 * it is the last: servers/vm/exit.c), so the machine never powered off.
	 */
	spin_lock(&proc_table_lock);
	left = --live_count;
	spin_unlock(&proc_table_lock);
	if (p->priv && (p->priv->flags & PRIV_CRITICAL))
		kprintf(KLOG_ERR "proc: critical process %s (endpoint %d) died: %s", p->name,
			p->endpoint, reason);
	async_exit(p);				/* so dead means its calls are gone */
	proc_block(p, RTS_SLOT_FREE);
	if (p->misc_flags & MF_FPU_LIVE)
		arch_fpu_drop(p);		/* current here: its registers go unsaved */
	if (p->cpu->current == p)
		p->cpu->current = NULL;
	ipc_clear_endpoint(p);
	alarm_cancel(p);
	irq_release_all(p);
	vmreq_cancel(p);
	usched_exit(p);
	safemap_exit(p);
	sig_manager_died(p);
	priv_release(p);
	as_destroy(&p->arch.as);
	p->misc_flags = 0;

	spin_lock(&proc_table_lock);
	p->rts_flags = RTS_SLOT_FREE;
	spin_unlock(&proc_table_lock);

	if (left == 0 && poweroff_when_empty) {
		testsel_report();
		kprintf("proc: all processes have exited; powering off");
		arch_poweroff(0);
	}
}

/*
 * Ends p: everyone blocked on it is failed with EDEADSRCDST, its alarm,
 * notifications and privileges go, its address space is freed, and its
 * slot is released with the exit status and reason kept for GET_PROC.
 * When the last process is gone the machine powers off cleanly.  The
 * caller holds no CPU lock.
 */
void proc_exit(struct proc *p, int32_t status, const char *reason)
{
	cpuset_t held = cpus_lock_all();

	proc_exit_locked(p, status, reason);
	cpus_unlock(held);
}

/* p caused an exception: a signal for its manager, or the end of p. */
void proc_fault(struct proc *p, int sig, const char *reason)
{
	sig_raise(p, p->endpoint, sig, reason);
}

/* Adds a reason for p not to run.  Lock: p->cpu's. */
void proc_block(struct proc *p, uint32_t flag)
{
	assert(spin_held(&p->cpu->lock));
	if (p->rts_flags == 0) {
		sched_dequeue(p);
		if (p->cpu->current == p && p->cpu != this_cpu())
			smp_resched(p->cpu);	/* it is running there: stop it */
	}
	p->rts_flags |= flag;
}

/* Removes reasons for p not to run; runnable at none.  Lock: p->cpu's. */
void proc_unblock(struct proc *p, uint32_t flag)
{
	assert(spin_held(&p->cpu->lock));
	if (!(p->rts_flags & flag))
		return;
	p->rts_flags &= ~flag;
	if (p->rts_flags == 0)
		sched_enqueue(p);
}

void proc_get_info(const struct proc *p, struct proc_info *info)
{
	memset(info, 0, sizeof(*info));
	info->endpoint = p->endpoint;
	if (!p->ever_used)
		info->state = PROC_STATE_FREE;
	else if (p->rts_flags & RTS_SLOT_FREE)
		info->state = PROC_STATE_DEAD;
	else
		info->state = PROC_STATE_LIVE;
	_Static_assert(PROC_FLAG_SENDING == RTS_SENDING, "proc_info.flags names RTS_SENDING");
	info->flags = p->rts_flags;
	info->cpu = p->cpu ? p->cpu->id : 0;
	info->exit_status = p->exit_status;
	info->user_ticks = p->user_ticks;
	info->kernel_ticks = p->kernel_ticks;
	info->sig_mgr = NONE;
	info->scheduler = NONE;
	if (info->state == PROC_STATE_LIVE) {
		info->priority = p->priority;
		info->scheduler = usched_scheduler_of(p);
	}
	if (info->state == PROC_STATE_LIVE && p->priv) {
		if (p->priv->flags & PRIV_SYSTEM)
			info->priv_flags |= PROC_PRIV_SYSTEM;
		info->sig_mgr = p->priv->sig_mgr;
	}
	strlcpy(info->name, p->name, sizeof(info->name));
	strlcpy(info->exit_reason, p->exit_reason, sizeof(info->exit_reason));
}

/* Slots proc_alloc could hand out now (a leak check for tests and fuzzers). */
unsigned proc_free_slots(void)
{
	unsigned n = 0;

	spin_lock(&proc_table_lock);
	for (unsigned i = 0; i < NR_PROCS; i++)
		n += proc_table[i].rts_flags == RTS_SLOT_FREE;
	spin_unlock(&proc_table_lock);
	return n;
}

unsigned proc_live_count(void)
{
	return __atomic_load_n(&live_count, __ATOMIC_RELAXED);
}

/* From now on, the exit of the last process powers the machine off. */
void proc_poweroff_when_empty(void)
{
	poweroff_when_empty = true;
	if (proc_live_count() == 0) {
		testsel_report();
		kprintf("proc: no process to run; powering off");
		arch_poweroff(0);
	}
}
