/*
 * kernel/mm/memory.h - the kernel's physical memory: one frame pool built
 * from the boot memory map, covering the direct-mapped range.
 *
 * The VM server's share: the first kmem_vm_range call carves all free
 * frames but the kernel's reserve (at most the number VM asks for) out of
 * the pool as a few contiguous physical ranges.  The reserve scales with
 * memory: a quarter of the frames free at that moment, at least
 * KMEM_KEEP_MIN and at most KMEM_KEEP_MAX (kmem_keep_frames).  The kernel
 * spends it on page tables, directories, the frames of forked SYSTEM
 * processes and later boot work; running out there is ENOMEM to the
 * caller.  From 64 MiB up the reserve is the full 16 MiB; at 16 MiB of
 * RAM it is about 2 MiB, and VM gets the rest.  They never return to the pool;
 * VM hands them out as it likes, and the kernel maps for VM only frames
 * that lie in them (kmem_vm_owns).
 *
 * Lock: mem_lock (inside memory.c) protects the pool; it is a leaf lock.
 * The ranges are written once under it and read without it afterwards.
 */
#ifndef KERNEL_MM_MEMORY_H
#define KERNEL_MM_MEMORY_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/boot.h"

void memory_init(const struct boot_info *bi);
void *kmem_alloc_page(void);		/* not zeroed; NULL when out of memory */
void kmem_free_page(void *page);	/* panics on a double free (kernel bug) */
uint32_t kmem_free_frames(void);
uint32_t kmem_total_frames(void);

#define KMEM_KEEP_MIN		256	/* frames (1 MiB) */
#define KMEM_KEEP_MAX		4096	/* frames (16 MiB) */

/* The kernel's reserve when nfree frames are free as VM's share is carved. */
static inline uint32_t kmem_keep_frames(uint32_t nfree)
{
	uint32_t keep = nfree / 4;

	return keep < KMEM_KEEP_MIN ? KMEM_KEEP_MIN : keep > KMEM_KEEP_MAX ? KMEM_KEEP_MAX : keep;
}
#define KMEM_VM_MAX_RANGES	16

int kmem_vm_range(unsigned index, uint32_t max_frames, uint32_t *base, uint32_t *frames);
bool kmem_vm_owns(uint32_t phys);

#endif /* KERNEL_MM_MEMORY_H */
