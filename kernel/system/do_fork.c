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
 * When a process forks itself, the child sees the call return OK with
 * m->fork.child == 0.
 *
 * When the VM server forks a process, that process is blocked in a SENDREC
 * to VM (its VM_FORK request; EINVAL otherwise): the child starts blocked
 * the same way, waiting for VM's reply in the same buffer, and VM answers
 * both.  VM has made the shared pages read-only first (copy-on-write).
 *
 * Anyone else forking a process that has pages of VM's mapped (SELF
 * included) gets EPERM, one rate-limited log line, and no child: the child
 * would share those pages writable without VM knowing.  Such a process
 * forks with vm_fork.
 */
#include <string.h>
#include <abi/errno.h>
#include "kernel/kernel.h"
#include "kernel/mm/memory.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
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

/* Is p blocked waiting for the reply of a SENDREC to vm?  p's CPU lock held. */
static bool awaits_reply(const struct proc *p, const struct proc *vm)
{
	return (p->rts_flags & (RTS_SENDING | RTS_RECEIVING)) == RTS_RECEIVING &&
	       (p->misc_flags & MF_REPLY_PEND) && p->getfrom_e == vm->endpoint;
}

/*
 * For VM: the child waits for VM's reply as the parent does.  EINVAL if
 * the parent does not wait for VM (then the child must not start).
 */
static int copy_reply_wait(struct proc *vm, struct proc *parent, struct proc *child)
{
	cpuset_t held = lock_procs(parent, child, NULL);
	int r = OK;

	if (!awaits_reply(parent, vm)) {
		r = EINVAL;
	} else {
		child->ipc_op = parent->ipc_op;
		child->getfrom_e = parent->getfrom_e;
		child->ipc_buf = parent->ipc_buf;
		child->ipc_regs = parent->ipc_regs;
		child->misc_flags |= MF_REPLY_PEND;
		proc_block(child, RTS_RECEIVING);	/* still RTS_NEW: not queued */
	}
	cpus_unlock(held);
	return r;
}

/*
 * May caller fork parent here?  Only VM may copy VM's pages (it has made
 * them copy-on-write).  parent is the caller, or stopped in its VM_FORK.
 */
static bool fork_allowed(struct proc *caller, struct proc *parent)
{
	if (vmreq_is_server(caller) || !as_maps_any(&parent->arch.as, kmem_vm_owns))
		return true;
	klog_ratelimited(KLOG_NOTICE "fork: %s (endpoint %d) refused: %s has VM memory (use vm_fork)",
			 caller->name, caller->endpoint, parent->name);
	return false;
}

int do_fork(struct proc *caller, message *m)
{
	struct proc *parent = caller, *child;
	int r;

	if (m->fork.parent != SELF && (r = proc_lookup(m->fork.parent, &parent)) != OK)
		return r;
	if (!fork_allowed(caller, parent))
		return EPERM;
	if (!(child = proc_alloc(parent->name, parent == caller ? this_cpu() : parent->cpu)))
		return EAGAIN;
	if ((r = as_copy(&parent->arch.as, &child->arch.as)) != OK ||
	    ((parent->priv->flags & PRIV_SYSTEM) &&
	     (r = priv_assign_system(child, parent->priv)) != OK) ||
	    (parent != caller && vmreq_is_server(caller) &&
	     (r = copy_reply_wait(caller, parent, child)) != OK)) {
		proc_exit(child, r, "fork failed");
		return r;
	}
	child->arch.frame = parent->arch.frame;
	child->priority = parent->priority;
	child->quantum = parent->quantum;
	if (parent == caller)
		answer_child(child, arch_syscall_arg(&caller->arch), m);
	m->fork.child = child->endpoint;
	proc_start(child);
	return OK;
}
