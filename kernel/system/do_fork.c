/*
 * do_fork - SYS_FORK: copy a process into a new slot.
 *
 * m->fork.parent  the process to copy (SELF allowed)
 * m->fork.child   out: the child's endpoint
 *
 * The child gets a copy of the parent's registers and memory (an eager copy
 * until the VM server takes memory over with copy-on-write), the parent's
 * privilege class (a SYSTEM parent's child gets its own copy of the
 * structure), and nothing of its IPC state.  When a process forks itself,
 * the child sees the call return OK with m->fork.child == 0.
 */
#include <string.h>
#include <abi/errno.h>
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpu.h"

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

int do_fork(struct proc *caller, message *m)
{
	struct proc *parent = caller, *child;
	int r;

	if (m->fork.parent != SELF && (r = proc_lookup(m->fork.parent, &parent)) != OK)
		return r;
	if (!(child = proc_alloc(parent->name, this_cpu())))
		return EAGAIN;
	if ((r = as_copy(&parent->arch.as, &child->arch.as)) != OK ||
	    ((parent->priv->flags & PRIV_SYSTEM) &&
	     (r = priv_assign_system(child, parent->priv)) != OK)) {
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
