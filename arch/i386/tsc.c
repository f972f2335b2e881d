/*
 * arch/i386/tsc.c - busy-wait delays on the TSC.
 *
 * tsc_calibrate() (boot CPU, once, interrupts off) counts TSC ticks while
 * PIT channel 2 counts down CALIBRATE_US; arch_delay_us() then spins on
 * the TSC.  The TSC is taken to run at one rate on every CPU (an invariant
 * TSC, as QEMU and current CPUs have).  Should the PIT never count down,
 * delays fall back to port 0x80 writes, about a microsecond each on a PC.
 */
#include <arch/arch.h>
#include <arch/smp.h>
#include <arch/x86.h>
#include "arch/i386/pic.h"
#include "arch/i386/tsc.h"
#include "kernel/kernel.h"

#define CALIBRATE_US	10000
#define MAX_POLLS	10000000u	/* far beyond CALIBRATE_US of port reads */
#define POST_PORT	0x80

static uint64_t tsc_per_ms;		/* 0: not calibrated */

void tsc_calibrate(void)
{
	uint64_t start, ticks;
	uint32_t polls = 0;

	pit_oneshot_start(CALIBRATE_US);
	start = rdtsc();
	while (!pit_oneshot_done() && ++polls < MAX_POLLS)
		cpu_relax();
	ticks = rdtsc() - start;
	if (polls == MAX_POLLS || ticks < CALIBRATE_US) {	/* under 1 MHz: OUT2 was stuck */
		kprintf(KLOG_WARN "tsc: PIT channel 2 did not count down; delays are rough");
		return;
	}
	tsc_per_ms = ticks / (CALIBRATE_US / 1000);
}

uint32_t tsc_khz(void)
{
	return (uint32_t)tsc_per_ms;
}

void arch_delay_us(unsigned us)
{
	uint64_t start = rdtsc(), ticks = tsc_per_ms * us / 1000;

	if (!tsc_per_ms) {
		while (us--)
			outb(POST_PORT, 0);
		return;
	}
	while (rdtsc() - start < ticks)
		cpu_relax();
}
