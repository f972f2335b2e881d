/*
 * do_vircopy - SYS_VIRCOPY: copy between the address spaces of two
 * processes (privileged: system processes moving data for others).
 *
 * m->copy.src_ep, src_addr  source process (SELF allowed) and address
 * m->copy.dst_ep, dst_addr  destination process (SELF allowed) and address
 * m->copy.bytes             length
 *
 * Returns OK, or EFAULT if either range is not mapped (writable for the
 * destination) and VM cannot make it so, or an endpoint error.
 */
#include <abi/errno.h>
#include "kernel/proc.h"
#include "kernel/system.h"
#include "kernel/vmreq.h"
#include "smp/cpulock.h"

/* The process behind ep (SELF allowed); NULL for physical memory (NONE). */
static int resolve(struct proc *caller, endpoint_t ep, bool physical, struct proc **p)
{
	if (ep == SELF) {
		*p = caller;
		return OK;
	}
	if (ep == NONE && physical) {
		*p = NULL;
		return OK;
	}
	return proc_lookup(ep, p);
}

/* After locking: is p (from resolve) still the process ep names? */
static bool still_there(const struct proc *p, endpoint_t ep)
{
	return !p || ep == SELF || proc_still_there(p, ep);
}

static const struct addr_space *space_of(const struct proc *p)
{
	return p ? &p->arch.as : NULL;
}

/*
 * After a copy between src and dst (NULL: physical memory) for caller that
 * ended in r: when it stopped at a page VM can make present, suspends the
 * caller until VM has (EDONTREPLY; the call is then restarted from the
 * start), else r.  With `stop`, the caller is not suspended: r comes back
 * and *stop names that page (target NONE if the copy stopped at none).
 * Call it after releasing the copy's locks.
 */
int copy_wait_vm(struct proc *caller, int r, const struct copy_fault *fault, struct proc *src,
		 struct proc *dst, uint32_t bytes, struct copy_stop *stop)
{
	struct proc *target;

	if (r != EFAULT || !fault->as) {
		if (stop)
			stop->target = NONE;
		return r;
	}
	target = fault->as == space_of(src) ? src : dst;
	if (stop) {
		stop->target = fault->present && !fault->write ? NONE : target->endpoint;
		stop->addr = fault->addr;
		stop->write = fault->write;
		return r;
	}
	if (vmreq_suspend(caller, fault, target, bytes))
		return EDONTREPLY;
	return r;
}

/*
 * The copy behind SYS_VIRCOPY and SYS_PHYSCOPY.  A page that is not present
 * suspends the caller until the VM server has made it present (copy_wait_vm;
 * with `stop`, returns instead).
 * The copy runs holding the CPU locks of both processes, so neither can be
 * torn down under it, after checking that each is still the process named
 * (it may have exited, and its slot been reused, since the lookup).
 */
int copy_call(struct proc *caller, const struct mess_copy *c, bool physical,
	      struct copy_stop *stop)
{
	struct proc *src, *dst;
	struct copy_fault fault;
	cpuset_t held;
	int r;

	if ((r = resolve(caller, c->src_ep, physical, &src)) != OK ||
	    (r = resolve(caller, c->dst_ep, physical, &dst)) != OK)
		return r;
	held = lock_procs(caller, src ? src : caller, dst ? dst : caller);
	if (!still_there(src, c->src_ep) || !still_there(dst, c->dst_ep))
		r = EDEADSRCDST;	/* exited meanwhile */
	else
		r = vm_copy(space_of(src), c->src_addr, space_of(dst), c->dst_addr, c->bytes,
			    &fault);
	cpus_unlock(held);
	return copy_wait_vm(caller, r, &fault, src, dst, c->bytes, stop);
}

int do_vircopy(struct proc *caller, message *m)
{
	return copy_call(caller, &m->copy, false, NULL);
}
