/*
 * servers/vm/mmap.c - VM_MMAP, VM_MUNMAP, VM_BRK and VM_INFO.
 *
 * A new region's pages are promised frames up front (frames_commit), so
 * asking for more than VM can ever give fails here with ENOMEM and nothing
 * made; its pages arrive one by one as the process touches them.
 */
#include "vm.h"

/* Pages in len bytes, rounded up; 0 for 0. */
static uint32_t pages_of(uint32_t len)
{
	return (uint32_t)(((uint64_t)len + VM_PAGE_MASK) >> VM_PAGE_SHIFT);
}

/* VM_MMAP: len bytes of demand-zero memory; out: addr. */
int do_mmap(message *m)
{
	uint32_t npages = pages_of(m->vm.len);
	uint32_t flags = (m->vm.flags & VM_MAP_RDONLY) ? 0 : VMR_WRITE;
	struct vm_space *s;
	vir_bytes start = 0;
	int r;

	if (npages == 0 || (m->vm.flags & ~VM_MAP_RDONLY))
		return EINVAL;
	if ((r = frames_commit(&vm_frames, npages)) != OK)
		return r;
	if (!(s = space_get(m->m_source)))
		r = EINVAL;
	else if ((r = region_gap(s, npages, VM_MMAP_BASE, VM_MMAP_TOP, &start)) == OK)
		r = region_insert(&vm_regions, s, start, npages, flags, NULL);
	if (r != OK) {
		frames_uncommit(&vm_frames, npages);
		return r;
	}
	m->vm.addr = start;
	return OK;
}

/* Takes the pages of [start, start + npages) that lie in regions out of ep's page tables. */
static void unmap_regions(const struct vm_space *s, vir_bytes start, uint32_t npages)
{
	uint64_t end = start + ((uint64_t)npages << VM_PAGE_SHIFT);

	for (const struct vm_region *r = s->regions; r && r->start < end; r = r->next) {
		uint64_t lo = r->start > start ? r->start : start;
		uint64_t hi = region_end(r) < end ? region_end(r) : end;

		if (lo < hi)
			vmk_unmap(s->ep, (vir_bytes)lo, (uint32_t)((hi - lo) >> VM_PAGE_SHIFT));
	}
}

/* VM_MUNMAP: addr (page aligned), len.  Parts outside every region are ignored. */
int do_munmap(message *m)
{
	struct vm_space *s = space_find(m->m_source);
	uint32_t npages = pages_of(m->vm.len);
	int removed;

	if ((m->vm.addr & VM_PAGE_MASK) || npages == 0 ||
	    (uint64_t)m->vm.addr + ((uint64_t)npages << VM_PAGE_SHIFT) > (1ull << 32))
		return EINVAL;
	if (!s)
		return OK;
	/*
	 * Unmapped first: if the region split below fails, the pages are
	 * still VM's and a touch maps them back as they were.
	 */
	unmap_regions(s, m->vm.addr, npages);
	removed = region_remove(&vm_regions, s, m->vm.addr, npages, page_release, NULL);
	if (removed < 0)
		return removed;
	frames_uncommit(&vm_frames, (uint32_t)removed);
	return OK;
}

/* Moves the break of s from cur to npages pages above VM_BRK_BASE. */
static int set_break(struct vm_space *s, struct vm_region *r, uint32_t npages)
{
	uint32_t cur = r ? r->npages : 0;
	int err;

	if (npages > cur) {
		if ((err = frames_commit(&vm_frames, npages - cur)) != OK)
			return err;
		err = r ? region_resize(&vm_regions, s, r, npages, page_release, NULL)
			: region_insert(&vm_regions, s, VM_BRK_BASE, npages, VMR_WRITE | VMR_BRK, NULL);
		if (err != OK)
			frames_uncommit(&vm_frames, npages - cur);
		return err;
	}
	if (npages < cur) {
		vmk_unmap(s->ep, VM_BRK_BASE + (npages << VM_PAGE_SHIFT), cur - npages);
		if (npages == 0)
			region_remove(&vm_regions, s, VM_BRK_BASE, cur, page_release, NULL);
		else
			region_resize(&vm_regions, s, r, npages, page_release, NULL);
		frames_uncommit(&vm_frames, cur - npages);
	}
	return OK;
}

/*
 * VM_BRK: addr 0 asks for the break, else sets it (within VM_BRK_BASE ..
 * VM_BRK_TOP; pages above it go).  Out: addr = the break.
 */
int do_brk(message *m)
{
	struct vm_space *s = space_get(m->m_source);
	vir_bytes want = m->vm.addr;
	int err;

	if (!s)
		return EINVAL;
	if (want == 0) {
		m->vm.addr = s->brk ? s->brk : VM_BRK_BASE;
		return OK;
	}
	if (want < VM_BRK_BASE || want > VM_BRK_TOP)
		return ENOMEM;
	err = set_break(s, region_find(s, VM_BRK_BASE),
			(uint32_t)(((uint64_t)want - VM_BRK_BASE + VM_PAGE_MASK) >> VM_PAGE_SHIFT));
	if (err != OK)
		return err;
	s->brk = want;
	m->vm.addr = want;
	return OK;
}

/* VM_INFO: frame counters (abi/vm.h). */
int do_info(message *m)
{
	m->vm.total_frames = vm_frames.total;
	m->vm.free_frames = vm_frames.nfree;
	m->vm.committed = vm_frames.committed;
	m->vm.commit_limit = vm_frames.commit_limit;
	m->vm.spaces = space_used();
	m->vm.regions = vm_regions.size - vm_regions.nfree;
	return OK;
}
