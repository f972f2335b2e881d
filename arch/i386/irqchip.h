/*
 * arch/i386/irqchip.h - the controller that delivers ISA IRQs 0..15 at
 * VEC_IRQ_BASE + irq: the 8259 pair (pic.c) on one-CPU machines without
 * an APIC, else the IOAPIC with end-of-interrupt at the local APIC
 * (ioapic.c).  Chosen on the boot CPU before any AP starts; never changes
 * afterwards.
 */
#ifndef ARCH_I386_IRQCHIP_H
#define ARCH_I386_IRQCHIP_H

#include <stdbool.h>

struct irq_chip {
	void (*mask)(unsigned irq);
	void (*unmask)(unsigned irq);
	void (*eoi)(unsigned irq);
	bool (*spurious)(unsigned irq);	/* a phantom that needs no handling */
};

extern const struct irq_chip pic_chip;
extern const struct irq_chip ioapic_chip;
extern const struct irq_chip *irq_chip;	/* devices.c */

#endif /* ARCH_I386_IRQCHIP_H */
