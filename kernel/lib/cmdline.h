/*
 * kernel/lib/cmdline.h - the kernel command line.
 *
 * The loader passes "IMAGEPATH opt opt ...": the kernel skips the image
 * path with cmdline_skip_image() and hands the rest to cmdline_parse().
 * Options are separated by blanks; each is "key=value" or a bare "key":
 *
 *   test=LIST      guest tests to run: comma list of names, "all", or
 *                  prefixes ending in '*' ("ipc.*"); at most 127 chars
 *                  and 32 items
 *   bench=LIST     benchmarks to run, same form
 *   cpus=N         number of CPUs to start, 1..64 (default 0 = all)
 *   sched=NAME     scheduling policy, 1..15 chars of [a-z0-9_]
 *   balance=NAME   load balancing between CPUs (none, pull, steal), the same form
 *   fpu=NAME       user FPU state: lazy (default) or eager (arch/fpu.h), the same form
 *   loglevel=N     kernel log lines printed: those of level 0..N
 *                  (syslog's numbers, kernel/kernel.h KLOG_*; default 6)
 *   safecopy_cow=BYTES  smallest safecopy shared copy-on-write, 0 = never
 *                  (default: the kernel's constant, kernel/cowcopy.h)
 *   quiet          bare flag: caps the log level at 4 (warnings and worse)
 *
 * Pure code: no allocation, no global state.
 */
#ifndef KERNEL_LIB_CMDLINE_H
#define KERNEL_LIB_CMDLINE_H

#include <stdbool.h>

#define CMDLINE_LIST_MAX	127	/* longest test= / bench= value */
#define CMDLINE_SCHED_MAX	15	/* longest sched= value */
#define CMDLINE_CPUS_MAX	64
#define CMDLINE_TEST_ITEMS	32	/* most items in test= (one bit each) */
#define CMDLINE_LOGLEVEL_MAX	7
#define CMDLINE_LOGLEVEL_DEFAULT 6	/* info: everything but debug lines */
#define CMDLINE_LOGLEVEL_QUIET	4	/* warnings and worse */
#define CMDLINE_COW_MAX		(1u << 30)	/* largest safecopy_cow= value */

struct boot_options {
	char test[CMDLINE_LIST_MAX + 1];	/* raw list, "" = none */
	char bench[CMDLINE_LIST_MAX + 1];	/* raw list, "" = none */
	char require[CMDLINE_LIST_MAX + 1];	/* boot modules that must be present */
	unsigned cpus;				/* 0 = all */
	char sched[CMDLINE_SCHED_MAX + 1];	/* "" = default policy */
	char balance[CMDLINE_SCHED_MAX + 1];	/* "" = none */
	char fpu[CMDLINE_SCHED_MAX + 1];	/* "" = the default strategy */
	unsigned loglevel;
	bool quiet;
	bool safecopy_cow_set;			/* safecopy_cow= given */
	unsigned safecopy_cow;			/* its value */
};

/* Told about one bad option: its name (the key, possibly cut to 31
 * characters) and a short description of the problem. */
typedef void (*cmdline_report_fn)(void *ctx, const char *option, const char *problem);

/* Sets every option to its default (see above). */
void cmdline_defaults(struct boot_options *opts);

/* The console's log level that opts ask for: loglevel=, capped by quiet. */
unsigned cmdline_loglevel(const struct boot_options *opts);

/*
 * Applies the options in args (NUL-terminated; NULL counts as empty) on
 * top of *opts, which the caller initialised (cmdline_defaults()).  Each
 * problem - unknown option, missing/unexpected/empty/bad value, value too
 * long, option repeated - is passed to report(ctx, ...) when report is not
 * NULL, and that option is ignored; valid options are applied regardless.
 * A repeated option keeps its first valid value.  Returns the number of
 * problems.
 */
int cmdline_parse(const char *args, struct boot_options *opts,
		  cmdline_report_fn report, void *ctx);

/*
 * Returns the text after the first word of line and the blanks after it
 * (the options part of a loader command line); "" if line is NULL.
 */
const char *cmdline_skip_image(const char *line);

#endif /* KERNEL_LIB_CMDLINE_H */
