/*
 * do_schedule - SYS_SCHEDULE: a user-space scheduler's call (abi/message.h
 * says the operations, kernel/sched_user.c does them).
 *
 * m->schedule.op        SCHEDULE_START, _GET or _SET
 * m->schedule.endpoint  the process (GET: answered)
 * m->schedule.priority, quantum, cpu  SET's decision (GET: answered)
 *
 * ENOSYS unless the boot runs sched=user; EBADREQUEST for another op.
 * Refusals (EPERM: not the caller's process, or the caller schedules
 * nothing) get a log line.
 */
#include <abi/errno.h>
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_user.h"
#include "kernel/system.h"

int do_schedule(struct proc *caller, message *m)
{
	struct mess_schedule *s = &m->schedule;
	int r;

	if (sched_current_policy != &sched_user)
		return ENOSYS;
	switch (s->op) {
	case SCHEDULE_START:
		r = usched_start(caller, s->endpoint);
		break;
	case SCHEDULE_GET:
		r = usched_get(caller, s);
		break;
	case SCHEDULE_SET:
		r = usched_set(caller, s);
		break;
	default:
		return EBADREQUEST;
	}
	if (r == EPERM)
		klog_ratelimited(KLOG_NOTICE "schedule: %s (endpoint %d): op %u for endpoint %d "
				 "refused: not a process it schedules", caller->name,
				 caller->endpoint, s->op, s->endpoint);
	return r;
}
