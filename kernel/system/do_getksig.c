/*
 * do_getksig - SYS_GETKSIG: a signal manager fetches one process it manages
 * that has signals pending, and those signals (which are then cleared).
 *
 * m->sig.endpoint  out: the process, NONE if none is pending
 * m->sig.sigmask   out: its pending signals, bit n = signal n
 */
#include <abi/errno.h>
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

int do_getksig(struct proc *caller, message *m)
{
	cpuset_t held = cpus_lock_all();

	m->sig.endpoint = NONE;
	m->sig.sigmask = 0;
	for (unsigned i = 0; i < NR_PROCS; i++) {
		struct proc *p = &proc_table[i];

		if ((p->rts_flags & RTS_SLOT_FREE) || !p->sig_pending ||
		    p->priv->sig_mgr != caller->endpoint)
			continue;
		m->sig.endpoint = p->endpoint;
		m->sig.sigmask = p->sig_pending;
		p->sig_pending = 0;
		break;
	}
	cpus_unlock(held);
	return OK;
}
