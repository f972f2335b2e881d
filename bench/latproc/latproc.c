/*
 * bench/latproc/latproc.c - the small user program of the process
 * benchmarks (bench/proc.c; lmbench's lat_proc and lat_sig): booted next
 * to the bench program, it runs as a USER process under the PM the bench
 * starts.
 *
 *   latproc                 ends at once (as at boot, and as the program
 *                           the exec benchmark runs: lmbench's hello)
 *   latproc worker EP       takes orders from the bench (endpoint EP): a
 *                           message with words[0] = PROC_OP_*, words[1] =
 *                           a count; does that many operations and
 *                           answers with the result (0, or the first
 *                           error); BENCH_MSG_STOP ends it.
 */
#include <string.h>
#include <stdlib.h>
#include <ipc.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bench.h>
#include "../proc_ops.h"

static volatile uint32_t caught;

static void on_usr1(int sig)
{
	caught++;
}

/* fork; the child exits at once; wait for it (lat_proc fork). */
static int op_fork(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return pid;
	return waitpid(pid, &status, 0) == pid && status == 0 ? OK : EINVAL;
}

/* fork; the child runs latproc afresh, which exits; wait (lat_proc exec). */
static int op_exec(void)
{
	char *argv[] = { "latproc", NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(100 + execv("latproc", argv));
	if (pid < 0)
		return pid;
	return waitpid(pid, &status, 0) == pid && status == 0 ? OK : EINVAL;
}

/* Installs a handler (lat_sig install). */
static int op_sig_install(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	return sigaction(SIGUSR1, &sa, NULL);
}

/* Signals itself and takes it in the handler (lat_sig catch). */
static int op_sig_catch(void)
{
	uint32_t before = caught;
	int r = kill(getpid(), SIGUSR1);

	return r != OK ? r : caught == before + 1 ? OK : EINVAL;
}

static int (*const ops[PROC_NR_OPS])(void) = {
	[PROC_OP_FORK] = op_fork,
	[PROC_OP_EXEC] = op_exec,
	[PROC_OP_SIG_INSTALL] = op_sig_install,
	[PROC_OP_SIG_CATCH] = op_sig_catch,
};

static int worker(endpoint_t bench)
{
	message m;

	if (op_sig_install() != OK)
		return 1;
	for (;;) {
		int r = OK;

		if (ipc_receive(bench, &m, NULL) != OK || m.m_type != BENCH_MSG_GO)
			return 0;
		if (m.words[0] >= PROC_NR_OPS)
			r = EINVAL;
		for (uint32_t i = 0; i < m.words[1] && r == OK; i++)
			r = ops[m.words[0]]();
		memset(&m, 0, sizeof(m));
		m.m_type = r;
		if (ipc_send(bench, &m) != OK)
			return 0;
	}
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "worker"))
		return worker((endpoint_t)strtol(argv[2], NULL, 10));
	return 0;
}
