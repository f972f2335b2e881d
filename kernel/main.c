/*
 * kernel/main.c - the portable part of boot: options, memory, processes,
 * clock, then the first switch to user mode.
 */
#include <string.h>
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
#include "smp/ap_boot.h"
#include "smp/cpu.h"

struct boot_options boot_options;
static const char *options_line;
static unsigned options_problems;

static void report_option(void *ctx, const char *option, const char *problem)
{
	kprintf("boot: command line: option '%s': %s", option, problem);
}

static void parse_options(const char *cmdline)
{
	options_line = cmdline_skip_image(cmdline);
	cmdline_defaults(&boot_options);
	options_problems = (unsigned)cmdline_parse(options_line, &boot_options, report_option, NULL);
	kprintf("boot: options '%s' (%u problems)", options_line, options_problems);
	if (boot_options.sched[0] && sched_select(boot_options.sched) != OK)
		kprintf("boot: command line: no scheduling policy '%s'; using %s",
			boot_options.sched, sched_policy_name());
	cowcopy_init(&boot_options);
}

const char *boot_cmdline(void)
{
	return options_line;
}

unsigned boot_cmdline_problems(void)
{
	return options_problems;
}

void kernel_main(struct boot_info *bi)
{
	kprintf("%s microkernel booting (i386, %u modules)", KERNEL_NAME, bi->nmodules);
	parse_options(bi->cmdline);
	memory_init(bi);
	priv_init();
	proc_init();
	smp_init(boot_options.cpus);
	bootmods_load(bi);
	options_problems += bootmods_check_required(boot_options.require);
	arch_clock_init(HZ);
	kprintf("boot: %u processes on %u CPUs, scheduler %s", proc_live_count(), ncpus_online,
		sched_policy_name());
	bootmods_start();
	proc_poweroff_when_empty();
	kernel_return();
}
