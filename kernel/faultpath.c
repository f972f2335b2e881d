/*
 * kernel/faultpath.c - the page-fault fast paths (faultpath.h), in the
 * shape of the IPC fast paths (kernel/fastpath.c): every check first, each
 * falling back to the general path with a counted reason, then a commit
 * point after which nothing can fail, then a direct switch to the partner
 * without a trip through the scheduler.
 *
 * A fault on the common path is two switches: the faulting process to VM
 * (faultpath_fault: the VM_PAGEFAULT message that pass_fault would
 * deliver, written straight into VM's buffer) and VM back to the process
 * (faultpath_resume: VM's MAP_PHYS with VMF_RESUME | VMF_WAIT, after which
 * VM waits for its next message in the same trap, as REPLYRECV does for
 * IPC).  VM still decides every mapping; the kernel only skips the
 * scheduler and the separate receive.
 *
 * Locking: both paths touch only processes of this CPU, under this CPU's
 * lock, and take vmreq_lock inside it (vmreq_direct_begin,
 * vmreq_fault_done_locked) for the fault queue; no new lock and no new
 * nesting (docs/locking.md).  The results are those of the general path:
 * same message, status word and states afterwards (tests/guest/vm_test.c
 * forces the fallbacks and compares).
 */
#include <abi/ipc.h>
#include <abi/errno.h>
#include <arch/switch.h>
#include "kernel/faultpath.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/safemap.h"
#include "kernel/sched_fast.h"
#include "kernel/vmreq.h"
#include "smp/cpu.h"

#define fault_slow(c, why)	do { (c)->pf_fault_slow[why]++; return; } while (0)
#define fault_slow_unlock(c, why) \
	do { spin_unlock(&(c)->lock); fault_slow(c, why); } while (0)
#define resume_slow(c, why)	do { (c)->pf_resume_slow[why]++; return false; } while (0)

/* Leaves for `to` (already in c's queue in place of the one that trapped). */
static inline __attribute__((always_inline, noreturn)) void switch_to(struct cpu *c,
								       struct proc *to)
{
	c->current = to;
	c->ctx_switches++;
	spin_unlock(&c->lock);
	arch_switch_to_user_on(c, to);
}

void faultpath_fault(struct proc *p, struct proc *vm, vir_bytes addr, uint32_t flags, uint32_t ip)
{
	struct cpu *c = p->cpu;
	uint32_t pending;
	message *m;

	if (vm->cpu != c)
		fault_slow(c, PF_SLOW_OTHER_CPU);		/* unlocked peek, checked again */
	spin_lock(&c->lock);
	if (unlikely(vm->cpu != c))
		fault_slow_unlock(c, PF_SLOW_OTHER_CPU);
	if (unlikely(vm->rts_flags != RTS_RECEIVING ||
		     (vm->getfrom_e != ANY && vm->getfrom_e != SYSTEM)))
		fault_slow_unlock(c, PF_SLOW_NOT_WAITING);
	if (unlikely(vm->misc_flags | p->misc_flags))
		fault_slow_unlock(c, PF_SLOW_PENDING);		/* reply wait, exit, move */
	if (unlikely(!(m = as_message_ptr_locked(&vm->arch.as, vm->ipc_buf, true))))
		fault_slow_unlock(c, PF_SLOW_BUFFER);
	if (unlikely(!vmreq_direct_begin(vm, &pending)))
		fault_slow_unlock(c, PF_SLOW_PENDING);		/* an older fault, or not VM */
	if (unlikely(!sched_handoff(c, p, vm))) {
		vmreq_direct_end();
		fault_slow_unlock(c, PF_SLOW_SCHED);
	}

	/* POINT OF NO RETURN: the hand-off swapped the queues. */
	p->pagefault.addr = addr;
	p->pagefault.flags = flags;
	p->pagefault.ip = ip;
	p->pagefault.next = NULL;
	p->rts_flags = RTS_PAGEFAULT;
	vmreq_direct_end();
	arch_zero_words((uint32_t *)m, MESSAGE_SIZE / 4);
	m->m_source = SYSTEM;
	m->m_type = VM_PAGEFAULT;
	m->vmctl.endpoint = p->endpoint;
	m->vmctl.addr = addr;
	m->vmctl.flags = flags;
	m->vmctl.pending = pending;
	arch_set_syscall_result(&vm->arch, OK);
	arch_set_ipc_status(&vm->arch, IPC_STATUS_KERNEL | (IPC_SEND << IPC_STATUS_CALL_SHIFT));
	vm->rts_flags = 0;
	c->pf_fault_hits++;
	switch_to(c, vm);
}

bool faultpath_resume(struct proc *vm, struct proc *p, vir_bytes buf, vir_bytes va, bool replaced)
{
	struct cpu *c = vm->cpu;

	if (unlikely(p->cpu != c))
		resume_slow(c, PF_SLOW_OTHER_CPU);
	if (unlikely(p->rts_flags != RTS_PAGEFAULT))
		resume_slow(c, PF_SLOW_NOT_WAITING);		/* stopped, signaled, no fault */
	if (unlikely(p->misc_flags | vm->misc_flags || vm->senders || vm->pending_any))
		resume_slow(c, PF_SLOW_PENDING);		/* VM's receive would not block */
	if (unlikely(replaced && safemap_maps_any(p->endpoint, va, 1)))
		resume_slow(c, PF_SLOW_PENDING);		/* revoked after unlocking */
	if (unlikely(!as_message_ptr_locked(&vm->arch.as, buf, true)))
		resume_slow(c, PF_SLOW_BUFFER);
	if (unlikely(!sched_handoff(c, vm, p)))
		resume_slow(c, PF_SLOW_SCHED);

	/* POINT OF NO RETURN */
	vmreq_fault_done_locked(p);
	p->rts_flags = 0;
	vm->rts_flags = RTS_RECEIVING;
	vm->getfrom_e = ANY;
	vm->ipc_buf = buf;
	vm->ipc_regs = 0;
	c->pf_resume_hits++;
	switch_to(c, p);
}
