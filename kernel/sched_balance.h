/*
 * kernel/sched_balance.h - load balancing between CPUs, a piece apart from
 * the scheduling policies, chosen at boot with `balance=NAME`:
 *
 *   none   processes move only when SYS_SCHEDCTL moves them (the default)
 *   pull   every BALANCE_PERIOD ticks a CPU pulls one process from the
 *          busiest CPU when that one has at least two more runnable
 *   steal  a CPU about to idle takes one from the busiest CPU that has a
 *          process waiting
 *
 * Each move is counted in the receiving CPU's migrations (cpu_stats).
 */
#ifndef KERNEL_SCHED_BALANCE_H
#define KERNEL_SCHED_BALANCE_H

#include <stdbool.h>

struct cpu;

#define BALANCE_PERIOD		10	/* ticks between a CPU's pulls */
#define BALANCE_CACHE_HOT	2	/* ticks since it ran: still in that CPU's caches */

int balance_select(const char *name);
const char *balance_name(void);
void balance_tick(struct cpu *c);	/* clock tick on c, no lock held */
bool balance_idle(struct cpu *c);	/* c has nothing to run: true if it got a process */

#endif /* KERNEL_SCHED_BALANCE_H */
