/*
 * lib/libc/sigreturn.S - __sigreturn, the restorer a signal handler
 * returns to (arch/sigframe.h): after the handler's `ret`, 0(%esp) holds
 * the signal number and 4(%esp) the saved context's address, which goes
 * to PM (__sigreturn_to); PM has the kernel resume that context.
 */
	.text
	.globl __sigreturn
__sigreturn:
	movl	4(%esp), %eax
	andl	$-16, %esp
	subl	$12, %esp
	pushl	%eax
	call	__sigreturn_to
1:	jmp	1b
