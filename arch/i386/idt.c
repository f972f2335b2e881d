/*
 * arch/i386/idt.c - the interrupt descriptor table (shared by all CPUs).
 *
 * Every vector gets an interrupt gate (interrupts off in the kernel) to its
 * stub in entry.S, except the NMI: a task gate to the NMI task, which runs on
 * a stack of its own wherever it strikes (nmi.c).  Only the kernel-call and
 * IPC vectors, and the breakpoint
 * and overflow exceptions, may be raised from ring 3 with `int`; any other
 * `int n` from user mode is a general protection fault.
 */
#include <stdint.h>
#include <abi/callnr.h>
#include <arch/segments.h>
#include "arch/i386/idt.h"

#define STUB_SIZE	16
#define GATE_INTR32	0xe
#define GATE_TASK	0x5
#define GATE_PRESENT	0x80

extern char trap_stubs[];
static uint64_t idt[256] __attribute__((aligned(8)));

static uint64_t gate(uint32_t handler, unsigned dpl)
{
	uint64_t g = 0;

	g |= handler & 0xffffu;
	g |= (uint64_t)SEL_KCODE << 16;
	g |= (uint64_t)(GATE_PRESENT | (dpl << 5) | GATE_INTR32) << 40;
	g |= (uint64_t)(handler >> 16) << 48;
	return g;
}

static unsigned gate_dpl(unsigned vec)
{
	switch (vec) {
	case 3:				/* int3 -> SIGTRAP */
	case 4:				/* into */
	case KERNEL_CALL_VECTOR:
	case IPC_VECTOR:
	case KERNEL_CALL_SHORT_VECTOR:
		return 3;
	default:
		return 0;
	}
}

/* A task gate: the vector switches to the task of TSS selector sel. */
static uint64_t task_gate(uint16_t sel)
{
	return (uint64_t)sel << 16 | (uint64_t)(GATE_PRESENT | GATE_TASK) << 40;
}

/* Every vector to its stub except the NMI, which is a task of its own (nmi.c). */
void idt_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		idt[v] = gate((uint32_t)trap_stubs + v * STUB_SIZE, gate_dpl(v));
	idt[VEC_NMI] = task_gate(SEL_NMI_TSS);
}

void idt_load(void)
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idtr = {
		sizeof(idt) - 1, (uint32_t)idt
	};
	__asm__ volatile("lidt %0" : : "m"(idtr));
}
