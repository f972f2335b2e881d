/*
 * kernel/fastpath.h - the IPC fast paths.
 *
 *   fastpath_call(p)       SENDREC to a server already waiting in RECEIVE
 *   fastpath_reply_recv(p) REPLYRECV to a client waiting for this reply,
 *                          with nothing else pending for the server
 *
 * Each either completes the operation and switches straight to the partner
 * (it does not return), or returns having changed nothing, after counting
 * why (abi/info.h FP_SLOW_*), and the caller takes the general path.
 */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

struct proc;

void fastpath_call(struct proc *caller);
void fastpath_reply_recv(struct proc *server);

#endif /* KERNEL_FASTPATH_H */
