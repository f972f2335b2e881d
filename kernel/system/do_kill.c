/*
 * do_kill - SYS_KILL: raise a signal on a process; it goes to the process's
 * signal manager, or ends the process if it has none (kernel/signal.h).
 *
 * m->sig.endpoint  the process (SELF allowed)
 * m->sig.sig       signal number, 1..NR_SIGNALS-1
 *
 * EDEADSRCDST if the process ends on another CPU before the signal lands.
 */
#include <fmt.h>
#include <abi/errno.h>
#include <abi/signal.h>
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/system.h"

int do_kill(struct proc *caller, message *m)
{
	char reason[PROC_REASON_LEN];
	endpoint_t ep = m->sig.endpoint == SELF ? caller->endpoint : m->sig.endpoint;
	struct proc *p = caller;
	int sig = m->sig.sig, r;

	if (sig <= 0 || sig >= NR_SIGNALS)
		return EINVAL;
	if (m->sig.endpoint != SELF && (r = proc_lookup(ep, &p)) != OK)
		return r;
	fmt_snprintf(reason, sizeof(reason), "signal %d from %s", sig, caller->name);
	r = sig_raise(p, ep, sig, reason);	/* re-checks ep under the locks */
	return (caller->rts_flags & RTS_SLOT_FREE) ? EDONTREPLY : r;
}
