/*
 * kernel/vmreq.h - what the kernel hands to the VM server: kernel calls
 * waiting for memory (VMSUSPEND), page faults, and exit notices.
 *
 * Suspended calls: when a kernel call needs a page of some process that is
 * not present, and a VM server is registered, the caller is suspended
 * (RTS_VMREQUEST) with its request kept in its slot (proc.kcall_msg) and
 * the VM server gets a notification from SYSTEM.  VM fetches the request
 * (VMCTL_GET_REQUEST), makes the memory present, and answers (VMCTL_REPLY);
 * the call is then restarted from the saved message the next time the
 * caller is scheduled (kernel_call_resume), or fails with VM's error.
 * A COW safecopy (kernel/cowcopy.h) is suspended the same way with
 * VMF_COW and both ranges; VM's answer says whether it shared them.
 *
 * Page faults: a user page fault in user space of any process but VM
 * blocks the process (RTS_PAGEFAULT) and goes to VM in a way no process
 * can fake: queued, with a notification from SYSTEM, for VM to take with
 * VMCTL_GET_PAGEFAULT; or, when VM is waiting in a receive and no older
 * fault is queued, as a message from SYSTEM (m_type VM_PAGEFAULT, the same
 * fields), which saves VM that call.  VM ends the fault with
 * VMCTL_PF_RESUME (or VMF_RESUME on the call that maps the page): OK runs
 * the faulting instruction again, anything else raises SIGSEGV with the
 * usual "page fault at ..." reason.
 *
 * Exit notices: every process that ends while VM is registered is queued
 * (a bounded ring; on overflow VM is told to check every process) for
 * VMCTL_GET_EXITED, and VM is notified, so it can free what it held.
 */
#ifndef KERNEL_VMREQ_H
#define KERNEL_VMREQ_H

#include <stdbool.h>
#include <abi/message.h>
#include <arch/paging.h>

struct proc;

#define VMREQ_EXITED_MAX	64	/* exit notices kept before VM must rescan */

bool vmreq_suspend(struct proc *caller, const struct copy_fault *fault, struct proc *target,
		   uint32_t len);
bool vmreq_suspend_cow(struct proc *caller, endpoint_t src, vir_bytes src_addr, endpoint_t dst,
		       vir_bytes dst_addr, uint32_t len);
int vmreq_register(struct proc *vm);
int vmreq_unregister(struct proc *vm);
bool vmreq_is_server(const struct proc *p);
endpoint_t vmreq_server_endpoint(void);		/* NONE while none is registered */
int vmreq_next(struct proc *vm, message *m);
int vmreq_reply(struct proc *vm, endpoint_t caller_e, int result);
void vmreq_cancel(struct proc *p);

bool vmreq_pagefault(struct proc *p, vir_bytes addr, bool write, bool present, uint32_t ip);
int vmreq_next_fault(struct proc *vm, message *m);
int vmreq_pf_resume(struct proc *vm, endpoint_t ep, int result);
void vmreq_resume_locked(struct proc *p);
/* For kernel/faultpath.c only (locking there and in vmreq.c). */
bool vmreq_direct_begin(const struct proc *vm, uint32_t *pending);
void vmreq_direct_end(void);
void vmreq_fault_done_locked(struct proc *p);
int vmreq_next_exited(struct proc *vm, message *m);

#endif /* KERNEL_VMREQ_H */
