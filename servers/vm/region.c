/*
 * servers/vm/region.c - region lists of address spaces (region.h).
 */
#include <abi/errno.h>
#include "region.h"

#define ADDR_LIMIT	(1ull << 32)

void region_pool_init(struct region_pool *rp, struct vm_region *slots, uint32_t n,
		      struct arena *arena)
{
	rp->free = NULL;
	for (uint32_t i = n; i-- > 0; ) {
		slots[i].next = rp->free;
		rp->free = &slots[i];
	}
	rp->size = rp->nfree = n;
	rp->arena = arena;
}

static struct vm_region *slot_get(struct region_pool *rp)
{
	struct vm_region *r = rp->free;

	if (r) {
		rp->free = r->next;
		rp->nfree--;
		r->next = NULL;
	}
	return r;
}

static void slot_put(struct region_pool *rp, struct vm_region *r)
{
	r->pages = NULL;
	r->next = rp->free;
	rp->free = r;
	rp->nfree++;
}

/* Hands the present pages [first, first + count) of r to release. */
static void release_pages(const struct vm_region *r, uint32_t first, uint32_t count,
			  region_release_fn release, void *ctx)
{
	for (uint32_t i = first; release && i < first + count; i++)
		if (r->pages[i])
			release(ctx, r->start + (i << VM_PAGE_SHIFT), r->pages[i]);
}

/* The region holding addr, or NULL. */
struct vm_region *region_find(const struct vm_space *s, vir_bytes addr)
{
	for (struct vm_region *r = s->regions; r && r->start <= addr; r = r->next)
		if (addr < region_end(r))
			return r;
	return NULL;
}

/* The lowest start of npages free pages within [lo, hi); ENOMEM if none. */
int region_gap(const struct vm_space *s, uint32_t npages, vir_bytes lo, vir_bytes hi,
	       vir_bytes *start)
{
	uint64_t size = (uint64_t)npages << VM_PAGE_SHIFT, at = lo;

	for (const struct vm_region *r = s->regions; r && r->start < hi; r = r->next) {
		if (region_end(r) <= at)
			continue;
		if (r->start >= at && r->start - at >= size)
			break;
		at = region_end(r);
	}
	if (npages == 0 || at + size > hi)
		return ENOMEM;
	*start = (vir_bytes)at;
	return OK;
}

static int overlaps(const struct vm_space *s, uint64_t start, uint64_t end)
{
	for (const struct vm_region *r = s->regions; r && r->start < end; r = r->next)
		if (start < region_end(r))
			return 1;
	return 0;
}

/*
 * Adds a region of npages absent pages at start.  EINVAL for a misaligned
 * or empty range, EEXIST if it overlaps a region, ENOMEM without a free
 * region structure or page-array room.
 */
int region_insert(struct region_pool *rp, struct vm_space *s, vir_bytes start, uint32_t npages,
		  uint32_t flags, struct vm_region **out)
{
	uint64_t end = start + ((uint64_t)npages << VM_PAGE_SHIFT);
	struct vm_region *r, **link = &s->regions;
	vm_page_t *pages;

	if ((start & VM_PAGE_MASK) || npages == 0 || end > ADDR_LIMIT)
		return EINVAL;
	if (overlaps(s, start, end))
		return EEXIST;
	if (!rp->free || !(pages = arena_alloc(rp->arena, npages)))
		return ENOMEM;
	r = slot_get(rp);
	r->start = start;
	r->npages = npages;
	r->flags = flags;
	r->pages = pages;
	while (*link && (*link)->start < start)
		link = &(*link)->next;
	r->next = *link;
	*link = r;
	s->npages += npages;
	if (out)
		*out = r;
	return OK;
}

/* Would removing [start, end) cut one region in two? */
static int needs_split(const struct vm_space *s, uint64_t start, uint64_t end)
{
	for (const struct vm_region *r = s->regions; r && r->start < end; r = r->next)
		if (r->start < start && region_end(r) > end)
			return 1;
	return 0;
}

/*
 * Removes [start, start + npages pages) from every region it touches:
 * whole regions go, others are cut or split in two (the pieces keep their
 * page slots).  Returns the pages removed (0 if none lay there), EINVAL for
 * a bad range, ENOMEM when a split finds no free region structure.
 */
int region_remove(struct region_pool *rp, struct vm_space *s, vir_bytes start, uint32_t npages,
		  region_release_fn release, void *ctx)
{
	uint64_t end = start + ((uint64_t)npages << VM_PAGE_SHIFT);
	struct vm_region *r, **link = &s->regions;
	uint32_t removed = 0;

	if ((start & VM_PAGE_MASK) || npages == 0 || end > ADDR_LIMIT)
		return EINVAL;
	if (!rp->free && needs_split(s, start, end))
		return ENOMEM;
	while ((r = *link) != NULL && r->start < end) {
		uint64_t r_end = region_end(r), lo = r->start > start ? r->start : start;
		uint64_t hi = r_end < end ? r_end : end;
		uint32_t first = (uint32_t)((lo - r->start) >> VM_PAGE_SHIFT);
		uint32_t count = (uint32_t)((hi - lo) >> VM_PAGE_SHIFT);

		if (r_end <= start) {
			link = &r->next;
			continue;
		}
		release_pages(r, first, count, release, ctx);
		arena_free(rp->arena, r->pages + first, count);
		removed += count;
		if (lo == r->start && hi == r_end) {		/* all of it */
			*link = r->next;
			slot_put(rp, r);
			continue;
		}
		if (lo == r->start) {				/* its head */
			r->start = (vir_bytes)hi;
			r->pages += count;
		} else if (hi != r_end) {			/* its middle: split */
			struct vm_region *t = slot_get(rp);

			t->start = (vir_bytes)hi;
			t->npages = r->npages - first - count;
			t->flags = r->flags;
			t->pages = r->pages + first + count;
			t->next = r->next;
			r->next = t;
			r->npages = first + count;		/* trimmed just below */
		}
		r->npages -= count;
		link = &r->next;
	}
	s->npages -= removed;
	return (int)removed;
}

/*
 * Makes r npages long (> 0), keeping its start.  Growing moves the page
 * array when needed: EEXIST if the new end would overlap the next region,
 * ENOMEM without page-array room.  Shrinking hands the dropped pages to
 * release.
 */
int region_resize(struct region_pool *rp, struct vm_space *s, struct vm_region *r,
		  uint32_t npages, region_release_fn release, void *ctx)
{
	uint64_t end = r->start + ((uint64_t)npages << VM_PAGE_SHIFT);
	vm_page_t *pages;

	if (npages == 0)
		return EINVAL;
	if (npages < r->npages) {
		release_pages(r, npages, r->npages - npages, release, ctx);
		arena_free(rp->arena, r->pages + npages, r->npages - npages);
		s->npages -= r->npages - npages;
		r->npages = npages;
		return OK;
	}
	if (npages == r->npages)
		return OK;
	if (end > ADDR_LIMIT || (r->next && end > r->next->start))
		return EEXIST;
	if (!(pages = arena_alloc(rp->arena, npages)))
		return ENOMEM;
	for (uint32_t i = 0; i < r->npages; i++)
		pages[i] = r->pages[i];
	arena_free(rp->arena, r->pages, r->npages);
	s->npages += npages - r->npages;
	r->pages = pages;
	r->npages = npages;
	return OK;
}

/*
 * Gives dst (which has no regions) a copy of src's regions and page
 * entries, as they are.  ENOMEM leaves dst empty.
 */
int region_copy_space(struct region_pool *rp, struct vm_space *dst, const struct vm_space *src)
{
	struct vm_region **link = &dst->regions;

	dst->regions = NULL;
	for (const struct vm_region *r = src->regions; r; r = r->next) {
		struct vm_region *c;
		vm_page_t *pages;

		if (!rp->free || !(pages = arena_alloc(rp->arena, r->npages))) {
			region_clear_space(rp, dst, NULL, NULL);
			return ENOMEM;
		}
		c = slot_get(rp);
		*c = *r;
		c->pages = pages;
		c->next = NULL;
		for (uint32_t i = 0; i < r->npages; i++)
			pages[i] = r->pages[i];
		*link = c;
		link = &c->next;
	}
	dst->npages = src->npages;
	return OK;
}

/* Removes every region of s, handing the present pages to release (may be NULL). */
void region_clear_space(struct region_pool *rp, struct vm_space *s, region_release_fn release,
			void *ctx)
{
	while (s->regions) {
		struct vm_region *r = s->regions;

		s->regions = r->next;
		release_pages(r, 0, r->npages, release, ctx);
		arena_free(rp->arena, r->pages, r->npages);
		slot_put(rp, r);
	}
	s->npages = 0;
}

unsigned region_count(const struct vm_space *s)
{
	unsigned n = 0;

	for (const struct vm_region *r = s->regions; r; r = r->next)
		n++;
	return n;
}
