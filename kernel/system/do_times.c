/*
 * do_times - SYS_TIMES: process times and uptime.
 *
 * m->times.endpoint      in: the process, or SELF
 * m->times.user_ticks    out
 * m->times.kernel_ticks  out
 * m->times.uptime_ticks  out: ticks since boot
 * m->times.boot_tsc      out: TSC at kernel entry
 */
#include <abi/errno.h>
#include "kernel/clock.h"
#include "kernel/proc.h"
#include "kernel/system.h"

int do_times(struct proc *caller, message *m)
{
	struct proc *p = caller;
	int r;

	if (m->times.endpoint != SELF && (r = proc_lookup(m->times.endpoint, &p)) != OK)
		return r;
	m->times.user_ticks = p->user_ticks;
	m->times.kernel_ticks = p->kernel_ticks;
	m->times.uptime_ticks = (uint32_t)clock_uptime();
	m->times.boot_tsc = arch_boot_tsc();
	return OK;
}
