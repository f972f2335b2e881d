/*
 * lib/libsys/ipc_fast.S - the calls the kernel's IPC fast paths serve,
 * straight into the kernel without a C wrapper (abi/ipc.h):
 *
 *   int ipc_sendrec(endpoint_t dst, message *m)
 *   int ipc_replyrecv(endpoint_t dst, message *m, uint32_t *status)
 *   int ipc_sendrec_short(endpoint_t dst, message *m)
 *   int ipc_replyrecv_short(endpoint_t dst, message *m, uint32_t *status)
 *
 * The _short calls send a register message: m->m_type in %edi and
 * m->words[0] in %ebp, with m still the buffer.  An answer that came in
 * registers (IPC_STATUS_REGS) is stored into m->m_source, m_type and
 * words[0] here and the bit is cleared from the status; otherwise the
 * kernel wrote it into *m.  The door (SYSENTER or int) is the one
 * trap_door.c chose.  All four callee-saved registers are kept.
 */
#include <abi/callnr.h>
#include <abi/ipc.h>

/* The trap itself: %ebx = dst, %esi = m (and %edi, %ebp for _short). */
.macro DOOR_INT
	movl	%esi, %ecx			/* message */
	int	$IPC_VECTOR
.endm

.macro DOOR_SYSENTER
	movl	%esp, %ecx
	movl	$9f, %edx
	sysenter
9:
.endm

/*
 * One call through one door.  In: %eax = operation, %edx = status pointer
 * or 0, the caller's (dst, m) at 4(%esp).  `regs`: a register message.
 */
.macro FAST_CALL name, door, regs
\name:
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%ebx
	pushl	%edx				/* status pointer */
	movl	24(%esp), %ebx			/* dst */
	movl	28(%esp), %esi			/* m */
	.if \regs
	movl	4(%esi), %edi			/* m_type */
	movl	8(%esi), %ebp			/* words[0] */
	.endif
	\door
	.if \regs
	testl	$IPC_STATUS_REGS, %ebx
	jz	1f
	andl	$~IPC_STATUS_REGS, %ebx
	movl	28(%esp), %ecx
	movl	%esi, (%ecx)			/* m_source */
	movl	%edi, 4(%ecx)			/* m_type */
	movl	%ebp, 8(%ecx)			/* words[0] */
1:
	.endif
	popl	%ecx
	testl	%ecx, %ecx
	jz	2f
	movl	%ebx, (%ecx)			/* status */
2:	popl	%ebx
	popl	%esi
	popl	%edi
	popl	%ebp
	ret
.endm

/* Jumps to the door's variant of a call, choosing the door on first use. */
.macro PICK sysenter_variant, int_variant
1:	cmpl	$0, libsys_door
	jg	\sysenter_variant
	je	\int_variant
	pushl	%eax
	pushl	%edx
	call	libsys_choose_door
	popl	%edx
	popl	%eax
	jmp	1b
.endm

	.text
	.globl ipc_sendrec, ipc_replyrecv, ipc_sendrec_short, ipc_replyrecv_short
ipc_sendrec:
	movl	$IPC_SENDREC, %eax
	xorl	%edx, %edx
	PICK	full_sysenter, full_int
ipc_replyrecv:
	movl	$IPC_REPLYRECV, %eax
	movl	12(%esp), %edx
	PICK	full_sysenter, full_int
ipc_sendrec_short:
	movl	$(IPC_SENDREC | IPC_FLAG_REGS), %eax
	xorl	%edx, %edx
	PICK	regs_sysenter, regs_int
ipc_replyrecv_short:
	movl	$(IPC_REPLYRECV | IPC_FLAG_REGS), %eax
	movl	12(%esp), %edx
	PICK	regs_sysenter, regs_int

	FAST_CALL	full_sysenter, DOOR_SYSENTER, 0
	FAST_CALL	full_int, DOOR_INT, 0
	FAST_CALL	regs_sysenter, DOOR_SYSENTER, 1
	FAST_CALL	regs_int, DOOR_INT, 1
