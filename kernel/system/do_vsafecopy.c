/*
 * do_vsafecopy - SYS_VSAFECOPY: several safecopies in one call.
 *
 * m->vsafecopy.vec    struct vscp_vec[count] in the caller's memory
 * m->vsafecopy.count  at most VSCP_MAX
 *
 * Each element copies from a grant to the caller (from = granter, to = SELF)
 * or back (from = SELF, to = granter).  Elements run in order; the first
 * that fails stops the call with its error (earlier ones stay done).
 * Returns OK or that error.
 */
#include <abi/errno.h>
#include <abi/grant.h>
#include "kernel/proc.h"
#include "kernel/system.h"

int do_vsafecopy(struct proc *caller, message *m)
{
	struct vscp_vec vec[VSCP_MAX];
	uint32_t count = m->vsafecopy.count;

	if (count > VSCP_MAX)
		return EINVAL;
	if (user_copy_in(&caller->arch.as, m->vsafecopy.vec, vec, count * sizeof(vec[0])) != OK)
		return EFAULT;
	for (uint32_t i = 0; i < count; i++) {
		const struct vscp_vec *v = &vec[i];
		bool to_grant = v->from == SELF;
		endpoint_t granter = to_grant ? v->to : v->from;
		int r;

		if ((v->from == SELF) == (v->to == SELF))
			return EINVAL;		/* exactly one side is the caller */
		r = safecopy(caller, granter, v->gid, v->offset, v->addr, v->bytes, to_grant, false,
			     NULL);
		if (r != OK)
			return r;
	}
	return OK;
}
