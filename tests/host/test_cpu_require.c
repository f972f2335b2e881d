/*
 * tests/host/test_cpu_require.c - host tests of arch/i386/cpu_require.c:
 * which CPUs the kernel refuses, and the line that says why.
 *
 * The CPUID results are those QEMU's models report (leaf 1 EDX), so that
 * the table below is the one docs/design.md gives for -cpu 486 ... max.
 */
#include <string.h>
#include "tests/host/host_test.h"
#include <arch/x86.h>
#include "arch/i386/cpu_require.h"

/* CPUID.1 EDX of QEMU's models (target/i386/cpu.c feature sets). */
#define EDX_486		((1u << 0) | (1u << 1) | CPUID_EDX_PSE)	/* FPU VME PSE */
#define EDX_PENTIUM	(EDX_486 | (1u << 2) | CPUID_EDX_TSC | CPUID_EDX_MSR | (1u << 7) | \
			 (1u << 8) | (1u << 23) | CPUID_EDX_APIC)
#define EDX_PENTIUM2	(EDX_PENTIUM | (1u << 6) | CPUID_EDX_SEP | (1u << 12) | CPUID_EDX_PGE | \
			 (1u << 14) | CPUID_EDX_CMOV | (1u << 16) | (1u << 17) | (1u << 24))

static struct cpu_id with_edx(uint32_t edx)
{
	struct cpu_id id = { .has_cpuid = 1, .max_leaf = 1, .edx1 = edx };

	return id;
}

static void check_line(uint32_t missing, const char *want)
{
	char buf[80];
	unsigned len = cpu_missing_line(missing, buf, sizeof(buf));

	assert_string_equal(buf, want);
	assert_int_equal(len, strlen(want));
}

static void test_i686_accepted(void **state)
{
	(void)state;
	struct cpu_id p2 = with_edx(EDX_PENTIUM2);
	struct cpu_id sse2 = with_edx(EDX_PENTIUM2 | CPUID_EDX_SSE2);
	struct cpu_id no_apic = with_edx(EDX_PENTIUM2 & ~CPUID_EDX_APIC);
	struct cpu_id no_pge_sep = with_edx(EDX_PENTIUM2 & ~(CPUID_EDX_PGE | CPUID_EDX_SEP));

	assert_int_equal(cpu_missing(&p2), 0);
	assert_int_equal(cpu_missing(&sse2), 0);
	assert_int_equal(cpu_missing(&no_apic), 0);
	assert_int_equal(cpu_missing(&no_pge_sep), 0);
}

static void test_pentium_lacks_cmov(void **state)
{
	(void)state;
	struct cpu_id id = with_edx(EDX_PENTIUM);

	assert_int_equal(cpu_missing(&id), CPU_NEED_CMOV);
	check_line(cpu_missing(&id), "cpu: missing required features: CMOV");
}

static void test_486_lacks_tsc_cmov(void **state)
{
	(void)state;
	struct cpu_id id = with_edx(EDX_486);

	assert_int_equal(cpu_missing(&id), CPU_NEED_TSC | CPU_NEED_CMOV);
	check_line(cpu_missing(&id), "cpu: missing required features: TSC CMOV");
}

static void test_each_requirement(void **state)
{
	(void)state;
	struct cpu_id no_pse = with_edx(EDX_PENTIUM2 & ~CPUID_EDX_PSE);
	struct cpu_id no_tsc = with_edx(EDX_PENTIUM2 & ~CPUID_EDX_TSC);

	assert_int_equal(cpu_missing(&no_pse), CPU_NEED_PSE);
	assert_int_equal(cpu_missing(&no_tsc), CPU_NEED_TSC);
	check_line(CPU_NEED_PSE, "cpu: missing required features: PSE");
}

/* Leaf 1 absent: its EDX is not asked, so every EDX requirement is missing. */
static void test_no_leaf1(void **state)
{
	(void)state;
	struct cpu_id id = { .has_cpuid = 1, .max_leaf = 0, .edx1 = EDX_PENTIUM2 };

	assert_int_equal(cpu_missing(&id), CPU_NEED_PSE | CPU_NEED_TSC | CPU_NEED_CMOV);
	check_line(cpu_missing(&id), "cpu: missing required features: PSE TSC CMOV");
}

/* No CPUID at all (an early 486): that alone is named. */
static void test_no_cpuid(void **state)
{
	(void)state;
	struct cpu_id id = { .has_cpuid = 0, .max_leaf = 5, .edx1 = EDX_PENTIUM2 };

	assert_int_equal(cpu_missing(&id), CPU_NEED_CPUID);
	check_line(CPU_NEED_CPUID, "cpu: missing required features: CPUID");
}

/* A short buffer gets the line cut, NUL-terminated, never overrun. */
static void test_line_cut_to_size(void **state)
{
	(void)state;
	char buf[12];

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cpu_missing_line(CPU_NEED_CMOV, buf, 8), 7);
	assert_string_equal(buf, "cpu: mi");
	assert_int_equal(buf[8], 'x');
	assert_int_equal(cpu_missing_line(CPU_NEED_CMOV, buf, 1), 0);
	assert_string_equal(buf, "");
}

/* CPUID.0 vendor words in EBX, EDX, ECX order, as cpu_check.c stores them. */
static void set_vendor(struct cpu_id *id, const char *v)
{
	memcpy(id->vendor, v, sizeof(id->vendor));
}

static void test_identity(void **state)
{
	(void)state;
	struct cpu_id id = with_edx(EDX_PENTIUM2);

	id.signature = 0x00000652;		/* QEMU pentium2: family 6 model 5 */
	assert_int_equal(cpu_family(&id), 6);
	assert_int_equal(cpu_model(&id), 5);
	id.signature = 0x000306a9;		/* family 6, extended model 3: model 0x3a */
	assert_int_equal(cpu_model(&id), 0x3a);
	id.signature = 0x00800f12;		/* EPYC: family 0xf + 8, model 1 */
	assert_int_equal(cpu_family(&id), 0x17);
	assert_int_equal(cpu_model(&id), 1);
	id.signature = 0x00010543;		/* family 5: the extended model is not added */
	assert_int_equal(cpu_model(&id), 4);

	set_vendor(&id, "GenuineIntel");
	assert_true(cpu_vendor_is(&id, "GenuineIntel"));
	assert_false(cpu_vendor_is(&id, "AuthenticAMD"));
	assert_false(cpu_vendor_is(&id, "GenuineIntelX"));
	assert_false(cpu_vendor_is(&id, "Genuine"));
}

/* Only an Intel or AMD i686 with MSRs whose CPUID lacks the APIC qualifies. */
static void test_apic_hidden_msr(void **state)
{
	(void)state;
	struct cpu_id id = with_edx(EDX_PENTIUM2 & ~CPUID_EDX_APIC);

	id.signature = 0x00000663;		/* QEMU qemu32: family 6 */
	set_vendor(&id, "GenuineIntel");
	assert_true(cpu_apic_hidden_msr(&id));
	set_vendor(&id, "AuthenticAMD");
	assert_true(cpu_apic_hidden_msr(&id));
	set_vendor(&id, "CyrixInstead");
	assert_false(cpu_apic_hidden_msr(&id));

	set_vendor(&id, "GenuineIntel");
	id.edx1 |= CPUID_EDX_APIC;		/* listed: the ordinary APIC path */
	assert_false(cpu_apic_hidden_msr(&id));
	id.edx1 &= ~(CPUID_EDX_APIC | CPUID_EDX_MSR);
	assert_false(cpu_apic_hidden_msr(&id));
	id.edx1 |= CPUID_EDX_MSR;
	id.signature = 0x00000543;		/* family 5: a Pentium's MSRs lack it */
	assert_false(cpu_apic_hidden_msr(&id));
}

/* How the FPU state is saved: FXSAVE with FXSR, FNSAVE without, nothing without an x87. */
static void test_fpu_save(void **state)
{
	(void)state;
	struct cpu_id p2 = with_edx(EDX_PENTIUM2);
	struct cpu_id p3 = with_edx(EDX_PENTIUM2 | CPUID_EDX_SSE);
	struct cpu_id pentium = with_edx(EDX_PENTIUM);
	struct cpu_id no_x87 = with_edx(EDX_PENTIUM2 & ~CPUID_EDX_FPU);
	struct cpu_id sse_no_fxsr = with_edx((EDX_PENTIUM2 | CPUID_EDX_SSE) & ~CPUID_EDX_FXSR);

	assert_int_equal(cpu_fpu_save(&p2), CPU_FPU_FXSAVE);
	assert_false(cpu_fpu_sse(&p2));
	assert_int_equal(cpu_fpu_save(&p3), CPU_FPU_FXSAVE);
	assert_true(cpu_fpu_sse(&p3));
	assert_int_equal(cpu_fpu_save(&pentium), CPU_FPU_FNSAVE);
	assert_false(cpu_fpu_sse(&pentium));
	assert_int_equal(cpu_fpu_save(&no_x87), CPU_FPU_NONE);
	assert_false(cpu_fpu_sse(&no_x87));
	assert_int_equal(cpu_fpu_save(&sse_no_fxsr), CPU_FPU_FNSAVE);
	assert_false(cpu_fpu_sse(&sse_no_fxsr));	/* no OSFXSR, no SSE state */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("cpu_require", "i686_accepted", test_i686_accepted),
		HOST_TEST("cpu_require", "pentium_lacks_cmov", test_pentium_lacks_cmov),
		HOST_TEST("cpu_require", "486_lacks_tsc_cmov", test_486_lacks_tsc_cmov),
		HOST_TEST("cpu_require", "each_requirement", test_each_requirement),
		HOST_TEST("cpu_require", "no_leaf1", test_no_leaf1),
		HOST_TEST("cpu_require", "no_cpuid", test_no_cpuid),
		HOST_TEST("cpu_require", "line_cut_to_size", test_line_cut_to_size),
		HOST_TEST("cpu_require", "identity", test_identity),
		HOST_TEST("cpu_require", "apic_hidden_msr", test_apic_hidden_msr),
		HOST_TEST("cpu_require", "fpu_save", test_fpu_save),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
