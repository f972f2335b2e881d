/*
 * kernel/vmreq.c - suspending kernel calls for the VM server (vmreq.h).
 *
 * Pending requests form one FIFO through proc.next_vmreq; the VM server
 * takes them in order.  While there is one CPU this needs no lock; the SMP
 * work puts the queue under a lock of its own (docs/locking.md).
 */
#include <abi/errno.h>
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/vmreq.h"

static endpoint_t vm_e = NONE;
static struct proc *queue_head;

static struct proc *vm_server(void)
{
	struct proc *vm;

	if (vm_e == NONE || proc_lookup(vm_e, &vm) != OK)
		return NULL;
	return vm;
}

/*
 * Suspends caller's kernel call because `fault` hit a page that is not
 * present in target.  False (the call should fail) when there is no VM, the
 * page is present but protected, or the caller is VM itself.
 */
bool vmreq_suspend(struct proc *caller, const struct copy_fault *fault, struct proc *target,
		   uint32_t len)
{
	struct proc *vm = vm_server(), **link = &queue_head;

	if (!vm || vm == caller || !fault->as || fault->present)
		return false;
	caller->vmreq.target = target->endpoint;
	caller->vmreq.addr = fault->addr;
	caller->vmreq.len = len;
	caller->vmreq.flags = fault->write ? VMF_WRITE : 0;
	caller->vmreq.result = OK;
	caller->vmreq.next = NULL;
	while (*link)
		link = &(*link)->vmreq.next;
	*link = caller;
	proc_block(caller, RTS_VMREQUEST);
	ipc_notify_kernel(vm, SYSTEM);
	return true;
}

int vmreq_register(struct proc *vm)
{
	struct proc *cur = vm_server();

	if (cur && cur != vm)
		return EBUSY;
	vm_e = vm->endpoint;
	return OK;
}

/* Hands the next pending request to VM (endpoint NONE if there is none). */
int vmreq_next(struct proc *vm, message *m)
{
	struct proc *p = queue_head;

	if (vm != vm_server())
		return EPERM;
	m->vmctl.endpoint = NONE;
	if (!p)
		return OK;
	queue_head = p->vmreq.next;
	p->vmreq.next = NULL;
	m->vmctl.endpoint = p->endpoint;
	m->vmctl.target = p->vmreq.target;
	m->vmctl.addr = p->vmreq.addr;
	m->vmctl.len = p->vmreq.len;
	m->vmctl.flags = p->vmreq.flags;
	return OK;
}

static void unqueue(struct proc *p)
{
	for (struct proc **link = &queue_head; *link; link = &(*link)->vmreq.next) {
		if (*link == p) {
			*link = p->vmreq.next;
			break;
		}
	}
	p->vmreq.next = NULL;
}

/* Restarts (result OK) or fails the suspended call of caller_e. */
int vmreq_reply(struct proc *vm, endpoint_t caller_e, int result)
{
	struct proc *p;
	int r;

	if (vm != vm_server())
		return EPERM;
	if ((r = proc_lookup(caller_e, &p)) != OK)
		return r;
	if (!(p->rts_flags & RTS_VMREQUEST))
		return EINVAL;
	unqueue(p);
	p->vmreq.result = result;
	p->misc_flags |= MF_KCALL_RESUME;
	proc_unblock(p, RTS_VMREQUEST);
	return OK;
}

/* Fails every suspended call (VM went away). */
static void fail_all(void)
{
	while (queue_head) {
		struct proc *p = queue_head;
		queue_head = p->vmreq.next;
		p->vmreq.next = NULL;
		p->vmreq.result = EFAULT;
		p->misc_flags |= MF_KCALL_RESUME;
		proc_unblock(p, RTS_VMREQUEST);
	}
}

int vmreq_unregister(struct proc *vm)
{
	if (vm != vm_server())
		return EPERM;
	vm_e = NONE;
	fail_all();
	return OK;
}

/* p is dying: drop its request, or, if p is VM, fail everyone's. */
void vmreq_cancel(struct proc *p)
{
	if (p->endpoint == vm_e) {
		vm_e = NONE;
		fail_all();
	}
	if (p->rts_flags & RTS_VMREQUEST)
		unqueue(p);
}
