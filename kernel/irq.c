/*
 * kernel/irq.c - interrupt lines owned by drivers (see irq.h).
 *
 * Interrupts from the legacy PIC arrive on the boot CPU only, so the owner
 * table is touched by the boot CPU alone (irq_control runs there too while
 * there is one CPU; the SMP work routes this through the owner's CPU).
 */
#include <abi/errno.h>
#include <abi/message.h>
#include "kernel/ipc.h"
#include "kernel/irq.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"

#define NR_IRQ_LINES	16

static endpoint_t owner[NR_IRQ_LINES] = {
	[0 ... NR_IRQ_LINES - 1] = NONE
};

int irq_control(struct proc *caller, int request, unsigned irq)
{
	if (irq >= NR_IRQ_LINES || !(caller->priv->irq_mask & (1u << irq)))
		return EPERM;
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

/* An interrupt on irq: masks it and notifies its owner.  False if unowned. */
bool irq_handle(unsigned irq)
{
	struct proc *p;

	if (irq >= NR_IRQ_LINES)
		return false;
	arch_irq_mask(irq);
	if (owner[irq] == NONE || proc_lookup(owner[irq], &p) != OK) {
		owner[irq] = NONE;
		return false;
	}
	p->irq_pending |= 1u << irq;
	ipc_notify_kernel(p, HARDWARE);
	return true;
}

void irq_release_all(struct proc *p)
{
	for (unsigned i = 0; i < NR_IRQ_LINES; i++) {
		if (owner[i] == p->endpoint) {
			owner[i] = NONE;
			arch_irq_mask(i);
		}
	}
}
