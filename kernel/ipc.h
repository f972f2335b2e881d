/*
 * kernel/ipc.h - message passing (semantics in abi/ipc.h).
 *
 *   ipc_trap           the IPC_VECTOR handler
 *   ipc_notify_kernel  a notification from SYSTEM, CLOCK or HARDWARE
 *   ipc_clear_endpoint undo every IPC relation of a dying process
 *   ipc_cancel         abandon the operation p is blocked in, silently
 *
 * All of these run on the CPU that owns the processes involved (single
 * owner; see docs/locking.md for the cross-CPU rules).
 */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/types.h>

struct proc;

void ipc_trap(struct proc *caller);
void ipc_notify_kernel(struct proc *dst, endpoint_t src);
void ipc_clear_endpoint(struct proc *p);
void ipc_cancel(struct proc *p);

/* Internal to kernel/ipc*.c. */
int ipc_deliver(struct proc *dst, const void *msg, endpoint_t src, uint32_t status);
int ipc_senda(struct proc *caller, vir_bytes table, uint32_t count);
bool ipc_receive_senda(struct proc *caller, endpoint_t src);
void ipc_forget_senda(struct proc *p);
int ipc_check_dst(struct proc *caller, endpoint_t dst_e, struct proc **dst);
bool ipc_waiting_for(const struct proc *dst, const struct proc *src);

#endif /* KERNEL_IPC_H */
