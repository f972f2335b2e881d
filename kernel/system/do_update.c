/*
 * do_update - SYS_UPDATE: live update.  Swaps the programs of two
 * processes so that the new version answers at the old one's endpoint
 * (and the old version, at the new endpoint, can be cleared).
 *
 * m->update.old_ep  the running version
 * m->update.new_ep  the new version
 *
 * What moves with the program: registers, address space, name, blocked
 * receive state, kernel-call state, its grant table (an address in its own
 * memory: a rollback swaps back to a program whose grants must still
 * work), scheduling and accounting.  What stays
 * with the endpoint: privileges, processes queued sending to it, pending
 * notifications and asynchronous messages.  What ends: both processes'
 * async rings (kernel/async.h; a waiting ENTER fails with ECANCELED).  Neither process may be blocked
 * sending (it would sit in another's queue), be running, or be the caller,
 * and both must be on the same CPU: EBUSY otherwise.  Both are re-checked
 * under the locks (either may have exited since the lookup): EDEADSRCDST.
 */
#include <string.h>
#include <abi/errno.h>
#include "kernel/alarm.h"
#include "kernel/async.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

/* The per-program part of struct proc, swapped as a unit. */
struct program_state {
	struct proc_arch arch;
	char name[PROC_NAME_LEN];
	uint32_t rts_flags, misc_flags, ipc_op, ipc_regs;
	endpoint_t getfrom_e;
	vir_bytes ipc_buf;
	message kcall_msg;
	vir_bytes grant_table;
	uint32_t grant_count;
	uint32_t user_ticks, kernel_ticks, sig_pending;
	unsigned priority, quantum, ticks_left;
};

static void save(const struct proc *p, struct program_state *s)
{
	s->arch = p->arch;
	memcpy(s->name, p->name, sizeof(s->name));
	s->rts_flags = p->rts_flags;
	s->misc_flags = p->misc_flags;
	s->ipc_op = p->ipc_op;
	s->getfrom_e = p->getfrom_e;
	s->ipc_buf = p->ipc_buf;
	s->ipc_regs = p->ipc_regs;
	s->kcall_msg = p->kcall_msg;
	s->grant_table = p->grant_table;
	s->grant_count = p->grant_count;
	s->user_ticks = p->user_ticks;
	s->kernel_ticks = p->kernel_ticks;
	s->sig_pending = p->sig_pending;
	s->priority = p->priority;
	s->quantum = p->quantum;
	s->ticks_left = p->ticks_left;
}

static void restore(struct proc *p, const struct program_state *s)
{
	p->arch = s->arch;
	memcpy(p->name, s->name, sizeof(p->name));
	p->rts_flags = s->rts_flags;
	p->misc_flags = s->misc_flags;
	p->ipc_op = s->ipc_op;
	p->getfrom_e = s->getfrom_e;
	p->ipc_buf = s->ipc_buf;
	p->ipc_regs = s->ipc_regs;
	p->kcall_msg = s->kcall_msg;
	p->grant_table = s->grant_table;
	p->grant_count = s->grant_count;
	p->user_ticks = s->user_ticks;
	p->kernel_ticks = s->kernel_ticks;
	p->sig_pending = s->sig_pending;
	sched_set_priority(p, s->priority);
	p->quantum = s->quantum;
	p->ticks_left = s->ticks_left;
}

int do_update(struct proc *caller, message *m)
{
	struct program_state a, b;
	struct proc *old, *new;
	uint32_t old_alarm, new_alarm;
	int r;

	if ((r = proc_lookup(m->update.old_ep, &old)) != OK ||
	    (r = proc_lookup(m->update.new_ep, &new)) != OK)
		return r;
	if (old == new)
		return EINVAL;
	cpuset_t held = cpus_lock_all();
	if (!proc_still_there(old, m->update.old_ep) || !proc_still_there(new, m->update.new_ep)) {
		cpus_unlock(held);
		return EDEADSRCDST;	/* one ended since the lookup */
	}
	if (old == caller || new == caller || old->cpu->current == old || new->cpu->current == new ||
	    ((old->rts_flags | new->rts_flags) & RTS_SENDING) || old->cpu != new->cpu) {
		cpus_unlock(held);
		return EBUSY;
	}
	if (proc_runnable(old))
		sched_dequeue(old);
	if (proc_runnable(new))
		sched_dequeue(new);
	old_alarm = alarm_set(old, 0);
	new_alarm = alarm_set(new, 0);
	save(old, &a);
	save(new, &b);
	restore(old, &b);
	restore(new, &a);
	alarm_set(old, new_alarm);
	alarm_set(new, old_alarm);
	if (proc_runnable(old))
		sched_enqueue(old);
	if (proc_runnable(new))
		sched_enqueue(new);
	async_abort(old, true);		/* the rings named the other program's memory */
	async_abort(new, true);
	cpus_unlock(held);
	return OK;
}
