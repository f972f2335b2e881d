/*
 * do_async_enter - SYS_ASYNC_ENTER: take the caller's submissions and wait
 * for completions (kernel/async.h, abi/async.h).  Has a short form.
 *
 * m->async_enter.min_complete  return once the CQ holds this many (0: at once)
 *
 * Returns the completions ready in the CQ; sq_head in the ring says which
 * entries were taken.  Errors: EINVAL (no ring, indices that make no sense,
 * more completions than can come), EFAULT (the ring is unmapped),
 * ECANCELED (the ring was ended under a waiting ENTER: SYS_UPDATE).
 */
#include "kernel/async.h"
#include "kernel/proc.h"
#include "kernel/system.h"

int do_async_enter(struct proc *caller, message *m)
{
	return async_enter(caller, m->async_enter.min_complete);
}
