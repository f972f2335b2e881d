/*
 * arch/smp.h - what the portable SMP code needs from the platform:
 * interprocessor interrupts and a calibrated delay.
 */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

void arch_send_ipi(unsigned cpu_id, unsigned vector);
void arch_send_ipi_all_but_self(unsigned vector);
void arch_send_nmi_all_but_self(void);
void arch_delay_us(unsigned us);

#endif /* ARCH_SMP_H */
