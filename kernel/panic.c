/*
 * kernel/panic.c - stop the machine with as much state as we can print.
 */
#include <stdarg.h>
#include <fmt.h>
#include <arch/arch.h>
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "smp/cpu.h"
#include "smp/ipi.h"

#define PANIC_EXIT_STATUS	1

extern bool console_panicking;

static _Noreturn void vpanic(const struct trap_frame *f, const char *fmt, va_list ap)
{
	char msg[256];
	struct cpu *c = this_cpu();

	console_panicking = true;
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	kprintf(KLOG_EMERG "PANIC on cpu %u: %s", c->id, msg);
	smp_stop_others();
	if (c->current)
		kprintf(KLOG_EMERG "  current process: %s (endpoint %d)", c->current->name, c->current->endpoint);
	if (f) {
		arch_dump_frame(f);
		arch_backtrace(f->ebp);
	} else {
		arch_dump_cpu();
		arch_backtrace((uint32_t)__builtin_frame_address(0));
	}
	arch_poweroff(PANIC_EXIT_STATUS);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(NULL, fmt, ap);
}

void panic_frame(const struct trap_frame *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(f, fmt, ap);
}
