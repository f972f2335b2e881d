/*
 * arch/i386/lapic.h - the local APIC driver (internal to arch/i386).
 *
 *   lapic_probe(phys)      boot CPU: pick x2APIC (CPUID.1:ECX[21]) or
 *                          xAPIC at phys; false if neither can be used;
 *                          changes nothing in the hardware
 *   lapic_init_boot()      boot CPU, once, after lapic_probe and the TSC
 *                          calibration: lapic_enable, calibrate the timer
 *   lapic_enable()         this CPU: the boot CPU's mode, spurious vector,
 *                          error vector, LINT0/1 and timer masked
 *   lapic_timer_start(hz)  this CPU: periodic tick at VEC_LAPIC_TIMER
 *   lapic_eoi()            end of interrupt (also for IOAPIC lines)
 *   lapic_error()          VEC_APIC_ERROR: read, clear and log the ESR
 *   lapic_in_use()         true once lapic_init_boot ran
 *   lapic_pass_8259()      boot CPU, when the 8259 is to be used: let its
 *                          interrupt through a local APIC CPUID hides
 */
#ifndef ARCH_I386_LAPIC_H
#define ARCH_I386_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

bool lapic_probe(uint32_t phys);
void lapic_init_boot(void);
void lapic_enable(void);
void lapic_timer_start(unsigned hz);
void lapic_eoi(void);
void lapic_error(void);
bool lapic_in_use(void);
void lapic_pass_8259(void);

#endif /* ARCH_I386_LAPIC_H */
