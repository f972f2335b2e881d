/*
 * servers/vm/fork.c - VM_FORK: a copy of the calling process, or for a
 * SYSTEM caller (PM) of the process waiting in its fork request, whose
 * pages are shared copy-on-write.
 *
 * In order, so that a failure leaves nothing half done:
 *   1. promise the child as many frames as the parent has pages (ENOMEM);
 *   2. copy the parent's regions and page entries for the child (ENOMEM);
 *   3. take write access from the parent's writable pages (VMCTL_PROTECT,
 *      one call per run of them), so the kernel's copy of its page tables
 *      is read-only too; harmless if the fork fails after this: the next
 *      write finds the parent the frame's only holder and just writes;
 *   4. SYS_FORK of the parent: the kernel copies what it owns (the program
 *      image and stack), shares VM's frames, and starts the child blocked
 *      in the parent's SENDREC to VM;
 *   5. the child's entries take a reference on every frame, and VM
 *      answers both: 0 to the child, the child's endpoint to the parent;
 *      or, forking for PM, the child's endpoint to PM, who answers both.
 */
#include <string.h>
#include <ipc.h>
#include "vm.h"

/* Clears write access to every present writable page of s, run by run. */
static int write_protect(const struct vm_space *s)
{
	for (const struct vm_region *r = s->regions; r; r = r->next) {
		for (uint32_t i = 0; i < r->npages; ) {
			uint32_t n = 0;
			int err;

			while (i + n < r->npages && (r->pages[i + n] & VMPG_WRITE))
				n++;
			if (n == 0) {
				i++;
				continue;
			}
			if ((err = vmk_protect(s->ep, r->start + (i << VM_PAGE_SHIFT), n, 0)) != OK)
				return err;
			for (; n > 0; n--, i++)
				r->pages[i] &= ~VMPG_WRITE;
		}
	}
	return OK;
}

/* The child's copies are read-only now and hold their frames too. */
static void share_frames(struct vm_space *child)
{
	for (struct vm_region *r = child->regions; r; r = r->next) {
		for (uint32_t i = 0; i < r->npages; i++) {
			if (!r->pages[i])
				continue;
			r->pages[i] &= ~VMPG_WRITE;
			frames_ref(&vm_frames, VMPG_FRAME(r->pages[i]));
		}
	}
}

static void answer(endpoint_t ep, int result, endpoint_t child)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = result;
	m.vm.endpoint = child;
	ipc_sendnb(ep, &m);
}

int do_fork(message *m)
{
	bool for_caller = m->vm.endpoint == 0;
	endpoint_t parent = for_caller ? m->m_source : m->vm.endpoint, child = NONE;
	struct vm_space *ps, copy = { .ep = NONE }, *cs;
	uint32_t need;
	int r;

	if (!for_caller && !vmk_is_system(m->m_source))
		return EPERM;
	ps = space_find(parent);
	need = ps ? ps->npages : 0;
	if ((r = frames_commit(&vm_frames, need)) != OK)
		return r;
	if (ps && (r = region_copy_space(&vm_regions, &copy, ps)) == OK)
		r = write_protect(ps);
	if (r == OK)
		r = vmk_fork(parent, &child);
	if (r != OK || !(cs = space_get(child))) {
		region_clear_space(&vm_regions, &copy, NULL, NULL);
		frames_uncommit(&vm_frames, need);
		return r != OK ? r : EINVAL;
	}
	cs->regions = copy.regions;
	cs->npages = need;
	cs->brk = ps ? ps->brk : 0;
	share_frames(cs);
	if (!for_caller) {
		m->vm.endpoint = child;		/* the caller answers both */
		return OK;
	}
	answer(child, OK, 0);
	answer(parent, OK, child);
	return EDONTREPLY;
}
