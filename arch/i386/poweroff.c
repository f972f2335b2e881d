/*
 * arch/i386/poweroff.c - arch_poweroff: the end of the machine.
 *
 * The status goes to QEMU's isa-debug-exit device first, which makes QEMU
 * exit with (status << 1) | 1: 0 a clean power off (QEMU 1), 1 a panic
 * (kernel/panic.c, QEMU 3), CPU_REFUSED_EXIT_STATUS 2 a CPU the kernel
 * cannot run on (cpu_check.c, QEMU 5); SYS_ABORT passes a process's own.
 * Then ACPI soft-off (S5), which QEMU without that device (it then exits
 * 0), Bochs and real machines obey: with the registers arch_set_acpi_s5
 * was given at boot (smp/acpi_power.c), switch to ACPI mode if the
 * firmware left the machine in legacy mode (SCI_EN clear: ACPI_ENABLE to
 * SMI_CMD, then poll SCI_EN for a while), and write SLP_TYP, then SLP_TYP
 * | SLP_EN, to PM1a and PM1b control.  Without them, or if the machine
 * stays on, halt.  Compiled for the i386 (arch.mk): the CPU check uses it
 * before the kernel may run i686 code.
 */
#include <arch/arch.h>
#include <arch/x86.h>

#define DEBUG_EXIT_PORT		0xf4	/* QEMU isa-debug-exit */
#define PM1_SCI_EN		(1u << 0)
#define PM1_SLP_TYP_SHIFT	10
#define PM1_SLP_TYP_MASK	(7u << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN		(1u << 13)
#define SCI_EN_POLLS		3000000	/* port reads, about a microsecond each */

static struct arch_acpi_s5 s5;		/* written once at boot, before other CPUs run */

void arch_set_acpi_s5(const struct arch_acpi_s5 *regs)
{
	s5 = *regs;
}

static void enter_acpi_mode(void)
{
	if ((inw(s5.pm1a_cnt) & PM1_SCI_EN) || !s5.smi_cmd || !s5.acpi_enable)
		return;		/* already, or hardware-reduced / always ACPI */
	outb(s5.smi_cmd, s5.acpi_enable);
	for (uint32_t i = 0; i < SCI_EN_POLLS && !(inw(s5.pm1a_cnt) & PM1_SCI_EN); i++)
		continue;
}

static void write_slp(uint16_t port, uint8_t typ)
{
	uint16_t v = (uint16_t)(inw(port) & ~(PM1_SLP_TYP_MASK | PM1_SLP_EN));

	v |= (uint16_t)(((uint32_t)typ << PM1_SLP_TYP_SHIFT) & PM1_SLP_TYP_MASK);
	outw(port, v);
	outw(port, (uint16_t)(v | PM1_SLP_EN));
}

void arch_poweroff(int status)
{
	outb(DEBUG_EXIT_PORT, (uint8_t)status);
	if (s5.pm1a_cnt) {
		enter_acpi_mode();
		write_slp(s5.pm1a_cnt, s5.slp_typa);
		if (s5.pm1b_cnt)
			write_slp(s5.pm1b_cnt, s5.slp_typb);
	}
	for (;;)
		__asm__ volatile("cli; hlt");
}
