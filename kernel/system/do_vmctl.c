/*
 * do_vmctl - SYS_VMCTL: the VM server's side of suspended kernel calls
 * (kernel/vmreq.h) and page mapping.
 *
 * m->vmctl.request  VMCTL_REGISTER, VMCTL_UNREGISTER, VMCTL_GET_REQUEST,
 *                   VMCTL_REPLY, VMCTL_MAP_ZERO
 * GET_REQUEST out:  endpoint (suspended caller or NONE), target, addr, len, flags
 * REPLY in:         endpoint (suspended caller), result (OK restarts the call)
 * MAP_ZERO in:      endpoint (target), addr (page aligned), flags (VMF_WRITE)
 * UNMAP in:         endpoint (target), addr (page aligned); every CPU's TLB
 *                   forgets the page before the call returns
 *
 * MAP_ZERO takes the frame from the kernel's pool until the VM server
 * manages physical memory itself.
 */
#include <string.h>
#include <abi/errno.h>
#include <arch/layout.h>
#include "kernel/mm/memory.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "kernel/vmreq.h"
#include "smp/cpulock.h"
#include "smp/tlb.h"

static int map_zero(struct proc *caller, message *m)
{
	struct proc *p;
	phys_bytes pa;
	bool writable;
	void *page;
	int r;

	if ((r = proc_lookup(m->vmctl.endpoint, &p)) != OK)
		return r;
	if ((m->vmctl.addr & (PAGE_SIZE - 1)) || user_range_ok(m->vmctl.addr, PAGE_SIZE) != OK)
		return EINVAL;
	if (!(page = kmem_alloc_page()))
		return ENOMEM;
	memset(page, 0, PAGE_SIZE);
	cpuset_t held = lock_proc(p);
	if (as_lookup(&p->arch.as, m->vmctl.addr, &pa, &writable))
		r = EEXIST;
	else
		r = as_map(&p->arch.as, m->vmctl.addr, (phys_bytes)page, MAP_USER | MAP_OWNED |
			   ((m->vmctl.flags & VMF_WRITE) ? MAP_WRITE : 0));
	cpus_unlock(held);
	if (r != OK)
		kmem_free_page(page);
	return r;
}

/* Unmaps a page and makes sure no CPU still translates it. */
static int unmap(message *m)
{
	struct proc *p;
	int r;

	if ((r = proc_lookup(m->vmctl.endpoint, &p)) != OK)
		return r;
	cpuset_t held = lock_proc(p);
	r = as_unmap(&p->arch.as, m->vmctl.addr);
	cpus_unlock(held);
	if (r == OK)
		tlb_shootdown(&p->arch.as, m->vmctl.addr, 1);
	return r;
}

int do_vmctl(struct proc *caller, message *m)
{
	switch (m->vmctl.request) {
	case VMCTL_REGISTER:	return vmreq_register(caller);
	case VMCTL_UNREGISTER:	return vmreq_unregister(caller);
	case VMCTL_GET_REQUEST:	return vmreq_next(caller, m);
	case VMCTL_REPLY:	return vmreq_reply(caller, m->vmctl.endpoint, m->vmctl.result);
	case VMCTL_MAP_ZERO:	return map_zero(caller, m);
	case VMCTL_UNMAP:	return unmap(m);
	default:		return EINVAL;
	}
}
