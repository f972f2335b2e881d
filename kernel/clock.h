/*
 * kernel/clock.h - the periodic clock: time accounting and the scheduler's
 * quantum.  clock_tick() runs on every CPU's timer interrupt.
 */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdint.h>

void clock_tick(void);
uint32_t clock_uptime(void);	/* ticks since boot (boot CPU's clock) */

#endif /* KERNEL_CLOCK_H */
