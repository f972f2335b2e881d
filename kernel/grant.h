/*
 * kernel/grant.h - validating grants (abi/grant.h) and resolving them to
 * the memory they name.
 *
 * grant_resolve follows a grant id through direct, indirect and magic
 * entries to the process whose memory it finally names, checking at every
 * step that the entry is in use and of the id's generation, that the user
 * is its grantee, that the access is allowed, and that the range fits.
 *
 * Errors: EINVAL (no table, index out of range), EPERM (unused, stale,
 * revoked, another grantee, access not granted, range past the end, magic
 * without privilege, chain too long), endpoint errors for a dead granter,
 * EFAULT (the table itself is unreadable).
 */
#ifndef KERNEL_GRANT_H
#define KERNEL_GRANT_H

#include <stdint.h>
#include <abi/grant.h>

struct grant_target {
	endpoint_t owner;	/* whose memory */
	vir_bytes addr;		/* start of the requested range in it */
	uint32_t flags;		/* CPF_* of the first entry */
};

struct proc;

int grant_resolve(endpoint_t granter, endpoint_t user, cp_grant_id_t gid, uint32_t access,
		  vir_bytes offset, uint32_t bytes, struct grant_target *out);

/*
 * The pieces of grant_resolve's first step, for a caller that wants the
 * granter's CPU lock held across the check and its own use of the memory
 * (safecopy of a direct grant: one lock section).  grant_granter: EINVAL
 * for a negative id, else the granter's lookup.  grant_resolve_locked,
 * with granter's CPU lock held: OK and *out as grant_resolve's when the
 * entry is direct or magic, GRANT_INDIRECT when it passes on another
 * grant (then call grant_resolve, without the lock, to follow the chain),
 * or grant_resolve's errors.
 */
#define GRANT_INDIRECT	1
int grant_granter(endpoint_t granter, cp_grant_id_t gid, struct proc **out);
int grant_resolve_locked(struct proc *granter, endpoint_t granter_e, endpoint_t user,
			 cp_grant_id_t gid, uint32_t access, vir_bytes offset, uint32_t bytes,
			 struct grant_target *out);

#endif /* KERNEL_GRANT_H */
