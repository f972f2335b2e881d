/*
 * do_saferevmap - SYS_SAFEREVMAP: the granter revokes every mapping made
 * from one of its grants; the pages are gone from every CPU's TLB when the
 * call returns.
 *
 * m->safemap.gid  the grant id
 *
 * Returns the number of mappings removed.
 */
#include "kernel/proc.h"
#include "kernel/safemap.h"
#include "kernel/system.h"

int do_saferevmap(struct proc *caller, message *m)
{
	return safemap_revoke(caller, m->safemap.gid);
}
