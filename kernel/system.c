/*
 * kernel/system.c - kernel-call dispatch (vector KERNEL_CALL_VECTOR).
 *
 * The caller passes a message pointer in %eax.  The kernel copies the
 * message in, checks the call number, dispatches through kcall_table (one
 * line per call, handlers in kernel/system/do_<call>.c), and writes the
 * result back into the caller's message and %eax.  Out of range gives
 * EBADREQUEST, a call missing from the caller's call mask ECALLDENIED.
 * Dispatch takes no lock.
 */
#include <abi/callnr.h>
#include <abi/errno.h>
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/system.h"

static const kcall_handler kcall_table[NR_SYS_CALLS] = {
	[SYS_DIAGCTL]	= do_diagctl,
	[SYS_EXIT]	= do_exit,
	[SYS_GETINFO]	= do_getinfo,
	[SYS_ABORT]	= do_abort,
	[SYS_YIELD]	= do_yield,
	[SYS_TIMES]	= do_times,
	[SYS_PRIVCTL]	= do_privctl,
	[SYS_KILL]	= do_kill,
	[SYS_GETKSIG]	= do_getksig,
	[SYS_ENDKSIG]	= do_endksig,
	[SYS_SETALARM]	= do_setalarm,
	[SYS_RUNCTL]	= do_runctl,
	[SYS_CLEAR]	= do_clear,
	[SYS_FORK]	= do_fork,
	[SYS_VIRCOPY]	= do_vircopy,
	[SYS_PHYSCOPY]	= do_physcopy,
	[SYS_DEVIO]	= do_devio,
	[SYS_IRQCTL]	= do_irqctl,
	[SYS_EXEC]	= do_exec,
	[SYS_UPDATE]	= do_update,
	[SYS_VMCTL]	= do_vmctl,
	[SYS_SCHEDCTL]	= do_schedctl,
	[SYS_SETGRANT]	= do_setgrant,
	[SYS_SAFECOPYFROM] = do_safecopy_from,
	[SYS_SAFECOPYTO] = do_safecopy_to,
	[SYS_VSAFECOPY]	= do_vsafecopy,
	[SYS_SAFEMAP]	= do_safemap,
	[SYS_SAFEREVMAP] = do_saferevmap,
	[SYS_SAFEUNMAP]	= do_safeunmap,
};

static int dispatch(struct proc *caller, message *m)
{
	uint32_t call = (uint32_t)m->m_type;

	if (unlikely(call >= NR_SYS_CALLS || !kcall_table[call])) {
		klog_ratelimited("kcall: %s (endpoint %d): call %d out of range",
				 caller->name, caller->endpoint, m->m_type);
		return EBADREQUEST;
	}
	if (unlikely(!priv_may_call(caller->priv, call))) {
		klog_ratelimited("kcall: %s (endpoint %d): call %u denied",
				 caller->name, caller->endpoint, call);
		return ECALLDENIED;
	}
	return kcall_table[call](caller, m);
}

/* Writes the result into the caller's message and %eax (unless EDONTREPLY). */
static void finish(struct proc *caller, message *m, int r)
{
	vir_bytes umsg = arch_syscall_arg(&caller->arch);

	if (r == EDONTREPLY)
		return;
	m->m_type = r;
	if (unlikely(user_copy_out(&caller->arch.as, m, umsg, sizeof(*m)) != OK))
		r = EFAULT;
	arch_set_syscall_result(&caller->arch, r);
}

void kernel_call_trap(struct proc *caller)
{
	vir_bytes umsg = arch_syscall_arg(&caller->arch);
	message *m = &caller->kcall_msg;

	if (unlikely(user_copy_in(&caller->arch.as, umsg, m, sizeof(*m)) != OK)) {
		klog_ratelimited("kcall: %s (endpoint %d): bad message pointer %#x",
				 caller->name, caller->endpoint, umsg);
		arch_set_syscall_result(&caller->arch, EFAULT);
		return;
	}
	m->m_source = caller->endpoint;
	finish(caller, m, dispatch(caller, m));
}

/*
 * Restarts a call that waited for VM, from the message kept in the process
 * (%eax still holds the caller's message address).  Runs on the caller's
 * CPU just before it would return to user mode.
 */
void kernel_call_resume(struct proc *caller)
{
	message *m = &caller->kcall_msg;

	caller->misc_flags &= ~MF_KCALL_RESUME;
	if (caller->vmreq.result != OK)
		finish(caller, m, caller->vmreq.result);
	else
		finish(caller, m, dispatch(caller, m));
}
