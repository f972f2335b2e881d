/*
 * smp/spinlock.h - ticket spinlocks with a debug name and an owner.
 *
 * The kernel runs with interrupts disabled, so a spinlock never needs to
 * disable them itself.  A ticket lock is fair: CPUs get it in arrival order.
 * spin_held() is for assertions (`assert(spin_held(&l))`) in code with a
 * locking precondition.
 */
#ifndef SMP_SPINLOCK_H
#define SMP_SPINLOCK_H

#include <stdint.h>
#include <stdbool.h>

struct spinlock {
	uint16_t next;		/* next ticket to hand out */
	uint16_t serving;	/* ticket that holds the lock */
	int owner;		/* CPU id of the holder, -1 if free */
	const char *name;	/* for diagnostics */
};

#define SPINLOCK_INIT(n) { .next = 0, .serving = 0, .owner = -1, .name = (n) }

void spin_lock_wait(struct spinlock *l, uint16_t ticket);
bool spin_trylock(struct spinlock *l);

#ifdef KERNEL
#include <arch/cpu.h>
/* This CPU's id, straight from the per-CPU segment (smp/cpu.h). */
static inline int spin_owner_id(void)
{
	int id;

	__asm__("movl %%fs:%c1, %0" : "=r"(id) : "i"(CPU_OFF_ID));
	return id;
}
#else
int spin_owner_id(void);	/* host unit tests provide it */
#endif

/*
 * Does this CPU hold l?  Only the holder writes its own id into owner
 * (after taking l) and clears it (before letting l go), so the id there is
 * ours exactly while we hold l.
 */
static inline bool spin_held(const struct spinlock *l)
{
	return l->owner == spin_owner_id();
}

/* Takes l; waits (serving TLB shootdowns) only when another CPU holds it. */
static inline __attribute__((always_inline)) void spin_lock(struct spinlock *l)
{
	uint16_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);

	if (__builtin_expect(__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != ticket, 0))
		spin_lock_wait(l, ticket);
	l->owner = spin_owner_id();
}

static inline __attribute__((always_inline)) void spin_unlock(struct spinlock *l)
{
	l->owner = -1;
	__atomic_store_n(&l->serving, (uint16_t)(l->serving + 1), __ATOMIC_RELEASE);
}

#endif /* SMP_SPINLOCK_H */
