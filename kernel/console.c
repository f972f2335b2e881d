/*
 * kernel/console.c - line-atomic console output for the kernel and for
 * processes (SYS_DIAGCTL), and the log rate limiter.
 *
 * Lock: console_lock protects the UART from the first to the last byte of
 * a batch of lines.  It nests inside every other lock (nothing is taken
 * while it is held).  A panic takes it with a bounded wait, so a CPU that
 * died holding it cannot silence the panic message.
 */
#include <stdarg.h>
#include <fmt.h>
#include <arch/arch.h>
#include "kernel/kernel.h"
#include "kernel/clock.h"
#include "smp/cpu.h"
#include "smp/spinlock.h"

#define LINE_MAX_LEN	512

static struct spinlock console_lock = SPINLOCK_INIT("console");
bool console_panicking;

static bool console_acquire(void)
{
	if (!console_panicking) {
		spin_lock(&console_lock);
		return true;
	}
	for (int i = 0; i < 1000000; i++)
		if (spin_trylock(&console_lock))
			return true;
	return false;
}

/* Writes text as lines, each prefixed, adding a final newline if missing. */
static void emit_lines(const char *prefix, unsigned plen, const char *text, unsigned len)
{
	unsigned start = 0;

	while (start < len) {
		unsigned end = start;
		while (end < len && text[end] != '\n')
			end++;
		arch_console_write(prefix, plen);
		arch_console_write(text + start, end - start);
		arch_console_write("\n", 1);
		start = end + 1;
	}
}

void kprintf(const char *fmt, ...)
{
	char buf[LINE_MAX_LEN], prefix[8];
	va_list ap;
	int n, plen;
	bool locked;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	plen = fmt_snprintf(prefix, sizeof(prefix), "[%u] ", ncpus_online ? this_cpu()->id : 0);
	locked = console_acquire();
	emit_lines(prefix, (unsigned)plen, buf, (unsigned)n);
	if (locked)
		spin_unlock(&console_lock);
}

/* Text from a process: printed as whole lines without a prefix (TAP output). */
void console_write_user(const char *text, unsigned len)
{
	bool locked = console_acquire();

	emit_lines("", 0, text, len);
	if (locked)
		spin_unlock(&console_lock);
}

bool ratelimit_ok(struct ratelimit *rl, unsigned *suppressed)
{
	uint32_t now = clock_uptime();

	*suppressed = 0;
	if (now - rl->window_start >= HZ || rl->window_start == 0) {
		rl->window_start = now ? now : 1;
		rl->printed = 0;
	}
	if (rl->printed >= RATELIMIT_BURST) {
		rl->suppressed++;
		return false;
	}
	rl->printed++;
	*suppressed = rl->suppressed;
	rl->suppressed = 0;
	return true;
}
