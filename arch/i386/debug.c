/*
 * arch/i386/debug.c - register dumps and frame-pointer backtraces for panics.
 * The kernel is built with frame pointers; the chain ends at a zero %ebp
 * (set at kernel entry and at every trap from user mode).
 */
#include <arch/arch.h>
#include <arch/layout.h>
#include <arch/x86.h>
#include "kernel/kernel.h"
#include "kernel/ksyms.h"

#define BACKTRACE_MAX	16

void arch_dump_frame(const struct trap_frame *f)
{
	kprintf("  eax %08x ebx %08x ecx %08x edx %08x\n", f->eax, f->ebx, f->ecx, f->edx);
	kprintf("  esi %08x edi %08x ebp %08x esp %08x\n", f->esi, f->edi, f->ebp,
		frame_from_user(f) ? f->esp : (uint32_t)&f->esp);
	kprintf("  eip %08x cs %04x eflags %08x vector %u error %#x\n", f->eip, f->cs & 0xffff,
		f->eflags, f->vector, f->error);
	kprintf("  ds %04x es %04x fs %04x gs %04x cr0 %08x cr2 %08x cr3 %08x cr4 %08x\n",
		f->ds & 0xffff, f->es & 0xffff, f->fs & 0xffff, f->gs & 0xffff,
		read_cr0(), read_cr2(), read_cr3(), read_cr4());
	if (!frame_from_user(f)) {
		uint32_t off;
		const char *sym = ksym_lookup(f->eip, &off);
		kprintf("  at %s+%#x\n", sym ? sym : "?", off);
	}
}

/* For a panic outside a trap: the registers that say where we are. */
void arch_dump_cpu(void)
{
	uint32_t esp;

	__asm__ volatile("mov %%esp, %0" : "=r"(esp));
	kprintf("  esp %08x ebp %08x eflags %08x", esp, read_ebp(), read_eflags());
	kprintf("  cr0 %08x cr2 %08x cr3 %08x cr4 %08x", read_cr0(), read_cr2(), read_cr3(),
		read_cr4());
}

static int kernel_address(uint32_t a)
{
	return a >= 0x100000 && a < DIRECT_MAP_LIMIT;
}

void arch_backtrace(uint32_t ebp)
{
	kprintf("  backtrace:\n");
	for (int depth = 0; depth < BACKTRACE_MAX && ebp && kernel_address(ebp); depth++) {
		const uint32_t *fp = (const uint32_t *)ebp;
		uint32_t ret = fp[1], off;
		const char *sym = ksym_lookup(ret, &off);

		kprintf("    #%d %08x %s+%#x\n", depth, ret, sym ? sym : "?", off);
		if (fp[0] <= ebp)
			break;
		ebp = fp[0];
	}
}
