/*
 * arch/i386/ioapic.c - the IOAPIC serving the ISA interrupt lines.
 *
 * ioapic_init() first checks that an IOAPIC answers at the address the
 * firmware gave (if not, it changes nothing).  Then it parks the 8259 pair
 * (remapped to VEC_PIC_PARKED so that a phantom from it cannot pass for a
 * device vector, then fully masked),
 * switches the IMCR where the MP table says there is one, masks every pin
 * and routes ISA IRQs 1..15, through the firmware's overrides, to one CPU
 * at VEC_IRQ_BASE + irq, fixed delivery, physical destination, each masked
 * until a driver enables it.  IRQ 0 (the PIT) stays masked: the local APIC
 * timers are the clock; the sampling profiler may use its pin as an NMI
 * broadcast (ioapic_nmi_broadcast, arch/i386/nmi.c).  IRQ 2 is the old
 * cascade and has no line.
 *
 * The index/data register pair makes every access two steps; once other
 * CPUs run, all go under ioapic_lock (a leaf: nothing is taken inside it;
 * kernel/irq.c calls in with its irq_lock held).
 * Interface: ioapic.h, ioapic_chip (irqchip.h).
 */
#include <arch/layout.h>
#include <arch/x86.h>
#include "arch/i386/idt.h"
#include "arch/i386/ioapic.h"
#include "arch/i386/irqchip.h"
#include "arch/i386/lapic.h"
#include "arch/i386/pic.h"
#include "kernel/kernel.h"
#include "smp/spinlock.h"
#include "smp/topology.h"

#define IOREGSEL		0x00
#define IOWIN			0x10
#define IOAPIC_VERSION		0x01
#define IOAPIC_REDTBL(pin)	(0x10 + 2 * (pin))

#define RTE_ACTIVE_LOW		(1u << 13)
#define RTE_LEVEL		(1u << 15)
#define RTE_MASKED		(1u << 16)
#define RTE_DEST_SHIFT		24	/* in the high word: physical APIC id */
#define RTE_NMI			(4u << 8)	/* delivery mode NMI (the vector is ignored) */
#define RTE_BROADCAST		0xffu	/* physical destination: every local APIC */

#define IMCR_SELECT		0x22
#define IMCR_DATA		0x23
#define IMCR_REG		0x70
#define IMCR_APIC		0x01

static struct spinlock ioapic_lock = SPINLOCK_INIT("ioapic");
static volatile uint32_t *regs;
/* Immutable after ioapic_init: each ISA line's pin (-1: none) and low word. */
static int pin_of[ISA_IRQS];
static uint32_t rte_low[ISA_IRQS];
/* Immutable after ioapic_init: the PIT's pin for the profiler's NMIs (-1: none). */
static int nmi_pin = -1;
static uint32_t nmi_polarity;

static uint32_t reg_read(unsigned reg)
{
	regs[IOREGSEL / 4] = reg;
	return regs[IOWIN / 4];
}

static void reg_write(unsigned reg, uint32_t v)
{
	regs[IOREGSEL / 4] = reg;
	regs[IOWIN / 4] = v;
}

static void set_masked(unsigned irq, bool masked)
{
	if (irq >= ISA_IRQS || pin_of[irq] < 0)
		return;
	spin_lock(&ioapic_lock);
	reg_write(IOAPIC_REDTBL(pin_of[irq]), rte_low[irq] | (masked ? RTE_MASKED : 0));
	spin_unlock(&ioapic_lock);
}

static void ioapic_mask(unsigned irq)
{
	set_masked(irq, true);
}

static void ioapic_unmask(unsigned irq)
{
	set_masked(irq, false);
}

static void ioapic_eoi(unsigned irq)
{
	lapic_eoi();
}

static bool ioapic_spurious(unsigned irq)
{
	return false;		/* phantoms arrive at VEC_SPURIOUS instead */
}

const struct irq_chip ioapic_chip = {
	.mask = ioapic_mask,
	.unmask = ioapic_unmask,
	.eoi = ioapic_eoi,
	.spurious = ioapic_spurious,
};

/* Routes ISA line irq to its pin, masked; false if the pin is missing or taken. */
static bool route(const struct smp_topology *t, unsigned irq, unsigned npins, uint32_t dest)
{
	uint32_t gsi = t->isa_irq_to_gsi[irq];
	unsigned pin = gsi - t->ioapic_gsi_base;

	if (gsi < t->ioapic_gsi_base || pin >= npins)
		return false;
	for (unsigned other = 0; other < irq; other++)
		if (pin_of[other] == (int)pin)
			return false;
	rte_low[irq] = (VEC_IRQ_BASE + irq) |
		((t->isa_irq_flags[irq] & ISA_IRQ_ACTIVE_LOW) ? RTE_ACTIVE_LOW : 0) |
		((t->isa_irq_flags[irq] & ISA_IRQ_LEVEL) ? RTE_LEVEL : 0);
	reg_write(IOAPIC_REDTBL(pin) + 1, dest << RTE_DEST_SHIFT);
	reg_write(IOAPIC_REDTBL(pin), rte_low[irq] | RTE_MASKED);
	pin_of[irq] = (int)pin;
	return true;
}

static void nmi_pin_init(const struct smp_topology *t, unsigned npins);

bool ioapic_init(const struct smp_topology *t, uint32_t dest_apic_id)
{
	uint32_t version;
	unsigned npins;

	if (t->ioapic_phys < DEVICE_WINDOW_BASE || (t->ioapic_phys & 0xf)) {
		kprintf(KLOG_WARN "ioapic: registers at %#x, outside the device window; not used",
			t->ioapic_phys);
		return false;
	}
	regs = (volatile uint32_t *)t->ioapic_phys;
	version = reg_read(IOAPIC_VERSION);
	npins = ((version >> 16) & 0xff) + 1;
	if ((version & 0xff) == 0 || (version & 0xff) == 0xff || npins < ISA_IRQS) {
		/* Nothing there (tables that describe another machine), or too small. */
		kprintf(KLOG_WARN "ioapic: %#x: version register %#x, no usable IOAPIC; not used",
			t->ioapic_phys, version);
		return false;
	}

	pic_init(VEC_PIC_PARKED);
	pic_mask(PIC_CASCADE_IRQ);
	if (t->imcr) {
		outb(IMCR_SELECT, IMCR_REG);
		outb(IMCR_DATA, IMCR_APIC);
	}
	for (unsigned pin = 0; pin < npins; pin++)
		reg_write(IOAPIC_REDTBL(pin), RTE_MASKED);
	for (unsigned irq = 0; irq < ISA_IRQS; irq++) {
		pin_of[irq] = -1;
		if (irq != PIT_IRQ && irq != PIC_CASCADE_IRQ && !route(t, irq, npins, dest_apic_id))
			kprintf(KLOG_WARN "ioapic: ISA IRQ %u (GSI %u) has no free pin; not routed", irq,
				t->isa_irq_to_gsi[irq]);
	}
	nmi_pin_init(t, npins);
	kprintf("ioapic: %#x, %u pins, ISA IRQs to APIC id %u", t->ioapic_phys, npins,
		dest_apic_id);
	return true;
}

/*
 * The PIT's pin (through the firmware's override, usually GSI 2), if no
 * other line uses it: the profiler's NMI source (arch/i386/nmi.c).
 */
static void nmi_pin_init(const struct smp_topology *t, unsigned npins)
{
	uint32_t gsi = t->isa_irq_to_gsi[PIT_IRQ];
	unsigned pin = gsi - t->ioapic_gsi_base;

	if (gsi < t->ioapic_gsi_base || pin >= npins)
		return;
	for (unsigned irq = 0; irq < ISA_IRQS; irq++)
		if (pin_of[irq] == (int)pin)
			return;
	nmi_pin = (int)pin;
	nmi_polarity = (t->isa_irq_flags[PIT_IRQ] & ISA_IRQ_ACTIVE_LOW) ? RTE_ACTIVE_LOW : 0;
}

bool ioapic_nmi_possible(void)
{
	return nmi_pin >= 0;
}

/* NMI delivery, edge, to the broadcast destination (every local APIC). */
void ioapic_nmi_broadcast(bool on)
{
	assert(nmi_pin >= 0);
	spin_lock(&ioapic_lock);
	reg_write(IOAPIC_REDTBL(nmi_pin) + 1, RTE_BROADCAST << RTE_DEST_SHIFT);
	reg_write(IOAPIC_REDTBL(nmi_pin), RTE_NMI | nmi_polarity | (on ? 0 : RTE_MASKED));
	spin_unlock(&ioapic_lock);
}
