/*
 * arch/vectors.h - interrupt vectors of the local APIC and the IPIs.
 */
#ifndef ARCH_VECTORS_H
#define ARCH_VECTORS_H

#define VEC_LAPIC_TIMER	0xf0
#define VEC_IPI_RESCHED	0xf1
#define VEC_IPI_TLB	0xf2
#define VEC_IPI_STOP	0xf3
#define VEC_APIC_ERROR	0xfe
#define VEC_SPURIOUS	0xff

#endif /* ARCH_VECTORS_H */
