/*
 * lib/libc/crt0.S - process entry.  The kernel starts a process with
 * [esp] = 0 (no return address), [esp+4] = argc, [esp+8] = argv.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	xorl	%ebp, %ebp
	pushl	8(%esp)
	pushl	8(%esp)
	call	main
	pushl	%eax
	call	exit
1:	jmp	1b
