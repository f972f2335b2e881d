/*
 * kernel/signal.c - forwarding signals to signal managers (see signal.h).
 */
#include <abi/errno.h>
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/signal.h"

void sig_raise(struct proc *p, int sig, const char *reason)
{
	struct proc *mgr;

	if (p->priv->sig_mgr == NONE || proc_lookup(p->priv->sig_mgr, &mgr) != OK || mgr == p) {
		kprintf("signal: %s (endpoint %d) ended by signal %d: %s", p->name, p->endpoint,
			sig, reason);
		proc_exit(p, -sig, reason);
		return;
	}
	p->sig_pending |= 1u << sig;
	if (!(p->rts_flags & RTS_SIGNALED)) {
		proc_block(p, RTS_SIGNALED);
		ipc_notify_kernel(mgr, SYSTEM);
	}
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
			proc_exit(p, -(int)__builtin_ctz(p->sig_pending | 0x80000000u),
				  "signal manager died");
	}
}
