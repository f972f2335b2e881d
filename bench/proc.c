/*
 * bench/proc.c - process benchmarks through PM, lmbench's lat_proc and
 * lat_sig:
 *
 *   proc/fork    fork, the child _exits, the parent waitpids (lat_proc fork)
 *   proc/exec    the same with the child running the boot program latproc
 *                afresh, which exits at once (lat_proc exec, whose hello)
 *   sig/install  sigaction of a handler (lat_sig install)
 *   sig/catch    kill of itself, the handler, sigreturn (lat_sig catch)
 *
 * The operations run in a small USER program, latproc (bench/latproc,
 * booted next to the bench program), so that fork copies what a small
 * process has, not the bench program's buffers.  setup() starts the VM
 * server (bench_vm_start) and a PM of its own (servers/pm linked in, as
 * the VM server is), then the worker: a child of the bench that takes
 * USER privileges and execs `latproc worker <bench>`; run(n) sends it one
 * order for n operations and waits for its answer (one IPC round trip per
 * run, spread over n).  teardown() stops the worker; PM, with nothing
 * left to manage, ends by itself.
 */
#include <stdio.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <unistd.h>
#include <vm.h>
#include "../servers/pm/pm.h"
#include "benches.h"
#include "proc_ops.h"

static endpoint_t pm_ep = NONE, worker_ep = NONE;

static bool worker_program_booted(void)
{
	struct bootmod_info mod;
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return false;
	for (unsigned i = 0; i < k.nr_bootmods; i++)
		if (sys_getinfo(GET_BOOTMOD, (int)i, &mod, sizeof(mod)) >= 0 && mod.status == OK &&
		    !strcmp(mod.name, PROC_WORKER_PROGRAM))
			return true;
	return false;
}

/* The worker's child side: USER privileges, then the latproc program. */
static _Noreturn void become_worker(endpoint_t bench)
{
	char ep[16], *argv[] = { PROC_WORKER_PROGRAM, "worker", ep, NULL };
	int r;

	snprintf(ep, sizeof(ep), "%d", bench);
	if ((r = sys_privctl(SELF, PRIVCTL_SET_USER, 0)) == OK)
		r = execv(PROC_WORKER_PROGRAM, argv);
	_exit(r < 0 ? -r : 1);
}

static void stop(void)
{
	if (worker_ep != NONE)
		bench_stop_partner(worker_ep);
	if (pm_ep != NONE)
		bench_reap(pm_ep);		/* ends when its last process has */
	worker_ep = pm_ep = NONE;
	pm_set_endpoint(NONE);
}

static int setup(void)
{
	endpoint_t ep;
	int r;

	if (!worker_program_booted())
		return bench_skip("no boot module %s (tools/bench.py boots it)", PROC_WORKER_PROGRAM);
	if ((r = bench_vm_start()) != BENCH_OK)
		return r;
	fflush_stdout();
	if ((ep = vm_fork()) == 0)
		pm_server_main();
	if (ep < 0)
		return bench_setup_error(ep, "fork for PM: %d", ep);
	pm_ep = ep;
	pm_set_endpoint(ep);
	if ((ep = vm_fork()) == 0)
		become_worker(bench_self());
	if (ep < 0) {
		stop();
		return bench_setup_error(ep, "fork for the worker: %d", ep);
	}
	worker_ep = ep;
	return BENCH_OK;
}

/* n operations of kind op by the worker. */
static void order(uint32_t op, uint64_t n)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = BENCH_MSG_GO;
	m.words[0] = op;
	m.words[1] = (uint32_t)n;
	if ((r = ipc_sendrec(worker_ep, &m)) != OK || (r = m.m_type) != OK)
		bench_error("%s worker, op %u: %d", PROC_WORKER_PROGRAM, op, r);
}

static void run_fork(uint64_t n) { order(PROC_OP_FORK, n); }
static void run_exec(uint64_t n) { order(PROC_OP_EXEC, n); }
static void run_sig_install(uint64_t n) { order(PROC_OP_SIG_INSTALL, n); }
static void run_sig_catch(uint64_t n) { order(PROC_OP_SIG_CATCH, n); }

const struct bench bench_proc_fork = {
	.name = "proc/fork",
	.description = "fork through PM and VM, the child exits, the parent waitpids (lat_proc fork)",
	.setup = setup, .run = run_fork, .teardown = stop, .unit_per = "fork+exit+wait",
};

const struct bench bench_proc_exec = {
	.name = "proc/exec",
	.description = "fork, the child execs a boot program that exits at once, waitpid (lat_proc exec)",
	.setup = setup, .run = run_exec, .teardown = stop, .unit_per = "fork+exec+exit+wait",
};

const struct bench bench_sig_install = {
	.name = "sig/install",
	.description = "sigaction of a handler, one PM request (lat_sig install)",
	.setup = setup, .run = run_sig_install, .teardown = stop, .unit_per = "sigaction",
};

const struct bench bench_sig_catch = {
	.name = "sig/catch",
	.description = "kill of itself, PM has the kernel run the handler, sigreturn (lat_sig catch)",
	.setup = setup, .run = run_sig_catch, .teardown = stop, .unit_per = "signal",
};
