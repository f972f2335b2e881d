/*
 * smp/acpi.c - processors and interrupt controllers from the ACPI MADT.
 *
 * RSDP (EBDA or 0xe0000-0xfffff) -> XSDT or RSDT -> "APIC" table (MADT).
 * Every table's checksum and length are checked before use; a bad one is
 * reported and skipped.  From the MADT we take: enabled processors (local
 * APIC and local x2APIC entries), the local APIC address (and its
 * override), the IOAPIC that serves GSI 0 onwards, and the ISA interrupt
 * source overrides.  Interface: acpi_discover() (smp/topology.h).
 */
#include <string.h>
#include "kernel/kernel.h"
#include "smp/topology.h"

#define BDA_EBDA_SEGMENT	0x40e
#define EBDA_SCAN_LEN		1024
#define BIOS_ROM_BASE		0xe0000
#define BIOS_ROM_END		0x100000
#define RSDP_ALIGN		16
#define RSDP_V1_LEN		20
#define TABLE_MAX_LEN		(1u << 20)	/* sanity bound on any table */

struct acpi_rsdp {
	char sig[8];			/* "RSD PTR " */
	uint8_t checksum;		/* over the first 20 bytes */
	char oem[6];
	uint8_t revision;		/* 0: ACPI 1.0, RSDT only; 2+: XSDT too */
	uint32_t rsdt;
	uint32_t length;		/* revision 2+ */
	uint64_t xsdt;
	uint8_t ext_checksum;		/* over `length` bytes */
	uint8_t reserved[3];
} __attribute__((packed));

struct acpi_header {
	char sig[4];
	uint32_t length;		/* header included */
	uint8_t revision;
	uint8_t checksum;
	char oem[6], oem_table[8];
	uint32_t oem_revision, creator, creator_revision;
} __attribute__((packed));

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

_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP layout");
_Static_assert(sizeof(struct acpi_header) == 36, "SDT header layout");

static const struct acpi_rsdp *rsdp_scan(uint32_t base, uint32_t len)
{
	const uint8_t *p = topology_map(base, len);

	if (!p)
		return NULL;
	for (uint32_t off = 0; off + RSDP_V1_LEN <= len; off += RSDP_ALIGN) {
		const struct acpi_rsdp *r = (const void *)(p + off);
		if (memcmp(r->sig, "RSD PTR ", 8) != 0)
			continue;
		if (topology_checksum_ok(r, RSDP_V1_LEN))
			return r;
		kprintf("acpi: RSDP at %#x: bad checksum; ignored", base + off);
	}
	return NULL;
}

static const struct acpi_rsdp *rsdp_find(void)
{
	const uint16_t *seg = topology_map(BDA_EBDA_SEGMENT, sizeof(*seg));
	const struct acpi_rsdp *r = NULL;

	if (seg && *seg)
		r = rsdp_scan((uint32_t)*seg << 4, EBDA_SCAN_LEN);
	return r ? r : rsdp_scan(BIOS_ROM_BASE, BIOS_ROM_END - BIOS_ROM_BASE);
}

/* The table at pa if it has signature sig, a sane length and a good checksum. */
static const struct acpi_header *table_get(uint64_t pa, const char *sig)
{
	const struct acpi_header *h = topology_map(pa, sizeof(*h));

	if (!h) {
		if (sig)
			kprintf("acpi: %s at %#llx: outside the direct map; ignored", sig,
				(unsigned long long)pa);
		return NULL;
	}
	if (sig && memcmp(h->sig, sig, 4) != 0)
		return NULL;
	if (h->length < sizeof(*h) || h->length > TABLE_MAX_LEN || !topology_map(pa, h->length)) {
		kprintf("acpi: %.4s at %#llx: bad length %u; ignored", h->sig,
			(unsigned long long)pa, h->length);
		return NULL;
	}
	if (!topology_checksum_ok(h, h->length)) {
		kprintf("acpi: %.4s at %#llx: bad checksum; ignored", h->sig,
			(unsigned long long)pa);
		return NULL;
	}
	return h;
}

/* Finds the MADT through the XSDT (ACPI 2+) or the RSDT. */
static const struct madt *madt_find(const struct acpi_rsdp *r)
{
	const struct acpi_header *root = NULL;
	unsigned entry_size = 4;

	if (r->revision >= 2 && r->xsdt && topology_checksum_ok(r, sizeof(*r))) {
		root = table_get(r->xsdt, "XSDT");
		entry_size = 8;
	}
	if (!root) {
		root = table_get(r->rsdt, "RSDT");
		entry_size = 4;
	}
	if (!root)
		return NULL;
	for (uint32_t off = sizeof(*root); off + entry_size <= root->length; off += entry_size) {
		const uint8_t *e = (const uint8_t *)root + off;
		uint64_t pa = 0;
		const struct acpi_header *h;

		memcpy(&pa, e, entry_size);
		h = table_get(pa, NULL);
		if (h && memcmp(h->sig, "APIC", 4) == 0 && h->length >= sizeof(struct madt))
			return (const struct madt *)h;
	}
	return NULL;
}

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
	const struct acpi_rsdp *r = rsdp_find();
	const struct madt *m;
	unsigned overrides = 0;

	t->source = "ACPI MADT";
	if (!r) {
		kprintf("acpi: no RSDP");
		return -1;
	}
	if (!(m = madt_find(r))) {
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
