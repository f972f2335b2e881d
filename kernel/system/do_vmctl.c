/*
 * do_vmctl - SYS_VMCTL: the VM server's side of suspended kernel calls,
 * page faults and exits (kernel/vmreq.h), its memory, and page mapping.
 *
 * m->vmctl.request   one of:
 *   REGISTER, UNREGISTER  the caller becomes / stops being the VM server
 *   GET_REQUEST  out: endpoint (suspended caller or NONE), target, addr, len,
 *                flags (VMF_WRITE; VMF_COW with dst_ep, dst_addr), pending
 *   REPLY        in: endpoint (suspended caller), result (OK restarts the call)
 *   MAP_ZERO     in: endpoint (target), addr (page aligned), flags (VMF_WRITE);
 *                the frame comes from the kernel's pool and is freed with the space
 *   UNMAP        in: endpoint (target), addr (page aligned), len (bytes, 0 = one
 *                page); every CPU's TLB forgets the pages, and every safemap
 *                made from them is removed, before the call returns.
 *                One page: ENOENT if it was not mapped; a range skips holes
 * Only the registered VM server (EPERM otherwise):
 *   GET_MEMORY   in: addr (range number), len (most frames VM can manage);
 *                out: phys, len (frames).  ERANGE past the last range
 *   MAP_PHYS     in: endpoint (target, SELF allowed), addr, phys (a VM frame),
 *                flags: VMF_WRITE, VMF_ZERO / VMF_COPY (from src_phys) first,
 *                VMF_RESUME (then resume the target's page fault, if it has
 *                one: the result is the mapping's), VMF_WAIT with VMF_RESUME
 *                (then, when the target runs on this CPU and nothing waits
 *                for VM, switch to it and have VM receive from ANY into
 *                this message, as REPLYRECV: the call ends as that receive,
 *                OK with a nonzero status word in %ebx; otherwise it
 *                answers as without the flag, status 0, and VM receives
 *                itself; kernel/faultpath.c).  Replaces a
 *                mapping of another VM frame (with a shootdown, and the
 *                safemaps made from the page removed); EEXIST over
 *                anything else
 *   PROTECT      in: endpoint, addr, len (0 = one page), flags: VMF_WRITE sets,
 *                no VMF_WRITE clears write access to the present pages (all VM
 *                frames, else EPERM and nothing changes); VMF_RESUME as above
 *   ZERO_PHYS    in: phys.  COPY_PHYS in: src_phys, phys (one frame each)
 *   GET_PAGEFAULT out: endpoint (NONE if none), addr, flags (VMF_WRITE,
 *                VMF_PRESENT), pending
 *   PF_RESUME    in: endpoint, result (OK runs it again, else SIGSEGV)
 *   GET_EXITED   out: endpoint (NONE if none), flags (VMF_OVERFLOW), live, pending
 *   COW_SHARE    in: endpoint, addr (source), dst_ep, dst_addr, len (page
 *                multiples): the destination maps the source's frames,
 *                both read-only (kernel/cowcopy.c); all or nothing
 *
 * VM maps only frames of its share (kmem_vm_owns): those mappings are not
 * owned by the space, so exit and unmap leave the frames to VM.
 */
#include <string.h>
#include <abi/errno.h>
#include <arch/layout.h>
#include "kernel/cowcopy.h"
#include "kernel/faultpath.h"
#include "kernel/mm/memory.h"
#include "kernel/proc.h"
#include "kernel/safemap.h"
#include "kernel/system.h"
#include "kernel/vmreq.h"
#include "smp/cpulock.h"
#include "smp/tlb.h"

/*
 * After locking p: is it still the live process VM named (ep, or SELF)?
 * It may have exited since the lookup (proc_still_there).
 */
static bool still_there(const struct proc *p, endpoint_t ep)
{
	return ep == SELF || proc_still_there(p, ep);
}

static int map_zero(message *m)
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
	if (!still_there(p, m->vmctl.endpoint))
		r = EDEADSRCDST;
	else if (as_lookup(&p->arch.as, m->vmctl.addr, &pa, &writable))
		r = EEXIST;
	else
		r = as_map(&p->arch.as, m->vmctl.addr, (phys_bytes)page, MAP_USER | MAP_OWNED |
			   ((m->vmctl.flags & VMF_WRITE) ? MAP_WRITE : 0));
	cpus_unlock(held);
	if (r != OK)
		kmem_free_page(page);
	return r;
}

/* Pages in [addr, addr + len), len 0 meaning one; 0 if the range is bad. */
static uint32_t page_count(vir_bytes addr, uint32_t len)
{
	if ((addr | len) & (PAGE_SIZE - 1))
		return 0;
	if (len == 0)
		len = PAGE_SIZE;
	return user_range_ok(addr, len) == OK ? len / PAGE_SIZE : 0;
}

/* Unmaps pages and makes sure no CPU still translates them. */
static int unmap(message *m)
{
	uint32_t pages = page_count(m->vmctl.addr, m->vmctl.len), done = 0;
	struct proc *p;
	endpoint_t ep;
	int r;

	if ((r = proc_lookup(m->vmctl.endpoint, &p)) != OK)
		return r;
	if (pages == 0)
		return EINVAL;
	cpuset_t held = lock_proc(p);
	if (!still_there(p, m->vmctl.endpoint)) {
		cpus_unlock(held);
		return EDEADSRCDST;
	}
	for (uint32_t i = 0; i < pages; i++)
		if ((r = as_unmap(&p->arch.as, m->vmctl.addr + i * PAGE_SIZE)) == OK)
			done++;
	ep = p->endpoint;
	cpus_unlock(held);
	if (done) {
		tlb_shootdown(&p->arch.as, m->vmctl.addr, pages);
		safemap_revoke_pages(ep, m->vmctl.addr, pages);
	}
	return pages == 1 ? r : OK;
}

/* The process behind ep for VM (SELF allowed). */
static int vm_target(struct proc *caller, endpoint_t ep, struct proc **p)
{
	if (ep == SELF) {
		*p = caller;
		return OK;
	}
	return proc_lookup(ep, p);
}

static bool frame_ok(phys_bytes pa)
{
	return !(pa & (PAGE_SIZE - 1)) && kmem_vm_owns(pa);
}

static int get_memory(message *m)
{
	return kmem_vm_range(m->vmctl.addr, m->vmctl.len, &m->vmctl.phys, &m->vmctl.len);
}

static int map_phys(struct proc *caller, message *m)
{
	endpoint_t ep = m->vmctl.endpoint;
	vir_bytes va = m->vmctl.addr;
	phys_bytes pa = m->vmctl.phys, old;
	uint32_t flags = m->vmctl.flags;
	bool replaced = false, writable, revoke_first = false;
	struct proc *p;
	cpuset_t held;
	int r;

	if (flags & VMF_WAIT)
		arch_set_ipc_status(&caller->arch, 0);	/* no receive, unless the fast path */
	if ((r = vm_target(caller, ep, &p)) != OK)
		return r;
	if (page_count(va, 0) == 0 || !frame_ok(pa) ||
	    ((flags & VMF_COPY) && !frame_ok(m->vmctl.src_phys)))
		return EINVAL;
	if (flags & VMF_ZERO)
		memset((void *)pa, 0, PAGE_SIZE);
	else if (flags & VMF_COPY)
		memcpy((void *)pa, (const void *)m->vmctl.src_phys, PAGE_SIZE);
	held = lock_proc(p);
	if (!still_there(p, ep)) {
		r = EDEADSRCDST;
	} else if ((replaced = as_lookup(&p->arch.as, va, &old, &writable)) && !kmem_vm_owns(old)) {
		r = EEXIST;
	} else if ((r = as_map(&p->arch.as, va, pa, MAP_USER |
			       ((flags & VMF_WRITE) ? MAP_WRITE : 0))) == OK) {
		if (replaced)
			tlb_shootdown(&p->arch.as, va, 1);	/* before p may run again */
		/*
		 * Safemaps of the old frame go before p runs again: p may
		 * tell the grantee at once that its mapping is gone.  Their
		 * removal takes every CPU lock, so p then resumes after it.
		 */
		revoke_first = replaced && (flags & VMF_RESUME) &&
			       safemap_maps_any(p->endpoint, va, 1);
		if (!revoke_first && (flags & (VMF_RESUME | VMF_WAIT)) == (VMF_RESUME | VMF_WAIT))
			faultpath_resume(caller, p, arch_syscall_arg(&caller->arch), va, replaced);
		if (!revoke_first && (flags & VMF_RESUME))
			vmreq_resume_locked(p);		/* the fast path returned: fall back */
	}
	ep = p->endpoint;
	cpus_unlock(held);
	if (replaced && r == OK)
		safemap_revoke_pages(ep, va, 1);	/* the old frame: before VM reuses it */
	if (revoke_first) {
		held = lock_proc(p);
		if (still_there(p, ep))
			vmreq_resume_locked(p);
		cpus_unlock(held);
	}
	return r;
}

/* Sets (VMF_WRITE) or clears write access to the present pages of a range. */
static int protect(struct proc *caller, message *m)
{
	uint32_t pages = page_count(m->vmctl.addr, m->vmctl.len), changed = 0;
	unsigned map_flags = MAP_USER | ((m->vmctl.flags & VMF_WRITE) ? MAP_WRITE : 0);
	struct proc *p;
	cpuset_t held;
	int r;

	if ((r = vm_target(caller, m->vmctl.endpoint, &p)) != OK)
		return r;
	if (pages == 0)
		return EINVAL;
	held = lock_proc(p);
	if (!still_there(p, m->vmctl.endpoint))
		r = EDEADSRCDST;
	for (uint32_t i = 0; i < pages && r == OK; i++) {
		phys_bytes pa;
		bool w;

		if (as_lookup(&p->arch.as, m->vmctl.addr + i * PAGE_SIZE, &pa, &w) && !kmem_vm_owns(pa))
			r = EPERM;
	}
	for (uint32_t i = 0; i < pages && r == OK; i++) {
		vir_bytes va = m->vmctl.addr + i * PAGE_SIZE;
		phys_bytes pa;
		bool w;

		if (as_lookup(&p->arch.as, va, &pa, &w) && w != !!(map_flags & MAP_WRITE)) {
			as_map(&p->arch.as, va, PAGE_ROUND_DOWN(pa), map_flags);	/* table exists */
			changed++;
		}
	}
	if (changed)
		tlb_shootdown(&p->arch.as, m->vmctl.addr, pages);
	if (r == OK && (m->vmctl.flags & VMF_RESUME))
		vmreq_resume_locked(p);
	cpus_unlock(held);
	return r;
}

static int zero_phys(message *m)
{
	if (!frame_ok(m->vmctl.phys))
		return EINVAL;
	memset((void *)m->vmctl.phys, 0, PAGE_SIZE);
	return OK;
}

static int copy_phys(message *m)
{
	if (!frame_ok(m->vmctl.phys) || !frame_ok(m->vmctl.src_phys))
		return EINVAL;
	memcpy((void *)m->vmctl.phys, (const void *)m->vmctl.src_phys, PAGE_SIZE);
	return OK;
}

/* The requests only the VM server may make. */
static int vm_only(struct proc *caller, message *m)
{
	if (!vmreq_is_server(caller))
		return EPERM;
	switch (m->vmctl.request) {
	case VMCTL_GET_MEMORY:	return get_memory(m);
	case VMCTL_MAP_PHYS:	return map_phys(caller, m);
	case VMCTL_PROTECT:	return protect(caller, m);
	case VMCTL_ZERO_PHYS:	return zero_phys(m);
	case VMCTL_COPY_PHYS:	return copy_phys(m);
	case VMCTL_GET_PAGEFAULT: return vmreq_next_fault(caller, m);
	case VMCTL_PF_RESUME:	return vmreq_pf_resume(caller, m->vmctl.endpoint, m->vmctl.result);
	case VMCTL_GET_EXITED:	return vmreq_next_exited(caller, m);
	case VMCTL_COW_SHARE:	return cowcopy_share(caller, m);
	default:		return EINVAL;
	}
}

int do_vmctl(struct proc *caller, message *m)
{
	switch (m->vmctl.request) {
	case VMCTL_REGISTER:	return vmreq_register(caller);
	case VMCTL_UNREGISTER:	return vmreq_unregister(caller);
	case VMCTL_GET_REQUEST:	return vmreq_next(caller, m);
	case VMCTL_REPLY:	return vmreq_reply(caller, m->vmctl.endpoint, m->vmctl.result);
	case VMCTL_MAP_ZERO:	return map_zero(m);
	case VMCTL_UNMAP:	return unmap(m);
	default:		return vm_only(caller, m);
	}
}
