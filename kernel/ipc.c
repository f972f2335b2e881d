/*
 * kernel/ipc.c - message passing.  The operation is in %eax.
 */
#include <abi/errno.h>
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"

void ipc_trap(struct proc *caller)
{
	klog_ratelimited("ipc: %s (endpoint %d): unknown IPC operation %u",
			 caller->name, caller->endpoint, arch_syscall_arg(&caller->arch));
	arch_set_syscall_result(&caller->arch, EBADCALL);
}
