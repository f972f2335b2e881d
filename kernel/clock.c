/*
 * kernel/clock.c - clock tick handling.
 *
 * The kernel runs with interrupts off, so a tick always interrupts either
 * user code (charged to the current process) or the idle loop.
 */
#include "kernel/alarm.h"
#include "kernel/async.h"
#include "kernel/clock.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_balance.h"
#include "kernel/sched_user.h"
#include "smp/cpu.h"

uint32_t clock_uptime_ticks;	/* written by the boot CPU only */

void clock_tick(void)
{
	struct cpu *c = this_cpu();

	c->ticks++;
	if (c->id == 0)
		__atomic_store_n(&clock_uptime_ticks, (uint32_t)c->ticks, __ATOMIC_RELAXED);
	if (c->current)
		c->current->user_ticks++;
	else
		c->idle_ticks++;
	alarm_tick(c);
	async_tick(c);
	sched_tick(c);
	usched_tick(c);
	balance_tick(c);
	smp_tick(c);
}
