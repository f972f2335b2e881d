/* TEMPORARY until the APIC code lands: single-CPU stand-ins. */
#include <arch/smp.h>
__attribute__((weak)) void arch_send_ipi(unsigned cpu_id, unsigned vector) { (void)cpu_id; (void)vector; }
__attribute__((weak)) void arch_send_ipi_all_but_self(unsigned vector) { (void)vector; }
__attribute__((weak)) void arch_send_nmi_all_but_self(void) { }
__attribute__((weak)) void arch_delay_us(unsigned us) { (void)us; }
