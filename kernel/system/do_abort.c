/*
 * do_abort - SYS_ABORT: shut the machine down.
 *
 * m->abort.how     ABORT_POWEROFF
 * m->abort.status  status for the host (QEMU's exit code)
 */
#include <abi/errno.h>
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/system.h"

int do_abort(struct proc *caller, message *m)
{
	if (m->abort.how != ABORT_POWEROFF)
		return EINVAL;
	kprintf(KLOG_NOTICE "abort: %s (endpoint %d) powers off with status %d",
		caller->name, caller->endpoint, m->abort.status);
	arch_poweroff(m->abort.status);
}
