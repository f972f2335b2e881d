/*
 * arch/i386/trap.c - what happens after a trap stub: decode the vector and
 * hand the event to the portable kernel.
 *
 *   trap_user(frame)    trap from ring 3; frame is the current process's
 *   trap_kernel(frame)  trap in ring 0 (an interrupt in the idle loop, or a
 *                       kernel bug, which panics)
 *
 * Both end in kernel_return(), which picks what to run next.
 */
#include <abi/callnr.h>
#include <abi/signal.h>
#include <arch/arch.h>
#include <arch/x86.h>
#include "arch/i386/idt.h"
#include "arch/i386/pic.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/clock.h"
#include "kernel/ipc.h"
#include "kernel/irq.h"
#include "kernel/system.h"
#include <fmt.h>
#include "smp/cpu.h"

_Noreturn void trap_user(struct trap_frame *f);
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

static void hardware_interrupt(unsigned vec)
{
	unsigned irq = vec - VEC_IRQ_BASE;

	if (pic_spurious(irq))
		return;
	if (irq == PIT_IRQ) {
		pic_eoi(irq);
		clock_tick();
		return;
	}
	pic_eoi(irq);
	if (!irq_handle(irq))
		klog_ratelimited("trap: IRQ %u has no owner; masked", irq);
}

void trap_user(struct trap_frame *f)
{
	struct proc *p = this_cpu()->current;

	switch (f->vector) {
	case KERNEL_CALL_VECTOR:
		kernel_call_trap(p);
		break;
	case IPC_VECTOR:
		ipc_trap(p);
		break;
	case VEC_IRQ_BASE ... VEC_IRQ_LAST:
		hardware_interrupt(f->vector);
		break;
	default:
		if (f->vector < 32)
			user_exception(p, f);
		else
			kprintf("trap: stray vector %u from %s\n", f->vector, p->name);
		break;
	}
	kernel_return();
}

void trap_kernel(struct trap_frame *f)
{
	if (f->vector >= VEC_IRQ_BASE && f->vector <= VEC_IRQ_LAST) {
		hardware_interrupt(f->vector);
		kernel_return();
	}
	if (f->vector == VEC_PAGE_FAULT)
		panic_frame(f, "kernel page fault at %#x", read_cr2());
	panic_frame(f, "kernel %s (vector %u, error %#x)", exception_name(f->vector),
		    f->vector, f->error);
}
