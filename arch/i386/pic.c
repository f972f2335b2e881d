/*
 * arch/i386/pic.c - the legacy 8259A pair and the 8254 PIT.
 *
 * Without an APIC the pair delivers the ISA IRQs (pic_chip) and PIT
 * channel 0 is the clock.  With one, the pair is parked (ioapic.c) and the
 * PIT only measures time: channel 2, gated through port 0x61, counts down
 * once for the TSC calibration (tsc.c).  IRQs 0-15 are remapped to
 * vector_base..vector_base+15; all start masked.
 */
#include <arch/x86.h>
#include "arch/i386/irqchip.h"
#include "arch/i386/pic.h"

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define PIC_EOI		0x20
#define PIC_READ_ISR	0x0b
#define ICW1_INIT_ICW4	0x11
#define ICW4_8086	0x01

#define PIT_CH0		0x40
#define PIT_CMD		0x43
#define PIT_CH2		0x42
#define PIT_RATE_MODE	0x34	/* channel 0, lo/hi byte, mode 2 */
#define PIT_ONESHOT_CH2	0xb0	/* channel 2, lo/hi byte, mode 0 */
#define PIT_HZ		1193182u
#define PORT_B		0x61
#define PORT_B_GATE2	0x01	/* channel 2 counts while set */
#define PORT_B_SPEAKER	0x02	/* channel 2 drives the speaker */
#define PORT_B_OUT2	0x20	/* channel 2 output (read) */

static uint16_t irq_mask = 0xffff;

static void write_mask(void)
{
	outb(PIC1_DATA, (uint8_t)irq_mask);
	outb(PIC2_DATA, (uint8_t)(irq_mask >> 8));
}

void pic_init(unsigned vector_base)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, (uint8_t)vector_base);
	outb(PIC2_DATA, (uint8_t)(vector_base + 8));
	outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	outb(PIC2_DATA, PIC_CASCADE_IRQ);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	irq_mask = 0xffff & ~(1u << PIC_CASCADE_IRQ);
	write_mask();
}

void pic_unmask(unsigned irq)
{
	irq_mask &= (uint16_t)~(1u << irq);
	write_mask();
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

/* IRQ 7 and 15 fire spuriously when a request vanishes; the ISR tells. */
bool pic_spurious(unsigned irq)
{
	if (irq == 7) {
		outb(PIC1_CMD, PIC_READ_ISR);
		return !(inb(PIC1_CMD) & 0x80);
	}
	if (irq == 15) {
		outb(PIC2_CMD, PIC_READ_ISR);
		if (!(inb(PIC2_CMD) & 0x80)) {
			outb(PIC1_CMD, PIC_EOI);	/* the master did see the cascade */
			return true;
		}
	}
	return false;
}

void pit_init(unsigned hz)
{
	uint32_t divisor = PIT_HZ / hz;

	outb(PIT_CMD, PIT_RATE_MODE);
	outb(PIT_CH0, (uint8_t)divisor);
	outb(PIT_CH0, (uint8_t)(divisor >> 8));
}

void pic_mask(unsigned irq)
{
	irq_mask |= (uint16_t)(1u << irq);
	write_mask();
}

/* Starts channel 2 counting down `us` (at most 54 ms); OUT2 rises at zero. */
void pit_oneshot_start(unsigned us)
{
	uint32_t count = (uint32_t)((uint64_t)PIT_HZ * us / 1000000u);

	outb(PORT_B, (uint8_t)((inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2));
	outb(PIT_CMD, PIT_ONESHOT_CH2);
	outb(PIT_CH2, (uint8_t)count);
	outb(PIT_CH2, (uint8_t)(count >> 8));
}

bool pit_oneshot_done(void)
{
	return (inb(PORT_B) & PORT_B_OUT2) != 0;
}

const struct irq_chip pic_chip = {
	.mask = pic_mask,
	.unmask = pic_unmask,
	.eoi = pic_eoi,
	.spurious = pic_spurious,
};
