/*
 * do_fork - SYS_FORK: copy a process into a new slot.
 *
 * m->fork.parent  the process to copy (SELF allowed)
 * m->fork.child   out: the child's endpoint
 *
 * The child gets a copy of the parent's registers and memory (frames the
 * space owns are copied now; other mappings, such as the VM server's pages,
 * are shared as they are), the parent's privilege class (a SYSTEM parent's
 * child gets its own copy of the structure), and nothing of its IPC state.
 * A copy of a stopped process (RC_STOP, or a held boot module: RS keeps a
 * pristine copy of each service to restart it from) starts stopped too.
 * When a process forks itself, the child sees the call return OK with
 * m->fork.child == 0.
 *
 * When the VM server forks a process, that process is blocked in a SENDREC
 * whose request was taken (its fork request: VM_FORK to VM, or PM_FORK to
 * PM, who asked VM; EINVAL otherwise): the child starts blocked the same
 * way, waiting for the same partner's reply in the same buffer, and that
 * partner answers both.  VM has made the shared pages read-only first
 * (copy-on-write).
 *
 * Anyone else forking a process that has pages of VM's mapped (SELF
 * included) gets EPERM, one rate-limited log line, and no child: the child
 * would share those pages writable without VM knowing.  Such a process
 * forks with vm_fork.
 *
 * A parent that exits or is cleared on another CPU before the copy starts
 * gives EDEADSRCDST and no child; once the copy has started it waits for
 * the copy (the parent's CPU lock is held throughout).
 */
#include <string.h>
#include <abi/errno.h>
#include "kernel/kernel.h"
#include "kernel/mm/memory.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/sched_user.h"
#include "kernel/system.h"
#include "kernel/vmreq.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"

/* Writes the child's view of the call into its copy of the message. */
static void answer_child(struct proc *child, vir_bytes umsg, const message *m)
{
	message cm = *m;

	cm.m_type = OK;
	cm.fork.child = 0;
	if (user_copy_out(&child->arch.as, &cm, umsg, sizeof(cm)) != OK)
		return;
	arch_set_syscall_result(&child->arch, OK);
}

/*
 * For VM: the child waits for the reply the parent waits for.  EINVAL if
 * the parent waits for none (then the child must not start).  The CPU
 * locks of parent and child held.
 */
static int copy_reply_wait(struct proc *parent, struct proc *child)
{
	if (!proc_awaits_reply(parent, ANY))
		return EINVAL;
	child->ipc_op = parent->ipc_op;
	child->getfrom_e = parent->getfrom_e;
	child->ipc_buf = parent->ipc_buf;
	child->ipc_regs = parent->ipc_regs;
	child->misc_flags |= MF_REPLY_PEND;
	proc_block(child, RTS_RECEIVING);	/* still RTS_NEW: not queued */
	return OK;
}

/*
 * May caller fork parent here?  Only VM may copy VM's pages (it has made
 * them copy-on-write).  parent is the caller, or stopped in its VM_FORK;
 * its CPU lock held (the walk reads its page tables).
 */
static bool fork_allowed(struct proc *caller, struct proc *parent)
{
	if (vmreq_is_server(caller) || !as_maps_any(&parent->arch.as, kmem_vm_owns))
		return true;
	klog_ratelimited(KLOG_NOTICE "fork: %s (endpoint %d) refused: %s has VM memory (use vm_fork)",
			 caller->name, caller->endpoint, parent->name);
	return false;
}

/*
 * The fork itself, holding the CPU locks of parent and child, so that the
 * parent can neither exit, be cleared, migrate nor be swapped by
 * SYS_UPDATE while its page tables are copied (docs/locking.md).  Both are
 * re-checked first: since the lookup the parent may have gone (its space
 * freed), and the child, whose endpoint is public from proc_alloc on, may
 * have been cleared.  Starts the child on success.
 */
static int fork_locked(struct proc *caller, struct proc *parent, endpoint_t parent_e,
		       struct proc *child, endpoint_t child_e, message *m)
{
	int r;

	if (!proc_still_there(parent, parent_e) || child->endpoint != child_e ||
	    child->rts_flags != RTS_NEW)
		return EDEADSRCDST;
	if (!fork_allowed(caller, parent))
		return EPERM;
	if ((r = as_copy(&parent->arch.as, &child->arch.as)) != OK ||
	    ((parent->priv->flags & PRIV_SYSTEM) &&
	     (r = priv_assign_system(child, parent->priv)) != OK) ||
	    (parent != caller && vmreq_is_server(caller) &&
	     (r = copy_reply_wait(parent, child)) != OK))
		return r;
	child->arch.frame = parent->arch.frame;
	arch_fpu_fork(child, parent);
	memcpy(child->name, parent->name, sizeof(child->name));	/* SYS_UPDATE swaps names */
	sched_set_priority(child, parent->priority);
	child->quantum = parent->quantum;
	usched_fork(parent, child);
	if (parent == caller)
		answer_child(child, arch_syscall_arg(&caller->arch), m);
	if ((parent->rts_flags & RTS_STOPPED) && !(parent->misc_flags & MF_EXIT_PENDING))
		proc_block(child, RTS_STOPPED);		/* a copy of a held process is held */
	proc_unblock(child, RTS_NEW);
	return OK;
}

/* Ends the child of a failed fork, unless someone else already has. */
static void abandon(struct proc *child, endpoint_t child_e, int r)
{
	cpuset_t held = cpus_lock_all();

	if (child->endpoint == child_e)
		proc_exit_locked(child, r, "fork failed");
	cpus_unlock(held);
}

int do_fork(struct proc *caller, message *m)
{
	endpoint_t parent_e = m->fork.parent == SELF ? caller->endpoint : m->fork.parent, child_e;
	struct proc *parent = caller, *child;
	cpuset_t held;
	int r;

	if (m->fork.parent != SELF && (r = proc_lookup(parent_e, &parent)) != OK)
		return r;
	if (!(child = proc_alloc(parent->name, parent == caller ? this_cpu() : parent->cpu)))
		return EAGAIN;
	child_e = child->endpoint;
	held = lock_procs(parent, child, NULL);
	r = fork_locked(caller, parent, parent_e, child, child_e, m);
	cpus_unlock(held);
	if (r != OK) {
		abandon(child, child_e, r);
		return r;
	}
	m->fork.child = child_e;
	return OK;
}
