/*
 * do_sigsend - SYS_SIGSEND: a signal manager runs a handler in a process
 * it holds for a signal (MINIX sys_sigsend).
 *
 * m->sigframe.endpoint  the process: managed by the caller, held
 *                       (RTS_SIGNALED, between SYS_GETKSIG and SYS_ENDKSIG)
 * m->sigframe.sig       signal number, 1..NR_SIGNALS-1
 * m->sigframe.handler   where the handler starts (user space)
 * m->sigframe.restorer  its return address (user space)
 * m->sigframe.mask      kept in the frame for SYS_SIGRETURN
 * m->sigframe.ctx       out: the saved context's address
 *
 * The frame (arch/sigframe.h) goes below the process's stack pointer and
 * the process resumes, once released, in the handler.  EBUSY while the
 * process still runs on another CPU (held, but not yet stopped there: its
 * registers are not saved yet); the manager tries again.  EAGAIN while it
 * is in the middle of something its registers will be answered in: IPC,
 * a kernel call or page fault waiting for VM (the manager delivers
 * later).  EFAULT if the stack cannot take the frame.  Done under the process's CPU lock after
 * proc_still_there (docs/locking.md).
 */
#include <abi/errno.h>
#include <abi/signal.h>
#include <arch/sigframe.h>
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"

int do_sigsend(struct proc *caller, message *m)
{
	struct mess_sigframe *sf = &m->sigframe;
	struct proc *p;
	int r;

	if (sf->sig <= 0 || sf->sig >= NR_SIGNALS)
		return EINVAL;
	if (user_range_ok(sf->handler, 1) != OK || user_range_ok(sf->restorer, 1) != OK)
		return EFAULT;
	if ((r = proc_lookup(sf->endpoint, &p)) != OK)
		return r;
	cpuset_t held = lock_proc(p);
	if (!proc_still_there(p, sf->endpoint))
		r = EDEADSRCDST;
	else if (p->priv->sig_mgr != caller->endpoint)
		r = EPERM;
	else if (!(p->rts_flags & RTS_SIGNALED))
		r = EINVAL;
	else if (p->cpu->current == p)
		r = EBUSY;
	else if ((p->rts_flags & (RTS_SENDING | RTS_RECEIVING | RTS_VMREQUEST | RTS_PAGEFAULT)) ||
		 (p->misc_flags & MF_KCALL_RESUME))
		r = EAGAIN;
	else
		r = arch_sigframe_push(p, sf->sig, sf->handler, sf->restorer, sf->mask, &sf->ctx);
	cpus_unlock(held);
	return r;
}
