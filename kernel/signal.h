/*
 * kernel/signal.h - signals raised by the kernel or by SYS_KILL, forwarded
 * to the process's signal manager (MINIX cause_sig).
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

struct proc;

/*
 * Raises sig on p.  Without a live signal manager the kernel ends p (reason
 * goes to its exit record and the log).  With one, p is held (RTS_SIGNALED),
 * the signal is added to p->sig_pending, and the manager gets a
 * notification from SYSTEM; it collects the signals with SYS_GETKSIG and
 * releases p with SYS_ENDKSIG.
 */
void sig_raise(struct proc *p, int sig, const char *reason);

/* A manager is gone: end the processes it was holding. */
void sig_manager_died(struct proc *mgr);

#endif /* KERNEL_SIGNAL_H */
