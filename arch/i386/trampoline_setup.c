/*
 * arch/i386/trampoline_setup.c - puts the AP start code (trampoline.S) in place.
 */
#include <string.h>
#include <arch/paging.h>
#include <arch/trampoline.h>
#include <arch/x86.h>
#include "kernel/kernel.h"

extern const char trampoline_start[], trampoline_params[], trampoline_end[];

#define TRAMP_MAX_SIZE	4096	/* one page: the STARTUP vector's */

struct trampoline_params *arch_trampoline_install(void)
{
	size_t size = (size_t)(trampoline_end - trampoline_start);
	uintptr_t base = TRAMP_BASE;
	struct trampoline_params *tp;

	assert(size <= TRAMP_MAX_SIZE);
	__asm__("" : "+r"(base));	/* a low constant address is no NULL + n */
	memcpy((void *)base, trampoline_start, size);
	tp = (struct trampoline_params *)(base + (size_t)(trampoline_params - trampoline_start));
	tp->apic_id = TRAMP_CLAIMED;
	tp->late = 0;
	tp->cr3 = paging_kernel_pd();
	tp->cr4 = read_cr4() & CR4_PGE;
	return tp;
}
