/*
 * arch/i386/cpu_require.h - what the kernel requires of the CPU.
 *
 *   struct cpu_id               what CPUID said on the boot CPU
 *   cpu_missing(id)             CPU_NEED_* bits of the requirements it lacks
 *   cpu_missing_line(m, buf, n) the refusal line naming them
 *   cpu_family(id), cpu_model(id)  from CPUID.1 EAX, extended fields added
 *   cpu_vendor_is(id, name)     CPUID.0's vendor string is `name`
 *   cpu_apic_hidden_msr(id)     CPUID lists no local APIC, yet the APIC
 *                               base MSR may be read (lapic_pass_8259)
 *   cpu_fpu_save(id)            how a process's FPU state is saved (fpu.c)
 *   cpu_fpu_sse(id)             SSE registers to save with it (FXSAVE)
 *   cpu_check_boot()            (cpu_check.c) probe, and refuse a CPU that
 *                               lacks any; boot.S calls it first of all
 *   cpu_boot_id()               (cpu_check.c) the boot CPU's probe; valid
 *                               once cpu_check_boot has returned
 *   cpu_log_boot()              (cpu_check.c) the boot-log line: identity
 *                               and optional features
 *
 * The requirements, and why (docs/design.md, "CPU requirements"):
 *   CPUID  the only way to ask for the others (EFLAGS.ID toggles)
 *   PSE    the kernel's direct map is made of 4 MiB pages
 *   TSC    boot time, delays and the timers' calibration
 *   CMOV   the whole system is compiled for the i686 (-march=i686)
 * Everything else is used only where CPUID offers it: PGE (global kernel
 * pages), SEP (SYSENTER), APIC (SMP and the local timer; without one the
 * kernel runs on one CPU with the 8259 and the PIT), x2APIC.
 *
 * cpu_require.c is pure (host unit tests run it); it and cpu_check.c are
 * compiled for the i386 (arch.mk) so that any CPU gets as far as the line.
 */
#ifndef ARCH_I386_CPU_REQUIRE_H
#define ARCH_I386_CPU_REQUIRE_H

#include <stdbool.h>
#include <stdint.h>

#define CPU_NEED_CPUID	(1u << 0)
#define CPU_NEED_PSE	(1u << 1)
#define CPU_NEED_TSC	(1u << 2)
#define CPU_NEED_CMOV	(1u << 3)

/*
 * Status for arch_poweroff after a refusal: QEMU's isa-debug-exit then
 * exits 5, apart from a clean power off (0, QEMU 1) and a panic (1, QEMU 3).
 */
#define CPU_REFUSED_EXIT_STATUS	2

/* The refusal line's start, followed by the missing names, blank-separated. */
#define CPU_MISSING_PREFIX	"cpu: missing required features:"

struct cpu_id {
	uint32_t has_cpuid;	/* EFLAGS.ID could be toggled; nothing else valid if 0 */
	uint32_t max_leaf;	/* CPUID.0 EAX */
	uint32_t vendor[3];	/* CPUID.0 EBX, EDX, ECX: "GenuineIntel" */
	uint32_t signature;	/* CPUID.1 EAX: family, model, stepping; 0 below leaf 1 */
	uint32_t edx1;		/* CPUID.1 EDX features; 0 below leaf 1 */
	uint32_t ecx1;		/* CPUID.1 ECX features; 0 below leaf 1 */
};

uint32_t cpu_missing(const struct cpu_id *id);

/*
 * Writes CPU_MISSING_PREFIX and the name of each requirement in `missing`
 * ("cpu: missing required features: TSC CMOV"), no newline, NUL-terminated
 * and cut to fit `size` (> 0); returns the length written.
 */
unsigned cpu_missing_line(uint32_t missing, char *buf, unsigned size);

unsigned cpu_family(const struct cpu_id *id);
unsigned cpu_model(const struct cpu_id *id);
bool cpu_vendor_is(const struct cpu_id *id, const char *name);
bool cpu_apic_hidden_msr(const struct cpu_id *id);

/* cpu_fpu_save's answers. */
#define CPU_FPU_NONE	0	/* no x87: CR0.EM stays set */
#define CPU_FPU_FNSAVE	1	/* x87 without FXSR: FNSAVE/FRSTOR */
#define CPU_FPU_FXSAVE	2	/* FXSR: FXSAVE/FXRSTOR */
unsigned cpu_fpu_save(const struct cpu_id *id);
bool cpu_fpu_sse(const struct cpu_id *id);

void cpu_check_boot(void);
const struct cpu_id *cpu_boot_id(void);
void cpu_log_boot(void);

#endif /* ARCH_I386_CPU_REQUIRE_H */
