/*
 * smp/spinlock.c - ticket spinlocks (see spinlock.h).
 *
 * Memory ordering: taking the lock is an acquire (the ticket fetch-add and
 * the load that sees our turn), releasing it a release store of `serving`.
 */
#include "smp/spinlock.h"
#include "smp/cpu.h"
#include "smp/tlb.h"
#include <arch/x86.h>

void spin_lock(struct spinlock *l)
{
	uint16_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != ticket) {
		tlb_serve();		/* see smp/tlb.h: no deadlock with a shootdown */
		cpu_relax();
	}
	l->owner = (int)this_cpu()->id;
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

void spin_unlock(struct spinlock *l)
{
	l->owner = -1;
	__atomic_store_n(&l->serving, (uint16_t)(l->serving + 1), __ATOMIC_RELEASE);
}

bool spin_held(const struct spinlock *l)
{
	return l->owner == (int)this_cpu()->id &&
	       __atomic_load_n(&l->serving, __ATOMIC_RELAXED) != __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}
