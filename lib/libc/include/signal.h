/*
 * signal.h - POSIX signals through the process manager (abi/pm.h,
 * docs/pm.md): kill, sigaction and signal, sigprocmask, the sigset_t
 * helpers.  Errors are negative codes of abi/errno.h.
 *
 * A handler is called as handler(sig, ctx) on the process's stack and
 * returns into __sigreturn (sigreturn.S), which has PM resume the
 * interrupted context; ctx is that context's address (arch/sigframe.h).
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <stdint.h>
#include <abi/errno.h>
#include <abi/pm.h>
#include <abi/signal.h>

typedef uint32_t sigset_t;
typedef void (*sighandler_t)(int);

#define SIG_DFL		((sighandler_t)PM_SIG_DFL)
#define SIG_IGN		((sighandler_t)PM_SIG_IGN)
#define SIG_ERR		((sighandler_t)-1)

struct sigaction {
	sighandler_t sa_handler;
	sigset_t sa_mask;		/* blocked while the handler runs, with the signal */
	int sa_flags;			/* none defined: 0 */
};

int kill(pid_t pid, int sig);
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
sighandler_t signal(int sig, sighandler_t handler);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);

static inline int sigemptyset(sigset_t *s) { *s = 0; return 0; }
static inline int sigfillset(sigset_t *s) { *s = ~1u; return 0; }
static inline int sigaddset(sigset_t *s, int sig)
{
	if (sig <= 0 || sig >= NR_SIGNALS)
		return EINVAL;
	*s |= SIGMASK_OF(sig);
	return 0;
}
static inline int sigdelset(sigset_t *s, int sig)
{
	if (sig <= 0 || sig >= NR_SIGNALS)
		return EINVAL;
	*s &= ~SIGMASK_OF(sig);
	return 0;
}
static inline int sigismember(const sigset_t *s, int sig)
{
	return sig > 0 && sig < NR_SIGNALS && (*s & SIGMASK_OF(sig)) != 0;
}

/* The restorer a handler returns to (sigreturn.S); never returns itself. */
void __sigreturn(void);

#endif /* _SIGNAL_H */
