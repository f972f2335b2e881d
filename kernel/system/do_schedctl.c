/*
 * do_schedctl - SYS_SCHEDCTL: place a process on a CPU and set its priority
 * (for the scheduling policy servers to come, and for tests).
 *
 * m->schedctl.endpoint  the process (SELF allowed)
 * m->schedctl.cpu       target CPU, or -1 to stay where it is
 * m->schedctl.priority  0 (highest) .. SCHED_QUEUES-1, or -1 to keep
 *
 * A running process moves when it next leaves the kernel (for SELF: right
 * after this call returns).
 */
#include <abi/errno.h>
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/system.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"

static int set_priority(struct proc *p, int prio)
{
	cpuset_t held = lock_proc(p);
	bool ready = proc_runnable(p);

	if (ready)
		sched_dequeue(p);
	sched_set_priority(p, (unsigned)prio);
	if (ready)
		sched_enqueue(p);
	cpus_unlock(held);
	return OK;
}

int do_schedctl(struct proc *caller, message *m)
{
	struct proc *p = caller;
	int32_t cpu = m->schedctl.cpu, prio = m->schedctl.priority;
	int r;

	if (m->schedctl.endpoint != SELF && (r = proc_lookup(m->schedctl.endpoint, &p)) != OK)
		return r;
	if (cpu < -1 || (cpu >= 0 && !cpu_index_online((unsigned)cpu)))
		return EINVAL;
	if (prio < -1 || prio >= SCHED_QUEUES)
		return EINVAL;
	if (prio >= 0)
		set_priority(p, prio);
	if (cpu >= 0)
		sched_migrate(p, &cpus[cpu]);
	return OK;
}
