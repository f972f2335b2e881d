/*
 * arch/switch.h - the return into a user process, inline for the paths
 * that switch without the scheduler (the IPC fast paths); everything else
 * calls arch_switch_to_user (platform.c), the same code out of line.
 *
 * It loads p's address space, points esp0 (and the SYSENTER door) past
 * its frame, and returns into it: SYSEXIT if it came in through SYSENTER,
 * else iret, which restores everything.  c is this CPU.
 */
#ifndef ARCH_SWITCH_H
#define ARCH_SWITCH_H

#include <stdbool.h>
#include <abi/callnr.h>
#include "kernel/iptrace.h"
#include "kernel/proc.h"
#include "smp/cpu.h"

_Noreturn void arch_return_to_user(struct trap_frame *f);
_Noreturn void arch_return_sysexit(struct trap_frame *f);

/* Into entry.S's restore code with %esp at the frame: SYSEXIT or iret. */
static inline __attribute__((always_inline)) _Noreturn void
arch_leave_through(struct trap_frame *f, bool sysexit)
{
	if (sysexit)
		__asm__ volatile("movl %0, %%esp\n\tjmp arch_sysexit_frame" : : "r"(f) : "memory");
	else
		__asm__ volatile("movl %0, %%esp\n\tjmp arch_iret_frame" : : "r"(f) : "memory");
	__builtin_unreachable();
}

static inline __attribute__((always_inline)) _Noreturn void
arch_switch_to_user_on(struct cpu *c, struct proc *p)
{
	uint32_t frame_end = (uint32_t)(&p->arch.frame + 1);

	arch_load_space(&c->arch, &p->arch.as, (uint32_t)p->arch.as.pd);
	IPC_TRACE_STAGE(c, IPT_EXIT);		/* nothing unless built with TRACE=1 */
	c->arch.tss.esp0 = frame_end;
	c->frame_end = frame_end;
	arch_leave_through(&p->arch.frame, p->arch.frame.error == SYSENTER_MARK);
}

#endif /* ARCH_SWITCH_H */
