/*
 * do_safecopy_from, do_safecopy_to - SYS_SAFECOPYFROM / SYS_SAFECOPYTO:
 * copy between a grant and the caller's own memory.
 *
 * m->safecopy.granter  the process that made the grant
 * m->safecopy.gid      the grant id
 * m->safecopy.offset   offset into the granted range
 * m->safecopy.addr     the caller's buffer
 * m->safecopy.bytes    length
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

/*
 * One checked copy for caller: from the grant to its buffer (`to_grant`
 * false) or back; copy-on-write when `cow` allows it.  Shared with
 * do_vsafecopy (never COW).
 */
int safecopy(struct proc *caller, endpoint_t granter, cp_grant_id_t gid, vir_bytes offset,
	     vir_bytes addr, uint32_t bytes, bool to_grant, bool cow)
{
	int cow_state = cowcopy_take_state(caller);
	struct grant_target t;
	struct mess_copy c;
	int r;

	if (cow_state == COWCOPY_DONE)
		return OK;		/* VM shared the pages after the grant was checked */
	r = grant_resolve(granter, caller->endpoint, gid, to_grant ? CPF_WRITE : CPF_READ,
			  offset, bytes, &t);
	if (r != OK || bytes == 0)
		return r;
	c.src_ep = to_grant ? SELF : t.owner;
	c.src_addr = to_grant ? addr : t.addr;
	c.dst_ep = to_grant ? t.owner : SELF;
	c.dst_addr = to_grant ? t.addr : addr;
	c.bytes = bytes;
	return cow ? cowcopy_safecopy(caller, &c, cow_state) : copy_call(caller, &c, false);
}

int do_safecopy_from(struct proc *caller, message *m)
{
	return safecopy(caller, m->safecopy.granter, m->safecopy.gid, m->safecopy.offset,
			m->safecopy.addr, m->safecopy.bytes, false, true);
}

int do_safecopy_to(struct proc *caller, message *m)
{
	return safecopy(caller, m->safecopy.granter, m->safecopy.gid, m->safecopy.offset,
			m->safecopy.addr, m->safecopy.bytes, true, true);
}
