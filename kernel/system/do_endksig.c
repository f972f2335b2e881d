/*
 * do_endksig - SYS_ENDKSIG: the signal manager is done with a process's
 * signals; the process runs again (unless new signals came meanwhile, in
 * which case it stays held and the manager is notified again).
 *
 * m->sig.endpoint  the process
 */
#include <abi/errno.h>
#include "kernel/ipc.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

int do_endksig(struct proc *caller, message *m)
{
	struct proc *p;
	int r;

	if ((r = proc_lookup(m->sig.endpoint, &p)) != OK)
		return r;
	cpuset_t held = lock_procs(caller, p, NULL);
	if (!proc_is_live(p, m->sig.endpoint) || p->priv->sig_mgr != caller->endpoint ||
	    !(p->rts_flags & RTS_SIGNALED))
		r = EINVAL;
	else if (p->sig_pending)
		ipc_notify_kernel(caller, SYSTEM);
	else
		proc_unblock(p, RTS_SIGNALED);
	cpus_unlock(held);
	return r;
}
