/*
 * do_vircopy - SYS_VIRCOPY: copy between the address spaces of two
 * processes (privileged: system processes moving data for others).
 *
 * m->copy.src_ep, src_addr  source process (SELF allowed) and address
 * m->copy.dst_ep, dst_addr  destination process (SELF allowed) and address
 * m->copy.bytes             length
 *
 * Returns OK, or EFAULT if either range is not mapped (writable for the
 * destination), or an endpoint error.
 */
#include <abi/errno.h>
#include "kernel/proc.h"
#include "kernel/system.h"

/* Shared with do_physcopy: NONE means physical when `physical` is allowed. */
int copy_resolve(struct proc *caller, endpoint_t ep, bool physical,
		 const struct addr_space **as)
{
	struct proc *p;
	int r;

	if (ep == SELF) {
		*as = &caller->arch.as;
		return OK;
	}
	if (ep == NONE && physical) {
		*as = NULL;
		return OK;
	}
	if ((r = proc_lookup(ep, &p)) != OK)
		return r;
	*as = &p->arch.as;
	return OK;
}

int do_vircopy(struct proc *caller, message *m)
{
	const struct addr_space *src, *dst;
	int r;

	if ((r = copy_resolve(caller, m->copy.src_ep, false, &src)) != OK ||
	    (r = copy_resolve(caller, m->copy.dst_ep, false, &dst)) != OK)
		return r;
	return vm_copy(src, m->copy.src_addr, dst, m->copy.dst_addr, m->copy.bytes);
}
