/*
 * arch/sigframe.h - the signal frame on a user stack (i386), built by
 * SYS_SIGSEND and read back by SYS_SIGRETURN (kernel/system/do_sig*.c).
 *
 * A handler starts with %esp at the frame: it sees an ordinary call,
 * handler(sig, ctx), whose return address is the restorer; the restorer
 * finds ctx at 4(%esp) after the handler's `ret` and asks the signal
 * manager to resume it.  The frame lies below the interrupted %esp, with
 * %esp + 4 aligned to 16 at the handler's entry (the i386 SysV ABI).
 *
 * The context keeps what a process may set itself (general registers,
 * eip, esp, the arithmetic flags, its FPU state) and the manager's mask;
 * segment selectors are not kept: SIGRETURN always resumes with the user
 * ones.  The handler starts with a fresh FPU state (arch/fpu.h); the
 * interrupted one is in the context (fpu_used 0: it had none, and the
 * area is neither written nor read), in the kernel's save format (FXSAVE,
 * or FNSAVE without FXSR), and SIGRETURN takes it back with MXCSR cut to
 * the bits the CPU has.
 */
#ifndef ARCH_SIGFRAME_H
#define ARCH_SIGFRAME_H

#include <stdint.h>
#include <abi/types.h>

#define SIGCTX_FPU_SIZE		512	/* FPU_AREA_SIZE (arch/fpu.h) */

struct sigcontext {
	uint32_t mask;			/* the manager's mask, given back by SIGRETURN */
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
	uint32_t esp, eip, eflags;
	uint32_t fpu_used;		/* 1: fpu holds the interrupted FPU state */
	uint8_t fpu[SIGCTX_FPU_SIZE];
};

struct sigframe {
	vir_bytes retaddr;		/* the restorer */
	int32_t sig;			/* the handler's first argument */
	vir_bytes ctx;			/* its second: &sc, in user space */
	struct sigcontext sc;
};

/*
 * EFLAGS bits a process may set through a context: the arithmetic flags,
 * TF, DF and AC (POPF lets it set those anyway).  IF is always set, IOPL,
 * NT, RF and VM always clear.
 */
#define SIGCTX_EFLAGS_USER	0x00040dd5u	/* CF PF AF ZF SF TF DF OF AC */

struct proc;

/*
 * Saves p's registers and mask in a frame below its stack pointer and
 * points p at handler(sig, ctx).  *ctx gets the context's address.
 * EFAULT if the frame does not fit in p's writable memory (nothing
 * changed then).  p is stopped, its frame saved; its CPU lock held.
 */
int arch_sigframe_push(struct proc *p, int sig, vir_bytes handler, vir_bytes restorer,
		       uint32_t mask, vir_bytes *ctx);

/*
 * Restores p's registers from the context at ctx, checked: selectors are
 * the user ones, EFLAGS only SIGCTX_EFLAGS_USER plus IF.  *mask gets the
 * saved mask.  EFAULT if ctx is not readable in p (nothing changed).  p
 * is stopped; its CPU lock held.
 */
int arch_sigframe_pop(struct proc *p, vir_bytes ctx, uint32_t *mask);

#endif /* ARCH_SIGFRAME_H */
