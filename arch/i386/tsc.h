/*
 * arch/i386/tsc.h - the TSC rate (internal to arch/i386; arch_delay_us is
 * in arch/smp.h).
 */
#ifndef ARCH_I386_TSC_H
#define ARCH_I386_TSC_H

#include <stdint.h>

void tsc_calibrate(void);
uint32_t tsc_khz(void);		/* 0 if tsc_calibrate failed */

#endif /* ARCH_I386_TSC_H */
