/*
 * kernel/kernel.h - logging, panics and assertions for all kernel code.
 *
 * kprintf prints whole lines: each call's text goes out under the console
 * lock with a "[cpu] " prefix per line, so lines from different CPUs never
 * interleave mid-line.  A call whose text lacks a final newline gets one.
 *
 * Log levels (syslog's numbers): a format may start with one of the KLOG_*
 * markers below, and a line without one is KLOG_INFO.  The console prints
 * a line when its level is at most the boot's level (loglevel=, quiet:
 * kernel/lib/cmdline.h) and counts the others; while the kernel panics it
 * prints every line.  Output of processes (SYS_DIAGCTL) is never filtered.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stdint.h>
#include <stdbool.h>
#include <arch/frame.h>

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define KERNEL_NAME	"Kestrel"
#define HZ		100	/* clock ticks per second */

/* The levels in use (syslog's 7 = debug has no lines yet). */
#define KLOG_MARK	'\001'		/* a level marker: KLOG_MARK, then '0'..'7' */
#define KLOG_EMERG	"\001" "0"	/* the machine stops */
#define KLOG_ERR	"\001" "3"	/* something lost: a critical process died */
#define KLOG_WARN	"\001" "4"	/* something ignored or worked around */
#define KLOG_NOTICE	"\001" "5"	/* normal but worth a look: a process killed */
#define KLOG_INFO	"\001" "6"	/* the default: what boot found and did */

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Sets the console's level (0..7); lines above it are counted, not printed. */
void console_set_level(unsigned level);
unsigned console_level(void);
/* Kernel lines not printed because of their level, since boot. */
uint32_t console_suppressed(void);
/*
 * A kernel line of `level` on behalf of process `name` (DIAG_LOG):
 * "[cpu] name: text".  Returns whether it was printed.
 */
bool console_log_for(const char *name, unsigned level, const char *text, unsigned len);
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void panic_frame(const struct trap_frame *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void console_write_user(const char *text, unsigned len);

/*
 * Rate limit for log lines a user process can provoke: at most `burst` lines
 * per second per site; the count of dropped lines is reported with the next
 * line that gets through.
 */
struct ratelimit {
	uint32_t window_start;
	unsigned printed;
	unsigned suppressed;
};
#define RATELIMIT_BURST	5
bool ratelimit_ok(struct ratelimit *rl, unsigned *suppressed);

#define klog_ratelimited(fmt, ...)						\
	do {									\
		static struct ratelimit rl_;					\
		unsigned dropped_;						\
		if (ratelimit_ok(&rl_, &dropped_))				\
			kprintf(fmt "%s", ##__VA_ARGS__,			\
				dropped_ ? " (earlier lines suppressed)" : "");	\
	} while (0)

#define assert(c)								\
	do {									\
		if (unlikely(!(c)))						\
			panic("assertion '%s' failed at %s:%d", #c, __FILE__, __LINE__); \
	} while (0)

#endif /* KERNEL_KERNEL_H */
