/*
 * arch/segments.h - GDT layout and selectors, shared by C and assembly.
 *
 * Every CPU has its own GDT (in struct cpu_arch) with the same layout; only
 * the TSS and the per-CPU data segment differ between CPUs.  The per-CPU
 * segment is loaded into %fs while in the kernel, so `%fs:0` is this CPU's
 * struct cpu (see smp/cpu.h).  User space gets %fs and %gs back on return.
 */
#ifndef ARCH_SEGMENTS_H
#define ARCH_SEGMENTS_H

#define GDT_NULL	0
#define GDT_KCODE	1
#define GDT_KDATA	2
#define GDT_UCODE	3
#define GDT_UDATA	4
#define GDT_TSS		5
#define GDT_CPU		6
#define GDT_NMI_TSS	7	/* the NMI task (arch/i386/nmi.c) */
#define GDT_ENTRIES	8

#define SEL_KCODE	(GDT_KCODE << 3)
#define SEL_KDATA	(GDT_KDATA << 3)
#define SEL_UCODE	((GDT_UCODE << 3) | 3)
#define SEL_UDATA	((GDT_UDATA << 3) | 3)
#define SEL_TSS		(GDT_TSS << 3)
#define SEL_CPU		(GDT_CPU << 3)
#define SEL_NMI_TSS	(GDT_NMI_TSS << 3)

/* Offsets into struct cpu used by the trap entry (checked in smp/cpu.c). */
#define CPU_OFF_SELF		0
#define CPU_OFF_KSTACK_TOP	4
#define CPU_OFF_ID		8

#endif /* ARCH_SEGMENTS_H */
