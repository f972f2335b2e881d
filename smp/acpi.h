/*
 * smp/acpi.h - the ACPI tables the kernel reads at boot, and what it takes
 * from them.
 *
 *   acpi_table(sig)         the first table with signature sig listed by
 *                           the XSDT (ACPI 2+) or the RSDT, found through
 *                           the RSDP (a PC's EBDA or 0xe0000-0xfffff:
 *                           arch/i386/acpi.c); NULL if none.  Every
 *                           table's length and checksum are checked
 *                           first; a bad one is reported and skipped.
 *   acpi_table_at(pa, sig)  the table at pa, checked the same way
 *   acpi_discover(t)        processors and interrupt controllers from the
 *                           MADT (smp/madt.c, declared in smp/topology.h)
 *   acpi_power_init()       the S5 (soft-off) registers from the FADT and
 *                           the DSDT's \_S5 object, for arch_poweroff
 *                           (arch_set_acpi_s5; smp/acpi_power.c)
 *   aml_find_s5(aml, len, &a, &b)
 *                           SLP_TYPa and SLP_TYPb of Name(\_S5, Package
 *                           (){a, b, ...}) in AML bytes; 0, or -1 if not
 *                           found (smp/aml_s5.c, portable)
 *
 * Tables are reached through arch_firmware_map (arch/paging.h), so the
 * pointers are valid only during boot discovery (smp_discover); what is
 * kept afterwards is copied out.
 */
#ifndef SMP_ACPI_H
#define SMP_ACPI_H

#include <stdint.h>

struct acpi_header {
	char sig[4];
	uint32_t length;		/* header included */
	uint8_t revision;
	uint8_t checksum;
	char oem[6], oem_table[8];
	uint32_t oem_revision, creator, creator_revision;
} __attribute__((packed));

_Static_assert(sizeof(struct acpi_header) == 36, "SDT header layout");

const struct acpi_header *acpi_table(const char *sig);
const struct acpi_header *acpi_table_at(uint64_t pa, const char *sig);
void acpi_power_init(void);
int aml_find_s5(const uint8_t *aml, uint32_t len, uint8_t *typa, uint8_t *typb);

#endif /* SMP_ACPI_H */
