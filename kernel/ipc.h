/*
 * kernel/ipc.h - message passing (semantics in abi/ipc.h).
 *
 *   ipc_trap           the general path of the IPC trap (after the fast
 *                      paths, kernel/fastpath.h)
 *   ipc_notify_kernel  a notification from SYSTEM, CLOCK or HARDWARE
 *   ipc_clear_endpoint undo every IPC relation of a dying process
 *   ipc_fail_replies   fail the SENDRECs waiting for p's reply (every CPU
 *                      lock held; a restart in place, SYS_RUNCTL)
 *   ipc_cancel         abandon the operation p is blocked in, silently
 *                      (every CPU lock held)
 *
 * Locking rules: kernel/ipc.c header and docs/locking.md.
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
void ipc_fail_replies(struct proc *p, int result);
void ipc_cancel(struct proc *p);

/* Internal to kernel/ipc*.c (and kernel/vmreq.c, which hands a page fault
 * to a waiting VM as a message from SYSTEM through ipc_deliver). */
enum take { TAKEN, NOTHING, NEED_ALL_LOCKS };	/* outcome of looking for a message */

int ipc_deliver(struct proc *dst, const void *msg, endpoint_t src, uint32_t status);
void mark_pending(uint32_t *map, unsigned bit, struct proc *p);
int ipc_senda(struct proc *caller, vir_bytes table, uint32_t count);
enum take ipc_receive_senda(struct proc *caller, endpoint_t src, uint32_t held_cpus);
enum take async_sendrec_receive(struct proc *s, endpoint_t src, uint32_t held_cpus);	/* async_sendrec.c */
void ipc_forget_senda(struct proc *p);
int ipc_check_dst(struct proc *caller, endpoint_t dst_e, struct proc **dst);
bool ipc_waiting_for(const struct proc *dst, const struct proc *src);

#endif /* KERNEL_IPC_H */
