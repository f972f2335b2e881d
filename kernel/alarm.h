/*
 * kernel/alarm.h - per-process alarms: a notification from CLOCK when the
 * uptime reaches p->alarm_at.  Each CPU keeps the processes with an alarm
 * on a list (owner CPU only) checked at every tick.
 */
#ifndef KERNEL_ALARM_H
#define KERNEL_ALARM_H

#include <stdint.h>

struct proc;
struct cpu;

uint32_t alarm_set(struct proc *p, uint32_t ticks);	/* returns ticks left of the old one */
void alarm_cancel(struct proc *p);
void alarm_tick(struct cpu *c);

#endif /* KERNEL_ALARM_H */
