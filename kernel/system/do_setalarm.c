/*
 * do_setalarm - SYS_SETALARM: a notification from CLOCK after some ticks.
 *
 * m->alarm.ticks      in: ticks from now; 0 cancels
 * m->alarm.remaining  out: ticks the replaced alarm had left (0 if none)
 */
#include <abi/errno.h>
#include "kernel/alarm.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

int do_setalarm(struct proc *caller, message *m)
{
	cpuset_t held = lock_proc(caller);

	m->alarm.remaining = alarm_set(caller, m->alarm.ticks);
	cpus_unlock(held);
	return OK;
}
