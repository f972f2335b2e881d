/*
 * kernel/vmreq.c - suspended kernel calls, page faults and exit notices
 * for the VM server (vmreq.h).
 *
 * Three queues, all under vmreq_lock together with vm_e: suspended calls
 * (FIFO through proc.vmreq.next; a COW safecopy is one, flagged VMF_COW),
 * page faults (FIFO through proc.pagefault.next, with a tail pointer) and
 * exit notices (a ring of endpoints).  vmreq_lock nests inside the CPU
 * locks.  Blocking and waking processes and notifying VM happen under the
 * CPU locks of the processes concerned; proc_exit calls vmreq_cancel with
 * every CPU lock held.
 *
 * Every GET_* answer carries `pending`, the queues that still hold
 * entries, so VM drains them without asking each one in turn; every new
 * entry notifies VM, so none is missed.  A page fault skips the queue when
 * VM is waiting in a receive and no older fault is queued: it is delivered
 * as a message from SYSTEM (ipc_deliver, under VM's CPU lock), which saves
 * VM the GET_PAGEFAULT call on the common path; when VM waits on the
 * faulting process's CPU, kernel/faultpath.c does that with a direct
 * switch, using vmreq_direct_begin/_end and vmreq_fault_done_locked.
 */
#include <string.h>
#include <fmt.h>
#include <abi/errno.h>
#include <abi/ipc.h>
#include <abi/signal.h>
#include "kernel/cowcopy.h"
#include "kernel/faultpath.h"
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/vmreq.h"
#include "smp/cpulock.h"

static struct spinlock vmreq_lock = SPINLOCK_INIT("vmreq");
static endpoint_t vm_e = NONE;
static struct proc *queue_head;			/* suspended kernel calls */
static struct proc *fault_head, *fault_tail;	/* page faults */
static endpoint_t exited[VMREQ_EXITED_MAX];	/* exit notices: a ring */
static unsigned exited_first, exited_count;
static bool exited_lost;			/* the ring overflowed */

static struct proc *vm_server(void)
{
	endpoint_t e = __atomic_load_n(&vm_e, __ATOMIC_ACQUIRE);
	struct proc *vm;

	if (e == NONE || proc_lookup(e, &vm) != OK)
		return NULL;
	return vm;
}

/* VM's endpoint, or NONE while no VM is registered. */
endpoint_t vmreq_server_endpoint(void)
{
	return __atomic_load_n(&vm_e, __ATOMIC_ACQUIRE);
}

/* Is p, a live process, the VM server?  (No lookup: p's endpoint names it.) */
bool vmreq_is_server(const struct proc *p)
{
	return p && p->endpoint == __atomic_load_n(&vm_e, __ATOMIC_ACQUIRE) &&
	       !(p->rts_flags & RTS_SLOT_FREE);
}

/* The queues that hold entries.  vmreq_lock held. */
static uint32_t pending_locked(void)
{
	return (queue_head ? VMP_REQUEST : 0) | (fault_head ? VMP_PAGEFAULT : 0) |
	       (exited_count || exited_lost ? VMP_EXITED : 0);
}

/*
 * Queues caller's call (its vmreq fields set, apart from the link) for
 * vm, blocks it and notifies VM.  caller runs this call on its own CPU and
 * is in no queue yet, so it alone writes those fields until it is queued.
 */
static void queue_call(struct proc *caller, struct proc *vm)
{
	struct proc **link = &queue_head;
	cpuset_t held = lock_procs(caller, vm, NULL);

	spin_lock(&vmreq_lock);
	caller->vmreq.result = OK;
	caller->vmreq.next = NULL;
	while (*link)
		link = &(*link)->vmreq.next;
	*link = caller;
	spin_unlock(&vmreq_lock);
	proc_block(caller, RTS_VMREQUEST);
	ipc_notify_kernel(vm, SYSTEM);
	cpus_unlock(held);
}

/*
 * Suspends caller's kernel call because `fault` hit a page of target that
 * VM may provide: one not present, or one present read-only that the call
 * writes (shared copy-on-write after a fork or a COW safecopy: VM copies
 * it, or answers EFAULT for a region that is read-only).  False (the call
 * should fail) when there is no VM, the caller is VM itself, or a present
 * page was only read (nothing VM could change).
 */
bool vmreq_suspend(struct proc *caller, const struct copy_fault *fault, struct proc *target,
		   uint32_t len)
{
	struct proc *vm = vm_server();

	if (!vm || vm == caller || !fault->as || (fault->present && !fault->write))
		return false;
	caller->vmreq.target = target->endpoint;
	caller->vmreq.addr = fault->addr;
	caller->vmreq.len = len;
	caller->vmreq.flags = fault->write ? VMF_WRITE : 0;
	queue_call(caller, vm);
	return true;
}

/*
 * Suspends caller's safecopy for VM to share len bytes of src at src_addr
 * into dst at dst_addr copy-on-write (kernel/cowcopy.h).  False when there
 * is no VM or the caller is VM: then the call copies.
 */
bool vmreq_suspend_cow(struct proc *caller, endpoint_t src, vir_bytes src_addr, endpoint_t dst,
		       vir_bytes dst_addr, uint32_t len)
{
	struct proc *vm = vm_server();

	if (!vm || vm == caller)
		return false;
	caller->vmreq.target = src;
	caller->vmreq.addr = src_addr;
	caller->vmreq.len = len;
	caller->vmreq.flags = VMF_COW;
	caller->vmreq.dst_ep = dst;
	caller->vmreq.dst_addr = dst_addr;
	queue_call(caller, vm);
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
	if (p) {
		queue_head = p->vmreq.next;
		p->vmreq.next = NULL;
		m->vmctl.endpoint = p->endpoint;
		m->vmctl.target = p->vmreq.target;
		m->vmctl.addr = p->vmreq.addr;
		m->vmctl.len = p->vmreq.len;
		m->vmctl.flags = p->vmreq.flags;
		m->vmctl.dst_ep = p->vmreq.dst_ep;
		m->vmctl.dst_addr = p->vmreq.dst_addr;
	}
	m->vmctl.pending = pending_locked();
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

/*
 * Restarts (result OK) or fails the suspended call of caller_e.  A COW
 * safecopy restarts either way: it completes (OK: VM shared the pages) or
 * copies (VM could not).
 */
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
		if (p->vmreq.flags & VMF_COW) {
			p->vmreq.cow = result == OK ? COWCOPY_DONE : COWCOPY_REFUSED;
			result = OK;
		}
		wake(p, result);
	}
	spin_unlock(&vmreq_lock);
	cpus_unlock(held);
	return r;
}

/*
 * Is VM blocked in a receive that a message from SYSTEM would end, with no
 * older fault queued?  Then a fault goes straight into its buffer.  VM's CPU
 * lock and vmreq_lock held.
 */
static bool vm_takes_fault_now(const struct proc *vm)
{
	return (vm->rts_flags & (RTS_RECEIVING | RTS_SENDING)) == RTS_RECEIVING &&
	       !(vm->misc_flags & MF_REPLY_PEND) &&
	       (vm->getfrom_e == ANY || vm->getfrom_e == SYSTEM) && !fault_head;
}

/*
 * Hands p's fault to VM: as a message from SYSTEM (m_type VM_PAGEFAULT,
 * the GET_PAGEFAULT fields) when VM waits for one, which saves it a kernel
 * call; else queued for GET_PAGEFAULT with a notification.  Both CPU locks
 * and vmreq_lock held.
 */
static void pass_fault(struct proc *vm, struct proc *p)
{
	message m;

	if (vm_takes_fault_now(vm)) {
		memset(&m, 0, sizeof(m));
		m.m_type = VM_PAGEFAULT;
		m.vmctl.endpoint = p->endpoint;
		m.vmctl.addr = p->pagefault.addr;
		m.vmctl.flags = p->pagefault.flags;
		m.vmctl.pending = pending_locked();
		if (ipc_deliver(vm, &m, SYSTEM, IPC_STATUS_KERNEL |
				(IPC_SEND << IPC_STATUS_CALL_SHIFT)) == OK)
			return;
	}
	if (fault_tail)
		fault_tail->pagefault.next = p;
	else
		fault_head = p;
	fault_tail = p;
	ipc_notify_kernel(vm, SYSTEM);
}

/*
 * Blocks p (current on this CPU, in user space) on a page fault for VM.
 * False when there is no VM, p is VM, or addr is not in user space: the
 * caller then raises the signal itself.  When VM waits on this CPU the
 * fast path (kernel/faultpath.c) switches to it and does not return.  VM
 * is found from vm_e without a lookup: both paths check it under the
 * locks (vmreq_direct_begin, or the test below).
 */
bool vmreq_pagefault(struct proc *p, vir_bytes addr, bool write, bool present, uint32_t ip)
{
	endpoint_t e = __atomic_load_n(&vm_e, __ATOMIC_ACQUIRE);
	uint32_t flags = (write ? VMF_WRITE : 0) | (present ? VMF_PRESENT : 0);
	bool passed = false;
	struct proc *vm;
	cpuset_t held;

	if (e == NONE || (vm = &proc_table[endpoint_slot(e)]) == p || user_range_ok(addr, 1) != OK)
		return false;
	faultpath_fault(p, vm, addr, flags, ip);	/* returns only to fall back */
	held = lock_procs(p, vm, NULL);
	spin_lock(&vmreq_lock);
	if (vm->endpoint == vm_e && !(vm->rts_flags & RTS_SLOT_FREE)) {
		p->pagefault.addr = addr;
		p->pagefault.flags = flags;
		p->pagefault.ip = ip;
		p->pagefault.next = NULL;
		proc_block(p, RTS_PAGEFAULT);
		pass_fault(vm, p);
		passed = true;
	}
	spin_unlock(&vmreq_lock);
	cpus_unlock(held);
	return passed;
}

/*
 * For the fault fast path, with VM's CPU lock held: takes vmreq_lock and
 * says whether vm is the registered server with no older fault queued,
 * and which queues hold entries; false (lock released) otherwise.  While
 * VM's CPU lock is held no fault can be queued (pass_fault and
 * vmreq_cancel hold it) and vm_e cannot change to another process
 * (forget_server holds every CPU lock).
 */
bool vmreq_direct_begin(const struct proc *vm, uint32_t *pending)
{
	spin_lock(&vmreq_lock);
	if (vm->endpoint != vm_e || fault_head) {
		spin_unlock(&vmreq_lock);
		return false;
	}
	*pending = pending_locked();
	return true;
}

void vmreq_direct_end(void)
{
	spin_unlock(&vmreq_lock);
}

static void unqueue_fault(struct proc *p)
{
	struct proc *prev = NULL;

	for (struct proc *q = fault_head; q; prev = q, q = q->pagefault.next) {
		if (q != p)
			continue;
		if (prev)
			prev->pagefault.next = p->pagefault.next;
		else
			fault_head = p->pagefault.next;
		if (fault_tail == p)
			fault_tail = prev;
		break;
	}
	p->pagefault.next = NULL;
}

/* Hands the oldest page fault to VM: endpoint (NONE if none), addr, flags. */
int vmreq_next_fault(struct proc *vm, message *m)
{
	struct proc *p;

	if (vm != vm_server())
		return EPERM;
	m->vmctl.endpoint = NONE;
	spin_lock(&vmreq_lock);
	if ((p = fault_head) != NULL) {
		fault_head = p->pagefault.next;
		if (!fault_head)
			fault_tail = NULL;
		p->pagefault.next = NULL;
		m->vmctl.endpoint = p->endpoint;
		m->vmctl.addr = p->pagefault.addr;
		m->vmctl.flags = p->pagefault.flags;
	}
	m->vmctl.pending = pending_locked();
	spin_unlock(&vmreq_lock);
	return OK;
}

/*
 * For VMCTL_MAP_PHYS and PROTECT with VMF_RESUME: lets p (VM's target, its
 * CPU lock held) run again if it waits on a page fault.
 */
void vmreq_resume_locked(struct proc *p)
{
	spin_lock(&vmreq_lock);
	if ((p->rts_flags & (RTS_SLOT_FREE | RTS_PAGEFAULT)) == RTS_PAGEFAULT) {
		unqueue_fault(p);
		proc_unblock(p, RTS_PAGEFAULT);
	}
	spin_unlock(&vmreq_lock);
}

/*
 * For the resume fast path: p's fault (its CPU lock held, RTS_PAGEFAULT
 * set) leaves the queue, if it was queued; the caller clears the flag.
 */
void vmreq_fault_done_locked(struct proc *p)
{
	spin_lock(&vmreq_lock);
	unqueue_fault(p);
	spin_unlock(&vmreq_lock);
}

/*
 * Ends the page fault of ep: OK lets it run the faulting instruction again;
 * any other result raises SIGSEGV (its manager's, or the end of ep) with
 * the reason the kernel would have given without VM.  ep stays blocked
 * until the signal is raised, so it cannot fault again meanwhile.
 */
int vmreq_pf_resume(struct proc *vm, endpoint_t ep, int result)
{
	char why[PROC_REASON_LEN];
	struct proc *p;
	cpuset_t held;
	int r;

	if (vm != vm_server())
		return EPERM;
	if ((r = proc_lookup(ep, &p)) != OK)
		return r;
	held = lock_proc(p);
	spin_lock(&vmreq_lock);
	if (p->endpoint != ep || (p->rts_flags & (RTS_SLOT_FREE | RTS_PAGEFAULT)) != RTS_PAGEFAULT) {
		r = EINVAL;
	} else {
		unqueue_fault(p);
		if (result == OK)
			proc_unblock(p, RTS_PAGEFAULT);
		else
			fmt_snprintf(why, sizeof(why), "page fault at %#x (%s, %s) eip %#x",
				     p->pagefault.addr,
				     (p->pagefault.flags & VMF_WRITE) ? "write" : "read",
				     (p->pagefault.flags & VMF_PRESENT) ? "protection" : "not present",
				     p->pagefault.ip);
	}
	spin_unlock(&vmreq_lock);
	cpus_unlock(held);
	if (r != OK || result == OK)
		return r;
	if (sig_raise(p, ep, SIGSEGV, why) != OK)
		return OK;			/* ended meanwhile, maybe its slot reused */
	held = lock_proc(p);
	if (proc_is_live(p, ep))
		proc_unblock(p, RTS_PAGEFAULT);
	cpus_unlock(held);
	return OK;
}

/*
 * Hands the next exit notice to VM: endpoint (NONE if none), flags
 * VMF_OVERFLOW when notices were lost (VM then checks every process it
 * knows), live = processes alive now, VM included.
 */
int vmreq_next_exited(struct proc *vm, message *m)
{
	if (vm != vm_server())
		return EPERM;
	m->vmctl.endpoint = NONE;
	m->vmctl.flags = 0;
	spin_lock(&vmreq_lock);
	if (exited_lost) {
		m->vmctl.flags = VMF_OVERFLOW;		/* the rescan covers the ring too */
		exited_lost = false;
		exited_count = 0;
	} else if (exited_count) {
		m->vmctl.endpoint = exited[exited_first];
		exited_first = (exited_first + 1) % VMREQ_EXITED_MAX;
		exited_count--;
	}
	m->vmctl.pending = pending_locked();
	spin_unlock(&vmreq_lock);
	m->vmctl.live = proc_live_count();
	return OK;
}

/* Queues p's exit for VM and notifies it.  Every CPU lock and vmreq_lock held. */
static void note_exit(const struct proc *p)
{
	struct proc *vm = &proc_table[endpoint_slot(vm_e)];

	if (exited_count == VMREQ_EXITED_MAX) {
		exited_lost = true;
	} else {
		exited[(exited_first + exited_count) % VMREQ_EXITED_MAX] = p->endpoint;
		exited_count++;
	}
	if (vm->endpoint == vm_e && !(vm->rts_flags & RTS_SLOT_FREE))
		ipc_notify_kernel(vm, SYSTEM);
}

/*
 * VM is gone: suspended calls fail, queued notices go.  Every CPU lock and
 * vmreq_lock held.  The processes blocked on page faults are ended by
 * end_faulting once vmreq_lock is dropped.
 */
static void forget_server(void)
{
	vm_e = NONE;
	while (queue_head) {
		struct proc *p = queue_head;
		queue_head = p->vmreq.next;
		p->vmreq.next = NULL;
		wake(p, EFAULT);
	}
	fault_head = fault_tail = NULL;
	exited_count = 0;
	exited_lost = false;
}

/* Ends every process still waiting for a page (VM is gone).  Every CPU lock held. */
static void end_faulting(const struct proc *vm)
{
	for (unsigned i = 0; i < NR_PROCS; i++) {
		struct proc *p = &proc_table[i];

		if (p != vm && (p->rts_flags & (RTS_SLOT_FREE | RTS_PAGEFAULT)) == RTS_PAGEFAULT) {
			p->pagefault.next = NULL;
			proc_exit_locked(p, -SIGSEGV, "page fault: the VM server is gone");
		}
	}
}

int vmreq_unregister(struct proc *vm)
{
	cpuset_t held;

	if (vm != vm_server())
		return EPERM;
	held = cpus_lock_all();
	spin_lock(&vmreq_lock);
	forget_server();
	spin_unlock(&vmreq_lock);
	end_faulting(vm);
	cpus_unlock(held);
	return OK;
}

/*
 * p is dying (every CPU lock held): drop its suspended call and page fault,
 * and tell VM it is gone; if p is VM, everything waiting for VM ends.
 */
void vmreq_cancel(struct proc *p)
{
	bool vm_died = false;

	spin_lock(&vmreq_lock);
	if (p->endpoint == vm_e) {
		forget_server();
		vm_died = true;
	} else if (vm_e != NONE) {
		note_exit(p);
	}
	if (p->rts_flags & RTS_VMREQUEST)
		unqueue(p);
	p->vmreq.cow = COWCOPY_NONE;		/* not for the slot's next process */
	if (p->rts_flags & RTS_PAGEFAULT)
		unqueue_fault(p);
	spin_unlock(&vmreq_lock);
	if (vm_died)
		end_faulting(p);
}
