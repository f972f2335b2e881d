/*
 * arch/i386/pic.h - legacy 8259A interrupt controllers and the 8254 timer.
 */
#ifndef ARCH_I386_PIC_H
#define ARCH_I386_PIC_H

#include <stdbool.h>

#define PIT_IRQ		0
#define PIC_CASCADE_IRQ	2

void pic_init(unsigned vector_base);
void pic_unmask(unsigned irq);
void pic_mask(unsigned irq);
void pic_eoi(unsigned irq);
bool pic_spurious(unsigned irq);
void pit_init(unsigned hz);
void pit_oneshot_start(unsigned us);
bool pit_oneshot_done(void);

#endif /* ARCH_I386_PIC_H */
