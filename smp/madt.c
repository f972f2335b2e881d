/*
 * smp/madt.c - processors and interrupt controllers from the ACPI MADT
 * ("APIC" table, found through smp/acpi.h).
 *
 * From the MADT we take: enabled processors (local APIC and local x2APIC
 * entries), the local APIC address (and its override), the IOAPIC that
 * serves GSI 0 onwards, and the ISA interrupt source overrides.
 * Interface: acpi_discover() (smp/topology.h).
 */
#include <string.h>
#include "kernel/kernel.h"
#include "smp/acpi.h"
#include "smp/topology.h"

struct madt {
	struct acpi_header h;
	uint32_t lapic;
	uint32_t flags;
} __attribute__((packed));

enum madt_type {
	MADT_LAPIC = 0, MADT_IOAPIC = 1, MADT_OVERRIDE = 2,
	MADT_LAPIC_ADDR = 5, MADT_X2APIC = 9,
};

#define PACKED	__attribute__((packed))

struct madt_entry {
	uint8_t type, length;
	union {
		struct { uint8_t uid, apic_id; uint32_t flags; } PACKED lapic;
		struct { uint8_t id, reserved; uint32_t addr, gsi_base; } PACKED ioapic;
		struct { uint8_t bus, source; uint32_t gsi; uint16_t flags; } PACKED override;
		struct { uint16_t reserved; uint64_t addr; } PACKED lapic_addr;
		struct { uint16_t reserved; uint32_t apic_id, flags, uid; } PACKED x2apic;
	};
} PACKED;

#define MADT_CPU_ENABLED	(1u << 0)
#define ENTRY_LEN(member)	(2 + sizeof(((struct madt_entry *)0)->member))

static void madt_parse_entry(struct smp_topology *t, const struct madt_entry *e,
			     unsigned *overrides)
{
	switch (e->type) {
	case MADT_LAPIC:
		if (e->length >= ENTRY_LEN(lapic) && (e->lapic.flags & MADT_CPU_ENABLED))
			topology_add_cpu(t, e->lapic.apic_id);
		break;
	case MADT_X2APIC:
		if (e->length >= ENTRY_LEN(x2apic) && (e->x2apic.flags & MADT_CPU_ENABLED))
			topology_add_cpu(t, e->x2apic.apic_id);
		break;
	case MADT_LAPIC_ADDR:
		if (e->length >= ENTRY_LEN(lapic_addr) && e->lapic_addr.addr < (1ull << 32))
			t->lapic_phys = (uint32_t)e->lapic_addr.addr;
		break;
	case MADT_IOAPIC:
		/* Keep the IOAPIC with the lowest GSI base: the one with the ISA lines. */
		if (e->length >= ENTRY_LEN(ioapic) &&
		    (!t->ioapic_phys || e->ioapic.gsi_base < t->ioapic_gsi_base)) {
			t->ioapic_phys = e->ioapic.addr;
			t->ioapic_gsi_base = e->ioapic.gsi_base;
		}
		break;
	case MADT_OVERRIDE:
		if (e->length >= ENTRY_LEN(override) && e->override.bus == 0) {
			topology_set_isa_irq(t, e->override.source, e->override.gsi,
					     e->override.flags);
			(*overrides)++;
		}
		break;
	default:
		break;
	}
}

int acpi_discover(struct smp_topology *t)
{
	const struct acpi_header *h = acpi_table("APIC");
	const struct madt *m = (const struct madt *)h;
	unsigned overrides = 0;

	t->source = "ACPI MADT";
	if (!h || h->length < sizeof(*m)) {
		kprintf("acpi: no valid MADT");
		return -1;
	}
	t->lapic_phys = m->lapic;
	for (uint32_t off = sizeof(*m); off + 2 <= m->h.length;) {
		const struct madt_entry *e = (const void *)((const uint8_t *)m + off);
		if (e->length < 2 || off + e->length > m->h.length) {
			kprintf("acpi: MADT entry at offset %u: bad length %u; rest ignored",
				off, e->length);
			break;
		}
		madt_parse_entry(t, e, &overrides);
		off += e->length;
	}
	kprintf("acpi: MADT: %u CPUs, local APIC %#x, IOAPIC %#x (GSI %u), %u ISA overrides",
		t->ncpus + t->ncpus_ignored, t->lapic_phys, t->ioapic_phys, t->ioapic_gsi_base,
		overrides);
	return 0;
}
