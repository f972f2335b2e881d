/*
 * do_sigreturn - SYS_SIGRETURN: a signal manager resumes a process at the
 * context its handler's frame saved (MINIX sys_sigreturn).
 *
 * m->sigframe.endpoint  the process: managed by the caller and blocked in
 *                       a SENDREC to it (its sigreturn request)
 * m->sigframe.ctx       the context's address in the process
 * m->sigframe.mask      out: the mask the frame kept
 *
 * The context is the process's own memory, so it is checked, never
 * trusted: selectors are reset to the user ones and EFLAGS keeps only
 * what a process may set (arch/sigframe.h), so a forged frame gains
 * nothing the process could not do itself.  The process's SENDREC ends
 * without a reply: it runs on from the restored registers.  EFAULT for a
 * context it cannot read (the manager then ends it).  Its registers were
 * saved when it trapped into that SENDREC and belong to whoever completes
 * it, as for any reply: under its CPU lock, after proc_still_there
 * (docs/locking.md).
 */
#include <abi/errno.h>
#include <arch/sigframe.h>
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

int do_sigreturn(struct proc *caller, message *m)
{
	struct mess_sigframe *sf = &m->sigframe;
	struct proc *p;
	int r;

	if ((r = proc_lookup(sf->endpoint, &p)) != OK)
		return r;
	cpuset_t held = lock_proc(p);
	if (!proc_still_there(p, sf->endpoint))
		r = EDEADSRCDST;
	else if (p->priv->sig_mgr != caller->endpoint)
		r = EPERM;
	else if (!proc_awaits_reply(p, caller->endpoint))
		r = EINVAL;
	else if ((r = arch_sigframe_pop(p, sf->ctx, &sf->mask)) == OK) {
		p->misc_flags &= ~MF_REPLY_PEND;	/* its SENDREC ends here */
		proc_unblock(p, RTS_RECEIVING);
	}
	cpus_unlock(held);
	return r;
}
