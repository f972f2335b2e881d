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

int grant_granter(endpoint_t granter_e, cp_grant_id_t gid, struct proc **granter)
{
	if (gid < 0)
		return EINVAL;
	return proc_lookup(granter_e, granter);
}

/* Does [offset, offset+bytes) fit in a grant of `len` bytes? */
static bool range_fits(vir_bytes offset, uint32_t bytes, uint32_t len)
{
	return offset <= len && bytes <= len - offset;
}

/*
 * One step of a resolution: reads entry gid of granter (granter_e's
 * process, its CPU lock held) into *e and checks it for user.  OK with
 * *out final (direct, magic), GRANT_INDIRECT (e->indirect names the next
 * step), or an error.  out->flags is set on the first step only.
 * Inlined into both callers: it is their whole body.
 */
static inline __attribute__((always_inline)) int step(struct proc *granter, endpoint_t granter_e,
						      endpoint_t user, cp_grant_id_t gid,
						      uint32_t access, vir_bytes offset,
						      uint32_t bytes, bool first,
						      struct grant_entry *e,
						      struct grant_target *out)
{
	uint32_t index = grant_index(gid);

	if (!proc_still_there(granter, granter_e))
		return EDEADSRCDST;
	if (index >= granter->grant_count)
		return EINVAL;
	if (user_copy_in(&granter->arch.as, granter->grant_table + index * sizeof(*e), e,
			 sizeof(*e)) != OK)
		return EFAULT;
	if (!(e->flags & CPF_USED) || e->gen != grant_gen(gid))
		return EPERM;			/* free, revoked or stale */
	if (e->grantee != ANY && e->grantee != user)
		return EPERM;
	if ((e->flags & access) != access)
		return EPERM;
	if (first)
		out->flags = e->flags;
	if (e->flags & CPF_DIRECT) {
		if (!range_fits(offset, bytes, e->direct.len))
			return EPERM;
		out->owner = granter_e;
		out->addr = e->direct.addr + offset;
		return OK;
	}
	if (e->flags & CPF_MAGIC) {
		if (!(granter->priv->flags & PRIV_SYSTEM) || !range_fits(offset, bytes, e->magic.len))
			return EPERM;
		out->owner = e->magic.granter;
		out->addr = e->magic.addr + offset;
		return OK;
	}
	return (e->flags & CPF_INDIRECT) ? GRANT_INDIRECT : EPERM;
}

int grant_resolve_locked(struct proc *granter, endpoint_t granter_e, endpoint_t user,
			 cp_grant_id_t gid, uint32_t access, vir_bytes offset, uint32_t bytes,
			 struct grant_target *out)
{
	struct grant_entry e;

	return step(granter, granter_e, user, gid, access, offset, bytes, true, &e, out);
}

int grant_resolve(endpoint_t granter_e, endpoint_t user, cp_grant_id_t gid, uint32_t access,
		  vir_bytes offset, uint32_t bytes, struct grant_target *out)
{
	for (unsigned depth = 0; depth < MAX_INDIRECTION; depth++) {
		struct grant_entry e;
		struct proc *granter;
		cpuset_t held;
		int r;

		if ((r = grant_granter(granter_e, gid, &granter)) != OK)
			return r;
		held = lock_proc(granter);
		r = step(granter, granter_e, user, gid, access, offset, bytes, depth == 0, &e, out);
		cpus_unlock(held);
		if (r != GRANT_INDIRECT)
			return r;
		/* the granter passes on a grant it holds from e.indirect.owner */
		user = granter_e;
		granter_e = e.indirect.owner;
		gid = e.indirect.id;
	}
	return EPERM;
}
