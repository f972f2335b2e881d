/*
 * do_clear - SYS_CLEAR: end another process (its manager cleaning up).
 * The slot's exit record says it was ended with SIGKILL.
 *
 * m->sig.endpoint  the process; not the caller (it uses SYS_EXIT)
 *
 * The endpoint is re-checked with every CPU lock held: a process that
 * ended since the lookup gives EDEADSRCDST, and the next owner of its
 * slot is left alone.
 */
#include <fmt.h>
#include <abi/errno.h>
#include <abi/signal.h>
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

int do_clear(struct proc *caller, message *m)
{
	char reason[PROC_REASON_LEN];
	struct proc *p;
	int r;

	if ((r = proc_lookup(m->sig.endpoint, &p)) != OK)
		return r;
	if (p == caller)
		return EINVAL;
	fmt_snprintf(reason, sizeof(reason), "cleared by %s", caller->name);
	cpuset_t held = cpus_lock_all();
	if (p->endpoint != m->sig.endpoint || (p->rts_flags & RTS_SLOT_FREE))
		r = EDEADSRCDST;
	else
		proc_exit_locked(p, -SIGKILL, reason);
	cpus_unlock(held);
	return r;
}
