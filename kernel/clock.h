/*
 * kernel/clock.h - the periodic clock: time accounting and the scheduler's
 * quantum.  clock_tick() runs on every CPU's timer interrupt.
 */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdint.h>

extern uint32_t clock_uptime_ticks;	/* kernel/clock.c; clock_uptime() reads it */

void clock_tick(void);

/* Ticks since boot (the boot CPU's clock); inline for the IPC fast paths. */
static inline uint32_t clock_uptime(void)
{
	return __atomic_load_n(&clock_uptime_ticks, __ATOMIC_RELAXED);
}

#endif /* KERNEL_CLOCK_H */
