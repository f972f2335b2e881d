/*
 * do_yield - SYS_YIELD: the caller gives up the rest of its time slice and
 * goes to the back of its priority level.  No message fields.
 */
#include <abi/errno.h>
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/system.h"

int do_yield(struct proc *caller, message *m)
{
	sched_yield(caller);
	return OK;
}
