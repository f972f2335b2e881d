/*
 * kernel/system.c - kernel-call dispatch, in both forms (abi/callnr.h).
 *
 * Message form (KERNEL_CALL_VECTOR, SYSENTER_KERNEL_CALL): the caller
 * passes a message pointer in %eax.  The kernel copies the message in,
 * dispatches, and writes the result back into the caller's message and %eax.
 * Short form (KERNEL_CALL_SHORT_VECTOR, SYSENTER_KERNEL_CALL_SHORT): the
 * call number and message words 2..5 come in registers and the answer goes
 * back in them; only calls flagged KCALL_SHORT may come that way.
 *
 * Both check the call number and the caller's call mask and dispatch
 * through kcall_table (one line per call, handlers in
 * kernel/system/do_<call>.c) with the request in proc.kcall_msg.  Out of
 * range gives EBADREQUEST, a call missing from the call mask ECALLDENIED, an
 * unflagged call in short form EBADREQUEST.  Dispatch takes no lock: the
 * table is constant, and the call mask is read without priv_lock, one
 * aligned word per test (docs/locking.md).
 * A call restarted after waiting for VM answers in the form it came in
 * (arch_kcall_is_short).
 */
#include <abi/callnr.h>
#include <stddef.h>
#include <abi/errno.h>
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_fast.h"
#include "kernel/system.h"
#include "smp/cpu.h"

/*
 * The call vector: handler, and flags.  KCALL_OUT: the call answers in
 * message fields (the whole message is copied back, or words 2..5 for a
 * short call); for the others only the result is written back.
 * KCALL_SHORT: request and answer use only words 1..5 of the message (the
 * layouts are checked below), so the call may come in short form.
 * KCALL_VM_RESULT: after waiting for VM the call is restarted whatever VM
 * answered (ENTER finishes the one copy VM failed, not the whole call).
 */
#define KCALL_OUT	(1u << 0)
#define KCALL_SHORT	(1u << 1)
#define KCALL_VM_RESULT	(1u << 2)	/* restarted even when VM failed: it reads vmreq.result */

static const struct kcall {
	kcall_handler handler;
	uint32_t flags;
} kcall_table[NR_SYS_CALLS] = {
	[SYS_DIAGCTL]   = { do_diagctl, KCALL_SHORT },
	[SYS_EXIT]      = { do_exit, 0 },
	[SYS_GETINFO]   = { do_getinfo, KCALL_SHORT },
	[SYS_ABORT]     = { do_abort, 0 },
	[SYS_YIELD]     = { do_yield, KCALL_SHORT },
	[SYS_TIMES]     = { do_times, KCALL_OUT },
	[SYS_PRIVCTL]   = { do_privctl, 0 },
	[SYS_KILL]      = { do_kill, KCALL_SHORT },
	[SYS_GETKSIG]   = { do_getksig, KCALL_OUT | KCALL_SHORT },
	[SYS_ENDKSIG]   = { do_endksig, KCALL_SHORT },
	[SYS_SETALARM]  = { do_setalarm, KCALL_OUT | KCALL_SHORT },
	[SYS_RUNCTL]    = { do_runctl, KCALL_SHORT },
	[SYS_CLEAR]     = { do_clear, 0 },
	[SYS_FORK]      = { do_fork, KCALL_OUT },
	[SYS_VIRCOPY]   = { do_vircopy, 0 },
	[SYS_PHYSCOPY]  = { do_physcopy, 0 },
	[SYS_DEVIO]     = { do_devio, KCALL_OUT },
	[SYS_IRQCTL]    = { do_irqctl, 0 },
	[SYS_EXEC]      = { do_exec, 0 },
	[SYS_UPDATE]    = { do_update, 0 },
	[SYS_VMCTL]     = { do_vmctl, KCALL_OUT },
	[SYS_SCHEDCTL]  = { do_schedctl, KCALL_SHORT },
	[SYS_SETGRANT]  = { do_setgrant, 0 },
	[SYS_SAFECOPYFROM] = { do_safecopy_from, KCALL_SHORT },	/* own short layout */
	[SYS_SAFECOPYTO] = { do_safecopy_to, KCALL_SHORT },
	[SYS_VSAFECOPY] = { do_vsafecopy, 0 },
	[SYS_SAFEMAP]   = { do_safemap, 0 },
	[SYS_SAFEREVMAP] = { do_saferevmap, 0 },
	[SYS_SAFEUNMAP] = { do_safeunmap, 0 },
	[SYS_SCHEDPARAM] = { do_schedparam, KCALL_SHORT },
	[SYS_SCHEDULE]  = { do_schedule, KCALL_OUT | KCALL_SHORT },
	[SYS_ASYNC_SETUP] = { do_async_setup, KCALL_OUT },
	[SYS_ASYNC_ENTER] = { do_async_enter, KCALL_SHORT | KCALL_VM_RESULT },
	[SYS_PROFCTL]   = { do_profctl, KCALL_OUT },
	[SYS_SIGSEND]   = { do_sigsend, KCALL_OUT },
	[SYS_SIGRETURN] = { do_sigreturn, KCALL_OUT },
};

/* The layouts of the KCALL_SHORT calls fit the four payload words. */
#define SHORT_PAYLOAD_WORDS	4
#define FITS_SHORT(t)	_Static_assert(sizeof(t) <= SHORT_PAYLOAD_WORDS * 4, \
				       #t " is too big for a short kernel call")
FITS_SHORT(struct mess_diagctl);
FITS_SHORT(struct mess_getinfo);
FITS_SHORT(struct mess_sig);
FITS_SHORT(struct mess_alarm);
FITS_SHORT(struct mess_runctl);
FITS_SHORT(struct mess_schedctl);
FITS_SHORT(struct mess_async_enter);
FITS_SHORT(struct mess_schedparam);
FITS_SHORT(struct mess_schedule);
FITS_SHORT(struct mess_safecopy_short);

/* A call out of range, or one without a short form in short form. */
static __attribute__((noinline)) int refuse(struct proc *caller, uint32_t call)
{
	if (call < NR_SYS_CALLS && kcall_table[call].handler)
		klog_ratelimited(KLOG_NOTICE "kcall: %s (endpoint %d): call %u has no short form",
				 caller->name, caller->endpoint, call);
	else
		klog_ratelimited(KLOG_NOTICE "kcall: %s (endpoint %d): call %d out of range",
				 caller->name, caller->endpoint, (int)call);
	return EBADREQUEST;
}

/*
 * Checks the call and runs its handler.  `need` is KCALL_SHORT for a call
 * in short form, else 0; a KCALL_SHORT entry always has a handler, so for
 * the short form its flag says both.  The call mask is checked after
 * those, so a denied call that has no short form gets EBADREQUEST in short
 * form.
 */
static inline __attribute__((always_inline)) int dispatch(struct proc *caller, message *m,
							 uint32_t need)
{
	uint32_t call = (uint32_t)m->m_type;

	if (unlikely(call >= NR_SYS_CALLS || !(need ? kcall_table[call].flags & need
						 : kcall_table[call].handler != NULL)))
		return refuse(caller, call);
	if (unlikely(!priv_may_call(caller->priv, call))) {
		klog_ratelimited(KLOG_NOTICE "kcall: %s (endpoint %d): call %u denied",
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
 * Message form: writes the result into the caller's message (the whole
 * message for KCALL_OUT calls, else just m_type) and %eax.
 */
static void answer_message(struct proc *caller, message *m, int r)
{
	vir_bytes umsg = arch_syscall_arg(&caller->arch);
	int32_t *type;

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

/* Short form: the result in %eax and, for a KCALL_OUT call (out), words 2..5. */
static inline void answer_short(struct proc *caller, const message *m, int r, bool out)
{
	if (out)
		arch_kcall_short_out(&caller->arch, m->words);
	arch_set_syscall_result(&caller->arch, r);
}

void kernel_call_trap(struct proc *caller)
{
	vir_bytes umsg = arch_syscall_arg(&caller->arch);
	message *m = &caller->kcall_msg;
	int r;

	if (unlikely(message_in(caller, umsg, m) != OK)) {
		klog_ratelimited(KLOG_NOTICE "kcall: %s (endpoint %d): bad message pointer %#x",
				 caller->name, caller->endpoint, umsg);
		arch_set_syscall_result(&caller->arch, EFAULT);
		return;
	}
	m->m_source = caller->endpoint;
	if ((r = dispatch(caller, m, 0)) != EDONTREPLY)
		answer_message(caller, m, r);
}

/* The short form's call for caller, which trapped. */
static inline __attribute__((always_inline)) void short_call(struct proc *caller)
{
	message *m = &caller->kcall_msg;
	int r;

	m->m_source = caller->endpoint;
	m->m_type = (int32_t)arch_syscall_arg(&caller->arch);
	arch_kcall_short_in(&caller->arch, m->words);
	if ((r = dispatch(caller, m, KCALL_SHORT)) != EDONTREPLY)
		answer_short(caller, m, r, answers_in_fields(m));
}

/* The short form's trap through the int door (trap_user). */
void kernel_call_short_trap(struct proc *caller)
{
	short_call(caller);
}

/*
 * The short form's trap for the SYSENTER door, entered straight from it
 * for this CPU's current process.  Returns when the caller may go straight
 * back to user mode (sched_trapper_continues; the door then restores it),
 * else ends in kernel_return().
 */
void kernel_call_short_direct(void)
{
	struct proc *caller = this_cpu()->current;

	short_call(caller);
	if (likely(sched_trapper_continues(this_cpu(), caller)))
		return;
	kernel_return();
}

/*
 * Restarts a call that waited for VM, from the message kept in the process,
 * and answers it in the form it came in (for the message form %eax still
 * holds the caller's message address).  Runs on the caller's CPU just
 * before it would return to user mode.
 */
void kernel_call_resume(struct proc *caller)
{
	message *m = &caller->kcall_msg;
	bool short_form = arch_kcall_is_short(&caller->arch);
	int r = caller->vmreq.result;

	caller->misc_flags &= ~MF_KCALL_RESUME;
	if (r == OK || (kcall_table[m->m_type].flags & KCALL_VM_RESULT))
		r = dispatch(caller, m, short_form ? KCALL_SHORT : 0);
	if (r == EDONTREPLY)
		return;
	if (short_form)
		answer_short(caller, m, r, answers_in_fields(m));
	else
		answer_message(caller, m, r);
}
