/*
 * abi/ipc.h - message-passing primitives (trap vector IPC_VECTOR).
 *
 * Registers in:  %eax = operation, %ebx = endpoint, %ecx = message pointer
 *                (SENDA: the table), %edx = SENDA entry count.
 * Registers out: %eax = OK or an error, %ebx = status word (receives).
 *
 *   SEND     block until dst has received the message
 *   RECEIVE  block until a message or notification from src (or ANY) arrives
 *   SENDREC  SEND, then RECEIVE from the same endpoint; while waiting for the
 *            reply nothing else (not even a notification) is delivered
 *   NOTIFY   non-blocking; pending notifications coalesce per source
 *   SENDNB   SEND that fails with ENOTREADY instead of blocking
 *   SENDA    asynchronous sends from a table in the caller's memory; the
 *            kernel writes each entry's result and AMF_DONE back
 *   REPLYRECV for servers: SENDNB the reply in the buffer to endpoint, then
 *            RECEIVE from ANY into the same buffer, in one trap (seL4's
 *            ReplyRecv).  If the reply cannot be delivered at once, its
 *            error is returned and nothing is received.
 *
 * Register messages: SENDREC and REPLYRECV with IPC_FLAG_REGS in the
 * operation send a short message - m_type in %edi, words[0] in %ebp - and
 * can receive one the same way.  The message buffer is still given (it is
 * where a message that cannot travel in registers lands).  A short message
 * is the message whose words[1..] are zero: a receiver without the flag
 * gets it in its buffer like that.  A message received in registers comes
 * with IPC_STATUS_REGS in the status word and m_source in %esi, m_type in
 * %edi, words[0] in %ebp; the buffer is then left untouched.  Without the
 * status bit the message (short or full) is in the buffer.  The general
 * path always uses the buffer; only the fast path delivers in registers.
 */
#ifndef ABI_IPC_H
#define ABI_IPC_H

#ifndef __ASSEMBLER__
#include <abi/types.h>
#include <abi/message.h>
#endif

#define IPC_SEND	1
#define IPC_RECEIVE	2
#define IPC_SENDREC	3
#define IPC_NOTIFY	4
#define IPC_SENDNB	5
#define IPC_SENDA	6
#define IPC_REPLYRECV	7
#define IPC_NR_OPS	8	/* one past the highest */
#define IPC_FLAG_REGS	0x80	/* SENDREC, REPLYRECV: a register message (above) */

/* Status word of a receive (%ebx). */
#define IPC_STATUS_NOTIFY	(1u << 0)	/* a notification, not a message */
#define IPC_STATUS_KERNEL	(1u << 1)	/* sent by the kernel: cannot be faked */
#define IPC_STATUS_REGS		(1u << 2)	/* the message is in registers */
#define IPC_STATUS_CALL_SHIFT	8		/* the operation that delivered it */
#define IPC_STATUS_CALL(s)	(((s) >> IPC_STATUS_CALL_SHIFT) & 0xff)

/* m_type of a notification; the payload is struct mess_notify. */
#define NOTIFY_MESSAGE	0x1000

/* SENDA table entries. */
#define AMF_VALID	(1u << 0)	/* entry holds a message to send */
#define AMF_DONE	(1u << 1)	/* kernel: delivered or failed; see result */
#define AMF_NOTIFY	(1u << 2)	/* notify the sender when this one is done */
#define SENDA_MAX	64		/* entries per table */

#ifndef __ASSEMBLER__
typedef struct asynmsg {
	uint32_t flags;		/* AMF_* */
	endpoint_t dst;
	int32_t result;		/* written by the kernel with AMF_DONE */
	uint32_t pad;
	message msg;
} asynmsg_t;

_Static_assert(sizeof(asynmsg_t) == 16 + MESSAGE_SIZE, "asynmsg layout");
#endif

#endif /* ABI_IPC_H */
