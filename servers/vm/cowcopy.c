/*
 * servers/vm/cowcopy.c - a COW safecopy the kernel suspended for VM
 * (GET_REQUEST with VMF_COW, kernel/cowcopy.h): the destination's pages
 * take the source's frames copy-on-write.
 *
 * Both ranges must lie in one region each of two processes VM manages,
 * the destination's writable.  The kernel remaps both sides in one
 * VMCTL_COW_SHARE, all or nothing; only when it succeeded are the entries
 * and reference counts changed (share.c).  Any error makes the kernel copy
 * the bytes instead, so nothing is ever half done.  A later write on
 * either side is an ordinary copy-on-write fault (pagefault.c).
 */
#include "share.h"
#include "vm.h"

/* The entries of [addr, addr + len) of s if they lie in one region (writable if asked). */
static vm_page_t *entries(const struct vm_space *s, vir_bytes addr, uint32_t len, bool write)
{
	const struct vm_region *r = s ? region_find(s, addr) : NULL;

	if (!r || (uint64_t)addr + len > region_end(r) || (write && !(r->flags & VMR_WRITE)))
		return NULL;
	return &r->pages[(addr - r->start) >> VM_PAGE_SHIFT];
}

/* Answers the request in m: OK when the pages are shared, else why not. */
int cowcopy_request(const message *m)
{
	const struct vm_space *ss = space_find(m->vmctl.target), *ds = space_find(m->vmctl.dst_ep);
	uint32_t len = m->vmctl.len, n = len >> VM_PAGE_SHIFT;
	vm_page_t *src, *dst;
	int err;

	if (ss == ds || (len & VM_PAGE_MASK))
		return EINVAL;
	src = entries(ss, m->vmctl.addr, len, false);
	dst = entries(ds, m->vmctl.dst_addr, len, true);
	if (!src || !dst)
		return EFAULT;
	if ((err = share_check(&vm_frames, src, n)) != OK ||
	    (err = vmk_cow_share(ss->ep, m->vmctl.addr, ds->ep, m->vmctl.dst_addr, len)) != OK)
		return err;
	share_pages(&vm_frames, src, dst, n);
	return OK;
}
