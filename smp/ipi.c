/*
 * smp/ipi.c - sending and handling inter-processor interrupts (ipi.h).
 */
#include <arch/arch.h>
#include <arch/smp.h>
#include <arch/vectors.h>
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "smp/cpu.h"
#include "smp/ipi.h"
#include "smp/tlb.h"

#define STOP_WAIT_US	100000

static void send(struct cpu *c, unsigned vector)
{
	this_cpu()->ipis_sent++;
	arch_send_ipi(c->id, vector);
}

void smp_resched(struct cpu *c)
{
	if (c != this_cpu())
		send(c, VEC_IPI_RESCHED);
}

/*
 * p has just been queued on c (c's lock held).  c needs waking if it idles,
 * or if p should preempt what it runs now.
 */
void smp_kick(struct cpu *c, const struct proc *p)
{
	const struct proc *cur = c->current;

	if (!cur || sched_current_policy->preempts(cur, p))
		smp_resched(c);
}

void smp_ipi_resched(void)
{
	this_cpu()->ipis_received++;
}

void smp_ipi_tlb(void)
{
	this_cpu()->ipis_received++;
	tlb_serve();
}

static volatile unsigned cpus_stopped;
static uint32_t stop_requested;		/* atomic: set before the stop NMIs go out */

bool smp_stop_requested(void)
{
	return __atomic_load_n(&stop_requested, __ATOMIC_ACQUIRE) != 0;
}

/* Stops every other CPU; each prints its state first (smp_ipi_stop). */
void smp_stop_others(void)
{
	if (ncpus_online < 2)
		return;
	__atomic_store_n(&stop_requested, 1, __ATOMIC_RELEASE);
	arch_send_nmi_all_but_self();
	for (unsigned us = 0; us < STOP_WAIT_US && cpus_stopped < ncpus_online - 1; us += 10)
		arch_delay_us(10);
}

void smp_ipi_stop(const struct trap_frame *f)
{
	struct cpu *c = this_cpu();
	struct proc *p = c->current;

	kprintf("cpu %u stopped: %s (endpoint %d), eip %#x in %s mode", c->id,
		p ? p->name : "idle", p ? p->endpoint : NONE, f->eip,
		frame_from_user(f) ? "user" : "kernel");
	__atomic_fetch_add(&cpus_stopped, 1, __ATOMIC_RELEASE);
	for (;;)
		__asm__ volatile("cli; hlt");
}
