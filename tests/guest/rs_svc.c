/*
 * tests/guest/rs_svc.c - the test services of the rs boot: one program,
 * booted under several names (svc_*, marked priv=service), each a row of
 * RS's table (servers/rs/table.c).  The name picks how its init behaves:
 *
 *   svc_sync      init takes 20 ticks (RS waits: SF_SYNC_INIT)
 *   svc_order     init fails unless svc_sync is already up (boot order)
 *   svc_initfail  first init reports ENOMEM
 *   svc_liar      first init reports 12345, which is no result
 *   svc_slow      first init never reports (RS's init timeout)
 *   svc_crashy    every init crashes (RS backs off, then gives up)
 *   svc_mute      the first instance answers no heartbeat (RS: a hang)
 *   svc_stubborn  its signal handler ignores SIGTERM (RS_DOWN must clear it)
 *   svc_ctl       plain; the boot's `service restart svc_ctl` restarts it
 *   others        plain
 *
 * All answer the requests of rs_svc.h through sef_receive.
 */
#include <stdbool.h>
#include <string.h>
#include <stdlib.h>
#include <abi/rs.h>
#include <abi/signal.h>
#include <ipc.h>
#include <sef.h>
#include <syslib.h>
#include <vm.h>
#include "tests/guest/children.h"
#include "tests/guest/rs_svc.h"

static const char *name;
static struct sef_init_info init;
static uint32_t counter, others, signals;

static bool is(const char *n)
{
	return !strcmp(name, n);
}

static int svc_sync_done(void)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = RS_STATUS;
	strlcpy(m.rs.label, "svc_sync", sizeof(m.rs.label));
	return ipc_sendrec(sef_rs_endpoint(), &m) == OK && m.m_type == OK &&
	       m.rs.state == RS_STATE_UP;
}

static int init_any(int type, const struct sef_init_info *info)
{
	init = *info;
	if (type == SEF_INIT_RESTART && sef_state_restore(&counter, sizeof(counter)) < 0)
		return EIO;
	if (is("svc_sync"))
		nap(20);
	if (is("svc_order") && !svc_sync_done())
		return EINVAL;
	if (is("svc_crashy"))
		*(volatile int *)0xdead0000 = 1;
	if (info->restarts == 0) {
		if (is("svc_initfail"))
			return ENOMEM;
		if (is("svc_liar"))
			return 12345;
		if (is("svc_slow"))
			for (;;)
				nap(100);
	}
	return OK;
}

static void on_signal(int signo)
{
	signals++;
	if (signo == SIGTERM && !is("svc_stubborn"))
		exit(0);
}

static int request(message *m)
{
	static uint8_t big[SEF_STATE_MAX + 1];
	message k;

	switch (m->m_type) {
	case SVC_INFO:
		m->words[SVC_W_TYPE] = (uint32_t)init.type;
		m->words[SVC_W_RESTARTS] = init.restarts;
		m->words[SVC_W_OLD_EP] = (uint32_t)init.old_ep;
		m->words[SVC_W_COUNTER] = counter;
		m->words[SVC_W_OTHERS] = others;
		m->words[SVC_W_SIGNALS] = signals;
		return OK;
	case SVC_BUMP:
		counter++;
		m->words[0] = counter;
		return sef_state_save(&counter, sizeof(counter));
	case SVC_CALL:
		memset(&k, 0, sizeof(k));
		return kernel_call((int)m->words[0], &k);
	case SVC_CRASH:
		*(volatile int *)0xdead0000 = 1;
		return OK;
	case SVC_EXIT:
		exit((int)m->words[0]);
	case SVC_SENDNB:
		memset(&k, 0, sizeof(k));
		return ipc_sendnb((endpoint_t)m->words[0], &k);
	case SVC_RSREQ:
		memset(&k, 0, sizeof(k));
		k.m_type = (int)m->words[0];
		strlcpy(k.rs.label, "svc_fresh", sizeof(k.rs.label));
		if (ipc_sendrec(sef_rs_endpoint(), &k) != OK)
			return EIO;
		return k.m_type;
	case SVC_BIGSTATE:
		return sef_state_save(big, sizeof(big));
	case SVC_VMCALL:
		memset(&k, 0, sizeof(k));
		return ipc_request(vm_endpoint(), (int)m->words[0], &k);
	default:
		others++;
		return EINVAL;
	}
}

int main(int argc, char **argv)
{
	uint32_t status;
	message m;

	name = argc > 0 ? argv[0] : "";
	sef_setcb_init_fresh(init_any);
	sef_setcb_init_restart(init_any);
	sef_setcb_signal_handler(on_signal);
	if (sef_startup() != OK)
		return 1;
	for (;;) {
		int r;

		if (is("svc_mute") && init.restarts == 0)
			r = ipc_receive(ANY, &m, &status);	/* heartbeats go unanswered */
		else
			r = sef_receive(ANY, &m, &status);
		if (r != OK || (status & IPC_STATUS_NOTIFY))
			continue;
		m.m_type = request(&m);
		ipc_sendnb(m.m_source, &m);
	}
}
