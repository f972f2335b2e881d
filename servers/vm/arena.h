/*
 * servers/vm/arena.h - storage for the regions' page arrays.
 *
 * One array of page entries (vm_page_t) with a bitmap of the slots in use.
 * A region's pages are a run of consecutive slots; a run can be given back
 * in part (munmap splits a region without copying: the pieces keep their
 * slots, the hole's slots are freed).  Allocation is first fit from a
 * rotating hint.
 *
 * Pure data structure, storage from the caller (host-tested with region.c).
 */
#ifndef VM_ARENA_H
#define VM_ARENA_H

#include <stdint.h>
#include "page.h"

struct arena {
	vm_page_t *slots;
	uint32_t *used;		/* bit per slot, 1 = in use */
	uint32_t nslots;
	uint32_t nfree;
	uint32_t hint;		/* where the next search starts */
};

#define ARENA_MAP_WORDS(n)	(((n) + 31) / 32)

void arena_init(struct arena *a, vm_page_t *slots, uint32_t *used, uint32_t nslots);
vm_page_t *arena_alloc(struct arena *a, uint32_t count);
int arena_free(struct arena *a, vm_page_t *run, uint32_t count);

#endif /* VM_ARENA_H */
