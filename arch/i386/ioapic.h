/*
 * arch/i386/ioapic.h - the IOAPIC (internal to arch/i386).
 */
#ifndef ARCH_I386_IOAPIC_H
#define ARCH_I386_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

struct smp_topology;

bool ioapic_init(const struct smp_topology *t, uint32_t dest_apic_id);
bool ioapic_nmi_possible(void);		/* the PIT's line has a pin of its own */
void ioapic_nmi_broadcast(bool on);	/* that pin: an NMI to every CPU, or masked */

#endif /* ARCH_I386_IOAPIC_H */
