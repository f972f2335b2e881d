/*
 * do_runctl - SYS_RUNCTL: stop a process or let it run again.
 *
 * m->runctl.endpoint  the process, not the caller (nobody could resume it)
 * m->runctl.action    RC_STOP or RC_RESUME
 */
#include <abi/errno.h>
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

int do_runctl(struct proc *caller, message *m)
{
	struct proc *p;
	int r;

	if ((r = proc_lookup(m->runctl.endpoint, &p)) != OK)
		return r;
	if (p == caller)
		return EINVAL;
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
