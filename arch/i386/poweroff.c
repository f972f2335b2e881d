/*
 * arch/i386/poweroff.c - arch_poweroff: the end of the machine.
 *
 * The status goes to QEMU's isa-debug-exit device, which makes QEMU exit
 * with (status << 1) | 1: 0 a clean power off (QEMU 1), 1 a panic
 * (kernel/panic.c, QEMU 3), CPU_REFUSED_EXIT_STATUS 2 a CPU the kernel
 * cannot run on (cpu_check.c, QEMU 5); SYS_ABORT passes a process's own.
 * Then the PIIX4 ACPI sleep port, then halt.  Compiled for the i386
 * (arch.mk): the CPU check uses it before the kernel may run i686 code.
 */
#include <arch/arch.h>
#include <arch/x86.h>

#define DEBUG_EXIT_PORT		0xf4	/* QEMU isa-debug-exit */
#define ACPI_PM1A_QEMU_PIIX	0x604	/* QEMU's PIIX4 PM1a control */
#define ACPI_SLP_EN_S5		0x2000

void arch_poweroff(int status)
{
	outb(DEBUG_EXIT_PORT, (uint8_t)status);
	outw(ACPI_PM1A_QEMU_PIIX, ACPI_SLP_EN_S5);
	for (;;)
		__asm__ volatile("cli; hlt");
}
