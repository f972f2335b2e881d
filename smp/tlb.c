/*
 * smp/tlb.c - TLB shootdown (tlb.h).
 *
 * One shootdown at a time (tlb_lock, a leaf taken with no other lock
 * required); the request is published in `request`, each target CPU gets
 * its tlb_pending flag and an IPI, and clears the flag when done.
 */
#include <arch/arch.h>
#include <arch/smp.h>
#include <arch/layout.h>
#include <arch/vectors.h>
#include "kernel/kernel.h"
#include "smp/cpu.h"
#include "smp/spinlock.h"
#include "smp/tlb.h"

#define FULL_FLUSH_PAGES	32	/* beyond this, reload CR3 instead */

static struct spinlock tlb_lock = SPINLOCK_INIT("tlb");
static struct {
	const struct addr_space *as;
	vir_bytes va;
	unsigned pages;
} request;

static void flush_local(const struct addr_space *as, vir_bytes va, unsigned pages)
{
	if (!as_loaded_here(as))
		return;
	if (pages > FULL_FLUSH_PAGES)
		arch_tlb_flush_all();
	else
		for (unsigned i = 0; i < pages; i++)
			arch_tlb_flush_page(va + i * PAGE_SIZE);
}

void tlb_serve(void)
{
	struct cpu *c = this_cpu();

	if (!__atomic_load_n(&c->tlb_pending, __ATOMIC_ACQUIRE))
		return;
	flush_local(request.as, request.va, request.pages);
	__atomic_store_n(&c->tlb_pending, 0, __ATOMIC_RELEASE);
}

/*
 * The other CPUs that have `as` loaded.  The fence orders the caller's
 * page-table change before these reads (see arch_load_space).
 */
static uint32_t cpus_with(const struct addr_space *as, const struct cpu *self)
{
	uint32_t set = 0;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for_each_online_cpu(c)
		if (c != self && __atomic_load_n(&c->arch.loaded_as, __ATOMIC_RELAXED) == as)
			set |= 1u << c->id;
	return set;
}

void tlb_shootdown(const struct addr_space *as, vir_bytes va, unsigned pages)
{
	struct cpu *self = this_cpu();
	uint32_t targets = cpus_with(as, self);

	flush_local(as, va, pages);
	if (!targets)
		return;
	spin_lock(&tlb_lock);
	request.as = as;
	request.va = va;
	request.pages = pages;
	for (uint32_t t = targets; t; t &= t - 1) {
		struct cpu *c = &cpus[__builtin_ctz(t)];
		__atomic_store_n(&c->tlb_pending, 1, __ATOMIC_RELEASE);
		self->ipis_sent++;
		arch_send_ipi(c->id, VEC_IPI_TLB);
	}
	for (uint32_t t = targets; t; t &= t - 1) {
		struct cpu *c = &cpus[__builtin_ctz(t)];
		while (__atomic_load_n(&c->tlb_pending, __ATOMIC_ACQUIRE)) {
			tlb_serve();		/* another shootdown cannot be waiting on us */
			cpu_relax();
		}
	}
	spin_unlock(&tlb_lock);
}
