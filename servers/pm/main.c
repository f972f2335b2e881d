/*
 * servers/pm/main.c - the process manager: start-up, the receive loop and
 * the request table (protocol: abi/pm.h; design: docs/pm.md).
 *
 * PM manages USER processes: the unmarked boot modules (adopted at start,
 * as children of init, pid 1, which is PM itself), the ones it forks, and
 * any other USER process at its first request or signal.  It is their
 * signal manager: the kernel's PRIVCTL_SET_SIGMGR on the shared USER
 * privilege structure, made at the first adoption.  Requests from anyone
 * else are refused (ESRCH), unknown ones too (ENOSYS, one log line).
 *
 * PM ends when the last process it managed is gone, so a boot whose
 * programs have all ended powers off (VM ends after it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include "pm.h"

static int (*const handlers[PM_NR_RQS])(struct mproc *mp, message *m) = {
	[PM_FORK - PM_RQ_BASE]		= pm_fork,
	[PM_EXIT - PM_RQ_BASE]		= pm_exit,
	[PM_WAITPID - PM_RQ_BASE]	= pm_waitpid,
	[PM_EXEC - PM_RQ_BASE]		= pm_exec,
	[PM_KILL - PM_RQ_BASE]		= pm_kill,
	[PM_SIGACTION - PM_RQ_BASE]	= pm_sigaction,
	[PM_SIGPROCMASK - PM_RQ_BASE]	= pm_sigprocmask,
	[PM_SIGRETURN - PM_RQ_BASE]	= pm_sigreturn,
	[PM_GETPID - PM_RQ_BASE]	= pm_getpid,
};

/* At most 5 lines per second from what processes can provoke. */
static bool log_ok(void)
{
	static struct log_limit limit;

	return log_limit_ok(&limit, 5);
}

/* An answer outside the loop's own reply: never blocks PM (SENDNB). */
void pm_reply(endpoint_t ep, int result, message *m)
{
	m->m_type = result;
	ipc_sendnb(ep, m);
}

/* One round of waiting for another CPU (PAUSE lets a starved vCPU run: docs/locking.md). */
void pm_relax(void)
{
	__asm__ volatile("pause");
	sys_yield();
}

/* Adopts every USER boot module still alive. */
static void adopt_boot_programs(void)
{
	struct bootmod_info mod;
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return;
	for (unsigned i = 0; i < k.nr_bootmods; i++)
		if (sys_getinfo(GET_BOOTMOD, (int)i, &mod, sizeof(mod)) >= 0 && mod.status == OK &&
		    !mp_by_ep(mod.endpoint))
			mp_adopt(mod.endpoint);
}

/* A request from a process: the reply's m_type, or EDONTREPLY. */
static int dispatch(message *m)
{
	unsigned i = (unsigned)(m->m_type - PM_RQ_BASE);
	struct mproc *mp;

	if (i >= PM_NR_RQS) {
		if (log_ok())
			printf("pm: unknown request %d from endpoint %d\n", m->m_type, m->m_source);
		return ENOSYS;
	}
	if (!(mp = mp_by_ep(m->m_source)) && !(mp = mp_adopt(m->m_source)))
		return ESRCH;			/* a system process: not PM's */
	if (mp->sig_pending & ~mp->sig_mask)
		sig_release(mp);		/* deferred while it was busy elsewhere */
	return handlers[i](mp, m);
}

/* Ends PM once it has managed processes and none is left. */
static void maybe_done(void)
{
	if (mp_count() == 0 && mp_ever_managed())
		sys_exit(0);
}

_Noreturn void pm_server_main(void)
{
	uint32_t status = 0;
	message m;
	int r;

	adopt_boot_programs();
	r = ipc_receive(ANY, &m, &status);
	for (;;) {
		if (r == OK && (status & IPC_STATUS_NOTIFY)) {
			if (m.m_source == SYSTEM)
				sig_kernel();
		} else if (r == OK && (r = dispatch(&m)) != EDONTREPLY) {
			m.m_type = r;
			r = ipc_replyrecv(m.m_source, &m, &status);	/* answer and wait: one trap */
			if (r == OK)
				continue;
		}
		maybe_done();
		r = ipc_receive(ANY, &m, &status);
	}
}

/* Weak, so that a program embedding the server keeps its own main. */
__attribute__((weak)) int main(void)
{
	pm_server_main();
}
