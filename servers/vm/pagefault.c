/*
 * servers/vm/pagefault.c - making pages present: the page faults the kernel
 * reports (VMCTL_GET_PAGEFAULT) and the kernel calls it suspended on a
 * missing page (VMCTL_GET_REQUEST, MINIX's VMSUSPEND).
 *
 * A page absent in a region gets a zeroed frame (demand zero).  A write to
 * a page VM recorded read-only is copy-on-write: the frame's only holder
 * gets write access back, a shared frame is copied into a new one.  The
 * kernel call that maps also zeroes or copies the frame and resumes the
 * faulting process; for a fault handed over as a message it may also wait
 * for VM's next message (struct vm_wait), so such a fault costs VM one
 * trap.
 */
#include <stdio.h>
#include "vm.h"

/* A region's page is dropped: one reference less on its frame. */
void page_release(void *ctx, vir_bytes va, vm_page_t page)
{
	if (frames_unref(&vm_frames, VMPG_FRAME(page)) < 0)
		printf("vm: page %#x at %#x held no reference\n", page, va);
}

/* MAP_PHYS; with w (and VMF_RESUME) it may go on to wait for VM's next message. */
static int map(endpoint_t ep, vir_bytes va, phys_bytes pa, uint32_t flags, phys_bytes src,
	       struct vm_wait *w)
{
	if (w && (flags & VMF_RESUME))
		return vmk_map_wait(ep, va, pa, flags, src, w);
	return vmk_map(ep, va, pa, flags, src);
}

/* Demand zero: a fresh frame, zeroed by the kernel as it maps it. */
static int zero_fill(endpoint_t ep, const struct vm_region *r, vir_bytes va, vm_page_t *e,
		     uint32_t resume, struct vm_wait *w)
{
	uint32_t write = (r->flags & VMR_WRITE) ? VMF_WRITE : 0;
	phys_bytes pa;
	int err;

	if ((err = frames_alloc(&vm_frames, &pa)) != OK)
		return err;
	if ((err = map(ep, va, pa, write | VMF_ZERO | resume, 0, w)) != OK) {
		frames_unref(&vm_frames, pa);
		return err;
	}
	*e = pa | (write ? VMPG_WRITE : 0);
	return OK;
}

/* Copy on write: the last holder writes in place, others get a copy. */
static int unshare(endpoint_t ep, vir_bytes va, vm_page_t *e, uint32_t resume, struct vm_wait *w)
{
	phys_bytes old = VMPG_FRAME(*e), pa;
	int err;

	if (frames_refs(&vm_frames, old) == 1) {
		if ((err = vmk_protect(ep, va, 1, VMF_WRITE | resume)) == OK)
			*e |= VMPG_WRITE;
		return err;
	}
	if ((err = frames_alloc(&vm_frames, &pa)) != OK)
		return err;
	if ((err = map(ep, va, pa, VMF_WRITE | VMF_COPY | resume, old, w)) != OK) {
		frames_unref(&vm_frames, pa);
		return err;
	}
	*e = pa | VMPG_WRITE;
	frames_unref(&vm_frames, old);
	return OK;
}

/*
 * Makes the page at va of region r present in s (writable too for write).
 * resume is VMF_RESUME to let the mapping call end the process's page
 * fault, else 0; w (or NULL) lets that call wait for VM's next message.
 * OK, EFAULT (r cannot be written), ENOMEM or the kernel's error.
 */
static int make_present(const struct vm_space *s, const struct vm_region *r, vir_bytes va,
			bool write, uint32_t resume, struct vm_wait *w)
{
	vm_page_t *e = &r->pages[(va - r->start) >> VM_PAGE_SHIFT];

	if (write && !(r->flags & VMR_WRITE))
		return EFAULT;
	if (!*e)
		return zero_fill(s->ep, r, va, e, resume, w);
	if (write && !(*e & VMPG_WRITE))
		return unshare(s->ep, va, e, resume, w);
	/* present as VM sees it (a stale translation elsewhere): map it again */
	return map(s->ep, va, VMPG_FRAME(*e), ((*e & VMPG_WRITE) ? VMF_WRITE : 0) | resume, 0, w);
}

/*
 * A page fault of ep at addr (flags VMF_WRITE, VMF_PRESENT from the
 * kernel).  With w, the call that resolves it may also receive VM's next
 * message into w->m (w->status says whether it did).
 */
void pagefault_handle(endpoint_t ep, vir_bytes addr, uint32_t flags, struct vm_wait *w)
{
	struct vm_space *s = space_find(ep);
	struct vm_region *r = s ? region_find(s, addr) : NULL;
	int err = EFAULT;

	if (r)
		err = make_present(s, r, addr & ~VM_PAGE_MASK, flags & VMF_WRITE, VMF_RESUME, w);
	if (err != OK)
		vmk_resume(ep, err);		/* SIGSEGV; nothing if ep is gone */
}

/*
 * A kernel call needs [addr, addr + len) of target (written if flags has
 * VMF_WRITE): the pages from addr to the end of its region are made
 * present.  The result goes to VMCTL_REPLY: OK restarts the call (which
 * comes back if it needs more), EFAULT if addr lies in no region.
 */
int pagefault_request(endpoint_t target, vir_bytes addr, uint32_t len, uint32_t flags)
{
	struct vm_space *s = space_find(target);
	struct vm_region *r = s ? region_find(s, addr) : NULL;
	bool write = flags & VMF_WRITE;
	uint64_t end = (uint64_t)addr + (len ? len : 1);
	int err;

	if (!r)
		return EFAULT;
	if (end > region_end(r))
		end = region_end(r);
	for (vir_bytes va = addr & ~VM_PAGE_MASK; va < end; va += VM_PAGE_SIZE) {
		vm_page_t e = r->pages[(va - r->start) >> VM_PAGE_SHIFT];

		if ((!e || (write && !(e & VMPG_WRITE))) &&
		    (err = make_present(s, r, va, write, 0, NULL)) != OK)
			return err;
	}
	return OK;
}
