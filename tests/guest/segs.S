/*
 * tests/guest/segs.S - one trap into the kernel with the segment
 * registers a test chose, for fastpath_segs.c:
 *
 *   void segs_trap(struct segs_trap *t)
 *
 * Loads t->in (%ds %es %fs %gs) - values a process may hold: null, the
 * flat user selectors at any RPL, the user code segment - then %eax
 * %ebx %esi from t (%edi and %ebp zero) and traps through t->door; saves
 * the selectors the kernel left (t->out), %eax and %ebx, and puts the
 * flat ones back.  Between the loads and the saves only the stack (%ss)
 * is touched, so a null or read-only %ds or %es cannot fault here.
 */
#include <abi/callnr.h>
#include "segs.h"

	.text
	.globl segs_trap
segs_trap:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	20(%esp), %edi			/* t */
	pushl	%edi
	movzwl	SEGS_IN + 6(%edi), %eax		/* gs */
	pushl	%eax
	movzwl	SEGS_IN + 4(%edi), %eax		/* fs */
	pushl	%eax
	movzwl	SEGS_IN + 2(%edi), %eax		/* es */
	pushl	%eax
	movzwl	SEGS_IN(%edi), %eax		/* ds */
	pushl	%eax
	movl	SEGS_DOOR(%edi), %edx
	movl	SEGS_EAX(%edi), %eax
	movl	SEGS_EBX(%edi), %ebx
	movl	SEGS_ESI(%edi), %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	popl	%ds
	popl	%es
	popl	%fs
	popl	%gs
	cmpl	$SEGS_DOOR_SYSENTER, %edx
	je	2f
	cmpl	$SEGS_DOOR_IPC_INT, %edx
	je	1f
	int	$KERNEL_CALL_SHORT_VECTOR
	jmp	3f
1:	movl	%esi, %ecx			/* message */
	int	$IPC_VECTOR
	jmp	3f
2:	movl	%esp, %ecx
	movl	$3f, %edx
	sysenter
3:	movl	%gs, %ecx
	pushl	%ecx
	movl	%fs, %ecx
	pushl	%ecx
	movl	%es, %ecx
	pushl	%ecx
	movl	%ds, %ecx
	pushl	%ecx
	movl	$SEGS_FLAT, %ecx
	movl	%ecx, %ds
	movl	%ecx, %es
	movl	%ecx, %fs
	movl	%ecx, %gs
	movl	16(%esp), %edi			/* t */
	popl	%ecx
	movw	%cx, SEGS_OUT(%edi)
	popl	%ecx
	movw	%cx, SEGS_OUT + 2(%edi)
	popl	%ecx
	movw	%cx, SEGS_OUT + 4(%edi)
	popl	%ecx
	movw	%cx, SEGS_OUT + 6(%edi)
	movl	%eax, SEGS_RESULT_EAX(%edi)
	movl	%ebx, SEGS_RESULT_EBX(%edi)
	addl	$4, %esp
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret
