/*
 * smp/cpulock.c - ordered locking of CPU sets (see cpulock.h).
 */
#include "kernel/proc.h"
#include "smp/cpulock.h"

void cpus_lock(cpuset_t set)
{
	for (cpuset_t s = set; s; s &= s - 1)
		spin_lock(&cpus[__builtin_ctz(s)].lock);
}

void cpus_unlock(cpuset_t set)
{
	for (cpuset_t s = set; s; s &= s - 1)
		spin_unlock(&cpus[__builtin_ctz(s)].lock);
}

cpuset_t cpus_lock_all(void)
{
	cpuset_t set = 0;

	for_each_online_cpu(c)
		set |= CPUSET_OF(c);
	cpus_lock(set);
	return set;
}

static cpuset_t cpus_of(struct proc *a, struct proc *b, struct proc *c)
{
	return CPUSET_OF(a->cpu) | (b ? CPUSET_OF(b->cpu) : 0) | (c ? CPUSET_OF(c->cpu) : 0);
}

cpuset_t lock_procs(struct proc *a, struct proc *b, struct proc *c)
{
	for (;;) {
		cpuset_t set = cpus_of(a, b, c);

		cpus_lock(set);
		if ((cpus_of(a, b, c) & ~set) == 0)
			return set;
		cpus_unlock(set);	/* one of them migrated meanwhile */
	}
}
