/*
 * kernel/cowcopy.c - copy-on-write safecopy (cowcopy.h): when a safecopy
 * asks VM to share, and the remapping VM then asks for.
 *
 * Locking: the remapping holds the CPU locks of both processes (so neither
 * runs or exits meanwhile, and a safemap of the source cannot be made
 * under it) and shoots both ranges down before unlocking; safemaps of the
 * replaced destination pages are removed after (safemap_revoke_pages takes
 * every CPU lock), before VM's call returns and so before VM drops its
 * references to the old frames.  proc.vmreq.cow is written by vmreq_reply
 * under the caller's CPU lock while the caller is suspended, and read and
 * cleared by the caller's restarted call on its own CPU.
 */
#include <abi/errno.h>
#include <arch/layout.h>
#include "kernel/cowcopy.h"
#include "kernel/lib/cmdline.h"
#include "kernel/mm/memory.h"
#include "kernel/proc.h"
#include "kernel/safemap.h"
#include "kernel/system.h"
#include "kernel/vmreq.h"
#include "smp/cpulock.h"
#include "smp/tlb.h"

uint32_t cowcopy_min_bytes = COWCOPY_THRESHOLD;

void cowcopy_init(const struct boot_options *opts)
{
	if (opts->safecopy_cow_set)
		cowcopy_min_bytes = opts->safecopy_cow ? opts->safecopy_cow : UINT32_MAX;
}

/* The threshold as booted (kinfo.safecopy_cow): 0 when sharing is off. */
uint32_t cowcopy_threshold(void)
{
	return cowcopy_min_bytes == UINT32_MAX ? 0 : cowcopy_min_bytes;
}

static bool page_aligned(vir_bytes v)
{
	return (v & (PAGE_SIZE - 1)) == 0;
}

/* Is page va of p absent, or one of VM's frames?  p's CPU lock held. */
static bool vm_page_or_absent(const struct proc *p, vir_bytes va)
{
	phys_bytes pa;
	bool w;

	return !as_lookup(&p->arch.as, va, &pa, &w) || kmem_vm_owns(PAGE_ROUND_DOWN(pa));
}

static int process_of(struct proc *caller, endpoint_t ep, struct proc **p)
{
	if (ep == SELF) {
		*p = caller;
		return OK;
	}
	return proc_lookup(ep, p);
}

/*
 * Is the copy worth asking VM (two processes, both ends VM memory as far
 * as the first and last pages show)?  Sets the endpoints VM is to see.
 */
static bool worth_asking(struct proc *caller, const struct mess_copy *c, endpoint_t *src_e,
			 endpoint_t *dst_e)
{
	vir_bytes last = c->bytes - PAGE_SIZE;
	struct proc *src, *dst;
	cpuset_t held;
	bool ok;

	if (user_range_ok(c->src_addr, c->bytes) != OK || user_range_ok(c->dst_addr, c->bytes) != OK ||
	    process_of(caller, c->src_ep, &src) != OK || process_of(caller, c->dst_ep, &dst) != OK ||
	    src == dst)
		return false;
	*src_e = c->src_ep == SELF ? caller->endpoint : c->src_ep;
	*dst_e = c->dst_ep == SELF ? caller->endpoint : c->dst_ep;
	held = lock_procs(src, dst, NULL);
	ok = proc_still_there(src, *src_e) && proc_still_there(dst, *dst_e) &&
	     vm_page_or_absent(src, c->src_addr) && vm_page_or_absent(src, c->src_addr + last) &&
	     vm_page_or_absent(dst, c->dst_addr) && vm_page_or_absent(dst, c->dst_addr + last);
	cpus_unlock(held);
	return ok;
}

/*
 * The copy of a checked safecopy: shared through VM when it qualifies,
 * else copied.  state is cowcopy_take_state's (VM's answer on a restart).
 * Returns OK, EDONTREPLY (suspended), or copy_call's error.
 */
int cowcopy_safecopy(struct proc *caller, const struct mess_copy *c, int state)
{
	uint32_t whole = c->bytes & ~(PAGE_SIZE - 1);
	struct mess_copy part = *c;
	endpoint_t src_e, dst_e;
	int r;

	if (state == COWCOPY_REFUSED || !cowcopy_candidate(c->bytes) || whole == 0 ||
	    !page_aligned(c->src_addr) || !page_aligned(c->dst_addr))
		return copy_call(caller, c, false, NULL);
	if (whole < c->bytes) {
		/* the tail first: if it waits for VM, the restart comes back here */
		part.src_addr += whole;
		part.dst_addr += whole;
		part.bytes -= whole;
		if ((r = copy_call(caller, &part, false, NULL)) != OK)
			return r;
		part = *c;
	}
	part.bytes = whole;
	if (!worth_asking(caller, &part, &src_e, &dst_e) ||
	    !vmreq_suspend_cow(caller, src_e, part.src_addr, dst_e, part.dst_addr, whole))
		return copy_call(caller, &part, false, NULL);
	return EDONTREPLY;
}

/*
 * Can pages of src be shared into dst?  Every present page on both sides
 * must be VM's, the destination's page tables must exist (made here: the
 * one allocation, before anything changes), and no source page may be
 * safemapped (a writable mapping would write into the shared frame).
 * Both CPU locks held.
 */
static int check_pages(struct proc *src, vir_bytes sa, struct proc *dst, vir_bytes da,
		       uint32_t pages)
{
	for (uint32_t i = 0; i < pages; i++) {
		vir_bytes off = i * PAGE_SIZE;
		int r;

		if (!vm_page_or_absent(src, sa + off) || !vm_page_or_absent(dst, da + off))
			return EPERM;
		if ((r = as_prepare(&dst->arch.as, da + off)) != OK)
			return r;
	}
	return safemap_maps_any(src->endpoint, sa, pages) ? EBUSY : OK;
}

/* Remaps both sides (check_pages passed); both CPU locks held. */
static void share_pages(struct proc *src, vir_bytes sa, struct proc *dst, vir_bytes da,
			uint32_t pages)
{
	bool src_changed = false, dst_changed = false;

	for (uint32_t i = 0; i < pages; i++) {
		vir_bytes off = i * PAGE_SIZE;
		phys_bytes pa, old;
		bool w, old_w;

		dst_changed |= as_lookup(&dst->arch.as, da + off, &old, &old_w);
		if (!as_lookup(&src->arch.as, sa + off, &pa, &w)) {
			as_unmap(&dst->arch.as, da + off);	/* both read zeros from here */
			continue;
		}
		if (w) {
			as_map(&src->arch.as, sa + off, PAGE_ROUND_DOWN(pa), MAP_USER);
			src_changed = true;
		}
		as_map(&dst->arch.as, da + off, PAGE_ROUND_DOWN(pa), MAP_USER);	/* table exists */
	}
	if (src_changed)
		tlb_shootdown(&src->arch.as, sa, pages);
	if (dst_changed)
		tlb_shootdown(&dst->arch.as, da, pages);
}

/*
 * VMCTL_COW_SHARE from VM: endpoint/addr the source, dst_ep/dst_addr the
 * destination, len bytes (page multiples, two different processes, not
 * VM).  All or nothing: EINVAL, endpoint errors, EDEADSRCDST, EPERM (a
 * page that is not VM's), ENOMEM (a page table), EBUSY (a source page is
 * safemapped).
 */
int cowcopy_share(struct proc *vm, message *m)
{
	endpoint_t se = m->vmctl.endpoint, de = m->vmctl.dst_ep;
	vir_bytes sa = m->vmctl.addr, da = m->vmctl.dst_addr;
	uint32_t len = m->vmctl.len;
	struct proc *src, *dst;
	cpuset_t held;
	int r;

	if (len == 0 || !page_aligned(sa | da | len) || user_range_ok(sa, len) != OK ||
	    user_range_ok(da, len) != OK)
		return EINVAL;
	if ((r = proc_lookup(se, &src)) != OK || (r = proc_lookup(de, &dst)) != OK)
		return r;
	if (src == dst || src == vm || dst == vm)
		return EINVAL;
	held = lock_procs(src, dst, NULL);
	if (!proc_still_there(src, se) || !proc_still_there(dst, de))
		r = EDEADSRCDST;
	else if ((r = check_pages(src, sa, dst, da, len / PAGE_SIZE)) == OK)
		share_pages(src, sa, dst, da, len / PAGE_SIZE);
	cpus_unlock(held);
	if (r == OK)
		safemap_revoke_pages(de, da, len / PAGE_SIZE);	/* the replaced frames */
	return r;
}
