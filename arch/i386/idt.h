/*
 * arch/i386/idt.h - vector assignment and the IDT (internal to arch/i386).
 *
 *   0..31    CPU exceptions (2: NMI, also the "stop" IPI of a panic)
 *   32       kernel calls          (abi/callnr.h)
 *   33       IPC                   (abi/callnr.h)
 *   48..63   the 8259 pair, parked there and masked while the IOAPIC
 *            serves the ISA lines; anything arriving is spurious
 *   64..79   ISA IRQs 0..15, through the IOAPIC or the 8259 pair
 *   240..255 local APIC: timer, IPIs, error, spurious (arch/vectors.h)
 */
#ifndef ARCH_I386_IDT_H
#define ARCH_I386_IDT_H

#define VEC_NMI			2
#define VEC_FPU_UNAVAILABLE	7	/* #NM: CR0.TS or EM (fpu.c) */
#define VEC_PAGE_FAULT		14
#define VEC_PIC_PARKED		48
#define VEC_PIC_PARKED_LAST	(VEC_PIC_PARKED + 15)
#define VEC_IRQ_BASE		64
#define VEC_IRQ_LAST		(VEC_IRQ_BASE + 15)

void idt_init(void);
void idt_load(void);

#endif /* ARCH_I386_IDT_H */
