/*
 * smp/spinlock.c - ticket spinlocks (see spinlock.h).
 *
 * Memory ordering: taking the lock is an acquire (the ticket fetch-add and
 * the load that sees our turn), releasing it a release store of `serving`.
 */
#include <arch/arch.h>
#include "smp/spinlock.h"
#include "smp/cpu.h"
#include "smp/tlb.h"

/* The contended part of spin_lock: wait for our turn. */
void spin_lock_wait(struct spinlock *l, uint16_t ticket)
{
	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != ticket) {
		tlb_serve();		/* see smp/tlb.h: no deadlock with a shootdown */
		cpu_relax();
	}
}



bool spin_trylock(struct spinlock *l)
{
	uint16_t serving = __atomic_load_n(&l->serving, __ATOMIC_RELAXED);
	uint16_t expected = serving;

	if (!__atomic_compare_exchange_n(&l->next, &expected, (uint16_t)(serving + 1),
					 false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	l->owner = (int)this_cpu()->id;
	return true;
}
