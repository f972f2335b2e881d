/*
 * kernel/alarm.h - per-process alarms: a notification from CLOCK when the
 * uptime reaches p->alarm_at.  Each CPU keeps the processes with an alarm
 * on a list (under its lock) checked at every tick.
 */
#ifndef KERNEL_ALARM_H
#define KERNEL_ALARM_H

#include <stdint.h>

struct proc;
struct cpu;

/* With p->cpu's lock held: */
uint32_t alarm_set(struct proc *p, uint32_t ticks);	/* returns ticks left of the old one */
void alarm_cancel(struct proc *p);
void alarm_move(struct proc *p, struct cpu *to);	/* both CPUs' locks */

void alarm_tick(struct cpu *c);				/* takes c's lock */

#endif /* KERNEL_ALARM_H */
