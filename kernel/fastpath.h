/*
 * kernel/fastpath.h - the IPC trap's entry (kernel/fastpath.c).
 *
 *   ipc_entry()  handles the current process's IPC trap and leaves through
 *                the scheduler; both doors (arch/i386/entry.S) come here
 *
 * Fast paths come first, for partners on this CPU:
 *   SENDREC    to a server already waiting in RECEIVE
 *   REPLYRECV  to a client waiting for this reply, with nothing else
 *              pending for the server
 *   SEND, SENDNB, NOTIFY
 *              to a receiver already waiting for the caller (or ANY); the
 *              caller continues
 *   RECEIVE    with no sender queued: takes a pending notification or
 *              asynchronous message (from a sender of this CPU), or
 *              blocks and switches to the next process
 *   SENDA      a table in place whose entries name processes of this
 *              CPU: each sent to a waiting destination or left pending
 * Each either completes the operation and switches straight to the partner
 * (or back into the caller), or gives up having changed nothing, after
 * counting why (abi/info.h FP_SLOW_*), and the general path (ipc_trap,
 * kernel/ipc.c) takes over.
 */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

_Noreturn void ipc_entry(void);

#endif /* KERNEL_FASTPATH_H */
