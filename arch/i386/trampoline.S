/*
 * arch/i386/trampoline.S - where an application processor starts.
 *
 * This code is not run where it is linked: arch_trampoline_install copies
 * trampoline_start..trampoline_end to TRAMP_BASE (arch/trampoline.h), and a
 * STARTUP IPI begins it there in real mode, CS = TRAMP_BASE >> 4, IP = 0.
 * So every address inside it is written as AT(label): its copy's address.
 * Relative jumps within it are fine; leaving it is an absolute jump.
 *
 * Steps: protected mode with the flat GDT below (same selectors as the
 * kernel's), caches on (INIT sets CR0.CD/NW), claim the parameter block
 * (arch/trampoline.h), paging as paging_enable_on_this_cpu does it
 * (CR4.PSE, CR3, CR0.PG|WP, then CR4.PGE), then ap_main(cpu) on the
 * CPU's kernel stack with interrupts off.
 */
#include <arch/segments.h>
#include <arch/trampoline.h>

/* Register bits, as in arch/x86.h (which is C only). */
#define CR0_PE		0x00000001
#define CR0_WP		0x00010000
#define CR0_NW		0x20000000
#define CR0_CD		0x40000000
#define CR0_PG		0x80000000
#define CR4_PSE		0x00000010

#define AT(label)	(TRAMP_BASE + ((label) - trampoline_start))
#define PARAM(off)	(AT(trampoline_params) + (off))

	.section .rodata.trampoline, "a"
	.code16
	.globl trampoline_start
trampoline_start:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	lgdtl	AT(tramp_gdtr)
	movl	%cr0, %eax
	andl	$~(CR0_CD | CR0_NW), %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_KCODE, $AT(tramp_protected)

	.code32
tramp_protected:
	movl	$SEL_KDATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs

	/* Claim the block: only the AP whose initial APIC id is in it may. */
	movl	$1, %eax
	cpuid
	shrl	$24, %ebx
	movl	%ebx, %eax
	movl	$TRAMP_CLAIMED, %ecx
	lock cmpxchgl %ecx, PARAM(TRAMP_PARAM_APIC_ID)
	jne	tramp_late

	movl	%cr4, %eax
	orl	$CR4_PSE, %eax
	movl	%eax, %cr4
	movl	PARAM(TRAMP_PARAM_CR3), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0
	movl	%cr4, %eax
	orl	PARAM(TRAMP_PARAM_CR4), %eax
	movl	%eax, %cr4

	movl	PARAM(TRAMP_PARAM_STACK), %esp
	movl	PARAM(TRAMP_PARAM_CPU), %eax
	xorl	%ebp, %ebp			/* ends backtraces */
	pushl	$0				/* eflags: clean, IF off */
	popfl
	pushl	%eax				/* ap_main(cpu) */
	pushl	$0				/* it never returns */
	movl	$ap_main, %eax
	jmp	*%eax

	/* Not ours: count ourselves late (smp/ap_boot.c reports it), stay halted. */
tramp_late:
	lock incl PARAM(TRAMP_PARAM_LATE)
	movl	%ebx, PARAM(TRAMP_PARAM_LATE_APIC_ID)
tramp_park:
	cli
	hlt
	jmp	tramp_park

	.p2align 3
tramp_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff		/* GDT_KCODE: flat 4 GiB code, ring 0 */
	.quad	0x00cf92000000ffff		/* GDT_KDATA: flat 4 GiB data, ring 0 */
tramp_gdt_end:
tramp_gdtr:
	.word	tramp_gdt_end - tramp_gdt - 1
	.long	AT(tramp_gdt)

	.p2align 2
	.globl trampoline_params
trampoline_params:
	.skip	TRAMP_PARAMS_SIZE
	.globl trampoline_end
trampoline_end:

	.if GDT_KCODE != 1 || GDT_KDATA != 2
	.error "tramp_gdt must match arch/segments.h"
	.endif
