/*
 * do_clear - SYS_CLEAR: end another process (its manager cleaning up).
 * The slot's exit record says it was ended with SIGKILL.
 *
 * m->sig.endpoint  the process; not the caller (it uses SYS_EXIT)
 */
#include <fmt.h>
#include <abi/errno.h>
#include <abi/signal.h>
#include "kernel/proc.h"
#include "kernel/system.h"

int do_clear(struct proc *caller, message *m)
{
	char reason[PROC_REASON_LEN];
	struct proc *p;
	int r;

	if ((r = proc_lookup(m->sig.endpoint, &p)) != OK)
		return r;
	if (p == caller)
		return EINVAL;
	fmt_snprintf(reason, sizeof(reason), "cleared by %s", caller->name);
	proc_exit(p, -SIGKILL, reason);
	return OK;
}
