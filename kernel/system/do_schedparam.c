/*
 * do_schedparam - SYS_SCHEDPARAM: a process's budget and period, or make
 * it passive (kernel/sched_edf.c, sched_fp.c; abi/message.h says what the
 * values mean).
 *
 * m->schedparam.endpoint  the process (SELF allowed)
 * m->schedparam.budget    ticks per period
 * m->schedparam.period    ticks
 * m->schedparam.flags     SCHEDPARAM_PASSIVE
 *
 * EINVAL, with a log line, for values no budget can have; ENOSYS under a
 * policy without budgets; EBUSY (logged by the policy) from edf's
 * admission control.
 */
#include <abi/errno.h>
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/system.h"

int do_schedparam(struct proc *caller, message *m)
{
	struct proc *p = caller;
	uint32_t flags = m->schedparam.flags;
	int r;

	if (m->schedparam.endpoint != SELF && (r = proc_lookup(m->schedparam.endpoint, &p)) != OK)
		return r;
	if (flags & ~SCHEDPARAM_PASSIVE) {
		r = EINVAL;
	} else {
		r = sched_set_budget(p, m->schedparam.budget, m->schedparam.period,
				     flags & SCHEDPARAM_PASSIVE);
	}
	if (r == EINVAL)
		klog_ratelimited(KLOG_NOTICE "schedparam: %s (endpoint %d): budget %u period %u "
				 "flags %#x: not a budget (1 <= budget <= period <= %u, or passive)",
				 caller->name, caller->endpoint, m->schedparam.budget,
				 m->schedparam.period, flags, SCHED_MAX_PERIOD);
	return r;
}
