/*
 * arch/i386/gdt.c - per-CPU GDT, TSS and the per-CPU data segment.
 *
 * Flat 4 GiB code and data segments for both rings (the kernel's %ds and
 * %es hold the user one, so that crossings need not reload them:
 * entry.S); a TSS whose esp0 is moved to the running process's frame at
 * every return to user mode; a data segment based at this CPU's struct
 * cpu, loaded into %fs in the kernel; and the TSS of the NMI task
 * (arch/i386/nmi.c).
 */
#include <stddef.h>
#include "smp/cpu.h"
#include <arch/cpu.h>
#include <arch/x86.h>
#include "arch/i386/nmi.h"

#define SEG_PRESENT	(1ull << 47)
#define SEG_CODE_DATA	(1ull << 44)	/* S bit: code/data, not system */
#define SEG_EXEC	(1ull << 43)
#define SEG_RW		(1ull << 41)	/* readable code / writable data */
#define SEG_DPL(d)	((uint64_t)(d) << 45)
#define SEG_32BIT	(1ull << 54)
#define SEG_4K		(1ull << 55)
#define SEG_TSS_AVAIL	(9ull << 40)

static uint64_t seg_desc(uint32_t base, uint32_t limit, uint64_t flags)
{
	uint64_t d = flags;

	d |= limit & 0xffffu;
	d |= (uint64_t)((limit >> 16) & 0xfu) << 48;
	d |= (uint64_t)(base & 0xffffffu) << 16;
	d |= (uint64_t)(base >> 24) << 56;
	return d;
}

static void load_gdt(const uint64_t *gdt, unsigned entries)
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) gdtr = {
		(uint16_t)(entries * 8 - 1), (uint32_t)gdt
	};

	__asm__ volatile("lgdt %0\n\t"
			 "ljmp %1, $1f\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ss\n\t"
			 "movl %3, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%gs\n\t"
			 "movl %4, %%eax\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %5, %%eax\n\t"
			 "ltr %%ax"
			 : : "m"(gdtr), "i"(SEL_KCODE), "i"(SEL_KDATA), "i"(SEL_UDATA), "i"(SEL_CPU),
			     "i"(SEL_TSS)
			 : "eax", "memory");
}

#define MSR_SYSENTER_CS		0x174
#define MSR_SYSENTER_ESP	0x175
#define MSR_SYSENTER_EIP	0x176

/*
 * Opens the SYSENTER door on this CPU when it has one: kernel code
 * segment (user segments follow it in the GDT as SYSEXIT expects), a
 * "stack" that is this CPU's frame_end word (sysenter_entry loads the real
 * one from it), and sysenter_entry (entry.S).
 */
static void sysenter_init(struct cpu *c)
{
	extern char sysenter_entry[];
	uint32_t r[4];

	_Static_assert(GDT_UCODE == GDT_KCODE + 2 && GDT_UDATA == GDT_KCODE + 3,
		       "SYSEXIT derives the user segments from SYSENTER_CS");
	cpuid(1, 0, r);
	if (!(r[3] & CPUID_EDX_SEP))
		return;
	wrmsr(MSR_SYSENTER_CS, SEL_KCODE);
	wrmsr(MSR_SYSENTER_ESP, (uint32_t)&c->frame_end);	/* see sysenter_entry */
	wrmsr(MSR_SYSENTER_EIP, (uint32_t)sysenter_entry);
}

/* Builds c's GDT and TSS and loads them on the calling CPU. */
void arch_cpu_init(struct cpu *c)
{
	struct cpu_arch *a = &c->arch;
	uint64_t flat = SEG_PRESENT | SEG_CODE_DATA | SEG_32BIT | SEG_4K;

	a->gdt[GDT_NULL] = 0;
	a->gdt[GDT_KCODE] = seg_desc(0, 0xfffff, flat | SEG_EXEC | SEG_RW | SEG_DPL(0));
	a->gdt[GDT_KDATA] = seg_desc(0, 0xfffff, flat | SEG_RW | SEG_DPL(0));
	a->gdt[GDT_UCODE] = seg_desc(0, 0xfffff, flat | SEG_EXEC | SEG_RW | SEG_DPL(3));
	a->gdt[GDT_UDATA] = seg_desc(0, 0xfffff, flat | SEG_RW | SEG_DPL(3));
	a->gdt[GDT_TSS] = seg_desc((uint32_t)&a->tss, sizeof(a->tss) - 1,
				   SEG_PRESENT | SEG_TSS_AVAIL);
	a->gdt[GDT_CPU] = seg_desc((uint32_t)c, sizeof(*c) - 1,
				   SEG_PRESENT | SEG_CODE_DATA | SEG_RW | SEG_32BIT | SEG_DPL(0));
	a->gdt[GDT_NMI_TSS] = seg_desc((uint32_t)&a->nmi_tss, sizeof(a->nmi_tss) - 1,
				       SEG_PRESENT | SEG_TSS_AVAIL);
	nmi_task_init(c);

	a->tss.ss0 = SEL_KDATA;
	a->tss.esp0 = c->kstack_top;
	a->tss.iomap_base = sizeof(a->tss);	/* no I/O bitmap: ring 3 port I/O faults */
	load_gdt(a->gdt, GDT_ENTRIES);
	sysenter_init(c);
}

