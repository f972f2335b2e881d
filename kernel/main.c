/*
 * kernel/main.c - the portable part of boot: options, memory, processes,
 * clock, then the first switch to user mode; and the count of boot problems.
 *
 * Boot problems (a bad option, an unknown policy, a missing required
 * module) are reported through boot_problem() as they are found, by
 * whichever part of boot finds them; the count is printed once, after the
 * last check, and kept for kinfo.cmdline_problems.  Boot runs on one CPU.
 */
#include <stdarg.h>
#include <string.h>
#include <fmt.h>
#include <abi/errno.h>
#include <arch/arch.h>
#include "kernel/boot.h"
#include "kernel/bootmods.h"
#include "kernel/cowcopy.h"
#include "kernel/kernel.h"
#include "kernel/lib/cmdline.h"
#include "kernel/mm/memory.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_balance.h"
#include "smp/ap_boot.h"
#include "smp/cpu.h"

static struct boot_options boot_options;
static const char *options_line;
static unsigned problems;

void boot_problem(const char *fmt, ...)
{
	char text[160];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	kprintf(KLOG_WARN "boot: %s", text);
	problems++;
}

static void report_option(void *ctx, const char *option, const char *problem)
{
	boot_problem("command line: option '%s': %s", option, problem);
}

/* Parses the options and applies those that take effect before anything else. */
static void parse_options(const char *cmdline)
{
	options_line = cmdline_skip_image(cmdline);
	cmdline_defaults(&boot_options);
	cmdline_parse(options_line, &boot_options, report_option, NULL);
	console_set_level(cmdline_loglevel(&boot_options));
	if (boot_options.sched[0] && sched_select(boot_options.sched) != OK)
		boot_problem("command line: no scheduling policy '%s'; using %s",
			     boot_options.sched, sched_policy_name());
	if (boot_options.balance[0] && balance_select(boot_options.balance) != OK)
		boot_problem("command line: no load balancing '%s'; using %s",
			     boot_options.balance, balance_name());
	if (boot_options.fpu[0] && arch_fpu_select(boot_options.fpu) != OK)
		boot_problem("command line: no FPU strategy '%s'; using %s", boot_options.fpu,
			     arch_fpu_mode_name());
	cowcopy_init(&boot_options);
}

const struct boot_options *boot_opts(void)
{
	return &boot_options;
}

unsigned boot_cmdline_problems(void)
{
	return problems;
}

void kernel_main(struct boot_info *bi)
{
	parse_options(bi->cmdline);
	kprintf("%s microkernel booting (i386, %u modules)", KERNEL_NAME, bi->nmodules);
	memory_init(bi);
	priv_init();
	proc_init();
	smp_init(boot_options.cpus);
	bootmods_load(bi);
	bootmods_check_required(boot_options.require);
	/* every check is done: the count is final */
	if (problems)
		kprintf(KLOG_WARN "boot: options '%s' (%u problems)", options_line, problems);
	else
		kprintf("boot: options '%s' (0 problems)", options_line);
	arch_clock_init(HZ);
	kprintf("boot: %u processes on %u CPUs, scheduler %s, balancing %s, FPU %s",
		proc_live_count(), ncpus_online, sched_policy_name(), balance_name(),
		arch_fpu_mode_name());
	bootmods_start();
	proc_poweroff_when_empty();
	kernel_return();
}
