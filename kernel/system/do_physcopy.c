/*
 * do_physcopy - SYS_PHYSCOPY: like SYS_VIRCOPY, but either side may be
 * physical memory (endpoint NONE, address below the direct-map limit).
 * For drivers and VM; grant it with care.
 *
 * m->copy.*  as for SYS_VIRCOPY
 */
#include <abi/errno.h>
#include "kernel/proc.h"
#include "kernel/system.h"

int do_physcopy(struct proc *caller, message *m)
{
	const struct addr_space *src, *dst;
	int r;

	if ((r = copy_resolve(caller, m->copy.src_ep, true, &src)) != OK ||
	    (r = copy_resolve(caller, m->copy.dst_ep, true, &dst)) != OK)
		return r;
	return vm_copy(src, m->copy.src_addr, dst, m->copy.dst_addr, m->copy.bytes);
}
