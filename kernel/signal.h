/*
 * kernel/signal.h - signals raised by the kernel or by SYS_KILL, forwarded
 * to the process's signal manager (MINIX cause_sig).
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <stdint.h>
#include <abi/endpoint.h>

struct proc;

/*
 * Raises sig on p, looked up as ep.  Without a live signal manager the
 * kernel ends p (reason goes to its exit record and the log).  With one, p
 * is held (RTS_SIGNALED), the signal is added to p->sig_pending, and the
 * manager gets a notification from SYSTEM; it collects the signals with
 * SYS_GETKSIG and releases p with SYS_ENDKSIG.  EDEADSRCDST (and nothing
 * done) if p is no longer the live process ep when its lock is taken.
 * No lock may be held.
 */
int sig_raise(struct proc *p, endpoint_t ep, int sig, const char *reason);

/*
 * For SYS_GETKSIG, every CPU lock held: a process managed by mgr_e with
 * signals pending, which are taken from it into *sigs; NULL if none.
 */
struct proc *sig_take_pending(endpoint_t mgr_e, uint32_t *sigs);

/* A manager is gone: end the processes it was holding; their exits are theirs again. */
void sig_manager_died(struct proc *mgr);

#endif /* KERNEL_SIGNAL_H */
