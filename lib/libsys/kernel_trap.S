/*
 * lib/libsys/kernel_trap.S - the kernel-call trap: %eax = message pointer.
 */
#include <abi/callnr.h>

	.text
	.globl _kernel_call_raw
_kernel_call_raw:
	movl	4(%esp), %eax
	int	$KERNEL_CALL_VECTOR
	ret

/* int _kernel_call_sysenter(msg): the kernel-call door through SYSENTER. */
	.globl _kernel_call_sysenter
_kernel_call_sysenter:
	pushl	%ebx			/* the kernel gives the others back unchanged */
	movl	$SYSENTER_KERNEL_CALL, %eax
	movl	8(%esp), %ebx
	movl	%esp, %ecx
	movl	$1f, %edx
	sysenter
1:	popl	%ebx
	ret
