/*
 * arch/i386/cpu_check.c - the boot CPU's CPUID probe and the refusal of a
 * CPU the kernel cannot run on (the requirements: cpu_require.h).
 *
 * boot.S calls cpu_check_boot() before anything else: paging off, no IDT,
 * on the boot stack.  This file, cpu_require.c, serial.c and poweroff.c
 * are compiled for the i386 (arch.mk) so that a 486 or a Pentium runs it
 * as far as the refusal line; nothing here may call other kernel code
 * (kprintf, lib/common) before the check has passed.
 */
#include <fmt.h>
#include <arch/arch.h>
#include <arch/x86.h>
#include "arch/i386/cpu_require.h"
#include "kernel/kernel.h"

static struct cpu_id boot_id;		/* written once, by cpu_check_boot */

/* Whether EFLAGS.ID can be flipped: the test for CPUID (a 486 may lack it). */
static uint32_t cpuid_present(void)
{
	uint32_t before, after;

	__asm__ volatile("pushfl\n\t"
			 "pushfl\n\t"
			 "popl %0\n\t"
			 "movl %0, %1\n\t"
			 "xorl %2, %1\n\t"
			 "pushl %1\n\t"
			 "popfl\n\t"
			 "pushfl\n\t"
			 "popl %1\n\t"
			 "popfl"			/* EFLAGS as they were */
			 : "=&r"(before), "=&r"(after) : "i"(EFLAGS_ID) : "cc");
	return ((before ^ after) & EFLAGS_ID) != 0;
}

static void probe(struct cpu_id *id)
{
	uint32_t r[4];

	id->has_cpuid = cpuid_present();
	if (!id->has_cpuid)
		return;
	cpuid(0, 0, r);
	id->max_leaf = r[0];
	id->vendor[0] = r[1];
	id->vendor[1] = r[3];
	id->vendor[2] = r[2];
	if (id->max_leaf < 1)
		return;
	cpuid(1, 0, r);
	id->signature = r[0];
	id->ecx1 = r[2];
	id->edx1 = r[3];
}

/* Returns only on a CPU that has every requirement. */
void cpu_check_boot(void)
{
	char line[80];
	unsigned len;
	uint32_t missing;

	probe(&boot_id);
	missing = cpu_missing(&boot_id);
	if (!missing)
		return;
	len = cpu_missing_line(missing, line, sizeof(line) - 1);
	line[len++] = '\n';
	arch_console_init();
	arch_console_write(line, len);
	arch_poweroff(CPU_REFUSED_EXIT_STATUS);
}

const struct cpu_id *cpu_boot_id(void)
{
	return &boot_id;
}

/* Features used where present (cpu_require.h), as the boot log names them. */
static const struct {
	uint32_t *word;
	uint32_t bit;
	const char *name;
} optional[] = {
	{ &boot_id.edx1, CPUID_EDX_PGE, "PGE" },
	{ &boot_id.edx1, CPUID_EDX_SEP, "SEP" },
	{ &boot_id.edx1, CPUID_EDX_APIC, "APIC" },
	{ &boot_id.ecx1, CPUID_ECX_X2APIC, "x2APIC" },
	{ &boot_id.edx1, CPUID_EDX_SSE2, "SSE2" },
};

/*
 * Boot CPU, once the console works: one boot-log line with the CPU's
 * identity and which optional features it has ("cpu: GenuineIntel family
 * 6 model 3 stepping 3, with PGE SEP APIC, without x2APIC SSE2").
 */
void cpu_log_boot(void)
{
	char with[48] = "", without[48] = "";
	unsigned wlen = 0, wolen = 0;

	for (unsigned i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		if (*optional[i].word & optional[i].bit)
			wlen += fmt_snprintf(with + wlen, sizeof(with) - wlen, " %s", optional[i].name);
		else
			wolen += fmt_snprintf(without + wolen, sizeof(without) - wolen, " %s",
					   optional[i].name);
	}
	kprintf("cpu: %.12s family %u model %u stepping %u, with%s, without%s",
		(const char *)boot_id.vendor, cpu_family(&boot_id), cpu_model(&boot_id),
		boot_id.signature & 0xf,
		wlen ? with : " none", wolen ? without : " none");
}
