/*
 * tests/guest/fpu_regs.h - x87 and SSE register patterns for the tests of
 * the user FPU state (fpu_test, pm_test).  The userland is compiled
 * without FPU code (-mno-80387 -mno-sse): only these functions touch the
 * registers, so nothing disturbs them between a load and its check.
 */
#ifndef TESTS_GUEST_FPU_REGS_H
#define TESTS_GUEST_FPU_REGS_H

#include <stdint.h>

#define FCW_DEFAULT	0x037f		/* after exec: x87 exceptions masked */
#define MXCSR_DEFAULT	0x1f80		/* after exec: SIMD exceptions masked */

extern int has_sse;			/* set by the program: fpu_has_sse() */

int fpu_has_sse(void);			/* CPUID lists SSE */

/*
 * Loads seed's pattern: eight x87 values, a control word (rounding
 * control), and with SSE the eight XMM registers and an MXCSR (rounding).
 */
void fpu_load(uint32_t seed);

/*
 * 0 if the registers hold seed's pattern, else the source line of the
 * first difference.  Empties the x87 stack: load again before the next
 * check.
 */
int fpu_check(uint32_t seed);

int fpu_recheck(uint32_t seed);		/* fpu_check, then fpu_load */

/* 0 if the state is the one exec leaves (nothing of another program's), else 1..3. */
int fpu_is_fresh(void);

#endif /* TESTS_GUEST_FPU_REGS_H */
