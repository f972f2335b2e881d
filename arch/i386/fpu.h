/*
 * arch/i386/fpu.h - fpu.c's interface inside arch/i386 (the portable
 * kernel's share is arch/fpu.h).
 *
 *   fpu_init_cpu()          each CPU, once: CR0 and CR4 for the FPU the
 *                           boot CPU's CPUID lists (the boot CPU first)
 *   fpu_trap(p)             #NM from user mode: false without an FPU
 *   fpu_enter(c, p)         the general path switches to p: under eager,
 *                           p's state, if any and not live, is restored
 *                           now (inline: one test of fpu_eager under lazy)
 *   fpu_sigframe_out(p, b)  the state of p for its signal frame
 *   fpu_sigframe_in(p, u, b)  p's state from a signal frame, made safe;
 *                           !u: none (its handler starts with a fresh one)
 */
#ifndef ARCH_I386_FPU_H
#define ARCH_I386_FPU_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/fpu.h>
#include "kernel/proc.h"

struct cpu;
struct proc;

void fpu_init_cpu(void);
bool fpu_trap(struct proc *p);
extern bool fpu_eager;			/* fpu=eager; immutable once processes run */
void fpu_enter_eager(struct cpu *c, struct proc *p);

static inline void fpu_enter(struct cpu *c, struct proc *p)
{
	if (__builtin_expect(fpu_eager, 0) && p->arch.fpu.used && !(p->misc_flags & MF_FPU_LIVE))
		fpu_enter_eager(c, p);
}
bool fpu_sigframe_out(struct proc *p, uint8_t image[FPU_AREA_SIZE]);
void fpu_sigframe_in(struct proc *p, bool used, const uint8_t image[FPU_AREA_SIZE]);

#endif /* ARCH_I386_FPU_H */
