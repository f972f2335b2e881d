/*
 * kernel/async_vcopy.c - ASYNC_OP_VSAFECOPY: several grant copies in one
 * entry (kernel/async_call.h, docs/async.md), SYS_VSAFECOPY's vector.
 *
 * Copy-in: the whole vector (at most ASYNC_VCOPY_MAX elements) into the
 * record at submission, each element checked (exactly one side SELF), so
 * a process changing it afterwards changes nothing.  Execution: the
 * elements in order, with the batch's other copies (kernel/async.c,
 * run_copies); the first that fails ends the call with its error, earlier
 * ones staying done, as the synchronous call.  An element that stops at a
 * page VM could provide parks the call like a SAFECOPY: c->copy holds
 * that element for the page-in, and the retry goes on from it.
 */
#include <abi/errno.h>
#include "kernel/async_call.h"
#include "kernel/proc.h"
#include "kernel/system.h"

int vcopy_copy_in(struct proc *p, struct async_call *c, const struct async_sqe *e)
{
	vir_bytes vec = __atomic_load_n(&e->args.vcopy.vec, __ATOMIC_RELAXED);
	uint32_t count = __atomic_load_n(&e->args.vcopy.count, __ATOMIC_RELAXED);

	if (count > ASYNC_VCOPY_MAX)
		return EINVAL;
	if (user_copy_in(&p->arch.as, vec, c->in.vec.v, count * sizeof(c->in.vec.v[0])) != OK)
		return EFAULT;
	for (uint32_t i = 0; i < count; i++)
		if ((c->in.vec.v[i].from == SELF) == (c->in.vec.v[i].to == SELF))
			return EINVAL;		/* exactly one side is the caller */
	c->in.vec.count = count;
	c->in.vec.next = 0;
	return OK;
}

/* The elements from the next one not done: OK, or the first one's error. */
int vcopy_run(struct proc *p, struct async_call *c)
{
	for (; c->in.vec.next < c->in.vec.count; c->in.vec.next++) {
		const struct vscp_vec *v = &c->in.vec.v[c->in.vec.next];
		bool to_grant = v->from == SELF;
		int r;

		c->copy.granter = to_grant ? v->to : v->from;
		c->copy.gid = v->gid;
		c->copy.offset = v->offset;
		c->copy.addr = v->addr;
		c->copy.bytes = v->bytes;
		c->copy.flags = to_grant ? ASYNC_COPY_TO : 0;
		r = safecopy(p, c->copy.granter, c->copy.gid, c->copy.offset, c->copy.addr,
			     c->copy.bytes, to_grant, false, &c->stop);
		if (r != OK)
			return r;
	}
	return OK;
}
