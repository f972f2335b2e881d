/*
 * kernel/ipc.h - message passing (vector IPC_VECTOR).
 */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

struct proc;

void ipc_trap(struct proc *caller);

#endif /* KERNEL_IPC_H */
