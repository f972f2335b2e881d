/*
 * kernel/irq.h - interrupts owned by user-space drivers (SYS_IRQCTL).
 *
 * A driver that sets a policy on a line gets a notification from HARDWARE
 * each time it fires (the notification's `irqs` field says which lines).
 * The kernel masks the line when it fires; the driver unmasks it with
 * IRQ_ENABLE once it has serviced the device.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>

struct proc;

int irq_control(struct proc *caller, int request, unsigned irq);
bool irq_handle(unsigned irq);
void irq_release_all(struct proc *p);

#endif /* KERNEL_IRQ_H */
