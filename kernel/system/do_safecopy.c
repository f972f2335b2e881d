/*
 * do_safecopy_from, do_safecopy_to - SYS_SAFECOPYFROM / SYS_SAFECOPYTO:
 * copy between a grant and the caller's own memory.
 *
 * m->safecopy.granter  the process that made the grant
 * m->safecopy.gid      the grant id
 * m->safecopy.offset   offset into the granted range
 * m->safecopy.addr     the caller's buffer
 * m->safecopy.bytes    length
 * In short form the same fields come as m->safecopy_short (abi/message.h):
 * offset and length packed into one word.
 *
 * The grant is checked on every call (kernel/grant.h); a page that is not
 * present suspends the caller until VM has provided it (kernel/vmreq.h).
 * Large page-aligned copies of VM memory are shared copy-on-write through
 * VM instead (kernel/cowcopy.h): the grant is checked before VM is asked,
 * and the restart after VM's answer completes the call.
 * Errors: those of grant_resolve, EFAULT for unmapped memory.
 */
#include <abi/errno.h>
#include <abi/grant.h>
#include "kernel/cowcopy.h"
#include "kernel/grant.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

/*
 * The copy of a checked grant of g's own memory at t->addr, for caller:
 * under the CPU locks `held` that were taken for the check (so the grant
 * is checked and used in one lock section: no revocation between, and g
 * cannot exit under the copy).  Releases them.
 */
static int copy_checked(struct proc *caller, struct proc *g, cpuset_t held,
			const struct grant_target *t, vir_bytes addr, uint32_t bytes, bool to_grant,
			struct copy_stop *stop)
{
	struct proc *src = to_grant ? caller : g, *dst = to_grant ? g : caller;
	struct copy_fault fault;
	int r;

	r = vm_copy(&src->arch.as, to_grant ? addr : t->addr, &dst->arch.as,
		    to_grant ? t->addr : addr, bytes, &fault);
	cpus_unlock(held);
	return copy_wait_vm(caller, r, &fault, src, dst, bytes, stop);
}

/*
 * One checked copy for caller: from the grant to its buffer (`to_grant`
 * false) or back; copy-on-write when `cow` allows it.  Shared with
 * do_vsafecopy and kernel/async.c (never COW; async passes `stop`, so an
 * absent page returns EFAULT and names the page instead of suspending).  The common case, a grant of the granter's
 * own memory copied (not shared), takes the CPU locks of caller and
 * granter once for the check and the copy; indirect and magic grants and
 * copies that may be shared check first and copy after (copy_call,
 * cowcopy_safecopy), as they involve a third process or VM.
 */
int safecopy(struct proc *caller, endpoint_t granter, cp_grant_id_t gid, vir_bytes offset,
	     vir_bytes addr, uint32_t bytes, bool to_grant, bool cow, struct copy_stop *stop)
{
	int cow_state = cowcopy_take_state(caller);
	uint32_t access = to_grant ? CPF_WRITE : CPF_READ;
	struct grant_target t;
	struct mess_copy c;
	struct proc *g;
	cpuset_t held;
	int r;

	if (cow_state == COWCOPY_DONE)
		return OK;		/* VM shared the pages after the grant was checked */
	if ((r = grant_granter(granter, gid, &g)) != OK)
		return r;
	held = lock_pair(caller, g);
	r = grant_resolve_locked(g, granter, caller->endpoint, gid, access, offset, bytes, &t);
	if (r == OK && bytes > 0 && t.owner == granter && !(cow && cowcopy_candidate(bytes)))
		return copy_checked(caller, g, held, &t, addr, bytes, to_grant, stop);
	cpus_unlock(held);
	if (r == GRANT_INDIRECT)	/* follow the chain from the start */
		r = grant_resolve(granter, caller->endpoint, gid, access, offset, bytes, &t);
	if (r != OK || bytes == 0)
		return r;
	c.src_ep = to_grant ? SELF : t.owner;
	c.src_addr = to_grant ? addr : t.addr;
	c.dst_ep = to_grant ? t.owner : SELF;
	c.dst_addr = to_grant ? t.addr : addr;
	c.bytes = bytes;
	return cow ? cowcopy_safecopy(caller, &c, cow_state) : copy_call(caller, &c, false, stop);
}

/* The copy m asks for, in the form it came in. */
static int safecopy_msg(struct proc *caller, const message *m, bool to_grant)
{
	const struct mess_safecopy_short *s = &m->safecopy_short;

	if (arch_kcall_is_short(&caller->arch))
		return safecopy(caller, s->granter, s->gid, s->offset_bytes >> 16, s->addr,
				s->offset_bytes & SAFECOPY_SHORT_MAX, to_grant, true, NULL);
	return safecopy(caller, m->safecopy.granter, m->safecopy.gid, m->safecopy.offset,
			m->safecopy.addr, m->safecopy.bytes, to_grant, true, NULL);
}

int do_safecopy_from(struct proc *caller, message *m)
{
	return safecopy_msg(caller, m, false);
}

int do_safecopy_to(struct proc *caller, message *m)
{
	return safecopy_msg(caller, m, true);
}
