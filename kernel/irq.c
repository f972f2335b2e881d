/*
 * kernel/irq.c - interrupt lines owned by drivers (see irq.h).
 *
 * Lock: irq_lock protects the owner table and the line masks; it nests
 * inside the CPU locks.  The owner is notified holding its CPU's lock.
 */
#include <abi/errno.h>
#include <abi/message.h>
#include "kernel/ipc.h"
#include "kernel/irq.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "smp/cpulock.h"

#define NR_IRQ_LINES	16

static struct spinlock irq_lock = SPINLOCK_INIT("irq");
static endpoint_t owner[NR_IRQ_LINES] = {
	[0 ... NR_IRQ_LINES - 1] = NONE
};

static int control_locked(struct proc *caller, int request, unsigned irq)
{
	if (request == IRQ_SETPOLICY) {
		struct proc *cur;
		if (owner[irq] != NONE && owner[irq] != caller->endpoint &&
		    proc_lookup(owner[irq], &cur) == OK)
			return EBUSY;
		owner[irq] = caller->endpoint;
		arch_irq_unmask(irq);
		return OK;
	}
	if (owner[irq] != caller->endpoint)
		return EPERM;
	switch (request) {
	case IRQ_RMPOLICY:
		owner[irq] = NONE;
		arch_irq_mask(irq);
		return OK;
	case IRQ_ENABLE:
		arch_irq_unmask(irq);
		return OK;
	case IRQ_DISABLE:
		arch_irq_mask(irq);
		return OK;
	default:
		return EINVAL;
	}
}

int irq_control(struct proc *caller, int request, unsigned irq)
{
	int r;

	if (irq >= NR_IRQ_LINES || !(caller->priv->irq_mask & (1u << irq)))
		return EPERM;
	spin_lock(&irq_lock);
	r = control_locked(caller, request, irq);
	spin_unlock(&irq_lock);
	return r;
}

/* An interrupt on irq: masks it and notifies its owner.  False if unowned. */
bool irq_handle(unsigned irq)
{
	endpoint_t ep;
	struct proc *p;
	cpuset_t held;

	if (irq >= NR_IRQ_LINES)
		return false;
	spin_lock(&irq_lock);
	arch_irq_mask(irq);
	ep = owner[irq];
	spin_unlock(&irq_lock);
	if (ep == NONE || proc_lookup(ep, &p) != OK)
		return false;
	held = lock_proc(p);
	if (proc_is_live(p, ep)) {
		p->irq_pending |= 1u << irq;
		ipc_notify_kernel(p, HARDWARE);
	}
	cpus_unlock(held);
	return true;
}

/* p is dying (CPU locks held): its lines go back, masked. */
void irq_release_all(struct proc *p)
{
	spin_lock(&irq_lock);
	for (unsigned i = 0; i < NR_IRQ_LINES; i++) {
		if (owner[i] == p->endpoint) {
			owner[i] = NONE;
			arch_irq_mask(i);
		}
	}
	spin_unlock(&irq_lock);
}
