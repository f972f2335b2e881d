/*
 * kernel/mm/frame.h - physical page frame allocator.
 *
 * A pure data structure: one bit per 4 KiB frame (1 = used) in a bitmap the
 * caller provides, over the frames [base_pfn, base_pfn + npages), with a
 * rotating search hint so that freed frames are not reused at once.
 * There is no locking here: the caller holds the kernel's lock around
 * every call.
 *
 * Setup: frame_pool_init() (all frames used), then frame_pool_add_free()
 * for each usable region of the memory map, then frame_pool_reserve() for
 * what is taken (kernel image, modules, ...).  Regions may overlap: the
 * free count stays exact, and whichever call comes last wins for a frame.
 */
#ifndef KERNEL_MM_FRAME_H
#define KERNEL_MM_FRAME_H

#include <stdint.h>

#define FRAME_SHIFT 12
#define FRAME_SIZE (1u << FRAME_SHIFT)

struct frame_pool {
	uint32_t *bitmap;	/* BITMAP_WORDS(npages) words, 1 = used */
	uint32_t base_pfn;	/* frame number of bit 0 */
	uint32_t npages;	/* frames in the pool */
	uint32_t nfree;		/* clear bits */
	uint32_t hint;		/* bit where the next search starts */
};

/*
 * Sets p up over frames [base_pfn, base_pfn + npages) with every frame
 * used.  bitmap must have room for BITMAP_WORDS(npages) words and stay
 * valid as long as the pool; base_pfn + npages must not exceed 2^32.
 */
void frame_pool_init(struct frame_pool *p, uint32_t *bitmap, uint32_t base_pfn,
		     uint32_t npages);

/*
 * Marks the frames wholly inside the physical byte range [start, end)
 * free (the range is rounded inward to frames and clipped to the pool).
 */
void frame_pool_add_free(struct frame_pool *p, uint64_t start, uint64_t end);

/*
 * Marks every frame touching the physical byte range [start, end) used
 * (rounded outward to frames, clipped to the pool).
 */
void frame_pool_reserve(struct frame_pool *p, uint64_t start, uint64_t end);

/* Allocates one frame into *pfn.  Returns OK or ENOMEM. */
int frame_alloc(struct frame_pool *p, uint32_t *pfn);

/*
 * Allocates count consecutive frames whose first frame number is a
 * multiple of align_pages (a power of two; 0 counts as 1) and stores that
 * number in *pfn.  Returns OK, ENOMEM if no such run is free, or EINVAL
 * if count is 0 or align_pages is not a power of two.
 */
int frame_alloc_contig(struct frame_pool *p, uint32_t count, uint32_t align_pages,
		       uint32_t *pfn);

/*
 * Frees frame pfn.  Returns OK, or EINVAL if pfn is outside the pool or
 * already free (double free); the pool is then unchanged.
 */
int frame_free(struct frame_pool *p, uint32_t pfn);

/* Returns the number of free frames. */
static inline uint32_t frame_pool_free_count(const struct frame_pool *p)
{
	return p->nfree;
}

#endif /* KERNEL_MM_FRAME_H */
