/*
 * servers/pm/pm.h - the process manager: its table of processes and the
 * request handlers (protocol: abi/pm.h; design: docs/pm.md).
 *
 * PM is single-threaded: everything here is touched only by its one
 * receive loop, so nothing needs a lock.
 */
#ifndef PM_PM_H
#define PM_PM_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/endpoint.h>
#include <abi/message.h>
#include <abi/pm.h>
#include <abi/signal.h>

#define NR_MPROCS	128		/* processes and zombies PM keeps at once */
#define INIT_PID	1		/* PM itself: parent of boot programs and orphans */

/* mproc.flags */
#define MP_ZOMBIE	(1u << 0)	/* ended; its status waits for the parent */
#define MP_WAITING	(1u << 1)	/* blocked in PM_WAITPID (no reply yet) */

struct sigact {
	vir_bytes handler;		/* PM_SIG_DFL, PM_SIG_IGN or the handler */
	vir_bytes restorer;		/* where the handler returns */
	uint32_t mask;			/* blocked while it runs */
};

struct mproc {
	pid_t pid;			/* 0: the entry is free */
	pid_t ppid;			/* INIT_PID for boot programs and orphans */
	endpoint_t ep;			/* NONE once a zombie */
	uint32_t flags;			/* MP_* */
	pid_t wait_pid;			/* MP_WAITING: the child it waits for, -1 any */
	int32_t wstatus;		/* MP_ZOMBIE: what wait reports (W_* of abi/pm.h) */
	uint32_t sig_mask;		/* blocked signals */
	uint32_t sig_pending;		/* arrived while blocked */
	uint32_t sig_raised;		/* raised by PM through the kernel, not yet taken */
	struct sigact act[NR_SIGNALS];
};

/* mproc.c */
struct mproc *mp_alloc(pid_t ppid);
void mp_bind(struct mproc *mp, endpoint_t ep);
void mp_unbind(struct mproc *mp);
void mp_free(struct mproc *mp);
struct mproc *mp_by_ep(endpoint_t ep);
struct mproc *mp_by_pid(pid_t pid);
struct mproc *mp_at(unsigned i);
unsigned mp_count(void);
struct mproc *mp_adopt(endpoint_t ep);
bool mp_ever_managed(void);

/* main.c */
_Noreturn void pm_server_main(void);
void pm_reply(endpoint_t ep, int result, message *m);
void pm_relax(void);

/* Request handlers: return the reply's m_type, or EDONTREPLY. */
int pm_fork(struct mproc *mp, message *m);	/* forkexit.c */
int pm_exit(struct mproc *mp, message *m);
int pm_waitpid(struct mproc *mp, message *m);
int pm_getpid(struct mproc *mp, message *m);
int pm_exec(struct mproc *mp, message *m);	/* exec.c */
int pm_kill(struct mproc *mp, message *m);	/* signal.c */
int pm_sigaction(struct mproc *mp, message *m);
int pm_sigprocmask(struct mproc *mp, message *m);
int pm_sigreturn(struct mproc *mp, message *m);

/* forkexit.c */
void exit_proc(struct mproc *mp, int32_t wstatus);

/* signal.c */
void sig_kernel(void);
void sig_inherit(struct mproc *child, const struct mproc *parent);
void sig_exec(struct mproc *mp);
void sig_post(struct mproc *mp, int sig);
void sig_release(struct mproc *mp);

#endif /* PM_PM_H */
