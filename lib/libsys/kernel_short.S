/*
 * lib/libsys/kernel_short.S - the short kernel-call doors (abi/callnr.h):
 *
 *   int _kernel_call_short_raw(int call, message *m)       int $34
 *   int _kernel_call_short_sysenter(int call, message *m)  SYSENTER
 *
 * Words 2..5 of *m travel in %ebx %esi %edi %ebp; on the way back the
 * registers' words go into *m again (the answer for calls that answer in
 * fields, else the request unchanged) and the result into m_type too, so
 * *m ends as after kernel_call().  Both return the result.
 */
#include <abi/callnr.h>

#define ARG_CALL	20		/* 4(%esp) after the four pushes */
#define ARG_MSG		24

.macro SAVE_AND_LOAD
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	pushl	%ebp
	movl	ARG_CALL(%esp), %eax
	movl	ARG_MSG(%esp), %ecx
	movl	8(%ecx), %ebx
	movl	12(%ecx), %esi
	movl	16(%ecx), %edi
	movl	20(%ecx), %ebp
.endm

/* %ecx = the message */
.macro STORE_AND_RESTORE
	movl	%eax, 4(%ecx)			/* m_type = result */
	movl	%ebx, 8(%ecx)
	movl	%esi, 12(%ecx)
	movl	%edi, 16(%ecx)
	movl	%ebp, 20(%ecx)
	popl	%ebp
	popl	%edi
	popl	%esi
	popl	%ebx
	ret
.endm

	.text
	.globl _kernel_call_short_raw
_kernel_call_short_raw:
	SAVE_AND_LOAD
	int	$KERNEL_CALL_SHORT_VECTOR	/* keeps %ecx */
	STORE_AND_RESTORE

	.globl _kernel_call_short_sysenter
_kernel_call_short_sysenter:
	SAVE_AND_LOAD
	addl	$SYSENTER_KERNEL_CALL_SHORT, %eax
	movl	%esp, %ecx
	movl	$1f, %edx
	sysenter
1:	movl	ARG_MSG(%esp), %ecx
	STORE_AND_RESTORE
