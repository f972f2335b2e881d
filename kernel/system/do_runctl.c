/*
 * do_runctl - SYS_RUNCTL: stop a process, let it run again, or tell the
 * kernel that a new program took over its endpoint.
 *
 * m->runctl.endpoint  the process, not the caller (nobody could resume it)
 * m->runctl.action    RC_STOP, RC_RESUME or RC_RESTARTED
 *
 * RC_RESTARTED (RS, after a restart in place with SYS_UPDATE): every
 * process waiting in SENDREC for the endpoint's reply (its message taken
 * by the dead program) is failed with ERESTART, so that no client waits
 * for an answer that cannot come; those still queued sending are the new
 * program's.  Under every CPU lock, the endpoint re-checked there.
 */
#include <abi/errno.h>
#include "kernel/ipc.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

static int restarted(struct proc *p, endpoint_t ep)
{
	cpuset_t held = cpus_lock_all();
	int r = EDEADSRCDST;

	if (proc_is_live(p, ep)) {
		ipc_fail_replies(p, ERESTART);
		r = OK;
	}
	cpus_unlock(held);
	return r;
}

int do_runctl(struct proc *caller, message *m)
{
	struct proc *p;
	int r;

	if ((r = proc_lookup(m->runctl.endpoint, &p)) != OK)
		return r;
	if (p == caller)
		return EINVAL;
	if (m->runctl.action == RC_RESTARTED)
		return restarted(p, m->runctl.endpoint);
	if (m->runctl.action != RC_STOP && m->runctl.action != RC_RESUME)
		return EINVAL;
	cpuset_t held = lock_proc(p);
	if (m->runctl.action == RC_STOP)
		proc_block(p, RTS_STOPPED);
	else
		proc_unblock(p, RTS_STOPPED);
	cpus_unlock(held);
	return OK;
}
