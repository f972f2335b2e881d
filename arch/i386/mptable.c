/*
 * arch/i386/mptable.c - processors and interrupt controllers from the Intel
 * MultiProcessor Specification 1.4 tables, for machines without a MADT.
 *
 * The floating pointer ("_MP_") is searched in the first KiB of the EBDA,
 * the last KiB of base memory and 0xf0000-0xfffff; it leads to the
 * configuration table ("PCMP").  Both are checksummed.  We take enabled
 * processors, the first enabled IOAPIC (assumed to serve GSIs 0..), and
 * the ISA bus's interrupt assignments to it.  The "default configurations"
 * (no table, feature byte 1 set) are not supported.
 * Interface: mptable_discover() (smp/topology.h).
 */
#include <string.h>
#include "kernel/kernel.h"
#include "smp/topology.h"

#define BDA_EBDA_SEGMENT	0x40e
#define BDA_BASE_MEM_KB		0x413
#define SCAN_LEN		1024
#define BIOS_ROM_BASE		0xf0000
#define BIOS_ROM_END		0x100000
#define FPS_ALIGN		16
#define DEFAULT_LAPIC		0xfee00000u

struct mp_fps {
	char sig[4];			/* "_MP_" */
	uint32_t config;		/* physical address of the configuration table */
	uint8_t length;			/* in 16-byte units */
	uint8_t spec_rev;
	uint8_t checksum;
	uint8_t features[5];		/* [0]: default config number; [1] bit 7: IMCR */
} __attribute__((packed));

struct mp_config {
	char sig[4];			/* "PCMP" */
	uint16_t length;		/* base table, header included */
	uint8_t spec_rev;
	uint8_t checksum;
	char oem[8], product[12];
	uint32_t oem_table;
	uint16_t oem_table_size;
	uint16_t entries;
	uint32_t lapic;
	uint16_t ext_length;
	uint8_t ext_checksum;
	uint8_t reserved;
} __attribute__((packed));

enum mp_type { MP_PROCESSOR = 0, MP_BUS = 1, MP_IOAPIC = 2, MP_IOINT = 3, MP_LINT = 4 };

struct mp_processor {
	uint8_t type, apic_id, apic_version, flags;
	uint32_t signature, features, reserved[2];
} __attribute__((packed));

struct mp_bus {
	uint8_t type, id;
	char name[6];			/* "ISA   " */
} __attribute__((packed));

struct mp_ioapic {
	uint8_t type, id, version, flags;
	uint32_t addr;
} __attribute__((packed));

struct mp_ioint {
	uint8_t type, int_type;
	uint16_t flags;			/* MPS INTI flags */
	uint8_t bus, bus_irq, ioapic_id, pin;
} __attribute__((packed));

#define MP_ENABLED		(1u << 0)	/* processor and IOAPIC flags */
#define MP_FEATURE_IMCR		(1u << 7)
#define MP_INT_VECTORED		0		/* int_type: an ordinary interrupt */
#define MP_ALL_IOAPICS		0xff

_Static_assert(sizeof(struct mp_fps) == 16, "MP floating pointer layout");
_Static_assert(sizeof(struct mp_config) == 44, "MP configuration table layout");
_Static_assert(sizeof(struct mp_processor) == 20, "MP processor entry layout");

/* What the entries of one table told us so far. */
struct mp_walk {
	uint32_t isa_buses[8];		/* bitmap of bus ids named "ISA" */
	int ioapic_id;			/* the chosen IOAPIC, -1 before one is seen */
};

static const struct mp_fps *fps_scan(uint32_t base, uint32_t len)
{
	const uint8_t *p = topology_map(base, len);

	if (!p)
		return NULL;
	for (uint32_t off = 0; off + sizeof(struct mp_fps) <= len; off += FPS_ALIGN) {
		const struct mp_fps *f = (const void *)(p + off);
		if (memcmp(f->sig, "_MP_", 4) != 0)
			continue;
		if (f->length >= 1 && topology_map(base + off, f->length * 16u) &&
		    topology_checksum_ok(f, f->length * 16u))
			return f;
		kprintf("mptable: floating pointer at %#x: bad checksum; ignored", base + off);
	}
	return NULL;
}

static const struct mp_fps *fps_find(void)
{
	const uint16_t *ebda = topology_map(BDA_EBDA_SEGMENT, sizeof(*ebda));
	const uint16_t *base_kb = topology_map(BDA_BASE_MEM_KB, sizeof(*base_kb));
	const struct mp_fps *f = NULL;

	if (ebda && *ebda)
		f = fps_scan((uint32_t)*ebda << 4, SCAN_LEN);
	if (!f && base_kb && *base_kb >= 1)
		f = fps_scan(((uint32_t)*base_kb - 1) << 10, SCAN_LEN);
	return f ? f : fps_scan(BIOS_ROM_BASE, BIOS_ROM_END - BIOS_ROM_BASE);
}

static const struct mp_config *config_get(const struct mp_fps *f)
{
	const struct mp_config *c;

	if (f->features[0]) {
		kprintf("mptable: default configuration %u is not supported", f->features[0]);
		return NULL;
	}
	c = topology_map(f->config, sizeof(*c));
	if (!c || memcmp(c->sig, "PCMP", 4) != 0) {
		kprintf("mptable: no configuration table at %#x", f->config);
		return NULL;
	}
	if (c->length < sizeof(*c) || !topology_map(f->config, c->length) ||
	    !topology_checksum_ok(c, c->length)) {
		kprintf("mptable: configuration table at %#x: bad length or checksum; ignored",
			f->config);
		return NULL;
	}
	return c;
}

static unsigned entry_size(uint8_t type)
{
	return type == MP_PROCESSOR ? sizeof(struct mp_processor) : 8;
}

static void mp_entry(struct smp_topology *t, struct mp_walk *w, const uint8_t *e)
{
	const struct mp_processor *cpu = (const void *)e;
	const struct mp_bus *bus = (const void *)e;
	const struct mp_ioapic *io = (const void *)e;
	const struct mp_ioint *irq = (const void *)e;

	switch (e[0]) {
	case MP_PROCESSOR:
		if (cpu->flags & MP_ENABLED)
			topology_add_cpu(t, cpu->apic_id);
		break;
	case MP_BUS:
		if (memcmp(bus->name, "ISA", 3) == 0)
			w->isa_buses[bus->id / 32] |= 1u << (bus->id % 32);
		break;
	case MP_IOAPIC:
		if ((io->flags & MP_ENABLED) && w->ioapic_id < 0) {
			w->ioapic_id = io->id;
			t->ioapic_phys = io->addr;
		}
		break;
	case MP_IOINT:
		/* Entries follow the buses and IOAPICs they name (MP spec 4.3). */
		if (irq->int_type == MP_INT_VECTORED &&
		    (w->isa_buses[irq->bus / 32] & (1u << (irq->bus % 32))) &&
		    (irq->ioapic_id == w->ioapic_id || irq->ioapic_id == MP_ALL_IOAPICS))
			topology_set_isa_irq(t, irq->bus_irq, irq->pin, irq->flags);
		break;
	default:
		break;
	}
}

int mptable_discover(struct smp_topology *t)
{
	const struct mp_fps *f = fps_find();
	const struct mp_config *c;
	struct mp_walk w = { .ioapic_id = -1 };
	const uint8_t *e, *end;

	t->source = "MP table";
	if (!f) {
		kprintf("mptable: no MP floating pointer");
		return -1;
	}
	if (!(c = config_get(f)))
		return -1;
	t->lapic_phys = c->lapic ? c->lapic : DEFAULT_LAPIC;
	t->imcr = (f->features[1] & MP_FEATURE_IMCR) != 0;
	e = (const uint8_t *)(c + 1);
	end = (const uint8_t *)c + c->length;
	for (unsigned i = 0; i < c->entries; i++) {
		if (e >= end || e[0] > MP_LINT || e + entry_size(e[0]) > end) {
			kprintf("mptable: entry %u: bad type or length; rest ignored", i);
			break;
		}
		mp_entry(t, &w, e);
		e += entry_size(e[0]);
	}
	kprintf("mptable: %u CPUs, local APIC %#x, IOAPIC %#x%s", t->ncpus + t->ncpus_ignored,
		t->lapic_phys, t->ioapic_phys, t->imcr ? ", IMCR" : "");
	return 0;
}
