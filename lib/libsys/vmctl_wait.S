/*
 * lib/libsys/vmctl_wait.S - int sys_vmctl_wait(message *m, uint32_t *status):
 * SYS_VMCTL for a MAP_PHYS with VMF_RESUME | VMF_WAIT (m filled in by the
 * caller), which may end as a receive into m (kernel/system/do_vmctl.c):
 * then the result is OK, *status the receive's status word (never 0) and
 * m the message; else *status is 0 and m holds the call's answer.  Through
 * the door libsys_door chose (trap_door.c); the status comes back in %ebx,
 * which the kernel zeroes for a MAP_PHYS with VMF_WAIT that does not
 * receive (a call refused earlier leaves it alone: hence the test of %eax).
 */
#include <abi/callnr.h>

	.text
	.globl sys_vmctl_wait
sys_vmctl_wait:
	pushl	%ebx
	movl	8(%esp), %ebx
	movl	$SYS_VMCTL, 4(%ebx)		/* m_type */
1:	cmpl	$0, libsys_door
	jg	3f
	je	2f
	call	libsys_choose_door
	movl	8(%esp), %ebx
	jmp	1b
2:	movl	%ebx, %eax			/* int door: %eax = message */
	xorl	%ebx, %ebx
	int	$KERNEL_CALL_VECTOR
	jmp	4f
3:	movl	$SYSENTER_KERNEL_CALL, %eax	/* SYSENTER door: %ebx = message */
	movl	%esp, %ecx
	movl	$4f, %edx
	sysenter
4:	movl	12(%esp), %ecx
	testl	%eax, %eax
	jz	5f
	xorl	%ebx, %ebx			/* not OK: no message was received */
5:	movl	%ebx, (%ecx)
	popl	%ebx
	ret
