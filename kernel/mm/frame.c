/*
 * kernel/mm/frame.c - physical page frame allocator (see frame.h).
 *
 * Bit i of the pool's bitmap is frame base_pfn + i; nfree always equals the
 * number of clear bits among the npages valid ones, because every update
 * counts the bits it actually changes.
 */
#include <abi/errno.h>
#include "kernel/lib/bitmap.h"
#include "kernel/mm/frame.h"

#define FRAME_MASK ((uint64_t)FRAME_SIZE - 1)

/*
 * Clips the frame-number range [first, end) to the pool and converts it to
 * bit indexes; returns false if nothing is left.
 */
static bool clip_to_pool(const struct frame_pool *p, uint64_t first, uint64_t end,
			 uint32_t *bit, uint32_t *count)
{
	uint64_t lo = p->base_pfn, hi = (uint64_t)p->base_pfn + p->npages;

	if (first < lo)
		first = lo;
	if (end > hi)
		end = hi;
	if (first >= end)
		return false;
	*bit = (uint32_t)(first - lo);
	*count = (uint32_t)(end - first);
	return true;
}

/* Marks count free frames from bit on used. */
static void take(struct frame_pool *p, uint32_t bit, uint32_t count)
{
	bitmap_fill_range(p->bitmap, bit, count);
	p->nfree -= count;
}

/* Smallest bit index >= bit whose frame number is a multiple of align. */
static uint64_t align_up(const struct frame_pool *p, uint64_t bit, uint32_t align)
{
	uint64_t pfn = (p->base_pfn + bit + align - 1) & ~((uint64_t)align - 1);

	return pfn - p->base_pfn;
}

/* See frame.h. */
void frame_pool_init(struct frame_pool *p, uint32_t *bitmap, uint32_t base_pfn,
		     uint32_t npages)
{
	p->bitmap = bitmap;
	p->base_pfn = base_pfn;
	p->npages = npages;
	p->nfree = 0;
	p->hint = 0;
	bitmap_fill_range(bitmap, 0, npages);
}

/* See frame.h. */
void frame_pool_add_free(struct frame_pool *p, uint64_t start, uint64_t end)
{
	uint64_t first = (start >> FRAME_SHIFT) + ((start & FRAME_MASK) != 0);
	uint32_t bit, count;

	if (end > start && clip_to_pool(p, first, end >> FRAME_SHIFT, &bit, &count))
		p->nfree += bitmap_clear_range(p->bitmap, bit, count);
}

/* See frame.h. */
void frame_pool_reserve(struct frame_pool *p, uint64_t start, uint64_t end)
{
	uint64_t last = (end >> FRAME_SHIFT) + ((end & FRAME_MASK) != 0);
	uint32_t bit, count;

	if (end > start && clip_to_pool(p, start >> FRAME_SHIFT, last, &bit, &count))
		p->nfree -= bitmap_fill_range(p->bitmap, bit, count);
}

/* See frame.h. */
int frame_alloc(struct frame_pool *p, uint32_t *pfn)
{
	uint32_t bit = bitmap_find_next_clear(p->bitmap, p->npages, p->hint);

	if (bit == p->npages)
		bit = bitmap_find_first_clear(p->bitmap, p->npages);
	if (bit == p->npages)
		return ENOMEM;
	take(p, bit, 1);
	p->hint = bit + 1 < p->npages ? bit + 1 : 0;
	*pfn = p->base_pfn + bit;
	return OK;
}

/* See frame.h. */
int frame_alloc_contig(struct frame_pool *p, uint32_t count, uint32_t align_pages,
		       uint32_t *pfn)
{
	uint32_t align = align_pages == 0 ? 1 : align_pages;

	if (count == 0 || (align & (align - 1)) != 0)
		return EINVAL;
	if (count > p->nfree)
		return ENOMEM;
	for (uint64_t bit = align_up(p, 0, align); bit + count <= p->npages; ) {
		uint32_t end = (uint32_t)bit + count;
		uint32_t used = bitmap_find_next_set(p->bitmap, end, (uint32_t)bit);

		if (used == end) {
			take(p, (uint32_t)bit, count);
			*pfn = p->base_pfn + (uint32_t)bit;
			return OK;
		}
		bit = align_up(p, bitmap_find_next_clear(p->bitmap, p->npages, used + 1), align);
	}
	return ENOMEM;
}

/* See frame.h. */
int frame_free(struct frame_pool *p, uint32_t pfn)
{
	if (pfn < p->base_pfn || pfn - p->base_pfn >= p->npages)
		return EINVAL;
	uint32_t bit = pfn - p->base_pfn;

	if (!bitmap_test(p->bitmap, bit))
		return EINVAL;
	bitmap_clear(p->bitmap, bit);
	p->nfree++;
	return OK;
}
