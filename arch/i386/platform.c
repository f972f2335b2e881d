/*
 * arch/i386/platform.c - bring-up of the boot CPU, of the APIC platform
 * and of each AP's arch part, and the PC platform services the kernel
 * uses: clock, halt, process register setup (power off: poweroff.c).
 *
 * The clock: with an APIC (arch_apic_init succeeded) every CPU has its own
 * local APIC timer tick; without one the PIT ticks through the 8259 on the
 * only CPU.
 */
#include <string.h>
#include <arch/apic.h>
#include <arch/arch.h>
#include <arch/switch.h>
#include <arch/smp.h>
#include <arch/x86.h>
#include <arch/layout.h>
#include "arch/i386/cpu_require.h"
#include "arch/i386/fpu.h"
#include "arch/i386/idt.h"
#include "arch/i386/ioapic.h"
#include "arch/i386/irqchip.h"
#include "arch/i386/lapic.h"
#include "arch/i386/multiboot.h"
#include "arch/i386/pic.h"
#include "arch/i386/tsc.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "smp/cpu.h"
#include "smp/topology.h"

_Noreturn void arch_boot(uint32_t magic, uint32_t info);
extern uint64_t boot_tsc;

static struct boot_info boot_info;

uint64_t arch_boot_tsc(void)
{
	return boot_tsc;
}

/*
 * Entered from boot.S.  Sets up the boot CPU (segments, IDT, paging), the
 * delay clock, and hands over to the portable kernel.
 */
void arch_boot(uint32_t magic, uint32_t info)
{
	arch_console_init();
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC) {
		static const char msg[] = "boot: not loaded by a Multiboot loader\n";
		arch_console_write(msg, sizeof(msg) - 1);
		arch_poweroff(1);
	}
	cpu_log_boot();
	multiboot_parse(info, &boot_info);
	cpu_init_boot();
	idt_init();
	idt_load();
	paging_init();
	paging_enable_on_this_cpu();
	fpu_init_cpu();
	tsc_calibrate();
	kernel_main(&boot_info);
}

/*
 * Boot CPU, once, before any AP starts: the IOAPIC takes the ISA lines
 * from the 8259 pair, then the local APIC and its timer's rate.  Nothing
 * changes unless both controllers can be used.  Starting APs needs
 * precise delays, hence no APIC without a calibrated TSC.
 */
bool arch_apic_init(const struct smp_topology *t)
{
	if (!tsc_khz() || !lapic_probe(t->lapic_phys) || !ioapic_init(t, t->apic_id[0]))
		return false;
	lapic_init_boot();
	irq_chip = &ioapic_chip;
	return true;
}

/*
 * An AP, on its kernel stack with paging on (the trampoline) and its GDT
 * loaded (arch_cpu_init): the IDT, the FPU (fpu.c), the local APIC and the
 * AP's clock tick.
 */
void arch_ap_init(void)
{
	idt_load();
	fpu_init_cpu();
	lapic_enable();
	lapic_timer_start(HZ);
}

void arch_clock_init(unsigned hz)
{
	if (lapic_in_use()) {
		lapic_timer_start(hz);
		return;
	}
	lapic_pass_8259();
	pic_init(VEC_IRQ_BASE);
	pit_init(hz);
	pic_unmask(PIT_IRQ);
}

bool arch_clock_rate_settable(void)
{
	return lapic_in_use();
}

void arch_clock_set_rate(unsigned hz)
{
	lapic_timer_start(hz);
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt" ::: "memory");
}

/* Gives a new process its first user register frame. */
void arch_proc_init(struct proc *p, uint32_t entry, uint32_t stack)
{
	struct trap_frame *f = &p->arch.frame;

	memset(f, 0, sizeof(*f));
	f->cs = SEL_UCODE;
	f->ds = f->es = f->fs = f->gs = f->ss = SEL_UDATA;
	f->eip = entry;
	f->esp = stack;
	f->eflags = EFLAGS_IF | EFLAGS_RESERVED;
	p->arch.fpu.used = false;		/* a fresh FPU state at its first use */
}

/* The way back into p (arch/switch.h), out of line. */
void arch_switch_to_user(struct proc *p)
{
	struct cpu *c = this_cpu();

	fpu_enter(c, p);
	arch_switch_to_user_on(c, p);
}
