/*
 * kernel/mm/memory.c - the global frame pool (kernel/mm/frame.h) fed from
 * the boot memory map.  Reserved at boot: the first MiB (BIOS, real-mode
 * trampolines), the kernel image and the boot modules.
 */
#include <abi/errno.h>
#include <arch/layout.h>
#include "kernel/kernel.h"
#include "kernel/lib/bitmap.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/memory.h"
#include "smp/spinlock.h"

#define POOL_PAGES	(DIRECT_MAP_LIMIT / PAGE_SIZE)
#define LOW_RESERVED	0x100000u

extern char _kernel_start[], _kernel_end[];

static struct spinlock mem_lock = SPINLOCK_INIT("mem");
static struct frame_pool pool;
static uint32_t pool_bitmap[BITMAP_WORDS(POOL_PAGES)];
static uint32_t total_frames;

void memory_init(const struct boot_info *bi)
{
	uint64_t above_limit = 0;

	frame_pool_init(&pool, pool_bitmap, 0, POOL_PAGES);
	for (unsigned i = 0; i < bi->nranges; i++) {
		const struct boot_range *r = &bi->ranges[i];
		if (!r->usable)
			continue;
		frame_pool_add_free(&pool, r->base, r->base + r->len);
		if (r->base + r->len > DIRECT_MAP_LIMIT)
			above_limit += r->base + r->len -
				(r->base > DIRECT_MAP_LIMIT ? r->base : DIRECT_MAP_LIMIT);
	}
	for (unsigned i = 0; i < bi->nranges; i++)
		if (!bi->ranges[i].usable)
			frame_pool_reserve(&pool, bi->ranges[i].base,
					   bi->ranges[i].base + bi->ranges[i].len);
	frame_pool_reserve(&pool, 0, LOW_RESERVED);
	frame_pool_reserve(&pool, (uint32_t)_kernel_start, (uint32_t)_kernel_end);
	for (unsigned i = 0; i < bi->nmodules; i++)
		frame_pool_reserve(&pool, bi->modules[i].start, bi->modules[i].end);
	total_frames = frame_pool_free_count(&pool);
	kprintf("mem: %u KiB free in %u frames, kernel %#x-%#x",
		total_frames * (PAGE_SIZE / 1024), total_frames,
		(uint32_t)_kernel_start, (uint32_t)_kernel_end);
	if (above_limit)
		kprintf(KLOG_WARN "mem: %u MiB above the %u MiB direct map left unused",
			(uint32_t)(above_limit >> 20), DIRECT_MAP_LIMIT >> 20);
}

void *kmem_alloc_page(void)
{
	uint32_t pfn;
	int r;

	spin_lock(&mem_lock);
	r = frame_alloc(&pool, &pfn);
	spin_unlock(&mem_lock);
	return r == OK ? (void *)(pfn << PAGE_SHIFT) : NULL;
}

void kmem_free_page(void *page)
{
	int r;

	spin_lock(&mem_lock);
	r = frame_free(&pool, (uint32_t)page >> PAGE_SHIFT);
	spin_unlock(&mem_lock);
	if (r != OK)
		panic("kmem_free_page: bad or double free of %p", page);
}

uint32_t kmem_free_frames(void)
{
	return frame_pool_free_count(&pool);
}

uint32_t kmem_total_frames(void)
{
	return total_frames;
}

/* The VM server's share (memory.h); published by vm_nranges (release). */
static struct { uint32_t first_pfn, frames; } vm_ranges[KMEM_VM_MAX_RANGES];
static unsigned vm_nranges;
static bool vm_carved;			/* under mem_lock */
static uint32_t vm_share;		/* frames in the ranges */

/* The longest run of free frames: its first bit and length (0: none).  mem_lock held. */
static uint32_t longest_free_run(uint32_t *first)
{
	uint32_t best = 0, bit = 0;

	while ((bit = bitmap_find_next_clear(pool.bitmap, pool.npages, bit)) < pool.npages) {
		uint32_t end = bitmap_find_next_set(pool.bitmap, pool.npages, bit);

		if (end - bit > best) {
			best = end - bit;
			*first = bit;
		}
		bit = end;
	}
	return best;
}

/* Takes VM's share out of the pool, largest runs first.  mem_lock held. */
static void carve_vm_share(uint32_t max_frames)
{
	uint32_t keep = kmem_keep_frames(pool.nfree);
	uint32_t want = pool.nfree > keep ? pool.nfree - keep : 0;
	unsigned n = 0;

	if (want > max_frames)
		want = max_frames;
	while (want > 0 && n < KMEM_VM_MAX_RANGES) {
		uint32_t bit = 0, len = longest_free_run(&bit);

		if (len == 0)
			break;
		if (len > want)
			len = want;
		frame_pool_reserve(&pool, (uint64_t)(pool.base_pfn + bit) << PAGE_SHIFT,
				   (uint64_t)(pool.base_pfn + bit + len) << PAGE_SHIFT);
		vm_ranges[n].first_pfn = pool.base_pfn + bit;
		vm_ranges[n].frames = len;
		n++;
		want -= len;
		vm_share += len;
	}
	vm_carved = true;
	__atomic_store_n(&vm_nranges, n, __ATOMIC_RELEASE);
}

/*
 * Range number index of the VM server's share: its physical base and
 * length in frames.  The first call carves the share (at most max_frames);
 * later calls (a restarted VM too) see the same ranges.  ERANGE past the
 * last range.
 */
int kmem_vm_range(unsigned index, uint32_t max_frames, uint32_t *base, uint32_t *frames)
{
	unsigned n;

	spin_lock(&mem_lock);
	if (!vm_carved) {
		carve_vm_share(max_frames);
		kprintf("mem: %u frames handed to the VM server in %u ranges, %u left",
			vm_share, vm_nranges, pool.nfree);
	}
	n = vm_nranges;
	spin_unlock(&mem_lock);
	if (index >= n)
		return ERANGE;
	*base = vm_ranges[index].first_pfn << PAGE_SHIFT;
	*frames = vm_ranges[index].frames;
	return OK;
}

/* Does the frame at phys belong to the VM server's share? */
bool kmem_vm_owns(uint32_t phys)
{
	unsigned n = __atomic_load_n(&vm_nranges, __ATOMIC_ACQUIRE);
	uint32_t pfn = phys >> PAGE_SHIFT;

	for (unsigned i = 0; i < n; i++)
		if (pfn - vm_ranges[i].first_pfn < vm_ranges[i].frames)
			return true;
	return false;
}
