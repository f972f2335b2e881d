/*
 * ipc.h - message passing for user programs (semantics: abi/ipc.h).
 * Every call returns OK or a negative error.
 */
#ifndef _IPC_H
#define _IPC_H

#include <abi/endpoint.h>
#include <abi/errno.h>
#include <abi/ipc.h>
#include <abi/message.h>

int _ipc_trap(int op, endpoint_t ep, void *msg, unsigned count, uint32_t *status);	/* int door */
int _ipc_door(int op, endpoint_t ep, void *msg, unsigned count, uint32_t *status);	/* best door */

int ipc_send(endpoint_t dst, message *m);
int ipc_sendnb(endpoint_t dst, message *m);
int ipc_receive(endpoint_t src, message *m, uint32_t *status);	/* status may be NULL */
int ipc_sendrec(endpoint_t dst, message *m);
/* A request to a server: m's type set, SENDREC; the reply's m_type, or an error (ep < 0: ep). */
int ipc_request(endpoint_t ep, int type, message *m);
int ipc_notify(endpoint_t dst);
int ipc_senda(asynmsg_t *table, unsigned count);
int ipc_replyrecv(endpoint_t dst, message *m, uint32_t *status);	/* status may be NULL */

/*
 * The same with a register message (abi/ipc.h, IPC_FLAG_REGS): only
 * m_type and words[0] are sent (as if words[1..] were zero).  On return
 * m_source, m_type and words[0] hold the answer.  The rest of *m holds the
 * rest of a full answer, zeros for a short answer that came through the
 * buffer (the general path), or what it held before for a short answer
 * that came in registers (the fast path).
 */
int ipc_sendrec_short(endpoint_t dst, message *m);
int ipc_replyrecv_short(endpoint_t dst, message *m, uint32_t *status);	/* status may be NULL */

#endif /* _IPC_H */
