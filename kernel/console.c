/*
 * kernel/console.c - line-atomic console output for the kernel and for
 * processes (SYS_DIAGCTL), the log-level filter, and the log rate limiter.
 *
 * Lock: console_lock protects the UART from the first to the last byte of
 * a batch of lines.  It nests inside every other lock (nothing is taken
 * while it is held).  A panic takes it with a bounded wait, so a CPU that
 * died holding it cannot silence the panic message.
 *
 * The level is set once at boot, before the other CPUs start, and only read
 * afterwards; the count of suppressed lines is an atomic counter.
 */
#include <stdarg.h>
#include <fmt.h>
#include <arch/arch.h>
#include "kernel/kernel.h"
#include "kernel/clock.h"
#include "kernel/lib/cmdline.h"
#include "smp/cpu.h"
#include "smp/spinlock.h"

#define LINE_MAX_LEN	512

static struct spinlock console_lock = SPINLOCK_INIT("console");
bool console_panicking;
static unsigned level = CMDLINE_LOGLEVEL_DEFAULT;
static uint32_t suppressed_lines;

void console_set_level(unsigned l)
{
	assert(l <= CMDLINE_LOGLEVEL_MAX);
	level = l;
}

unsigned console_level(void)
{
	return level;
}

uint32_t console_suppressed(void)
{
	return __atomic_load_n(&suppressed_lines, __ATOMIC_RELAXED);
}

/* The filter: true if a line of level l is printed, else it is counted. */
static bool console_level_allows(unsigned l)
{
	if (l <= level || console_panicking)
		return true;
	__atomic_fetch_add(&suppressed_lines, 1, __ATOMIC_RELAXED);
	return false;
}

/* The level of a kprintf format, stepping *fmt past its marker. */
static unsigned format_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] != KLOG_MARK || f[1] < '0' || f[1] > '7')
		return KLOG_INFO[1] - '0';
	*fmt = f + 2;
	return (unsigned)(f[1] - '0');
}

static bool console_acquire(void)
{
	if (!console_panicking) {
		spin_lock(&console_lock);
		return true;
	}
	for (int i = 0; i < 1000000; i++, cpu_relax())
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

/* Prints one kernel line (or several, split at newlines), "[cpu] " first. */
static void vprint_line(const char *fmt, va_list ap)
{
	char buf[LINE_MAX_LEN], prefix[8];
	int n, plen;
	bool locked;

	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	plen = fmt_snprintf(prefix, sizeof(prefix), "[%u] ", ncpus_online ? this_cpu()->id : 0);
	locked = console_acquire();
	emit_lines(prefix, (unsigned)plen, buf, (unsigned)n);
	if (locked)
		spin_unlock(&console_lock);
}

static void __attribute__((format(printf, 1, 2))) print_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_line(fmt, ap);
	va_end(ap);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	if (!console_level_allows(format_level(&fmt)))
		return;
	va_start(ap, fmt);
	vprint_line(fmt, ap);
	va_end(ap);
}

bool console_log_for(const char *name, unsigned l, const char *text, unsigned len)
{
	assert(l <= CMDLINE_LOGLEVEL_MAX);
	if (!console_level_allows(l))
		return false;
	print_line("%s: %.*s", name, (int)len, text);
	return true;
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
