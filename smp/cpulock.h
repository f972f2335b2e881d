/*
 * smp/cpulock.h - taking the locks of several CPUs at once.
 *
 * Any operation on processes takes the lock of each process's CPU
 * (struct cpu.lock); locks of several CPUs are always taken in ascending
 * CPU id, so two operations can never wait on each other.  Because a
 * process's CPU may change (migration holds both CPUs' locks), the helpers
 * re-check p->cpu after locking and retry if it moved.
 *
 * A cpuset_t is a bitmask of CPU ids; the helpers return the set they took,
 * to be passed to cpus_unlock.
 */
#ifndef SMP_CPULOCK_H
#define SMP_CPULOCK_H

#include <stdint.h>
#include "kernel/proc.h"
#include "smp/cpu.h"

typedef uint32_t cpuset_t;
_Static_assert(MAX_CPUS <= 32, "cpuset_t holds one bit per CPU");

#define CPUSET_OF(c)	((cpuset_t)1 << (c)->id)

void cpus_lock(cpuset_t set);
void cpus_unlock(cpuset_t set);
cpuset_t cpus_lock_all(void);

cpuset_t lock_procs(struct proc *a, struct proc *b, struct proc *c);	/* b, c may be NULL */

/*
 * lock_procs(a, b, NULL) with the common case inline: both on one CPU,
 * one lock.  p->cpu is read unlocked first, as lock_procs does; once that
 * CPU's lock is held it cannot change (a migration holds both CPUs'
 * locks), so the re-check under the lock is final.
 */
static inline __attribute__((always_inline)) cpuset_t lock_pair(struct proc *a, struct proc *b)
{
	struct cpu *c = a->cpu;

	if (__builtin_expect(b->cpu == c, 1)) {
		spin_lock(&c->lock);
		if (__builtin_expect(a->cpu == c && b->cpu == c, 1))
			return CPUSET_OF(c);
		spin_unlock(&c->lock);		/* one of them migrated meanwhile */
	}
	return lock_procs(a, b, NULL);
}

static inline __attribute__((always_inline)) cpuset_t lock_proc(struct proc *p)
{
	return lock_pair(p, p);
}

#endif /* SMP_CPULOCK_H */
