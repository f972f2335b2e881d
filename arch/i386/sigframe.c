/*
 * arch/i386/sigframe.c - building and reading back the signal frame on a
 * user stack (arch/sigframe.h).
 *
 * Both rewrite the whole trap frame and mark it for IRET (error 0, not
 * SYSENTER_MARK): a process that blocked through SYSENTER gets every
 * register back, where SYSEXIT would take %ecx and %edx for esp and eip.
 */
#include <stddef.h>
#include <abi/errno.h>
#include <arch/frame.h>
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/segments.h>
#include <arch/sigframe.h>
#include <arch/x86.h>
#include "arch/i386/fpu.h"
#include "kernel/proc.h"

_Static_assert(SIGCTX_FPU_SIZE == FPU_AREA_SIZE, "a signal context holds a whole save area");

/* Without an FPU state (fpu_used 0) the area is neither written nor read. */
#define FRAME_NO_FPU	offsetof(struct sigframe, sc.fpu)
#define CONTEXT_NO_FPU	offsetof(struct sigcontext, fpu)
_Static_assert(offsetof(struct sigframe, sc.fpu) + SIGCTX_FPU_SIZE == sizeof(struct sigframe),
	       "the area ends the frame");

/* p's trap frame set to run at eip with stack esp and the given flags. */
static void frame_resume(struct trap_frame *f, uint32_t eip, uint32_t esp, uint32_t eflags)
{
	f->cs = SEL_UCODE;
	f->ds = f->es = f->fs = f->gs = f->ss = SEL_UDATA;
	f->eip = eip;
	f->esp = esp;
	f->eflags = (eflags & SIGCTX_EFLAGS_USER) | EFLAGS_IF | EFLAGS_RESERVED;
	f->error = 0;				/* IRET, not SYSEXIT */
}

int arch_sigframe_push(struct proc *p, int sig, vir_bytes handler, vir_bytes restorer,
		       uint32_t mask, vir_bytes *ctx)
{
	struct trap_frame *f = &p->arch.frame;
	struct sigframe sf;
	vir_bytes at;

	if (f->esp < sizeof(sf) + 16)
		return EFAULT;
	at = ((f->esp - sizeof(sf)) & ~15u) - 4;	/* at + 4 aligned to 16 */
	sf.retaddr = restorer;
	sf.sig = sig;
	sf.ctx = at + offsetof(struct sigframe, sc);
	/* field by field: a compound literal would clear the FPU area too */
	sf.sc.mask = mask;
	sf.sc.eax = f->eax;
	sf.sc.ebx = f->ebx;
	sf.sc.ecx = f->ecx;
	sf.sc.edx = f->edx;
	sf.sc.esi = f->esi;
	sf.sc.edi = f->edi;
	sf.sc.ebp = f->ebp;
	sf.sc.esp = f->esp;
	sf.sc.eip = f->eip;
	sf.sc.eflags = f->eflags;
	sf.sc.fpu_used = fpu_sigframe_out(p, sf.sc.fpu);
	if (user_range_ok(at, sizeof(sf)) != OK ||
	    user_copy_out(&p->arch.as, &sf, at, sf.sc.fpu_used ? sizeof(sf) : FRAME_NO_FPU) != OK)
		return EFAULT;
	frame_resume(f, handler, at, f->eflags & ~(EFLAGS_TF | EFLAGS_DF));
	fpu_sigframe_in(p, false, NULL);		/* the handler's state: a fresh one */
	*ctx = sf.ctx;
	return OK;
}

int arch_sigframe_pop(struct proc *p, vir_bytes ctx, uint32_t *mask)
{
	struct trap_frame *f = &p->arch.frame;
	struct sigcontext sc;

	if (user_range_ok(ctx, sizeof(sc)) != OK ||
	    user_copy_in(&p->arch.as, ctx, &sc, CONTEXT_NO_FPU) != OK ||
	    (sc.fpu_used && user_copy_in(&p->arch.as, ctx + CONTEXT_NO_FPU, sc.fpu,
					 sizeof(sc.fpu)) != OK))
		return EFAULT;
	f->eax = sc.eax;
	f->ebx = sc.ebx;
	f->ecx = sc.ecx;
	f->edx = sc.edx;
	f->esi = sc.esi;
	f->edi = sc.edi;
	f->ebp = sc.ebp;
	frame_resume(f, sc.eip, sc.esp, sc.eflags);
	fpu_sigframe_in(p, sc.fpu_used != 0, sc.fpu);
	*mask = sc.mask;
	return OK;
}
