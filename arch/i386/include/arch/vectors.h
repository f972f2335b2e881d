/*
 * arch/vectors.h - interrupt vectors of the local APIC and the IPIs.
 *
 * They sit at the top of the vector space, above every device vector, so
 * the local APIC's priority classes serve them first.  The rest of the map
 * is in arch/i386/idt.h.
 */
#ifndef ARCH_VECTORS_H
#define ARCH_VECTORS_H

#define VEC_LAPIC_TIMER	0xf0	/* the clock tick, on every CPU */
#define VEC_IPI_RESCHED	0xf1	/* go through the scheduler */
#define VEC_IPI_TLB	0xf2	/* serve a TLB shootdown */
#define VEC_IPI_STOP	0xf3	/* halt for good */
#define VEC_APIC_ERROR	0xfe	/* the local APIC logged an error (ESR) */
#define VEC_SPURIOUS	0xff	/* needs no EOI; low four bits set, as P6 wants */

#endif /* ARCH_VECTORS_H */
