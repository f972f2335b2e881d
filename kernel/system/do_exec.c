/*
 * do_exec - SYS_EXEC: start a process afresh, for PM once VM has set up
 * its new image.  Any IPC it was blocked in is abandoned (its partners are
 * not told: the old program is gone), its registers are reset.
 *
 * m->exec.endpoint  the process; not the caller, not running (EBUSY)
 * m->exec.ip        new program counter (user space)
 * m->exec.sp        new stack pointer (user space)
 * m->exec.name      new name
 */
#include <string.h>
#include <abi/errno.h>
#include <arch/layout.h>
#include "kernel/ipc.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpu.h"

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
	if (p->cpu->current == p)
		return EBUSY;		/* running elsewhere right now */
	ipc_cancel(p);
	arch_proc_init(p, m->exec.ip, m->exec.sp);
	memcpy(p->name, m->exec.name, sizeof(p->name));
	p->name[sizeof(p->name) - 1] = '\0';
	return OK;
}
