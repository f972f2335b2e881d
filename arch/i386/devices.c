/*
 * arch/i386/devices.c - port I/O and interrupt lines for user-space
 * drivers (the kernel checks privileges before calling these).  The lines
 * are masked and unmasked at whichever controller delivers them
 * (irqchip.h).
 */
#include <arch/arch.h>
#include <arch/x86.h>
#include "arch/i386/irqchip.h"
#include "arch/i386/pic.h"

#define NR_IRQS		16

/* The 8259 pair until arch_apic_init hands the lines to the IOAPIC. */
const struct irq_chip *irq_chip = &pic_chip;

uint32_t arch_port_read(uint16_t port, unsigned size)
{
	switch (size) {
	case 1:		return inb(port);
	case 2:		return inw(port);
	default:	return inl(port);
	}
}

void arch_port_write(uint16_t port, unsigned size, uint32_t value)
{
	switch (size) {
	case 1:		outb(port, (uint8_t)value); break;
	case 2:		outw(port, (uint16_t)value); break;
	default:	outl(port, value); break;
	}
}

/* Lines a driver may own: not the clock, not the PIC cascade. */
bool arch_irq_assignable(int irq)
{
	return irq >= 0 && irq < NR_IRQS && irq != PIT_IRQ && irq != PIC_CASCADE_IRQ;
}

void arch_irq_mask(unsigned irq)
{
	irq_chip->mask(irq);
}

void arch_irq_unmask(unsigned irq)
{
	irq_chip->unmask(irq);
}
