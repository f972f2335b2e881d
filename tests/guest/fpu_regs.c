/*
 * tests/guest/fpu_regs.c - x87 and SSE register patterns (fpu_regs.h).
 */
#include "fpu_regs.h"

#define CPUID_EDX_SSE	(1u << 25)
#define CHK(c)	do { if (!(c)) return __LINE__; } while (0)

int has_sse;

int fpu_has_sse(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (d & CPUID_EDX_SSE) != 0;
}

static void xmm_store(uint32_t x[32])
{
	__asm__ volatile("movups %%xmm0, 0(%0)\n\tmovups %%xmm1, 16(%0)\n\t"
			 "movups %%xmm2, 32(%0)\n\tmovups %%xmm3, 48(%0)\n\t"
			 "movups %%xmm4, 64(%0)\n\tmovups %%xmm5, 80(%0)\n\t"
			 "movups %%xmm6, 96(%0)\n\tmovups %%xmm7, 112(%0)"
			 : : "r"(x) : "memory");
}

void fpu_load(uint32_t seed)
{
	int32_t v[8];
	uint32_t x[32];
	uint16_t cw = (uint16_t)(FCW_DEFAULT ^ ((seed & 3) << 10));
	uint32_t mx = MXCSR_DEFAULT | ((seed & 3) << 13);

	for (int i = 0; i < 8; i++)
		v[i] = (int32_t)(seed * 16 + (uint32_t)i);
	for (int i = 0; i < 32; i++)
		x[i] = seed * 0x01000193u + (uint32_t)i;
	__asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
	for (int i = 0; i < 8; i++)
		__asm__ volatile("fildl %0" : : "m"(v[i]));
	if (!has_sse)
		return;
	__asm__ volatile("ldmxcsr %0" : : "m"(mx));
	__asm__ volatile("movups 0(%0), %%xmm0\n\tmovups 16(%0), %%xmm1\n\t"
			 "movups 32(%0), %%xmm2\n\tmovups 48(%0), %%xmm3\n\t"
			 "movups 64(%0), %%xmm4\n\tmovups 80(%0), %%xmm5\n\t"
			 "movups 96(%0), %%xmm6\n\tmovups 112(%0), %%xmm7"
			 : : "r"(x) : "memory");
}

int fpu_check(uint32_t seed)
{
	int32_t v[8];
	uint32_t x[32];
	uint16_t cw;
	uint32_t mx = 0;

	__asm__ volatile("fnstcw %0" : "=m"(cw));
	for (int i = 7; i >= 0; i--)
		__asm__ volatile("fistpl %0" : "=m"(v[i]));
	CHK(cw == (uint16_t)(FCW_DEFAULT ^ ((seed & 3) << 10)));
	for (int i = 0; i < 8; i++)
		CHK(v[i] == (int32_t)(seed * 16 + (uint32_t)i));
	if (!has_sse)
		return 0;
	__asm__ volatile("stmxcsr %0" : "=m"(mx));
	xmm_store(x);
	CHK(mx == (MXCSR_DEFAULT | ((seed & 3) << 13)));
	for (int i = 0; i < 32; i++)
		CHK(x[i] == seed * 0x01000193u + (uint32_t)i);
	return 0;
}

int fpu_recheck(uint32_t seed)
{
	int r = fpu_check(seed);

	fpu_load(seed);
	return r;
}

int fpu_is_fresh(void)
{
	uint16_t env[14];		/* FNSTENV: cw, sw, tag words with gaps */
	uint32_t x[32], mx = 0;

	has_sse = fpu_has_sse();
	__asm__ volatile("fnstenv %0" : "=m"(env));
	if (env[0] != FCW_DEFAULT || env[4] != 0xffff)	/* control word; all tags empty */
		return 1;
	if (!has_sse)
		return 0;
	__asm__ volatile("stmxcsr %0" : "=m"(mx));
	xmm_store(x);
	if (mx != MXCSR_DEFAULT)
		return 2;
	for (int i = 0; i < 32; i++)
		if (x[i])
			return 3;
	return 0;
}
