/*
 * abi/signal.h - signal numbers: those the kernel raises, and the POSIX
 * ones PM delivers to user processes (docs/pm.md).  Bit n of a signal
 * mask is signal n; signal 0 is no signal (kill's existence check).
 */
#ifndef ABI_SIGNAL_H
#define ABI_SIGNAL_H

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4	/* illegal or privileged instruction */
#define SIGTRAP		5	/* breakpoint, debug trap */
#define SIGABRT		6
#define SIGBUS		7	/* alignment check */
#define SIGFPE		8	/* divide error, FPU/SIMD exception */
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11	/* bad memory access, protection fault */
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		17	/* a child ended (default: ignored) */
#define SIGEXIT		29	/* it called SYS_EXIT (PRIVCTL_EXIT_TO_MGR): held for
				   its manager; GET_PROC's exit_status has the status */
#define NR_SIGNALS	32

#define SIGMASK_OF(sig)	(1u << (sig))

#endif /* ABI_SIGNAL_H */
