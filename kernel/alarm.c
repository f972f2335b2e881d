/*
 * kernel/alarm.c - per-process alarms (see alarm.h).
 */
#include "kernel/alarm.h"
#include "kernel/clock.h"
#include "kernel/ipc.h"
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
	p->alarm_at = 0;
}

uint32_t alarm_set(struct proc *p, uint32_t ticks)
{
	uint32_t now = clock_uptime(), left = 0;

	if (p->alarm_at) {
		left = p->alarm_at > now ? p->alarm_at - now : 0;
		unlink_alarm(p);
	}
	if (ticks) {
		p->alarm_at = now + ticks;
		p->next_alarm = p->cpu->alarms;
		p->cpu->alarms = p;
	}
	return left;
}

void alarm_cancel(struct proc *p)
{
	if (p->alarm_at)
		unlink_alarm(p);
}

void alarm_tick(struct cpu *c)
{
	uint32_t now = clock_uptime();
	struct proc **link = &c->alarms;

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
}
