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

void spin_lock(struct spinlock *l);
bool spin_trylock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
bool spin_held(const struct spinlock *l);

#endif /* SMP_SPINLOCK_H */
