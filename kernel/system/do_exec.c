/*
 * do_exec - SYS_EXEC: start a process afresh: at a new ip/sp in the image
 * it has, or (EXEC_BOOTMOD) in a new image of a boot module's program, for
 * PM's exec.  Any IPC it was blocked in is abandoned (its partners are not
 * told: the old program is gone), its registers are reset.
 *
 * m->exec.endpoint  the process; not the caller, not running (EBUSY)
 * m->exec.flags     0, or EXEC_BOOTMOD
 * m->exec.ip        new program counter (user space)       } without
 * m->exec.sp        new stack pointer (user space)         } EXEC_BOOTMOD
 * m->exec.name      new name                               }
 * m->exec.module    EXEC_BOOTMOD: the boot module (GET_BOOTMOD number)
 * m->exec.args      EXEC_BOOTMOD: its arguments after argv[0], space
 * m->exec.args_len    separated, in the caller's memory (< BOOTMOD_ARGS_LEN)
 *
 * EXEC_BOOTMOD builds the new space first, from the image the loader left
 * (kernel/bootmods.c), then swaps it in; the process takes the module's
 * name, and loses what belonged to the old program: its grant and SENDA
 * tables and the safemaps into or out of it.  The old space must hold no
 * page of VM's (EPERM: PM has VM release them first, VM_EXEC), since VM
 * would still count them.  ENOENT for a module that did not start, ENOMEM.
 *
 * Done holding every CPU lock, after checking that p is still the process
 * named (it may have exited, or been swapped by SYS_UPDATE, since the
 * lookup: docs/locking.md) and not running.
 */
#include <string.h>
#include <abi/errno.h>
#include <arch/layout.h>
#include "kernel/async.h"
#include "kernel/bootmods.h"
#include "kernel/ipc.h"
#include "kernel/mm/memory.h"
#include "kernel/proc.h"
#include "kernel/safemap.h"
#include "kernel/system.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"

/* Why p cannot be started afresh now (every CPU lock held), or OK. */
static int exec_check(const struct proc *p, endpoint_t ep)
{
	if (!proc_still_there(p, ep))
		return EDEADSRCDST;	/* gone since the lookup */
	if (p->cpu->current == p)
		return EBUSY;		/* running elsewhere right now */
	return OK;
}

/* The old program's kernel state goes; p restarts at ip/sp.  Every CPU lock held. */
static void restart(struct proc *p, vir_bytes ip, vir_bytes sp, const char *name)
{
	ipc_cancel(p);
	async_abort(p, false);
	arch_proc_init(p, ip, sp);
	memcpy(p->name, name, sizeof(p->name));
	p->name[sizeof(p->name) - 1] = '\0';
}

/* Copies the arguments in from the caller's memory. */
static int args_in(struct proc *caller, const message *m, char *args, size_t size)
{
	int r;

	if (m->exec.args_len >= size)
		return E2BIG;
	if ((r = user_range_ok(m->exec.args, m->exec.args_len)) != OK)
		return r;
	cpuset_t held = lock_proc(caller);
	r = user_copy_in(&caller->arch.as, m->exec.args, args, m->exec.args_len);
	cpus_unlock(held);
	args[m->exec.args_len] = '\0';
	return r;
}

static int exec_bootmod(struct proc *caller, struct proc *p, const message *m)
{
	char args[BOOTMOD_ARGS_LEN];
	struct addr_space fresh;
	vir_bytes entry, sp;
	int r;

	if ((r = args_in(caller, m, args, sizeof(args))) != OK)
		return r;
	memset(&fresh, 0, sizeof(fresh));
	if ((r = bootmods_exec_image(m->exec.module, args, &fresh, &entry, &sp)) != OK)
		return r;
	cpuset_t held = cpus_lock_all();
	if ((r = exec_check(p, m->exec.endpoint)) == OK && as_maps_any(&p->arch.as, kmem_vm_owns))
		r = EPERM;		/* VM has not released its pages */
	if (r == OK) {
		struct addr_space old = p->arch.as;

		safemap_exit(p);
		p->arch.as = fresh;
		fresh = old;		/* destroyed below */
		p->grant_table = 0;
		p->grant_count = 0;
		p->senda_table = 0;
		p->senda_count = 0;
		p->senda_first = 0;
		restart(p, entry, sp, bootmods_info(m->exec.module)->name);
	}
	as_destroy(&fresh);		/* the old space, or the unused new one */
	cpus_unlock(held);
	return r;
}

int do_exec(struct proc *caller, message *m)
{
	struct proc *p;
	int r;

	if ((r = proc_lookup(m->exec.endpoint, &p)) != OK)
		return r;
	if (p == caller)
		return EINVAL;
	if (m->exec.flags & ~EXEC_BOOTMOD)
		return EINVAL;
	if (m->exec.flags & EXEC_BOOTMOD)
		return exec_bootmod(caller, p, m);
	if (user_range_ok(m->exec.ip, 1) != OK || user_range_ok(m->exec.sp - 1, 1) != OK)
		return EFAULT;
	cpuset_t held = cpus_lock_all();
	if ((r = exec_check(p, m->exec.endpoint)) == OK)
		restart(p, m->exec.ip, m->exec.sp, m->exec.name);
	cpus_unlock(held);
	return r;
}
