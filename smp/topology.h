/*
 * smp/topology.h - what the firmware says about processors and interrupt
 * controllers, found by smp_discover().
 *
 * Sources, in order: the ACPI MADT (smp/madt.c), then the Intel MP table
 * (arch/i386/mptable.c, a PC's).  Each table is checksummed and
 * sanity-checked before a single field is used; a bad one is reported in
 * the boot log and ignored.
 * Tables anywhere below 4 GiB are read through arch_firmware_map
 * (arch/paging.h): the direct map, or the firmware window while
 * smp_discover runs.
 */
#ifndef SMP_TOPOLOGY_H
#define SMP_TOPOLOGY_H

#include <stdbool.h>
#include <stdint.h>
#include "smp/cpu.h"

#define ISA_IRQS		16

/* isa_irq_flags bits; ISA lines are edge-triggered, active high unless set. */
#define ISA_IRQ_ACTIVE_LOW	(1u << 0)
#define ISA_IRQ_LEVEL		(1u << 1)

struct smp_topology {
	const char *source;		/* "ACPI MADT" or "MP table", for the log */
	unsigned ncpus;			/* enabled processors found, at most MAX_CPUS */
	unsigned ncpus_ignored;		/* enabled processors beyond MAX_CPUS */
	uint32_t apic_id[MAX_CPUS];	/* local APIC ids, the boot CPU first */
	uint32_t lapic_phys;		/* local APIC registers (xAPIC mode) */
	uint32_t ioapic_phys;		/* the IOAPIC serving GSIs 0..; 0 if none */
	uint32_t ioapic_gsi_base;	/* first GSI of that IOAPIC */
	uint32_t isa_irq_to_gsi[ISA_IRQS];
	uint8_t isa_irq_flags[ISA_IRQS];
	bool imcr;			/* MP: the IMCR must switch the PIC off */
};

/*
 * Fills *t from the firmware tables.  Returns 0 when a usable description
 * was found (at least the boot CPU, a local APIC and an IOAPIC), -1 when
 * not: the machine then runs on one CPU with the 8259 PIC.  Also reads
 * ACPI's power-off registers (acpi_power_init, smp/acpi.h), then closes
 * the firmware window for good: boot CPU, once, before any address space.
 */
int smp_discover(struct smp_topology *t);

/* The two table readers: 0 on success, -1 if absent or bad (reported). */
int acpi_discover(struct smp_topology *t);
int mptable_discover(struct smp_topology *t);

/* Shared by the readers: record one enabled processor or one ISA override. */
void topology_add_cpu(struct smp_topology *t, uint32_t apic_id);
void topology_set_isa_irq(struct smp_topology *t, unsigned irq, uint32_t gsi, uint16_t mps_flags);

/*
 * Firmware memory [pa, pa+len) as a pointer (arch_firmware_map), or NULL
 * when pa is 0 or it cannot be mapped.  Valid until smp_discover returns.
 */
const void *topology_map(uint64_t pa, uint32_t len);

/* A byte sum that is 0 mod 256, the checksum rule of both ACPI and MP. */
bool topology_checksum_ok(const void *p, uint32_t len);

#endif /* SMP_TOPOLOGY_H */
