/*
 * do_getksig - SYS_GETKSIG: a signal manager fetches one process it manages
 * that has signals pending, and those signals (which are then cleared).
 *
 * m->sig.endpoint  out: the process, NONE if none is pending
 * m->sig.sigmask   out: its pending signals, bit n = signal n
 */
#include <abi/errno.h>
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

int do_getksig(struct proc *caller, message *m)
{
	cpuset_t held = cpus_lock_all();
	uint32_t sigs = 0;
	struct proc *p = sig_take_pending(caller->endpoint, &sigs);

	m->sig.endpoint = p ? p->endpoint : NONE;
	m->sig.sigmask = sigs;
	cpus_unlock(held);
	return OK;
}
