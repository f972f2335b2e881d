/*
 * lib/libsys/ipc_trap.S - the IPC trap (abi/ipc.h).
 *
 *   int _ipc_trap(int op, endpoint_t ep, void *msg_or_table, unsigned count,
 *                 uint32_t *status)
 *
 * %ebx is callee-saved in the i386 ABI, so it is preserved around the trap.
 */
#include <abi/callnr.h>

	.text
	.globl _ipc_trap
_ipc_trap:
	pushl	%ebx
	movl	8(%esp), %eax
	movl	12(%esp), %ebx
	movl	16(%esp), %ecx
	movl	20(%esp), %edx
	int	$IPC_VECTOR
	movl	24(%esp), %ecx
	testl	%ecx, %ecx
	jz	1f
	movl	%ebx, (%ecx)
1:	popl	%ebx
	ret

/*
 * int _ipc_sysenter(op, ep, msg, count, status): the same through SYSENTER
 * (abi/callnr.h): message in %esi, count in %edi, return address in %edx,
 * stack pointer in %ecx.  %ebx, %esi, %edi are callee-saved; the kernel
 * gives %ebp back unchanged.
 */
	.globl _ipc_sysenter
_ipc_sysenter:
	pushl	%ebx			/* the kernel preserves %ebp itself */
	pushl	%esi
	pushl	%edi
	movl	16(%esp), %eax
	movl	20(%esp), %ebx
	movl	24(%esp), %esi
	movl	28(%esp), %edi
	movl	%esp, %ecx
	movl	$1f, %edx
	sysenter
1:	movl	32(%esp), %ecx
	testl	%ecx, %ecx
	jz	2f
	movl	%ebx, (%ecx)
2:	popl	%edi
	popl	%esi
	popl	%ebx
	ret
