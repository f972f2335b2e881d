/*
 * arch/i386/trap.c - what happens after a trap stub: decode the vector and
 * hand the event to the portable kernel.
 *
 *   trap_user(frame)    trap from ring 3; frame is the current process's
 *   trap_kernel(frame)  trap in ring 0: an interrupt in the idle loop, or
 *                       a kernel bug, which panics
 *
 * Both end in kernel_return(), which picks what to run next, except the
 * stop IPI, which halts.  NMIs never come here: they are a task of their
 * own (arch/i386/nmi.c).
 */
#include <abi/callnr.h>
#include <abi/ipc.h>
#include <abi/signal.h>
#include <arch/arch.h>
#include <arch/vectors.h>
#include <arch/x86.h>
#include "arch/i386/fpu.h"
#include "arch/i386/idt.h"
#include "arch/i386/irqchip.h"
#include "arch/i386/lapic.h"
#include "arch/i386/pic.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/clock.h"
#include "kernel/fastpath.h"
#include "kernel/irq.h"
#include "kernel/profile.h"
#include "kernel/system.h"
#include "kernel/vmreq.h"
#include <fmt.h>
#include "smp/cpu.h"
#include "smp/ipi.h"

_Noreturn void trap_user(struct trap_frame *f);

/* sysenter_entry takes every %eax from SYSENTER_KERNEL_CALL up for a kernel call. */
_Static_assert((IPC_FLAG_REGS | (IPC_NR_OPS - 1)) < SYSENTER_KERNEL_CALL,
	       "IPC operations overlap the kernel calls");
_Noreturn void trap_kernel(struct trap_frame *f);

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "FPU not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack fault", "general protection",
	"page fault", "reserved 15", "x87 FPU error", "alignment check",
	"machine check", "SIMD FPU error", "virtualization", "control protection",
};

static const char *exception_name(unsigned vec)
{
	const char *n = vec < 32 ? exception_names[vec] : NULL;
	return n ? n : "reserved exception";
}

static int exception_signal(unsigned vec)
{
	switch (vec) {
	case 0: case 16: case 19:	return SIGFPE;
	case 1: case 3:			return SIGTRAP;
	case 6: case 7:			return SIGILL;
	case 17:			return SIGBUS;
	default:			return SIGSEGV;
	}
}

/* A user process raised an exception: describe it and signal the process. */
static void user_exception(struct proc *p, const struct trap_frame *f)
{
	char why[PROC_REASON_LEN];

	if (f->vector == VEC_PAGE_FAULT && vmreq_pagefault(p, read_cr2(), f->error & 2, f->error & 1, f->eip))
		return;		/* the VM server resolves it (kernel/vmreq.h) */
	if (f->vector == VEC_PAGE_FAULT) {
		uint32_t cr2 = read_cr2();
		fmt_snprintf(why, sizeof(why), "page fault at %#x (%s, %s) eip %#x", cr2,
			     (f->error & 2) ? "write" : "read",
			     (f->error & 1) ? "protection" : "not present", f->eip);
	} else if (f->vector == 13 && f->error == 0) {
		fmt_snprintf(why, sizeof(why), "general protection (privileged instruction?) eip %#x",
			     f->eip);
	} else {
		fmt_snprintf(why, sizeof(why), "%s (error %#x) eip %#x",
			     exception_name(f->vector), f->error, f->eip);
	}
	proc_fault(p, exception_signal(f->vector), why);
}

/* An ISA line: irq_handle masks it before the EOI, so a level line cannot refire. */
static void hardware_interrupt(unsigned vec)
{
	unsigned irq = vec - VEC_IRQ_BASE;
	bool owned;

	if (irq_chip->spurious(irq))
		return;
	if (irq == PIT_IRQ) {
		irq_chip->eoi(irq);
		clock_tick();
		return;
	}
	owned = irq_handle(irq);
	irq_chip->eoi(irq);
	if (!owned)
		klog_ratelimited(KLOG_WARN "trap: IRQ %u has no owner; masked", irq);
}

/*
 * Interrupts, from either mode; false if f is not one.  The local APIC
 * wants its EOI before the handler: a handler may not come back (the
 * scheduler runs next) and the next tick must not wait for it.
 */
static bool interrupt(const struct trap_frame *f)
{
	switch (f->vector) {
	case VEC_IPI_STOP:
		smp_ipi_stop(f);	/* does not return */
	case VEC_IRQ_BASE ... VEC_IRQ_LAST:
		hardware_interrupt(f->vector);
		return true;
	case VEC_PIC_PARKED ... VEC_PIC_PARKED_LAST:
	case VEC_SPURIOUS:
		return true;		/* phantoms: no EOI */
	case VEC_LAPIC_TIMER:
		lapic_eoi();
		if (profile_timer(f))	/* a sample while profiling; then maybe the tick */
			clock_tick();
		return true;
	case VEC_IPI_RESCHED:
		lapic_eoi();
		smp_ipi_resched();
		return true;
	case VEC_IPI_TLB:
		lapic_eoi();
		smp_ipi_tlb();
		return true;
	case VEC_APIC_ERROR:
		lapic_error();
		return true;
	default:
		return false;
	}
}

void trap_user(struct trap_frame *f)
{
	struct proc *p = this_cpu()->current;

	switch (f->vector) {
	case KERNEL_CALL_VECTOR:
		kernel_call_trap(p);
		break;
	case IPC_VECTOR:
		ipc_entry();
	case KERNEL_CALL_SHORT_VECTOR:
		kernel_call_short_trap(p);
		break;
	default:
		if (interrupt(f))
			break;
		if (f->vector == VEC_FPU_UNAVAILABLE && fpu_trap(p))
			break;			/* its FPU state is live now */
		if (f->vector < 32)
			user_exception(p, f);
		else
			kprintf(KLOG_WARN "trap: stray vector %u from %s\n", f->vector, p->name);
		break;
	}
	kernel_return();
}

void trap_kernel(struct trap_frame *f)
{
	if (interrupt(f))
		kernel_return();
	if (f->vector == VEC_PAGE_FAULT)
		panic_frame(f, "kernel page fault at %#x", read_cr2());
	panic_frame(f, "kernel %s (vector %u, error %#x)", exception_name(f->vector),
		    f->vector, f->error);
}
