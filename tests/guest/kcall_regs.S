/*
 * tests/guest/kcall_regs.S - raw short kernel calls for kcall_short.c, with
 * every general register set from and saved back into a struct kcall_regs
 * (eax, ebx, ecx, edx, esi, edi, ebp), so the test sees exactly what the
 * kernel left in each:
 *
 *   void kcall_regs_int(struct kcall_regs *r)       int $KERNEL_CALL_SHORT_VECTOR
 *   void kcall_regs_sysenter(struct kcall_regs *r)  SYSENTER (r->ecx, r->edx
 *                                                   are the door's: not loaded)
 */
#include <abi/callnr.h>

.macro SAVE_LOAD
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	20(%esp), %eax			/* r */
	pushl	%eax
	movl	4(%eax), %ebx
	movl	16(%eax), %esi
	movl	20(%eax), %edi
	movl	24(%eax), %ebp
.endm

/* The kernel's registers back into r (popped from the top of the stack). */
.macro STORE_RESTORE
	xchgl	%eax, (%esp)			/* %eax = r, result on the stack */
	movl	%ebx, 4(%eax)
	movl	%ecx, 8(%eax)
	movl	%edx, 12(%eax)
	movl	%esi, 16(%eax)
	movl	%edi, 20(%eax)
	movl	%ebp, 24(%eax)
	popl	(%eax)
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret
.endm

	.text
	.globl kcall_regs_int
kcall_regs_int:
	SAVE_LOAD
	movl	8(%eax), %ecx
	movl	12(%eax), %edx
	movl	(%eax), %eax
	int	$KERNEL_CALL_SHORT_VECTOR
	STORE_RESTORE

	.globl kcall_regs_sysenter
kcall_regs_sysenter:
	SAVE_LOAD
	movl	(%eax), %eax
	movl	%esp, %ecx
	movl	$1f, %edx
	sysenter
1:	STORE_RESTORE
