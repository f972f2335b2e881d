/*
 * abi/pm.h - the process manager's protocol with user processes.
 *
 * A process sends a request with SENDREC to PM (the boot module "pm"; libc
 * finds it) with m_type PM_* and the payload struct mess_pm; the reply's
 * m_type is OK (or a non-negative result) or an error.  PM_EXIT, a
 * successful PM_EXEC and PM_SIGRETURN get no reply: the process is gone,
 * runs a new program, or resumes where the signal found it.
 * docs/pm.md describes pids, zombies, signals and the frame.
 */
#ifndef ABI_PM_H
#define ABI_PM_H

#include <abi/types.h>

typedef int32_t pid_t;

#define PM_RQ_BASE	0x0d00
#define PM_FORK		(PM_RQ_BASE + 0)	/* out: pid (the child's; 0 in the child) */
#define PM_EXIT		(PM_RQ_BASE + 1)	/* in: status */
#define PM_WAITPID	(PM_RQ_BASE + 2)	/* in: pid, options; out: pid, status */
#define PM_EXEC		(PM_RQ_BASE + 3)	/* in: name, name_len, args, args_len */
#define PM_KILL		(PM_RQ_BASE + 4)	/* in: pid, sig */
#define PM_SIGACTION	(PM_RQ_BASE + 5)	/* in: sig, handler, mask, restorer; out: old */
#define PM_SIGPROCMASK	(PM_RQ_BASE + 6)	/* in: how, mask; out: mask (the old one) */
#define PM_SIGRETURN	(PM_RQ_BASE + 7)	/* in: ctx (from the signal frame) */
#define PM_GETPID	(PM_RQ_BASE + 8)	/* out: pid, ppid */
#define PM_NR_RQS	9

/* PM_WAITPID options */
#define WNOHANG		1		/* answer pid 0 at once if no child has ended */

/* PM_SIGPROCMASK how */
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

/* PM_SIGACTION handler values besides an address (libc: SIG_DFL, SIG_IGN) */
#define PM_SIG_DFL	((vir_bytes)0)
#define PM_SIG_IGN	((vir_bytes)1)

/* PM_EXEC: the program's name and its arguments (space separated) */
#define PM_EXEC_NAME_MAX	32	/* with the NUL: a boot module's name */
#define PM_EXEC_ARGS_MAX	64	/* with the NUL: what a boot line may carry */

/* A wait status: exit code in bits 8..15, or the ending signal in 0..6. */
#define W_EXITCODE(code)	(((code) & 0xff) << 8)
#define W_TERMSIG(sig)		((sig) & 0x7f)
#define WIFEXITED(s)		(((s) & 0x7f) == 0)
#define WEXITSTATUS(s)		(((s) >> 8) & 0xff)
#define WIFSIGNALED(s)		(((s) & 0x7f) != 0)
#define WTERMSIG(s)		((s) & 0x7f)

struct mess_pm {
	pid_t pid;		/* FORK, WAITPID, GETPID out; WAITPID, KILL in */
	pid_t ppid;		/* GETPID out */
	int32_t status;		/* EXIT in; WAITPID out (W_* encoding) */
	int32_t options;	/* WAITPID: WNOHANG */
	int32_t sig;		/* KILL, SIGACTION */
	int32_t how;		/* SIGPROCMASK: SIG_*; SIGACTION: 1 sets, 0 only reads */
	uint32_t mask;		/* SIGACTION: blocked during the handler; SIGPROCMASK */
	vir_bytes handler;	/* SIGACTION: PM_SIG_DFL, PM_SIG_IGN or the handler */
	vir_bytes restorer;	/* SIGACTION: where the handler returns (calls sigreturn) */
	vir_bytes ctx;		/* SIGRETURN: the frame's saved context */
	vir_bytes name;		/* EXEC: the boot module's name */
	uint32_t name_len;	/*   its length, without a NUL */
	vir_bytes args;		/* EXEC: arguments after argv[0], space separated */
	uint32_t args_len;	/*   their length, without a NUL */
};

#endif /* ABI_PM_H */
