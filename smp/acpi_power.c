/*
 * smp/acpi_power.c - acpi_power_init (smp/acpi.h): the registers of ACPI
 * soft-off (S5), the power-off that works on real machines and emulators
 * alike, handed to arch_poweroff (arch_set_acpi_s5, arch/arch.h).
 *
 * From the FADT: the PM1a and PM1b control blocks (I/O ports: the 32-bit
 * fields, else the extended ones if they are in I/O space), SMI_CMD and
 * ACPI_ENABLE; from the DSDT's \_S5 object (aml_find_s5): the sleep type
 * for each block.  Boot CPU, during smp_discover.
 */
#include <string.h>
#include <arch/arch.h>
#include "kernel/kernel.h"
#include "smp/acpi.h"

#define GAS_SYSTEM_IO		1
#define FADT_X_FIELDS_LEN	196	/* a FADT this long has the 64-bit fields */

/* The parts of the FADT (ACPI 1.0 fields, then the 2.0 extended ones) we read. */
struct acpi_gas {
	uint8_t space, bit_width, bit_offset, access_size;
	uint64_t address;
} __attribute__((packed));

struct fadt {
	struct acpi_header h;
	uint32_t firmware_ctrl, dsdt;
	uint8_t reserved0, pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
	uint32_t pm1a_evt, pm1b_evt, pm1a_cnt, pm1b_cnt;
	uint8_t unused[132 - 72];
	uint64_t x_firmware_ctrl, x_dsdt;
	struct acpi_gas x_pm1a_evt, x_pm1b_evt, x_pm1a_cnt, x_pm1b_cnt;
} __attribute__((packed));

_Static_assert(__builtin_offsetof(struct fadt, pm1a_cnt) == 64, "FADT layout");
_Static_assert(__builtin_offsetof(struct fadt, x_dsdt) == 140, "FADT layout");
_Static_assert(sizeof(struct fadt) == FADT_X_FIELDS_LEN, "FADT layout");

/* An I/O port control block: the 32-bit field, else the extended one if it is I/O space. */
static uint16_t pm1_port(uint32_t blk, const struct acpi_gas *x, bool have_x)
{
	if (blk && blk <= 0xffff)
		return (uint16_t)blk;
	if (have_x && x->space == GAS_SYSTEM_IO && x->address && x->address <= 0xffff)
		return (uint16_t)x->address;
	return 0;
}

void acpi_power_init(void)
{
	const struct fadt *f = (const struct fadt *)acpi_table("FACP");
	const struct acpi_header *dsdt;
	struct arch_acpi_s5 s5 = { 0 };
	bool have_x;

	if (!f || f->h.length < __builtin_offsetof(struct fadt, unused)) {
		kprintf("acpi: no valid FADT: no ACPI power-off");
		return;
	}
	have_x = f->h.length >= FADT_X_FIELDS_LEN;
	dsdt = acpi_table_at(have_x && f->x_dsdt ? f->x_dsdt : f->dsdt, "DSDT");
	if (!dsdt || aml_find_s5((const uint8_t *)(dsdt + 1), dsdt->length - sizeof(*dsdt),
				 &s5.slp_typa, &s5.slp_typb) != 0) {
		kprintf("acpi: no \\_S5 object in the DSDT: no ACPI power-off");
		return;
	}
	s5.pm1a_cnt = pm1_port(f->pm1a_cnt, &f->x_pm1a_cnt, have_x);
	s5.pm1b_cnt = pm1_port(f->pm1b_cnt, &f->x_pm1b_cnt, have_x);
	s5.smi_cmd = f->smi_cmd <= 0xffff ? (uint16_t)f->smi_cmd : 0;
	s5.acpi_enable = f->acpi_enable;
	if (!s5.pm1a_cnt) {
		kprintf("acpi: FADT has no I/O-port PM1a control block: no ACPI power-off");
		return;
	}
	arch_set_acpi_s5(&s5);
	kprintf("acpi: power-off: PM1a control %#x SLP_TYP %u, PM1b control %#x SLP_TYP %u",
		s5.pm1a_cnt, s5.slp_typa, s5.pm1b_cnt, s5.slp_typb);
}
