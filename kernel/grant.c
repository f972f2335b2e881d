/*
 * kernel/grant.c - grant validation (grant.h).
 *
 * Grant tables live in their owners' memory; an entry is read under the
 * owner's CPU lock so the owner cannot exit (and free the table) while it
 * is read.  Nothing is cached: a revoked entry stops working at once.
 */
#include <abi/errno.h>
#include "kernel/grant.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "smp/cpulock.h"

#define MAX_INDIRECTION	8

/* Reads entry `index` of granter's table. */
static int read_entry(endpoint_t granter_e, uint32_t index, struct grant_entry *e,
		      struct proc **granter)
{
	cpuset_t held;
	int r;

	if ((r = proc_lookup(granter_e, granter)) != OK)
		return r;
	held = lock_proc(*granter);
	if ((*granter)->endpoint != granter_e || ((*granter)->rts_flags & RTS_SLOT_FREE))
		r = EDEADSRCDST;
	else if (index >= (*granter)->grant_count)
		r = EINVAL;
	else if (user_copy_in(&(*granter)->arch.as,
			      (*granter)->grant_table + index * sizeof(*e), e, sizeof(*e)) != OK)
		r = EFAULT;
	cpus_unlock(held);
	return r;
}

/* Does [offset, offset+bytes) fit in a grant of `len` bytes? */
static bool range_fits(vir_bytes offset, uint32_t bytes, uint32_t len)
{
	return offset <= len && bytes <= len - offset;
}

int grant_resolve(endpoint_t granter_e, endpoint_t user, cp_grant_id_t gid, uint32_t access,
		  vir_bytes offset, uint32_t bytes, struct grant_target *out)
{
	for (unsigned depth = 0; depth < MAX_INDIRECTION; depth++) {
		struct grant_entry e;
		struct proc *granter;
		int r;

		if (gid < 0)
			return EINVAL;
		if ((r = read_entry(granter_e, grant_index(gid), &e, &granter)) != OK)
			return r;
		if (!(e.flags & CPF_USED) || e.gen != grant_gen(gid))
			return EPERM;			/* free, revoked or stale */
		if (e.grantee != ANY && e.grantee != user)
			return EPERM;
		if ((e.flags & access) != access)
			return EPERM;
		if (depth == 0)
			out->flags = e.flags;
		if (e.flags & CPF_DIRECT) {
			if (!range_fits(offset, bytes, e.direct.len))
				return EPERM;
			out->owner = granter_e;
			out->addr = e.direct.addr + offset;
			return OK;
		}
		if (e.flags & CPF_MAGIC) {
			if (!(granter->priv->flags & PRIV_SYSTEM) ||
			    !range_fits(offset, bytes, e.magic.len))
				return EPERM;
			out->owner = e.magic.granter;
			out->addr = e.magic.addr + offset;
			return OK;
		}
		if (!(e.flags & CPF_INDIRECT))
			return EPERM;
		/* the granter passes on a grant it holds from e.indirect.owner */
		user = granter_e;
		granter_e = e.indirect.owner;
		gid = e.indirect.id;
	}
	return EPERM;
}
