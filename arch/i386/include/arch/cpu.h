/*
 * arch/cpu.h - the i386 part of struct cpu: this CPU's GDT and TSS, and the
 * O(1) way to reach struct cpu (a self pointer at %fs:0).
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>
#include <arch/fpu.h>
#include <arch/segments.h>

struct tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
	uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "TSS layout");

struct addr_space;

struct cpu_arch {
	uint64_t gdt[GDT_ENTRIES];
	struct tss tss;
	struct tss nmi_tss;		/* the NMI task's (arch/i386/nmi.c) */
	struct addr_space *loaded_as;	/* user space in CR3, NULL: kernel only */
	struct fpu_cpu fpu;		/* whose FPU registers are live (arch/fpu.h) */
};

struct cpu;
static inline struct cpu *arch_this_cpu(void)
{
	struct cpu *c;
	__asm__("movl %%fs:0, %0" : "=r"(c));
	return c;
}

void arch_cpu_init(struct cpu *c);

/*
 * Makes `as` this CPU's user space.  loaded_as is written before the CR3
 * load (which serialises), so a shootdown that does not see this CPU in
 * loaded_as changed the page tables before this CPU could cache them
 * (smp/tlb.c).
 */
static inline void arch_load_space(struct cpu_arch *ca, struct addr_space *as, uint32_t pd)
{
	if (ca->loaded_as == as)
		return;
	ca->loaded_as = as;
	__asm__ volatile("mov %0, %%cr3" : : "r"(pd) : "memory");
}

/* Has this CPU's current process live FPU registers (arch/fpu.h)?  Owner CPU only. */
static inline bool arch_fpu_live(const struct cpu_arch *ca)
{
	return ca->fpu.live != 0;
}

/* Is `as` this CPU's loaded user space? */
static inline bool arch_space_loaded(const struct cpu_arch *ca, const struct addr_space *as)
{
	return ca->loaded_as == as;
}

#endif /* ARCH_CPU_H */
