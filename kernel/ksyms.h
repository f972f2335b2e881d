/*
 * kernel/ksyms.h - the kernel's own symbol table, for backtraces.
 *
 * The table is generated from the linked kernel by tools/gensyms.sh and
 * linked in a second pass (see kernel/kernel.mk); it is sorted by address.
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stdint.h>

struct ksym {
	uint32_t addr;
	uint32_t name;		/* offset into ksym_names */
};

/* Name of the function containing addr, and the offset into it; NULL if unknown. */
const char *ksym_lookup(uint32_t addr, uint32_t *offset);

#endif /* KERNEL_KSYMS_H */
