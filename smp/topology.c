/*
 * smp/topology.c - smp_discover(): ask the ACPI MADT, then the MP table,
 * and put the result in the order the rest of the kernel wants (the boot
 * CPU first); then take ACPI's power-off registers, the last thing read
 * from the firmware tables, and close the firmware window.  Also the
 * helpers both table readers share.
 */
#include <string.h>
#include <arch/apic.h>
#include <arch/paging.h>
#include "kernel/kernel.h"
#include "smp/acpi.h"
#include "smp/topology.h"

/* MPS INTI flags (MP spec table 4-10; the MADT reuses them). */
#define MPS_POLARITY(f)		((f) & 3u)
#define MPS_TRIGGER(f)		(((f) >> 2) & 3u)
#define MPS_ACTIVE_LOW		3u
#define MPS_LEVEL		3u

static void topology_reset(struct smp_topology *t)
{
	memset(t, 0, sizeof(*t));
	for (unsigned irq = 0; irq < ISA_IRQS; irq++)
		t->isa_irq_to_gsi[irq] = irq;		/* ISA default: identity, edge, high */
}

const void *topology_map(uint64_t pa, uint32_t len)
{
	return pa ? arch_firmware_map(pa, len) : NULL;
}

bool topology_checksum_ok(const void *p, uint32_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *b++);
	return sum == 0;
}

void topology_add_cpu(struct smp_topology *t, uint32_t apic_id)
{
	for (unsigned i = 0; i < t->ncpus; i++)
		if (t->apic_id[i] == apic_id)
			return;
	if (t->ncpus == MAX_CPUS)
		t->ncpus_ignored++;
	else
		t->apic_id[t->ncpus++] = apic_id;
}

void topology_set_isa_irq(struct smp_topology *t, unsigned irq, uint32_t gsi, uint16_t mps_flags)
{
	uint8_t flags = 0;

	if (irq >= ISA_IRQS)
		return;
	if (MPS_POLARITY(mps_flags) == MPS_ACTIVE_LOW)
		flags |= ISA_IRQ_ACTIVE_LOW;
	if (MPS_TRIGGER(mps_flags) == MPS_LEVEL)
		flags |= ISA_IRQ_LEVEL;
	t->isa_irq_to_gsi[irq] = gsi;
	t->isa_irq_flags[irq] = flags;
}

/* Moves the boot CPU to slot 0, keeping the others in firmware order. */
static void boot_cpu_first(struct smp_topology *t)
{
	uint32_t bsp = arch_apic_boot_id();
	unsigned i = 0;

	while (i < t->ncpus && t->apic_id[i] != bsp)
		i++;
	if (i == t->ncpus) {
		kprintf("smp: %s does not list the boot CPU (APIC id %u); added", t->source, bsp);
		if (t->ncpus == MAX_CPUS) {
			t->ncpus--;
			t->ncpus_ignored++;
		}
		i = t->ncpus++;
	}
	memmove(&t->apic_id[1], &t->apic_id[0], i * sizeof(t->apic_id[0]));
	t->apic_id[0] = bsp;
}

/* A table that parsed but lacks a part we need is no better than none. */
static bool complete(const struct smp_topology *t)
{
	if (t->ncpus && t->lapic_phys && t->ioapic_phys)
		return true;
	kprintf("smp: %s lacks %s; not used", t->source, t->ncpus == 0 ? "processors" :
		t->lapic_phys == 0 ? "a local APIC" : "an IOAPIC");
	return false;
}

static int find_topology(struct smp_topology *t)
{
	topology_reset(t);
	if (acpi_discover(t) != 0 || !complete(t)) {
		topology_reset(t);
		if (mptable_discover(t) != 0 || !complete(t))
			return -1;
	}
	boot_cpu_first(t);
	if (t->ncpus_ignored)
		kprintf("smp: %u more CPUs than the kernel supports (%u); ignored",
			t->ncpus_ignored, MAX_CPUS);
	return 0;
}

int smp_discover(struct smp_topology *t)
{
	int r = find_topology(t);

	acpi_power_init();
	arch_firmware_unmap_all();
	return r;
}
