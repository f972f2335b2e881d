/*
 * abi/signal.h - signal numbers the kernel raises.
 */
#ifndef ABI_SIGNAL_H
#define ABI_SIGNAL_H

#define SIGILL		4	/* illegal or privileged instruction */
#define SIGTRAP		5	/* breakpoint, debug trap */
#define SIGABRT		6
#define SIGBUS		7	/* alignment check */
#define SIGFPE		8	/* divide error, FPU/SIMD exception */
#define SIGKILL		9
#define SIGSEGV		11	/* bad memory access, protection fault */
#define SIGALRM		14
#define SIGTERM		15
#define SIGEXIT		29	/* it called SYS_EXIT (PRIVCTL_EXIT_TO_MGR): held for
				   its manager; GET_PROC's exit_status has the status */
#define NR_SIGNALS	32

#endif /* ABI_SIGNAL_H */
