/*
 * servers/vm/region.h - the regions of one process's address space.
 *
 * A vm_space is what VM knows of one process: a list of regions sorted by
 * address, never overlapping, each a run of pages with one vm_page_t per
 * page (page.h) in the arena (arena.h).  Regions come from a fixed pool.
 * Operations that drop pages hand every present one to a release callback
 * (the server unreferences its frame); operations that can fail change
 * nothing when they do.
 *
 * Pure data structure (no kernel calls); the host unit tests
 * (tests/host/test_vm_region.c) compile it with arena.c.
 */
#ifndef VM_REGION_H
#define VM_REGION_H

#include <stdint.h>
#include <abi/types.h>
#include "arena.h"
#include "page.h"

#define VMR_WRITE	(1u << 0)	/* may be written */
#define VMR_BRK		(1u << 1)	/* the break (VM_BRK) */

struct vm_region {
	vir_bytes start;		/* page aligned */
	uint32_t npages;
	uint32_t flags;			/* VMR_* */
	vm_page_t *pages;		/* npages entries in the arena */
	struct vm_region *next;		/* the next region up, or NULL */
};

struct vm_space {
	endpoint_t ep;			/* the process, NONE for an unused entry */
	struct vm_region *regions;	/* sorted by start */
	uint32_t npages;		/* pages of all regions = frames promised to it */
	vir_bytes brk;			/* the break, 0 until the first VM_BRK */
};

struct region_pool {
	struct vm_region *free;		/* unused region structures */
	uint32_t size, nfree;
	struct arena *arena;		/* where page arrays live */
};

typedef void (*region_release_fn)(void *ctx, vir_bytes va, vm_page_t page);

static inline vir_bytes region_end(const struct vm_region *r)
{
	return r->start + (r->npages << VM_PAGE_SHIFT);
}

void region_pool_init(struct region_pool *rp, struct vm_region *slots, uint32_t n,
		      struct arena *arena);
struct vm_region *region_find(const struct vm_space *s, vir_bytes addr);
int region_gap(const struct vm_space *s, uint32_t npages, vir_bytes lo, vir_bytes hi,
	       vir_bytes *start);
int region_insert(struct region_pool *rp, struct vm_space *s, vir_bytes start, uint32_t npages,
		  uint32_t flags, struct vm_region **out);
int region_remove(struct region_pool *rp, struct vm_space *s, vir_bytes start, uint32_t npages,
		  region_release_fn release, void *ctx);
int region_resize(struct region_pool *rp, struct vm_space *s, struct vm_region *r,
		  uint32_t npages, region_release_fn release, void *ctx);
int region_copy_space(struct region_pool *rp, struct vm_space *dst, const struct vm_space *src);
void region_clear_space(struct region_pool *rp, struct vm_space *s, region_release_fn release,
			void *ctx);
unsigned region_count(const struct vm_space *s);

#endif /* VM_REGION_H */
