/*
 * do_exit - SYS_EXIT: the caller ends itself.
 *
 * m->exit.status  exit status, kept for GET_PROC
 */
#include <fmt.h>
#include <abi/errno.h>
#include "kernel/proc.h"
#include "kernel/system.h"

int do_exit(struct proc *caller, message *m)
{
	char reason[PROC_REASON_LEN];

	fmt_snprintf(reason, sizeof(reason), "exited with status %d", m->exit.status);
	proc_exit(caller, m->exit.status, reason);
	return EDONTREPLY;
}
