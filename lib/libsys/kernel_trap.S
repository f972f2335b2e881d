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
