/*
 * arch/apic.h - the local APIC and IOAPIC as the SMP bring-up code
 * (smp/ap_boot.c, smp/topology.c) sees them.
 *
 *   arch_apic_boot_id()       the calling CPU's APIC id, from CPUID; usable
 *                             before the local APIC is set up
 *   arch_apic_init(t)         boot CPU, once: take the local APIC (xAPIC or
 *                             x2APIC), the IOAPIC and the LAPIC timer into
 *                             service, park the 8259 pair; false, with
 *                             nothing changed, when the platform cannot
 *   arch_apic_send_init(id)   INIT to one CPU (the first step of a start)
 *   arch_apic_send_startup(id, page)
 *                             STARTUP: the CPU starts in real mode at
 *                             page << 12
 *
 * APIC ids are 8-bit xAPIC ids: the kernel supports at most MAX_CPUS CPUs
 * and starts none with an id above APIC_ID_MAX (the trampoline knows a CPU
 * by its initial 8-bit id; 255 is the broadcast id).
 */
#ifndef ARCH_APIC_H
#define ARCH_APIC_H

#include <stdbool.h>
#include <stdint.h>

#define APIC_ID_MAX	254

struct smp_topology;

uint32_t arch_apic_boot_id(void);
bool arch_apic_init(const struct smp_topology *t);
void arch_apic_send_init(uint32_t apic_id);
void arch_apic_send_startup(uint32_t apic_id, uint32_t page);

#endif /* ARCH_APIC_H */
