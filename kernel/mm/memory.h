/*
 * kernel/mm/memory.h - the kernel's physical memory: one frame pool built
 * from the boot memory map, covering the direct-mapped range.
 *
 * Lock: mem_lock (inside memory.c) protects the pool; it is a leaf lock.
 */
#ifndef KERNEL_MM_MEMORY_H
#define KERNEL_MM_MEMORY_H

#include <stdint.h>
#include "kernel/boot.h"

void memory_init(const struct boot_info *bi);
void *kmem_alloc_page(void);		/* not zeroed; NULL when out of memory */
void kmem_free_page(void *page);	/* panics on a double free (kernel bug) */
uint32_t kmem_free_frames(void);
uint32_t kmem_total_frames(void);

#endif /* KERNEL_MM_MEMORY_H */
