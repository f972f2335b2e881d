/*
 * lib/libc/signal.c - kill, sigaction, signal, sigprocmask and the
 * sigreturn request (signal.h): one PM request each.
 */
#include <string.h>
#include <signal.h>
#include <syslib.h>
#include <unistd.h>
#include "pm_call.h"

int kill(pid_t pid, int sig)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.pm.pid = pid;
	m.pm.sig = sig;
	return __pm_call(PM_KILL, &m);
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.pm.sig = sig;
	if (act) {
		m.pm.how = 1;
		m.pm.handler = (vir_bytes)act->sa_handler;
		m.pm.mask = act->sa_mask;
		m.pm.restorer = (vir_bytes)__sigreturn;
	}
	if ((r = __pm_call(PM_SIGACTION, &m)) != OK)
		return r;
	if (old) {
		old->sa_handler = (sighandler_t)m.pm.handler;
		old->sa_mask = m.pm.mask;
		old->sa_flags = 0;
	}
	return OK;
}

sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction act = { .sa_handler = handler }, old;

	return sigaction(sig, &act, &old) == OK ? old.sa_handler : SIG_ERR;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.pm.how = set ? how : SIG_BLOCK;	/* no set: blocks nothing, reads the mask */
	m.pm.mask = set ? *set : 0;
	if ((r = __pm_call(PM_SIGPROCMASK, &m)) != OK)
		return r;
	if (old)
		*old = m.pm.mask;
	return OK;
}

/*
 * From __sigreturn: PM resumes the context at ctx, so this returns only if
 * PM could not be asked (then the process cannot go on).
 */
_Noreturn void __sigreturn_to(vir_bytes ctx)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.pm.ctx = ctx;
	__pm_call(PM_SIGRETURN, &m);
	_exit(128 + SIGSEGV);
}
