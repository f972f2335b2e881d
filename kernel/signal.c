/*
 * kernel/signal.c - forwarding signals to signal managers (see signal.h).
 *
 * Locks: sig_raise takes the CPU locks of the process and its manager;
 * sig_manager_died runs inside proc_exit with every CPU lock held.
 */
#include <abi/errno.h>
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "smp/cpulock.h"

static void end_by_signal(struct proc *p, int sig, const char *reason)
{
	kprintf(KLOG_NOTICE "signal: %s (endpoint %d) ended by signal %d: %s", p->name, p->endpoint, sig,
		reason);
	proc_exit(p, -sig, reason);
}

void sig_raise(struct proc *p, int sig, const char *reason)
{
	endpoint_t mgr_e = p->priv->sig_mgr;
	struct proc *mgr;
	cpuset_t held;

	if (mgr_e == NONE || proc_lookup(mgr_e, &mgr) != OK || mgr == p) {
		end_by_signal(p, sig, reason);
		return;
	}
	held = lock_procs(p, mgr, NULL);
	if (mgr->endpoint != mgr_e || (mgr->rts_flags & RTS_SLOT_FREE)) {
		cpus_unlock(held);			/* the manager just died */
		end_by_signal(p, sig, reason);
		return;
	}
	p->sig_pending |= 1u << sig;
	if (!(p->rts_flags & RTS_SIGNALED)) {
		proc_block(p, RTS_SIGNALED);
		ipc_notify_kernel(mgr, SYSTEM);
	}
	cpus_unlock(held);
}

void sig_manager_died(struct proc *mgr)
{
	for (unsigned i = 0; i < NR_PROCS; i++) {
		struct proc *p = &proc_table[i];

		if ((p->rts_flags & RTS_SLOT_FREE) || p == mgr || !p->priv ||
		    p->priv->sig_mgr != mgr->endpoint)
			continue;
		p->priv->sig_mgr = NONE;
		if (p->rts_flags & RTS_SIGNALED)
			proc_exit_locked(p, -(int)__builtin_ctz(p->sig_pending | 0x80000000u),
					 "signal manager died");
	}
}
