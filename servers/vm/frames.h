/*
 * servers/vm/frames.h - the VM server's physical frames: where they are,
 * which are free, how many mappings hold each, and how many are promised.
 *
 * The frames are the ranges the kernel handed over (VMCTL_GET_MEMORY),
 * numbered 0..total-1 across the ranges.  Each has a reference count (the
 * pages mapping it; 0 = free); free frames sit on a stack, so allocation
 * and release are O(1) and a freed frame is reused first (warm in caches).
 *
 * Commitment: every page of every region is promised a frame when the
 * region is made (frames_commit), so that a page fault never finds memory
 * exhausted: a shared frame counts once per page sharing it, hence the
 * frames in use never exceed the commitment.  Requests that would promise
 * more than commit_limit fail with ENOMEM up front.
 *
 * Pure data structure (no kernel calls): the storage comes from the caller,
 * and the host unit tests (tests/host/test_vm_frames.c) compile it as is.
 */
#ifndef VM_FRAMES_H
#define VM_FRAMES_H

#include <stdint.h>
#include <abi/types.h>

#define FRAMES_MAX_RANGES	16
#define FRAMES_MAX_REFS		0xffffu

struct frame_range {
	phys_bytes base;	/* page aligned */
	uint32_t count;		/* frames */
	uint32_t first;		/* number of its first frame */
};

struct frames {
	struct frame_range range[FRAMES_MAX_RANGES];
	unsigned nranges;
	uint32_t capacity;	/* frames the arrays below can describe */
	uint32_t total;		/* frames added */
	uint32_t nfree;		/* entries on the free stack */
	uint16_t *refs;		/* per frame: mappings holding it, 0 = free */
	uint32_t *stack;	/* free frame numbers; the top is stack[nfree - 1] */
	uint32_t committed;	/* pages promised a frame */
	uint32_t commit_limit;	/* = total */
};

void frames_init(struct frames *f, uint16_t *refs, uint32_t *stack, uint32_t capacity);
int frames_add_range(struct frames *f, phys_bytes base, uint32_t count);
int frames_alloc(struct frames *f, phys_bytes *pa);
int frames_ref(struct frames *f, phys_bytes pa);
int frames_unref(struct frames *f, phys_bytes pa);
uint32_t frames_refs(const struct frames *f, phys_bytes pa);
int frames_commit(struct frames *f, uint32_t pages);
void frames_uncommit(struct frames *f, uint32_t pages);

#endif /* VM_FRAMES_H */
