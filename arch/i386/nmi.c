/*
 * arch/i386/nmi.c - NMIs: a task of their own, and the profiler's NMI
 * source.
 *
 * An NMI can strike anywhere, also while a trap is being entered: %esp may
 * still point into the process's frame slot then (the TSS's esp0 and the
 * SYSENTER stack point there), and a handler on that stack would build its
 * frame below the slot, over the process structure.  So vector 2 is a task
 * gate (idt.c): the CPU saves the interrupted state in this CPU's TSS and
 * runs the NMI task (entry.S, nmi_task_entry) on a stack of its own, with
 * its own segments and the kernel's page directory; the task's iret
 * switches back.  NMIs stay blocked until that iret.
 *
 * The interrupted state is read from the TSS (and an STI's shadow the NMI
 * broke is restored there: restore_sti_shadow).  A task switch loads CR3 from
 * the task it enters but never saves it when leaving one, so before
 * switching back the NMI task writes the interrupted context's CR3 into the
 * TSS: this CPU's loaded space (loaded_as is written before every CR3 load,
 * and between the two the old and the new directory map the kernel alike).
 *
 * An NMI is smp_stop_others' (a panic: stop here) or the profiler's.  The
 * profiler's NMI source (arch_prof_nmi_*, arch/arch.h) is the PIT at the
 * sampling rate, its IOAPIC pin in NMI delivery mode broadcast to every
 * CPU: each CPU samples whatever it runs, the kernel's interrupts-off code
 * too.  Without an IOAPIC (the 8259 machines) there is none.
 */
#include <string.h>
#include <arch/arch.h>
#include <arch/paging.h>
#include <arch/segments.h>
#include <arch/x86.h>
#include "arch/i386/idt.h"
#include "arch/i386/ioapic.h"
#include "arch/i386/nmi.h"
#include "arch/i386/pic.h"
#include "kernel/profile.h"
#include "smp/cpu.h"
#include "smp/ipi.h"

#define NMI_STACK_SIZE	4096

extern char nmi_task_entry[];
extern const uint32_t sti_shadow_list[], sti_shadow_end[];
void nmi_task(void);

static uint8_t nmi_stacks[MAX_CPUS][NMI_STACK_SIZE] __attribute__((aligned(16)));

void nmi_task_init(struct cpu *c)
{
	struct tss *t = &c->arch.nmi_tss;

	memset(t, 0, sizeof(*t));
	t->cr3 = paging_kernel_pd();
	t->eip = (uint32_t)nmi_task_entry;
	t->eflags = EFLAGS_RESERVED;		/* interrupts off */
	t->esp = (uint32_t)&nmi_stacks[c->id][NMI_STACK_SIZE];
	t->cs = SEL_KCODE;
	t->ss = t->ds = t->es = t->gs = SEL_KDATA;
	t->fs = SEL_CPU;
	t->iomap_base = sizeof(*t);
}

/*
 * An NMI that struck a SYSEXIT right after its STI (entry.S) ended STI's
 * shadow: back in the kernel with interrupts on, an interrupt could come
 * before the SYSEXIT and push its frame over the trap frame being
 * restored.  So the return goes back to the STI, interrupts off again.
 */
static void restore_sti_shadow(struct tss *t)
{
	if ((t->cs & 3) || !(t->eflags & EFLAGS_IF))
		return;
	for (const uint32_t *at = sti_shadow_list; at < sti_shadow_end; at++) {
		if (t->eip == *at) {
			t->eip -= 1;			/* sti is one byte */
			t->eflags &= ~EFLAGS_IF;
			return;
		}
	}
}

/* The NMI task's body, once per NMI (entry.S); interrupts and NMIs off. */
void nmi_task(void)
{
	struct cpu *c = this_cpu();
	struct tss *t = &c->arch.tss;
	struct trap_frame f = {
		.gs = t->gs, .fs = t->fs, .es = t->es, .ds = t->ds,
		.edi = t->edi, .esi = t->esi, .ebp = t->ebp, .ebx = t->ebx,
		.edx = t->edx, .ecx = t->ecx, .eax = t->eax,
		.vector = VEC_NMI, .eip = t->eip, .cs = t->cs, .eflags = t->eflags,
		.esp = t->esp, .ss = t->ss,
	};

	if (smp_stop_requested())
		smp_ipi_stop(&f);
	profile_nmi(&f);
	restore_sti_shadow(t);
	t->cr3 = c->arch.loaded_as ? (uint32_t)c->arch.loaded_as->pd : paging_kernel_pd();
}

bool arch_prof_nmi_available(void)
{
	return ioapic_nmi_possible();
}

void arch_prof_nmi_start(unsigned hz)
{
	pit_init(hz);
	ioapic_nmi_broadcast(true);
}

void arch_prof_nmi_stop(void)
{
	ioapic_nmi_broadcast(false);
}
