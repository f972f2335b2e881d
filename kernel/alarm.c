/*
 * kernel/alarm.c - per-process alarms (see alarm.h).
 *
 * Lock: the alarm list of a CPU and the alarm_at of its processes are
 * protected by that CPU's lock; every function here expects it held except
 * alarm_tick, which takes it.
 */
#include "kernel/alarm.h"
#include "kernel/clock.h"
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "smp/cpu.h"

static void unlink_alarm(struct proc *p)
{
	for (struct proc **link = &p->cpu->alarms; *link; link = &(*link)->next_alarm) {
		if (*link == p) {
			*link = p->next_alarm;
			break;
		}
	}
	p->next_alarm = NULL;
}

static void link_alarm(struct proc *p)
{
	p->next_alarm = p->cpu->alarms;
	p->cpu->alarms = p;
}

uint32_t alarm_set(struct proc *p, uint32_t ticks)
{
	uint32_t now = clock_uptime(), left = 0;

	assert(spin_held(&p->cpu->lock));
	if (p->alarm_at) {
		left = (int32_t)(p->alarm_at - now) > 0 ? p->alarm_at - now : 1;
		unlink_alarm(p);
		p->alarm_at = 0;
	}
	if (ticks) {
		p->alarm_at = now + ticks;
		link_alarm(p);
	}
	return left;
}

void alarm_cancel(struct proc *p)
{
	alarm_set(p, 0);
}

/* p changes CPU (both CPUs' locks held): its alarm moves along. */
void alarm_move(struct proc *p, struct cpu *to)
{
	if (!p->alarm_at)
		return;
	unlink_alarm(p);
	p->next_alarm = to->alarms;
	to->alarms = p;
}

void alarm_tick(struct cpu *c)
{
	uint32_t now = clock_uptime();
	struct proc **link;

	spin_lock(&c->lock);
	link = &c->alarms;
	while (*link) {
		struct proc *p = *link;
		if ((int32_t)(now - p->alarm_at) >= 0) {
			*link = p->next_alarm;
			p->next_alarm = NULL;
			p->alarm_at = 0;
			ipc_notify_kernel(p, CLOCK);
		} else {
			link = &p->next_alarm;
		}
	}
	spin_unlock(&c->lock);
}
