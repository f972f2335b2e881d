/*
 * do_safemap - SYS_SAFEMAP: map granted pages into the caller, shared with
 * their owner (kernel/safemap.h).
 *
 * m->safemap.granter  the process that made the grant
 * m->safemap.gid      the grant id (read access needed; write for CPF_WRITE)
 * m->safemap.offset   page-aligned offset into the grant
 * m->safemap.addr     page-aligned address in the caller, not mapped yet
 * m->safemap.bytes    page-aligned length
 * m->safemap.flags    CPF_WRITE for a writable mapping
 *
 * Errors: EINVAL (misaligned), grant errors, EFAULT (a granted page is not
 * present), EEXIST (the caller already has a page there), ENOSPC.
 */
#include <abi/errno.h>
#include "kernel/proc.h"
#include "kernel/safemap.h"
#include "kernel/system.h"

int do_safemap(struct proc *caller, message *m)
{
	return safemap_map(caller, m->safemap.granter, m->safemap.gid, m->safemap.offset,
			   m->safemap.addr, m->safemap.bytes, (m->safemap.flags & CPF_WRITE) != 0);
}
