/*
 * sef_receive.c - the receive wrapper: SEF's own messages are handled here
 * and never reach the service.
 *
 *   a notification from RS           a heartbeat: SEF_PING_REPLY, whose
 *                                    answer may be a live update's prepare
 *   SEF_SIGNAL from RS               the signal handler (default: SIGTERM,
 *                                    SIGKILL end the service, others ignored)
 *   (then, before each receive, sef_lu.c checks the update's safe state)
 *   a kernel notification from SYSTEM, for a signal manager: every pending
 *                                    signal of every process it manages,
 *                                    one callback each (SYS_GETKSIG)
 * Anything else is the service's.  Messages claiming to be SEF's from
 * anyone but RS (or the kernel) are passed on as ordinary messages: the
 * service sees them and may refuse them; SEF never acts on them.
 */
#include <stdlib.h>
#include <string.h>
#include <abi/signal.h>
#include <ipc.h>
#include <sef.h>
#include <syslib.h>
#include "lib/libsef/sef_priv.h"

static sef_cb_signal_handler_t cb_signal;
static sef_cb_signal_manager_t cb_sigmgr;

void sef_setcb_signal_handler(sef_cb_signal_handler_t cb)
{
	cb_signal = cb;
}

void sef_setcb_signal_manager(sef_cb_signal_manager_t cb)
{
	cb_sigmgr = cb;
}

static void take_signal(int signo)
{
	if (cb_signal)
		cb_signal(signo);
	else if (signo == SIGTERM || signo == SIGKILL)
		exit(0);
}

/* A ping from RS: answered; the answer may be a live update's prepare. */
static void heartbeat(void)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = SEF_PING_REPLY;
	if (ipc_sendrec(sef_rs_ep, &m) == OK && m.m_type == SEF_LU_PREPARE)
		sef_lu_prepare_request(&m);
}

/* Hands each pending signal of each managed process to the callback. */
static void manage_signals(void)
{
	endpoint_t target;
	uint32_t mask;

	while (sys_getksig(&target, &mask) == OK && target != NONE)
		for (int sig = 0; sig < NR_SIGNALS; sig++)
			if (mask & (1u << sig))
				cb_sigmgr(target, sig);
}

int sef_receive(endpoint_t src, message *m, uint32_t *status)
{
	uint32_t st;
	int r;

	for (;;) {
		sef_lu_check();				/* a live update waits for a safe state */
		if ((r = ipc_receive(src, m, &st)) != OK)
			return r;
		if (sef_rs_ep != NONE && m->m_source == sef_rs_ep) {
			if (st & IPC_STATUS_NOTIFY) {
				heartbeat();
				continue;
			}
			if (m->m_type == SEF_SIGNAL) {
				take_signal(m->sef.signo);
				continue;
			}
		}
		if (cb_sigmgr && m->m_source == SYSTEM && (st & IPC_STATUS_NOTIFY) &&
		    (st & IPC_STATUS_KERNEL)) {
			manage_signals();
			continue;
		}
		if (status)
			*status = st;
		return OK;
	}
}
