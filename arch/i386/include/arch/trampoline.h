/*
 * arch/trampoline.h - the AP start trampoline (arch/i386/trampoline.S),
 * shared by C and assembly.
 *
 * A STARTUP IPI starts an AP in real mode at TRAMP_BASE (the kernel never
 * allocates below 1 MiB).  The trampoline switches to protected mode with
 * its own flat GDT, claims the parameter block, turns on paging with the
 * kernel page directory and calls ap_main(cpu) on the given stack, with
 * %fs and %gs null: ap_main must load this CPU's GDT (arch_cpu_init)
 * before anything uses this_cpu().
 *
 * Claiming: `apic_id` holds the APIC id of the one AP meant to use the
 * block.  That AP swaps it for TRAMP_CLAIMED (lock cmpxchg) before reading
 * anything else; any other AP (one that woke late from an earlier,
 * abandoned start) finds a different id, counts itself in `late` (atomic,
 * with its APIC id in late_apic_id) and halts in the trampoline, which
 * stays in place for good.  The boot CPU takes an unclaimed block back
 * the same way.
 */
#ifndef ARCH_TRAMPOLINE_H
#define ARCH_TRAMPOLINE_H

#define TRAMP_BASE		0x8000
#define TRAMP_CLAIMED		0xffffffff

#define TRAMP_PARAM_APIC_ID	0
#define TRAMP_PARAM_CR3		4	/* the kernel page directory */
#define TRAMP_PARAM_CR4		8	/* CR4 bits to add once paging is on (PGE) */
#define TRAMP_PARAM_STACK	12	/* initial %esp */
#define TRAMP_PARAM_CPU		16	/* struct cpu * for ap_main */
#define TRAMP_PARAM_LATE	20	/* APs that found the block not theirs */
#define TRAMP_PARAM_LATE_APIC_ID 24	/* the last of them */
#define TRAMP_PARAMS_SIZE	28

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct trampoline_params {
	uint32_t apic_id;
	uint32_t cr3;
	uint32_t cr4;
	uint32_t stack;
	uint32_t cpu;
	uint32_t late;
	uint32_t late_apic_id;
};

_Static_assert(offsetof(struct trampoline_params, apic_id) == TRAMP_PARAM_APIC_ID, "trampoline");
_Static_assert(offsetof(struct trampoline_params, cr3) == TRAMP_PARAM_CR3, "trampoline");
_Static_assert(offsetof(struct trampoline_params, cr4) == TRAMP_PARAM_CR4, "trampoline");
_Static_assert(offsetof(struct trampoline_params, stack) == TRAMP_PARAM_STACK, "trampoline");
_Static_assert(offsetof(struct trampoline_params, cpu) == TRAMP_PARAM_CPU, "trampoline");
_Static_assert(offsetof(struct trampoline_params, late) == TRAMP_PARAM_LATE, "trampoline");
_Static_assert(offsetof(struct trampoline_params, late_apic_id) == TRAMP_PARAM_LATE_APIC_ID,
	       "trampoline");
_Static_assert(sizeof(struct trampoline_params) == TRAMP_PARAMS_SIZE, "trampoline");

/*
 * Copies the trampoline to TRAMP_BASE and fills in the parts common to all
 * APs (CR3, CR4); returns the parameter block there, apic_id TRAMP_CLAIMED,
 * late 0.
 */
struct trampoline_params *arch_trampoline_install(void);
#endif

#endif /* ARCH_TRAMPOLINE_H */
