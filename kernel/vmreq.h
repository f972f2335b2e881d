/*
 * kernel/vmreq.h - kernel calls waiting for the VM server (VMSUSPEND).
 *
 * When a kernel call needs a page of some process that is not present, and
 * a VM server is registered, the caller is suspended (RTS_VMREQUEST) with
 * its request kept in its slot (proc.kcall_msg) and the VM server gets a
 * notification from SYSTEM.  VM fetches the request (VMCTL_GET_REQUEST),
 * makes the memory present, and answers (VMCTL_REPLY); the call is then
 * restarted from the saved message the next time the caller is scheduled
 * (kernel_call_resume), or fails with VM's error.
 */
#ifndef KERNEL_VMREQ_H
#define KERNEL_VMREQ_H

#include <stdbool.h>
#include <abi/message.h>
#include <arch/paging.h>

struct proc;

bool vmreq_suspend(struct proc *caller, const struct copy_fault *fault, struct proc *target,
		   uint32_t len);
int vmreq_register(struct proc *vm);
int vmreq_unregister(struct proc *vm);
int vmreq_next(struct proc *vm, message *m);
int vmreq_reply(struct proc *vm, endpoint_t caller_e, int result);
void vmreq_cancel(struct proc *p);

#endif /* KERNEL_VMREQ_H */
