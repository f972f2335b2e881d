/*
 * bench/proc_ops.h - the orders the process benchmarks (proc.c) give the
 * latproc worker (latproc/latproc.c): message words[0].
 */
#ifndef BENCH_PROC_OPS_H
#define BENCH_PROC_OPS_H

#define PROC_OP_FORK		0	/* fork + _exit + waitpid */
#define PROC_OP_EXEC		1	/* fork + execv(latproc) + its exit + waitpid */
#define PROC_OP_SIG_INSTALL	2	/* sigaction */
#define PROC_OP_SIG_CATCH	3	/* kill(self) + handler + sigreturn */
#define PROC_NR_OPS		4

#define PROC_WORKER_PROGRAM	"latproc"	/* its boot module */

#endif /* BENCH_PROC_OPS_H */
