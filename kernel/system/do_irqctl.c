/*
 * do_irqctl - SYS_IRQCTL: interrupt notifications for a driver.
 *
 * m->irqctl.request  IRQ_SETPOLICY, IRQ_RMPOLICY, IRQ_ENABLE, IRQ_DISABLE
 * m->irqctl.irq      the line; must be in the caller's privileges
 */
#include "kernel/irq.h"
#include "kernel/proc.h"
#include "kernel/system.h"

int do_irqctl(struct proc *caller, message *m)
{
	return irq_control(caller, m->irqctl.request, m->irqctl.irq);
}
