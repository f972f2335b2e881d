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
		kprintf("mem: %u MiB above the %u MiB direct map left unused",
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
