/*
 * arch/i386/idt.h - vector assignment and the IDT (internal to arch/i386).
 *
 *   0..31   CPU exceptions
 *   32      kernel calls          (abi/callnr.h)
 *   33      IPC                   (abi/callnr.h)
 *   64..79  legacy PIC IRQs 0..15
 *   240..   local APIC (timer, IPIs, error, spurious) - the SMP layer
 */
#ifndef ARCH_I386_IDT_H
#define ARCH_I386_IDT_H

#define VEC_PAGE_FAULT	14
#define VEC_IRQ_BASE	64
#define VEC_IRQ_LAST	(VEC_IRQ_BASE + 15)

void idt_init(void);
void idt_load(void);

#endif /* ARCH_I386_IDT_H */
