/*
 * servers/pm/signal.c - POSIX signals for user processes: PM_KILL,
 * PM_SIGACTION, PM_SIGPROCMASK, PM_SIGRETURN, and the signals the kernel
 * holds for PM as the signal manager of every USER process (seed 000).
 *
 * Every delivery goes through the kernel: PM raises a deliverable signal
 * with SYS_KILL, which holds the process (RTS_SIGNALED) and notifies PM;
 * PM then takes the held process's signals (SYS_GETKSIG), acts on each,
 * and releases it (SYS_ENDKSIG).  So a handler's frame is built only
 * while the process is stopped, and a signal raised by a fault (SIGSEGV
 * from the kernel) takes the same path as kill().  For each signal, in
 * order of number:
 *   - SIGKILL, or a default action of terminate (every signal but
 *     SIGCHLD; a core dump is a termination): the process ends, killed by
 *     that signal;
 *   - ignored (SIG_IGN, or SIGCHLD by default): dropped;
 *   - blocked: kept pending in PM until unblocked (sigprocmask,
 *     sigreturn), then raised again;
 *   - caught: SYS_SIGSEND builds the frame (the handler returns to the
 *     restorer, which sends PM_SIGRETURN), the mask gains the action's
 *     mask and the signal itself.
 * A fault signal the kernel raised (SIGSEGV, SIGILL, SIGFPE, SIGBUS,
 * SIGTRAP) that is blocked or ignored ends the process: it cannot go on.
 * SIGEXIT from the kernel is the process's own SYS_EXIT (PM set
 * EXIT_TO_MGR on the USER structure, mproc.c): it ends with its status
 * as if it had sent PM_EXIT.  SIGEXIT is no user signal (kill and
 * sigaction of it: EINVAL).
 * A process blocked in PM_WAITPID is answered EINTR before its handler
 * runs.  One blocked in IPC elsewhere cannot take a frame now (EAGAIN):
 * the signal stays pending and is raised again at its next request to PM.
 */
#include <stdio.h>
#include <string.h>
#include <syslib.h>
#include "pm.h"

#define SIGS_UNCATCHABLE	SIGMASK_OF(SIGKILL)
#define SIGS_DEFAULT_IGNORE	SIGMASK_OF(SIGCHLD)
#define SIGS_FAULT		(SIGMASK_OF(SIGILL) | SIGMASK_OF(SIGTRAP) | SIGMASK_OF(SIGBUS) | \
				 SIGMASK_OF(SIGFPE) | SIGMASK_OF(SIGSEGV))
#define SIGS_VALID		(~1u)		/* 1..NR_SIGNALS-1 */

static bool ignored(const struct mproc *mp, int sig)
{
	vir_bytes h = mp->act[sig].handler;

	return h == PM_SIG_IGN || (h == PM_SIG_DFL && (SIGS_DEFAULT_IGNORE & SIGMASK_OF(sig)));
}

/* PM wants sig delivered to mp: dropped, kept pending, or raised through the kernel. */
void sig_post(struct mproc *mp, int sig)
{
	uint32_t bit = SIGMASK_OF(sig);
	int r;

	if (mp->flags & MP_ZOMBIE)
		return;
	if (sig != SIGKILL && ignored(mp, sig))
		return;
	if (sig != SIGKILL && (mp->sig_mask & bit)) {
		mp->sig_pending |= bit;
		return;
	}
	mp->sig_raised |= bit;
	if ((r = sys_kill(mp->ep, sig)) != OK)
		printf("pm: raising signal %d on pid %d: %d\n", sig, mp->pid, r);
}

/* Raises again the pending signals mp no longer blocks. */
void sig_release(struct mproc *mp)
{
	uint32_t ready = mp->sig_pending & ~mp->sig_mask;

	mp->sig_pending &= ~ready;
	for (int sig = 1; sig < NR_SIGNALS; sig++)
		if (ready & SIGMASK_OF(sig))
			sig_post(mp, sig);
}

/*
 * Runs sig's handler in mp (held by the kernel).  False if mp was ended
 * (its stack cannot take the frame).  A frame that cannot be built now
 * (EAGAIN) leaves the signal pending.
 */
static bool run_handler(struct mproc *mp, int sig)
{
	const struct sigact *a = &mp->act[sig];
	message m;
	int r;

	if (mp->flags & MP_WAITING) {
		mp->flags &= ~MP_WAITING;
		memset(&m, 0, sizeof(m));
		pm_reply(mp->ep, EINTR, &m);
	}
	while ((r = sys_sigsend(mp->ep, sig, a->handler, a->restorer, mp->sig_mask)) == EBUSY)
		pm_relax();			/* still stopping on its CPU */
	if (r == EAGAIN) {
		mp->sig_pending |= SIGMASK_OF(sig);
		return true;
	}
	if (r != OK) {
		printf("pm: pid %d: no frame for signal %d (%d); ended by SIGSEGV\n", mp->pid, sig, r);
		exit_proc(mp, W_TERMSIG(SIGSEGV));
		return false;
	}
	mp->sig_mask |= (a->mask | SIGMASK_OF(sig)) & ~SIGS_UNCATCHABLE;
	return true;
}

/* mp called SYS_EXIT itself (SIGEXIT, EXIT_TO_MGR): it ends with its status. */
static void exited(struct mproc *mp)
{
	struct proc_info pi;
	int32_t status = 0;

	if (sys_getinfo(GET_PROC, endpoint_slot(mp->ep), &pi, sizeof(pi)) >= 0 &&
	    pi.endpoint == mp->ep)
		status = pi.exit_status;
	exit_proc(mp, W_EXITCODE(status));
}

/* Acts on the signals the kernel held mp for.  False if mp was ended. */
static bool take(struct mproc *mp, uint32_t sigs)
{
	uint32_t from_kernel = sigs & ~mp->sig_raised;

	mp->sig_raised &= ~sigs;
	if (from_kernel & SIGMASK_OF(SIGEXIT)) {
		exited(mp);
		return false;
	}
	for (int sig = 1; sig < NR_SIGNALS; sig++) {
		uint32_t bit = SIGMASK_OF(sig);

		if (!(sigs & bit))
			continue;
		if (sig == SIGKILL) {
			exit_proc(mp, W_TERMSIG(SIGKILL));
			return false;
		}
		if (ignored(mp, sig) || (mp->sig_mask & bit)) {
			if (from_kernel & bit & SIGS_FAULT) {
				exit_proc(mp, W_TERMSIG(sig));
				return false;
			}
			if (!ignored(mp, sig))
				mp->sig_pending |= bit;
			continue;
		}
		if (mp->act[sig].handler == PM_SIG_DFL) {
			exit_proc(mp, W_TERMSIG(sig));
			return false;
		}
		if (!run_handler(mp, sig))
			return false;
	}
	return true;
}

/* The kernel holds processes with signals for PM (a notification from SYSTEM). */
void sig_kernel(void)
{
	endpoint_t ep;
	uint32_t sigs;

	while (sys_getksig(&ep, &sigs) == OK && ep != NONE) {
		struct mproc *mp = mp_by_ep(ep);

		if (!mp && !(mp = mp_adopt(ep))) {
			printf("pm: signals %#x for endpoint %d, which PM cannot take: cleared\n",
			       sigs, ep);
			sys_clear(ep);
			continue;
		}
		if (take(mp, sigs))
			sys_endksig(ep);
	}
}

void sig_inherit(struct mproc *child, const struct mproc *parent)
{
	child->sig_mask = parent->sig_mask;
	memcpy(child->act, parent->act, sizeof(child->act));
}

void sig_exec(struct mproc *mp)
{
	for (int sig = 1; sig < NR_SIGNALS; sig++)
		if (mp->act[sig].handler != PM_SIG_IGN)
			mp->act[sig] = (struct sigact){ .handler = PM_SIG_DFL };
}

/* PM_KILL: pid > 0 only (no process groups); pid 1 is PM (EPERM); sig 0 checks. */
int pm_kill(struct mproc *mp, message *m)
{
	struct mproc *t;

	(void)mp;
	if (m->pm.sig < 0 || m->pm.sig >= NR_SIGNALS || m->pm.sig == SIGEXIT || m->pm.pid <= 0)
		return EINVAL;
	if (m->pm.pid == INIT_PID)
		return EPERM;
	if (!(t = mp_by_pid(m->pm.pid)))
		return ESRCH;
	if (m->pm.sig)
		sig_post(t, m->pm.sig);
	return OK;
}

/* PM_SIGACTION: how 1 sets (SIGKILL: EINVAL), 0 only reads; the old action comes back. */
int pm_sigaction(struct mproc *mp, message *m)
{
	int sig = m->pm.sig;
	struct sigact old;

	if (sig <= 0 || sig >= NR_SIGNALS || sig == SIGEXIT || (m->pm.how != 0 && m->pm.how != 1))
		return EINVAL;
	old = mp->act[sig];
	if (m->pm.how) {
		if (sig == SIGKILL)
			return EINVAL;
		mp->act[sig] = (struct sigact){ .handler = m->pm.handler, .restorer = m->pm.restorer,
						.mask = m->pm.mask & SIGS_VALID & ~SIGS_UNCATCHABLE };
		if (ignored(mp, sig))
			mp->sig_pending &= ~SIGMASK_OF(sig);
	}
	m->pm.handler = old.handler;
	m->pm.restorer = old.restorer;
	m->pm.mask = old.mask;
	return OK;
}

/* PM_SIGPROCMASK: SIG_BLOCK, SIG_UNBLOCK or SIG_SETMASK; the old mask comes back. */
int pm_sigprocmask(struct mproc *mp, message *m)
{
	uint32_t old = mp->sig_mask, set = m->pm.mask & SIGS_VALID & ~SIGS_UNCATCHABLE;

	switch (m->pm.how) {
	case SIG_BLOCK:		mp->sig_mask |= set; break;
	case SIG_UNBLOCK:	mp->sig_mask &= ~set; break;
	case SIG_SETMASK:	mp->sig_mask = set; break;
	default:		return EINVAL;
	}
	sig_release(mp);
	m->pm.mask = old;
	return OK;
}

/*
 * PM_SIGRETURN: the kernel resumes the frame's context (checked); no
 * reply.  The mask comes back from the context, so which pending signals
 * it lets through is known only then; all of them are raised first, so
 * that the kernel holds the process before it runs on, and take() sorts
 * them against the restored mask.
 */
int pm_sigreturn(struct mproc *mp, message *m)
{
	uint32_t mask, pending = mp->sig_pending;
	int r;

	mp->sig_pending = 0;
	for (int sig = 1; sig < NR_SIGNALS; sig++)
		if (pending & SIGMASK_OF(sig)) {
			mp->sig_raised |= SIGMASK_OF(sig);
			sys_kill(mp->ep, sig);
		}
	if ((r = sys_sigreturn(mp->ep, m->pm.ctx, &mask)) != OK) {
		printf("pm: pid %d: bad signal context %#x (%d); ended by SIGSEGV\n", mp->pid,
		       m->pm.ctx, r);
		exit_proc(mp, W_TERMSIG(SIGSEGV));
		return EDONTREPLY;
	}
	mp->sig_mask = mask & SIGS_VALID & ~SIGS_UNCATCHABLE;
	return EDONTREPLY;
}
