/*
 * kernel/fastpath.h - the IPC trap's entry (kernel/fastpath.c).
 *
 *   ipc_entry()  handles the current process's IPC trap and leaves through
 *                the scheduler; both doors (arch/i386/entry.S) come here
 *
 * Two fast paths come first:
 *   SENDREC    to a server already waiting in RECEIVE
 *   REPLYRECV  to a client waiting for this reply, with nothing else
 *              pending for the server
 * Each either completes the operation and switches straight to the partner,
 * or gives up having changed nothing, after counting why (abi/info.h
 * FP_SLOW_*), and the general path (ipc_trap, kernel/ipc.c) takes over.
 */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

_Noreturn void ipc_entry(void);

#endif /* KERNEL_FASTPATH_H */
