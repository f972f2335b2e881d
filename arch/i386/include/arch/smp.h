/*
 * arch/smp.h - what the portable SMP code needs from the platform.
 *
 *   arch_send_ipi(cpu, vec)         fixed interrupt `vec` to cpus[cpu]
 *   arch_send_ipi_all_but_self(vec) the same to every other CPU
 *   arch_send_nmi_all_but_self()    an NMI to every other CPU (panic stop)
 *   arch_delay_us(us)               busy-wait, TSC calibrated against the PIT
 *   arch_ap_init()                  on an AP, after arch_cpu_init (paging is
 *                                   on from the trampoline): IDT, FPU
 *                                   policy, local APIC, its clock tick
 *   arch_halt()                     this CPU stops for good (interrupts off)
 *
 * Vectors are in arch/vectors.h.  With no APIC (one CPU, 8259 PIC) the
 * senders do nothing.
 */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

void arch_send_ipi(unsigned cpu_id, unsigned vector);
void arch_send_ipi_all_but_self(unsigned vector);
void arch_send_nmi_all_but_self(void);
void arch_delay_us(unsigned us);
void arch_ap_init(void);
_Noreturn void arch_halt(void);

#endif /* ARCH_SMP_H */
