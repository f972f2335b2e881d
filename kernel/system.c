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
#include <stddef.h>
#include <abi/errno.h>
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/system.h"

/*
 * The call vector: handler, and KCALL_OUT for calls that answer in message
 * fields (the whole message is copied back); for the others only the
 * result word is written back.
 */
#define KCALL_OUT	1

static const struct kcall {
	kcall_handler handler;
	uint32_t flags;
} kcall_table[NR_SYS_CALLS] = {
	[SYS_DIAGCTL]   = { do_diagctl, 0 },
	[SYS_EXIT]      = { do_exit, 0 },
	[SYS_GETINFO]   = { do_getinfo, 0 },
	[SYS_ABORT]     = { do_abort, 0 },
	[SYS_YIELD]     = { do_yield, 0 },
	[SYS_TIMES]     = { do_times, KCALL_OUT },
	[SYS_PRIVCTL]   = { do_privctl, 0 },
	[SYS_KILL]      = { do_kill, 0 },
	[SYS_GETKSIG]   = { do_getksig, KCALL_OUT },
	[SYS_ENDKSIG]   = { do_endksig, 0 },
	[SYS_SETALARM]  = { do_setalarm, KCALL_OUT },
	[SYS_RUNCTL]    = { do_runctl, 0 },
	[SYS_CLEAR]     = { do_clear, 0 },
	[SYS_FORK]      = { do_fork, KCALL_OUT },
	[SYS_VIRCOPY]   = { do_vircopy, 0 },
	[SYS_PHYSCOPY]  = { do_physcopy, 0 },
	[SYS_DEVIO]     = { do_devio, KCALL_OUT },
	[SYS_IRQCTL]    = { do_irqctl, 0 },
	[SYS_EXEC]      = { do_exec, 0 },
	[SYS_UPDATE]    = { do_update, 0 },
	[SYS_VMCTL]     = { do_vmctl, KCALL_OUT },
	[SYS_SCHEDCTL]  = { do_schedctl, 0 },
	[SYS_SETGRANT]  = { do_setgrant, 0 },
	[SYS_SAFECOPYFROM] = { do_safecopy_from, 0 },
	[SYS_SAFECOPYTO] = { do_safecopy_to, 0 },
	[SYS_VSAFECOPY] = { do_vsafecopy, 0 },
	[SYS_SAFEMAP]   = { do_safemap, 0 },
	[SYS_SAFEREVMAP] = { do_saferevmap, 0 },
	[SYS_SAFEUNMAP] = { do_safeunmap, 0 },
};

static int dispatch(struct proc *caller, message *m)
{
	uint32_t call = (uint32_t)m->m_type;

	if (unlikely(call >= NR_SYS_CALLS || !kcall_table[call].handler)) {
		klog_ratelimited("kcall: %s (endpoint %d): call %d out of range",
				 caller->name, caller->endpoint, m->m_type);
		return EBADREQUEST;
	}
	if (unlikely(!priv_may_call(caller->priv, call))) {
		klog_ratelimited("kcall: %s (endpoint %d): call %u denied",
				 caller->name, caller->endpoint, call);
		return ECALLDENIED;
	}
	return kcall_table[call].handler(caller, m);
}

/*
 * Message copies between the caller and its kcall_msg: one page walk and
 * sixteen word moves when the message sits in one page (the usual case),
 * the general user copy otherwise.
 */
static int message_in(struct proc *caller, vir_bytes umsg, message *m)
{
	const uint32_t *src = as_message_ptr(&caller->arch.as, umsg, false);

	if (unlikely(!src))
		return user_copy_in(&caller->arch.as, umsg, m, sizeof(*m));
	arch_copy_words((uint32_t *)m, src, MESSAGE_SIZE / 4);
	return OK;
}

static int message_out(struct proc *caller, vir_bytes umsg, const message *m)
{
	uint32_t *dst = as_message_ptr(&caller->arch.as, umsg, true);

	if (unlikely(!dst))
		return user_copy_out(&caller->arch.as, m, umsg, sizeof(*m));
	arch_copy_words(dst, (const uint32_t *)m, MESSAGE_SIZE / 4);
	return OK;
}

/* Does the call answer in message fields (KCALL_OUT)? */
static bool answers_in_fields(const message *m)
{
	uint32_t call = (uint32_t)m->m_type;

	return call < NR_SYS_CALLS && (kcall_table[call].flags & KCALL_OUT);
}

/*
 * Writes the result into the caller's message (the whole message for
 * KCALL_OUT calls, else just m_type) and %eax; nothing for EDONTREPLY.
 */
static void finish(struct proc *caller, message *m, int r)
{
	vir_bytes umsg = arch_syscall_arg(&caller->arch);
	int32_t *type;

	if (r == EDONTREPLY)
		return;
	if (answers_in_fields(m)) {
		m->m_type = r;
		if (unlikely(message_out(caller, umsg, m) != OK))
			r = EFAULT;
	} else if (likely(type = as_message_ptr(&caller->arch.as, umsg, true))) {
		type[1] = r;				/* m_type */
	} else if (user_copy_out(&caller->arch.as, &r, umsg + offsetof(message, m_type),
				 sizeof(r)) != OK) {
		r = EFAULT;
	}
	arch_set_syscall_result(&caller->arch, r);
}

void kernel_call_trap(struct proc *caller)
{
	vir_bytes umsg = arch_syscall_arg(&caller->arch);
	message *m = &caller->kcall_msg;

	if (unlikely(message_in(caller, umsg, m) != OK)) {
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
