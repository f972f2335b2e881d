/*
 * arch/i386/boot.S - Multiboot (v1) header and the kernel entry point.
 *
 * The loader (GRUB or QEMU -kernel) enters _start in 32-bit protected mode,
 * paging off, with %eax = multiboot magic and %ebx = multiboot info.  We
 * switch to the boot stack and check the CPU (cpu_check_boot, i386 code:
 * a CPU the kernel cannot run on is refused there), read the TSC (boot
 * time is measured from here) and call arch_boot(magic, info), which never
 * returns.  Only i386 instructions before cpu_check_boot has returned.
 */
#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00000003	/* page-aligned modules, memory map */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .text
	.globl _start
_start:
	cli
	movl	%eax, %esi
	movl	$boot_stack_top, %esp
	xorl	%ebp, %ebp		/* ends backtraces */
	pushl	$0			/* eflags: clean, IF off */
	popfl
	call	cpu_check_boot		/* keeps %esi, %ebx (callee-saved) */
	rdtsc
	movl	%eax, boot_tsc
	movl	%edx, boot_tsc + 4
	pushl	%ebx
	pushl	%esi
	call	arch_boot
1:	hlt
	jmp	1b

	.section .data
	.align 8
	.globl boot_tsc
boot_tsc:
	.quad 0

	.section .bss
	.align 16
boot_stack:
	.skip 16384
boot_stack_top:
