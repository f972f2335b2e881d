/*
 * lib/libsys/ipc_fast.S - the calls the kernel's IPC fast paths serve,
 * straight into the kernel without a C wrapper (abi/ipc.h):
 *
 *   int ipc_sendrec(endpoint_t dst, message *m)
 *   int ipc_replyrecv(endpoint_t dst, message *m, uint32_t *status)
 *   int ipc_sendrec_short(endpoint_t dst, message *m)
 *   int ipc_replyrecv_short(endpoint_t dst, message *m, uint32_t *status)
 *   int ipc_send(endpoint_t dst, message *m)
 *   int ipc_sendnb(endpoint_t dst, message *m)
 *   int ipc_receive(endpoint_t src, message *m, uint32_t *status)
 *   int ipc_notify(endpoint_t dst)
 *   int ipc_senda(asynmsg_t *table, unsigned count)
 *
 * The _short calls send a register message: m->m_type in %edi and
 * m->words[0] in %ebp, with m still the buffer.  An answer that came in
 * registers (IPC_STATUS_REGS) is stored into m->m_source, m_type and
 * words[0] here and the bit is cleared from the status; otherwise the
 * kernel wrote it into *m.  The door (SYSENTER or int) is the one
 * trap_door.c chose.  All four callee-saved registers are kept.  (The
 * m that ipc_notify passes the kernel is whatever lies on the stack there:
 * NOTIFY has no message.)
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
 * One call through one door.  In: %eax = operation; the caller's (dst, m)
 * at 4(%esp), and for `status` the status pointer (or 0) after them.
 * `regs`: a register message.
 */
.macro FAST_CALL name, door, regs, status
\name:
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%ebx
	movl	20(%esp), %ebx			/* dst */
	movl	24(%esp), %esi			/* m */
	.if \regs
	movl	4(%esi), %edi			/* m_type */
	movl	8(%esi), %ebp			/* words[0] */
	.endif
	\door
	.if \regs
	testl	$IPC_STATUS_REGS, %ebx
	jz	1f
	andl	$~IPC_STATUS_REGS, %ebx
	movl	24(%esp), %ecx
	movl	%esi, (%ecx)			/* m_source */
	movl	%edi, 4(%ecx)			/* m_type */
	movl	%ebp, 8(%ecx)			/* words[0] */
1:
	.endif
	.if \status
	movl	28(%esp), %ecx
	testl	%ecx, %ecx
	jz	2f
	movl	%ebx, (%ecx)			/* status */
2:
	.endif
	popl	%ebx
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
	call	libsys_choose_door
	popl	%eax
	jmp	1b
.endm

	.text
	.globl ipc_sendrec, ipc_replyrecv, ipc_sendrec_short, ipc_replyrecv_short
	.globl ipc_send, ipc_sendnb, ipc_receive, ipc_notify, ipc_senda
ipc_sendrec:
	movl	$IPC_SENDREC, %eax
	PICK	sendrec_sysenter, sendrec_int
ipc_replyrecv:
	movl	$IPC_REPLYRECV, %eax
	PICK	replyrecv_sysenter, replyrecv_int
ipc_sendrec_short:
	movl	$(IPC_SENDREC | IPC_FLAG_REGS), %eax
	PICK	sendrec_short_sysenter, sendrec_short_int
ipc_replyrecv_short:
	movl	$(IPC_REPLYRECV | IPC_FLAG_REGS), %eax
	PICK	replyrecv_short_sysenter, replyrecv_short_int

ipc_send:
	movl	$IPC_SEND, %eax
	PICK	sendrec_sysenter, sendrec_int	/* (dst, m) */
ipc_sendnb:
	movl	$IPC_SENDNB, %eax
	PICK	sendrec_sysenter, sendrec_int	/* (dst, m) */
ipc_receive:
	movl	$IPC_RECEIVE, %eax
	PICK	replyrecv_sysenter, replyrecv_int	/* (src, m, status) */
ipc_notify:
	movl	$IPC_NOTIFY, %eax
	PICK	sendrec_sysenter, sendrec_int	/* (dst, m) */
ipc_senda:
	movl	$IPC_SENDA, %eax
	PICK	senda_sysenter, senda_int

/* SENDA (table, count): %ebx = NONE, %esi = the table, %edi / %edx = count. */
#define ENDPOINT_NONE	(-2)			/* abi/endpoint.h's NONE, a C cast there */
.macro SENDA_CALL name, door
\name:
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%ebx
	movl	$ENDPOINT_NONE, %ebx
	movl	20(%esp), %esi			/* table */
	movl	24(%esp), %edi			/* count (SYSENTER) */
	movl	%edi, %edx			/* count (int) */
	\door
	popl	%ebx
	popl	%esi
	popl	%edi
	popl	%ebp
	ret
.endm

	SENDA_CALL	senda_sysenter, DOOR_SYSENTER
	SENDA_CALL	senda_int, DOOR_INT

	FAST_CALL	sendrec_sysenter, DOOR_SYSENTER, 0, 0
	FAST_CALL	sendrec_int, DOOR_INT, 0, 0
	FAST_CALL	replyrecv_sysenter, DOOR_SYSENTER, 0, 1
	FAST_CALL	replyrecv_int, DOOR_INT, 0, 1
	FAST_CALL	sendrec_short_sysenter, DOOR_SYSENTER, 1, 0
	FAST_CALL	sendrec_short_int, DOOR_INT, 1, 0
	FAST_CALL	replyrecv_short_sysenter, DOOR_SYSENTER, 1, 1
	FAST_CALL	replyrecv_short_int, DOOR_INT, 1, 1
