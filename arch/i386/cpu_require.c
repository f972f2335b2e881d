/*
 * arch/i386/cpu_require.c - the CPU requirements (cpu_require.h) as pure
 * functions of a CPUID result: which are missing, and the line naming them.
 *
 * Also the identity fields of a CPUID result.  Compiled for the i386 and run before the CPU check has passed, so it
 * calls nothing (not even lib/common, built for the i686).
 */
#include <arch/x86.h>
#include "arch/i386/cpu_require.h"

/* CPUID.1 EDX requirements, in the order the refusal line names them. */
static const struct {
	uint32_t need;
	uint32_t edx_bit;
	const char *name;
} edx_needs[] = {
	{ CPU_NEED_PSE, CPUID_EDX_PSE, "PSE" },
	{ CPU_NEED_TSC, CPUID_EDX_TSC, "TSC" },
	{ CPU_NEED_CMOV, CPUID_EDX_CMOV, "CMOV" },
};

#define NEEDS_COUNT	(sizeof(edx_needs) / sizeof(edx_needs[0]))

/* Without CPUID nothing else can be asked: CPUID alone is reported. */
uint32_t cpu_missing(const struct cpu_id *id)
{
	uint32_t missing = 0;

	if (!id->has_cpuid)
		return CPU_NEED_CPUID;
	for (unsigned i = 0; i < NEEDS_COUNT; i++)
		if (id->max_leaf < 1 || !(id->edx1 & edx_needs[i].edx_bit))
			missing |= edx_needs[i].need;
	return missing;
}

/* Appends s at *len, keeping room for the NUL. */
static void append(char *buf, unsigned size, unsigned *len, const char *s)
{
	while (*s && *len + 1 < size)
		buf[(*len)++] = *s++;
}

unsigned cpu_missing_line(uint32_t missing, char *buf, unsigned size)
{
	unsigned len = 0;

	append(buf, size, &len, CPU_MISSING_PREFIX);
	if (missing & CPU_NEED_CPUID)
		append(buf, size, &len, " CPUID");
	for (unsigned i = 0; i < NEEDS_COUNT; i++) {
		if (missing & edx_needs[i].need) {
			append(buf, size, &len, " ");
			append(buf, size, &len, edx_needs[i].name);
		}
	}
	buf[len] = '\0';
	return len;
}

/* The displayed family: 0xf adds the extended family (CPUID.1 EAX[27:20]). */
unsigned cpu_family(const struct cpu_id *id)
{
	unsigned family = (id->signature >> 8) & 0xf;

	return family == 0xf ? family + ((id->signature >> 20) & 0xff) : family;
}

/* The displayed model: families 6 and 0xf add the extended model (EAX[19:16]). */
unsigned cpu_model(const struct cpu_id *id)
{
	unsigned family = (id->signature >> 8) & 0xf, model = (id->signature >> 4) & 0xf;

	if (family == 0x6 || family == 0xf)
		model |= ((id->signature >> 16) & 0xf) << 4;
	return model;
}

/* name: the 12-character vendor string, "GenuineIntel". */
bool cpu_vendor_is(const struct cpu_id *id, const char *name)
{
	const char *v = (const char *)id->vendor;

	for (unsigned i = 0; i < sizeof(id->vendor); i++)
		if (v[i] != name[i])
			return false;
	return name[sizeof(id->vendor)] == '\0';
}

/*
 * The APIC base MSR (0x1b) exists on Intel and AMD CPUs of family 6 and
 * later that have MSRs, whether CPUID lists the APIC or not; other CPUs
 * without the APIC bit may fault on it.
 */
bool cpu_apic_hidden_msr(const struct cpu_id *id)
{
	if ((id->edx1 & CPUID_EDX_APIC) || !(id->edx1 & CPUID_EDX_MSR) || cpu_family(id) < 6)
		return false;
	return cpu_vendor_is(id, "GenuineIntel") || cpu_vendor_is(id, "AuthenticAMD");
}

unsigned cpu_fpu_save(const struct cpu_id *id)
{
	if (!(id->edx1 & CPUID_EDX_FPU))
		return CPU_FPU_NONE;
	return (id->edx1 & CPUID_EDX_FXSR) ? CPU_FPU_FXSAVE : CPU_FPU_FNSAVE;
}

/* SSE state exists only with FXSR (CR4.OSFXSR enables both). */
bool cpu_fpu_sse(const struct cpu_id *id)
{
	return cpu_fpu_save(id) == CPU_FPU_FXSAVE && (id->edx1 & CPUID_EDX_SSE);
}
