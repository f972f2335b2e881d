/*
 * arch/i386/acpi.c - finding ACPI tables (smp/acpi.h) on a PC: RSDP (EBDA or
 * 0xe0000-0xfffff) -> XSDT or RSDT -> the table with a given signature.
 * The root table is looked up once and remembered for the later lookups.
 */
#include <string.h>
#include "kernel/kernel.h"
#include "smp/acpi.h"
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

_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP layout");

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

/* The table at pa if it has signature sig (any if NULL), a sane length and a good checksum. */
const struct acpi_header *acpi_table_at(uint64_t pa, const char *sig)
{
	const struct acpi_header *h = topology_map(pa, sizeof(*h));

	if (!h) {
		kprintf("acpi: %s at %#llx: cannot be mapped; ignored", sig ? sig : "table",
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

/* The root table and the size of its entries, found once. */
static const struct acpi_header *root;
static unsigned root_entry_size;
static bool root_searched;

static void root_find(void)
{
	const struct acpi_rsdp *r = rsdp_find();

	root_searched = true;
	if (!r) {
		kprintf("acpi: no RSDP");
		return;
	}
	if (r->revision >= 2 && r->xsdt && topology_checksum_ok(r, sizeof(*r))) {
		root = acpi_table_at(r->xsdt, "XSDT");
		root_entry_size = 8;
	}
	if (!root) {
		root = acpi_table_at(r->rsdt, "RSDT");
		root_entry_size = 4;
	}
}

const struct acpi_header *acpi_table(const char *sig)
{
	if (!root_searched)
		root_find();
	if (!root)
		return NULL;
	for (uint32_t off = sizeof(*root); off + root_entry_size <= root->length;
	     off += root_entry_size) {
		const uint8_t *e = (const uint8_t *)root + off;
		uint64_t pa = 0;
		const struct acpi_header *h;

		memcpy(&pa, e, root_entry_size);
		h = acpi_table_at(pa, NULL);
		if (h && memcmp(h->sig, sig, 4) == 0)
			return h;
	}
	return NULL;
}
