/*
 * servers/vm/vmctl.c - the kernel calls VM makes (SYS_VMCTL requests and
 * SYS_FORK of another process), one thin wrapper each.  Field meanings:
 * kernel/system/do_vmctl.c.
 */
#include <string.h>
#include <syslib.h>
#include "vm.h"

/* A VMCTL request with the fields already in m; the result comes back in m. */
int vmk_simple(int request, message *m)
{
	m->vmctl.request = request;
	return sys_vmctl(m);
}

int vmk_map(endpoint_t ep, vir_bytes va, phys_bytes pa, uint32_t flags, phys_bytes src)
{
	message m;

	m.vmctl.endpoint = ep;
	m.vmctl.addr = va;
	m.vmctl.phys = pa;
	m.vmctl.src_phys = src;
	m.vmctl.flags = flags;
	return vmk_simple(VMCTL_MAP_PHYS, &m);
}

/*
 * MAP_PHYS with VMF_RESUME | VMF_WAIT into w->m, which may end as VM's
 * next receive into it (w->status nonzero; libsys vmctl_wait.S).
 */
int vmk_map_wait(endpoint_t ep, vir_bytes va, phys_bytes pa, uint32_t flags, phys_bytes src,
		 struct vm_wait *w)
{
	message *m = w->m;

	m->vmctl.request = VMCTL_MAP_PHYS;
	m->vmctl.endpoint = ep;
	m->vmctl.addr = va;
	m->vmctl.phys = pa;
	m->vmctl.src_phys = src;
	m->vmctl.flags = flags | VMF_RESUME | VMF_WAIT;
	return sys_vmctl_wait(m, &w->status);
}

int vmk_protect(endpoint_t ep, vir_bytes va, uint32_t pages, uint32_t flags)
{
	message m;

	m.vmctl.endpoint = ep;
	m.vmctl.addr = va;
	m.vmctl.len = pages << VM_PAGE_SHIFT;
	m.vmctl.flags = flags;
	return vmk_simple(VMCTL_PROTECT, &m);
}

int vmk_unmap(endpoint_t ep, vir_bytes va, uint32_t pages)
{
	message m;

	m.vmctl.endpoint = ep;
	m.vmctl.addr = va;
	m.vmctl.len = pages << VM_PAGE_SHIFT;
	return vmk_simple(VMCTL_UNMAP, &m);
}

int vmk_resume(endpoint_t ep, int result)
{
	message m;

	m.vmctl.endpoint = ep;
	m.vmctl.result = result;
	return vmk_simple(VMCTL_PF_RESUME, &m);
}

int vmk_reply(endpoint_t ep, int result)
{
	message m;

	m.vmctl.endpoint = ep;
	m.vmctl.result = result;
	return vmk_simple(VMCTL_REPLY, &m);
}

int vmk_cow_share(endpoint_t src, vir_bytes src_addr, endpoint_t dst, vir_bytes dst_addr,
		  uint32_t len)
{
	message m;

	m.vmctl.endpoint = src;
	m.vmctl.addr = src_addr;
	m.vmctl.dst_ep = dst;
	m.vmctl.dst_addr = dst_addr;
	m.vmctl.len = len;
	return vmk_simple(VMCTL_COW_SHARE, &m);
}

/* SYS_FORK of parent (blocked in its VM_FORK request). */
int vmk_fork(endpoint_t parent, endpoint_t *child)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.fork.parent = parent;
	if ((r = kernel_call(SYS_FORK, &m)) == OK)
		*child = m.fork.child;
	return r;
}

/* Is ep a live SYSTEM process (PM, RS)?  Requests on behalf of others need it. */
bool vmk_is_system(endpoint_t ep)
{
	struct proc_info pi;

	return ep > 0 && sys_getinfo(GET_PROC, endpoint_slot(ep), &pi, sizeof(pi)) >= 0 &&
	       pi.endpoint == ep && pi.state == PROC_STATE_LIVE && (pi.priv_flags & PROC_PRIV_SYSTEM);
}
