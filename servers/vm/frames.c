/*
 * servers/vm/frames.c - physical frames, reference counts and commitment
 * (frames.h).
 */
#include <abi/errno.h>
#include "page.h"
#include "frames.h"

void frames_init(struct frames *f, uint16_t *refs, uint32_t *stack, uint32_t capacity)
{
	f->nranges = 0;
	f->capacity = capacity;
	f->total = f->nfree = 0;
	f->refs = refs;
	f->stack = stack;
	f->committed = f->commit_limit = 0;
}

/* The number of the frame at pa, or -1 if pa is not one of ours. */
static int64_t frame_number(const struct frames *f, phys_bytes pa)
{
	if (pa & VM_PAGE_MASK)
		return -1;
	for (unsigned i = 0; i < f->nranges; i++) {
		const struct frame_range *r = &f->range[i];

		if (pa - r->base < (uint64_t)r->count << VM_PAGE_SHIFT)
			return r->first + ((pa - r->base) >> VM_PAGE_SHIFT);
	}
	return -1;
}

static phys_bytes frame_address(const struct frames *f, uint32_t n)
{
	for (unsigned i = 0; i < f->nranges; i++)
		if (n - f->range[i].first < f->range[i].count)
			return f->range[i].base + ((n - f->range[i].first) << VM_PAGE_SHIFT);
	return 0;
}

static int overlaps(const struct frames *f, uint64_t base, uint64_t end)
{
	for (unsigned i = 0; i < f->nranges; i++) {
		uint64_t b = f->range[i].base, e = b + ((uint64_t)f->range[i].count << VM_PAGE_SHIFT);

		if (base < e && b < end)
			return 1;
	}
	return 0;
}

/*
 * Adds count free frames from base.  EINVAL for a misaligned, empty or
 * overlapping range, ENOSPC when the range table or the arrays are full.
 */
int frames_add_range(struct frames *f, phys_bytes base, uint32_t count)
{
	uint64_t end = (uint64_t)base + ((uint64_t)count << VM_PAGE_SHIFT);
	struct frame_range *r;

	if ((base & VM_PAGE_MASK) || base == 0 || count == 0 || end > (1ull << 32) ||
	    overlaps(f, base, end))
		return EINVAL;
	if (f->nranges == FRAMES_MAX_RANGES || count > f->capacity - f->total)
		return ENOSPC;
	r = &f->range[f->nranges++];
	r->base = base;
	r->count = count;
	r->first = f->total;
	for (uint32_t i = count; i-- > 0; ) {		/* its lowest frame on top */
		f->refs[r->first + i] = 0;
		f->stack[f->nfree++] = r->first + i;
	}
	f->total += count;
	f->commit_limit += count;
	return OK;
}

/* Takes a free frame with one reference.  ENOMEM when none is free. */
int frames_alloc(struct frames *f, phys_bytes *pa)
{
	uint32_t n;

	if (f->nfree == 0)
		return ENOMEM;
	n = f->stack[--f->nfree];
	f->refs[n] = 1;
	*pa = frame_address(f, n);
	return OK;
}

/* One more mapping holds pa.  EINVAL if it is not an allocated frame of ours. */
int frames_ref(struct frames *f, phys_bytes pa)
{
	int64_t n = frame_number(f, pa);

	if (n < 0 || f->refs[n] == 0)
		return EINVAL;
	if (f->refs[n] == FRAMES_MAX_REFS)
		return ERANGE;
	f->refs[n]++;
	return OK;
}

/*
 * One mapping less holds pa; the frame is free again at zero.  Returns the
 * references left, or EINVAL if pa is free already (a double free) or not
 * ours; nothing changes then.
 */
int frames_unref(struct frames *f, phys_bytes pa)
{
	int64_t n = frame_number(f, pa);

	if (n < 0 || f->refs[n] == 0)
		return EINVAL;
	if (--f->refs[n] == 0)
		f->stack[f->nfree++] = (uint32_t)n;
	return f->refs[n];
}

/* The mappings holding pa (0: free or not ours). */
uint32_t frames_refs(const struct frames *f, phys_bytes pa)
{
	int64_t n = frame_number(f, pa);

	return n < 0 ? 0 : f->refs[n];
}

/* Promises pages frames.  ENOMEM (and nothing promised) past the limit. */
int frames_commit(struct frames *f, uint32_t pages)
{
	if (pages > f->commit_limit - f->committed)
		return ENOMEM;
	f->committed += pages;
	return OK;
}

void frames_uncommit(struct frames *f, uint32_t pages)
{
	f->committed -= pages < f->committed ? pages : f->committed;
}
