/*
 * smp/ipi.h - inter-processor interrupts: what the kernel sends and what it
 * does on receipt.
 *
 *   smp_kick(c, p)     p was made runnable on CPU c by another CPU: wake c
 *                      with a reschedule IPI if it idles or runs something
 *                      less urgent than p
 *   smp_resched(c)     make CPU c go through the scheduler soon
 *   smp_stop_others()  panic: stop every other CPU, each printing its state
 *                      (an NMI each; smp_stop_requested() tells the NMI
 *                      handler that NMIs now mean that)
 *
 * Handlers, called from the trap code with interrupts off:
 *   smp_ipi_resched()  nothing to do but return through kernel_return()
 *   smp_ipi_tlb()      serve a TLB shootdown (smp/tlb.h)
 *   smp_ipi_stop(f)    print this CPU's state and halt for good
 */
#ifndef SMP_IPI_H
#define SMP_IPI_H

#include <stdbool.h>
#include <arch/frame.h>

struct cpu;
struct proc;

void smp_kick(struct cpu *c, const struct proc *p);
void smp_resched(struct cpu *c);
void smp_stop_others(void);
bool smp_stop_requested(void);		/* an NMI now is smp_stop_others' */

void smp_ipi_resched(void);
void smp_ipi_tlb(void);
_Noreturn void smp_ipi_stop(const struct trap_frame *f);

#endif /* SMP_IPI_H */
