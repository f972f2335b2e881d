/*
 * do_exec - SYS_EXEC: start a process afresh, for PM once VM has set up
 * its new image.  Any IPC it was blocked in is abandoned (its partners are
 * not told: the old program is gone), its registers are reset.
 *
 * m->exec.endpoint  the process; not the caller, not running (EBUSY)
 * m->exec.ip        new program counter (user space)
 * m->exec.sp        new stack pointer (user space)
 * m->exec.name      new name
 *
 * Done holding every CPU lock, after checking that p is still the process
 * named (it may have exited, or been swapped by SYS_UPDATE, since the
 * lookup: docs/locking.md) and not running.
 */
#include <string.h>
#include <abi/errno.h>
#include <arch/layout.h>
#include "kernel/ipc.h"
#include "kernel/proc.h"
#include "kernel/async.h"
#include "kernel/system.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"

int do_exec(struct proc *caller, message *m)
{
	struct proc *p;
	int r;

	if ((r = proc_lookup(m->exec.endpoint, &p)) != OK)
		return r;
	if (p == caller)
		return EINVAL;
	if (user_range_ok(m->exec.ip, 1) != OK || user_range_ok(m->exec.sp - 1, 1) != OK)
		return EFAULT;
	cpuset_t held = cpus_lock_all();
	if (!proc_still_there(p, m->exec.endpoint)) {
		r = EDEADSRCDST;	/* gone since the lookup */
	} else if (p->cpu->current == p) {
		r = EBUSY;		/* running elsewhere right now */
	} else {
		ipc_cancel(p);
		async_abort(p, false);
		arch_proc_init(p, m->exec.ip, m->exec.sp);
		memcpy(p->name, m->exec.name, sizeof(p->name));
		p->name[sizeof(p->name) - 1] = '\0';
	}
	cpus_unlock(held);
	return r;
}
