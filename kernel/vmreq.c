/*
 * kernel/vmreq.c - suspending kernel calls for the VM server (vmreq.h).
 *
 * Pending requests form one FIFO through proc.vmreq.next; the VM server
 * takes them in order.  vmreq_lock protects the queue and vm_e; it nests
 * inside the CPU locks.  Blocking and waking the callers and notifying VM
 * happen under the CPU locks of the processes concerned.
 */
#include <abi/errno.h>
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/vmreq.h"
#include "smp/cpulock.h"

static struct spinlock vmreq_lock = SPINLOCK_INIT("vmreq");
static endpoint_t vm_e = NONE;
static struct proc *queue_head;

static struct proc *vm_server(void)
{
	endpoint_t e = __atomic_load_n(&vm_e, __ATOMIC_ACQUIRE);
	struct proc *vm;

	if (e == NONE || proc_lookup(e, &vm) != OK)
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
	cpuset_t held;

	if (!vm || vm == caller || !fault->as || fault->present)
		return false;
	held = lock_procs(caller, vm, NULL);
	spin_lock(&vmreq_lock);
	caller->vmreq.target = target->endpoint;
	caller->vmreq.addr = fault->addr;
	caller->vmreq.len = len;
	caller->vmreq.flags = fault->write ? VMF_WRITE : 0;
	caller->vmreq.result = OK;
	caller->vmreq.next = NULL;
	while (*link)
		link = &(*link)->vmreq.next;
	*link = caller;
	spin_unlock(&vmreq_lock);
	proc_block(caller, RTS_VMREQUEST);
	ipc_notify_kernel(vm, SYSTEM);
	cpus_unlock(held);
	return true;
}

int vmreq_register(struct proc *vm)
{
	struct proc *cur = vm_server();
	int r = OK;

	spin_lock(&vmreq_lock);
	if (cur && cur != vm)
		r = EBUSY;
	else
		vm_e = vm->endpoint;
	spin_unlock(&vmreq_lock);
	return r;
}

/* Hands the next pending request to VM (endpoint NONE if there is none). */
int vmreq_next(struct proc *vm, message *m)
{
	struct proc *p;

	if (vm != vm_server())
		return EPERM;
	m->vmctl.endpoint = NONE;
	spin_lock(&vmreq_lock);
	p = queue_head;
	if (!p) {
		spin_unlock(&vmreq_lock);
		return OK;
	}
	queue_head = p->vmreq.next;
	p->vmreq.next = NULL;
	m->vmctl.endpoint = p->endpoint;
	m->vmctl.target = p->vmreq.target;
	m->vmctl.addr = p->vmreq.addr;
	m->vmctl.len = p->vmreq.len;
	m->vmctl.flags = p->vmreq.flags;
	spin_unlock(&vmreq_lock);
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

/* Lets p's call restart (OK) or fail; p's CPU lock and vmreq_lock held. */
static void wake(struct proc *p, int result)
{
	p->vmreq.result = result;
	p->misc_flags |= MF_KCALL_RESUME;
	proc_unblock(p, RTS_VMREQUEST);
}

/* Restarts (result OK) or fails the suspended call of caller_e. */
int vmreq_reply(struct proc *vm, endpoint_t caller_e, int result)
{
	struct proc *p;
	cpuset_t held;
	int r;

	if (vm != vm_server())
		return EPERM;
	if ((r = proc_lookup(caller_e, &p)) != OK)
		return r;
	held = lock_proc(p);
	spin_lock(&vmreq_lock);
	if (p->endpoint != caller_e || !(p->rts_flags & RTS_VMREQUEST)) {
		r = EINVAL;
	} else {
		unqueue(p);
		wake(p, result);
	}
	spin_unlock(&vmreq_lock);
	cpus_unlock(held);
	return r;
}

/* Fails every suspended call (VM went away); every CPU lock held. */
static void fail_all(void)
{
	while (queue_head) {
		struct proc *p = queue_head;
		queue_head = p->vmreq.next;
		p->vmreq.next = NULL;
		wake(p, EFAULT);
	}
}

int vmreq_unregister(struct proc *vm)
{
	cpuset_t held;

	if (vm != vm_server())
		return EPERM;
	held = cpus_lock_all();
	spin_lock(&vmreq_lock);
	vm_e = NONE;
	fail_all();
	spin_unlock(&vmreq_lock);
	cpus_unlock(held);
	return OK;
}

/* p is dying (every CPU lock held): drop its request, or, if p is VM, fail all. */
void vmreq_cancel(struct proc *p)
{
	spin_lock(&vmreq_lock);
	if (p->endpoint == vm_e) {
		vm_e = NONE;
		fail_all();
	}
	if (p->rts_flags & RTS_VMREQUEST)
		unqueue(p);
	spin_unlock(&vmreq_lock);
}
