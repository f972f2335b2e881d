/*
 * do_exit - SYS_EXIT: the caller ends itself.
 *
 * m->exit.status  exit status, kept for GET_PROC
 *
 * A process whose structure has PRIV_EXIT_TO_MGR (PRIVCTL_EXIT_TO_MGR: RS
 * sets it on the services it runs) and a signal manager does not end here:
 * like MINIX's sys_exit for system processes, the exit is a signal
 * (SIGEXIT) for the manager, which clears or restarts it; the process is
 * held meanwhile, its status in exit_status for GET_PROC.  PM sets the
 * flag on the shared USER structure, so user processes' exits reach PM.
 */
#include <fmt.h>
#include <abi/errno.h>
#include <abi/signal.h>
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/system.h"

int do_exit(struct proc *caller, message *m)
{
	char reason[PROC_REASON_LEN];

	fmt_snprintf(reason, sizeof(reason), "exited with status %d", m->exit.status);
	if ((caller->priv->flags & PRIV_EXIT_TO_MGR) && caller->priv->sig_mgr != NONE) {
		caller->exit_status = m->exit.status;
		sig_raise(caller, caller->endpoint, SIGEXIT, reason);
		return EDONTREPLY;
	}
	proc_exit(caller, m->exit.status, reason);
	return EDONTREPLY;
}
