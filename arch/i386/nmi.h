/*
 * arch/i386/nmi.h - the NMI task and the profiler's NMI source (internal
 * to arch/i386; nmi.c).
 *
 *   nmi_task_init(c)   c's NMI task state (arch_cpu_init, before ltr)
 */
#ifndef ARCH_I386_NMI_H
#define ARCH_I386_NMI_H

struct cpu;

void nmi_task_init(struct cpu *c);

#endif /* ARCH_I386_NMI_H */
