/*
 * tests/guest/rs_test.c - sef.* and rs.*: SEF and RS with the test
 * services of the rs boot (rs_svc.c, RS's table rows svc_*), the `service`
 * program, and the hello crash-recovery campaign (rs_campaign.c).  The
 * services are shared by the cases, so each case waits for the state it
 * needs (bounded) and leaves them up.  At the end RS is shut down, so that
 * the boot ends.
 */
#include <string.h>
#include <stdlib.h>
#include <abi/rs.h>
#include <abi/signal.h>
#include <ipc.h>
#include <sef.h>
#include <syslib.h>
#include <test.h>
#include <vm.h>
#include "servers/hello/hello.h"
#include "tests/guest/children.h"
#include "tests/guest/guest_util.h"
#include "tests/guest/rs_svc.h"
#include "tests/guest/rs_test.h"

#define WAIT	(20 * 100)	/* ticks a case waits for RS at most */

endpoint_t rs_ep;

int rs_call(int type, const char *label, struct mess_rs *out)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = type;
	strlcpy(m.rs.label, label, sizeof(m.rs.label));
	if ((r = ipc_sendrec(rs_ep, &m)) != OK)
		return r;
	if (out)
		*out = m.rs;
	return m.m_type;
}

/* Waits until label is in state (and, if not NONE, at an endpoint other than not_ep). */
int rs_wait(const char *label, int state, endpoint_t not_ep, struct mess_rs *out)
{
	uint32_t end = uptime() + WAIT;
	struct mess_rs st;

	do {
		if (rs_call(RS_STATUS, label, &st) == OK && st.state == state &&
		    (not_ep == NONE || st.endpoint != not_ep)) {
			if (out)
				*out = st;
			return OK;
		}
		nap(1);
	} while (uptime() < end);
	return EAGAIN;
}

/* Request type to the service label (its endpoint from RS); m in and out. */
static int svc(const char *label, int type, uint32_t w0, message *m)
{
	struct mess_rs st;
	int r;

	if ((r = rs_wait(label, RS_STATE_UP, NONE, &st)) != OK)
		return r;
	memset(m, 0, sizeof(*m));
	m->m_type = type;
	m->words[0] = w0;
	if ((r = ipc_sendrec(st.endpoint, m)) != OK)
		return r;
	return m->m_type;
}

/* Sends label a request it does not answer (it crashes or exits). */
static endpoint_t svc_kill(const char *label, int type, uint32_t w0)
{
	struct mess_rs st;
	message m;

	if (rs_wait(label, RS_STATE_UP, NONE, &st) != OK)
		return NONE;
	memset(&m, 0, sizeof(m));
	m.m_type = type;
	m.words[0] = w0;
	return ipc_send(st.endpoint, &m) == OK ? st.endpoint : NONE;
}

/* ------------------------------------------------------------------ sef */

static const char *t_init_fresh(void)
{
	message m;

	T_ASSERT_EQ(svc("svc_ipc", SVC_INFO, 0, &m), ECALLDENIED);	/* not for us */
	T_ASSERT_EQ(svc("svc_order", SVC_INFO, 0, &m), OK);
	T_ASSERT_EQ(m.words[SVC_W_TYPE], SEF_INIT_FRESH);
	T_ASSERT_EQ(m.words[SVC_W_RESTARTS], 0);
	T_ASSERT_EQ((endpoint_t)m.words[SVC_W_OLD_EP], NONE);
	return NULL;
}

/* Idle for five heartbeat periods: answered inside SEF, never seen. */
static const char *t_heartbeat(void)
{
	struct mess_rs before, after;
	message m;

	T_ASSERT_EQ(rs_wait("svc_order", RS_STATE_UP, NONE, &before), OK);
	nap(50);
	T_ASSERT_EQ(rs_call(RS_STATUS, "svc_order", &after), OK);
	T_ASSERT_EQ(after.state, RS_STATE_UP);
	T_ASSERT_EQ(after.endpoint, before.endpoint);
	T_ASSERT_EQ(after.restarts, before.restarts);
	T_ASSERT_EQ(svc("svc_order", SVC_INFO, 0, &m), OK);
	T_ASSERT_EQ(m.words[SVC_W_OTHERS], 0);		/* no ping reached the service */
	return NULL;
}

/* SEF_SIGNAL from anyone but RS is an ordinary message to the service. */
static const char *t_forged_signal(void)
{
	struct mess_rs st;
	message m;

	T_ASSERT_EQ(rs_wait("svc_order", RS_STATE_UP, NONE, &st), OK);
	memset(&m, 0, sizeof(m));
	m.m_type = SEF_SIGNAL;
	m.sef.signo = SIGTERM;
	T_ASSERT_EQ(ipc_sendrec(st.endpoint, &m), OK);
	T_ASSERT_EQ(m.m_type, EINVAL);
	T_ASSERT_EQ(svc("svc_order", SVC_INFO, 0, &m), OK);
	T_ASSERT_EQ(m.words[SVC_W_OTHERS], 1);
	T_ASSERT_EQ(m.words[SVC_W_SIGNALS], 0);
	T_ASSERT(is_alive(st.endpoint));
	return NULL;
}

/* A first init that fails (why) is restarted; the restart's init works. */
static const char *init_recovered(const char *label)
{
	struct mess_rs st;
	message m;

	T_ASSERT_EQ(rs_wait(label, RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(st.restarts, 1);
	T_ASSERT_EQ(st.reason, RS_WHY_INIT);
	T_ASSERT_EQ(svc(label, SVC_INFO, 0, &m), OK);
	T_ASSERT_EQ(m.words[SVC_W_TYPE], SEF_INIT_RESTART);
	return NULL;
}

static const char *t_init_error(void)
{
	return init_recovered("svc_initfail");
}

static const char *t_init_lie(void)
{
	return init_recovered("svc_liar");
}

static const char *t_init_timeout(void)
{
	return init_recovered("svc_slow");
}

static const char *t_restart_type(void)
{
	struct mess_rs st;
	endpoint_t old;
	message m;

	T_ASSERT((old = svc_kill("svc_fresh", SVC_CRASH, 0)) != NONE);
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, old, &st), OK);
	T_ASSERT_EQ(svc("svc_fresh", SVC_INFO, 0, &m), OK);
	T_ASSERT_EQ(m.words[SVC_W_TYPE], SEF_INIT_RESTART);
	T_ASSERT_EQ((endpoint_t)m.words[SVC_W_OLD_EP], old);
	T_ASSERT_EQ(m.words[SVC_W_RESTARTS], st.restarts);
	return NULL;
}

static const char *t_state_restored(void)
{
	struct mess_rs before, after;
	uint32_t count;
	message m;

	T_ASSERT_EQ(svc("svc_same", SVC_BUMP, 0, &m), OK);
	T_ASSERT_EQ(svc("svc_same", SVC_BUMP, 0, &m), OK);
	count = m.words[0];
	T_ASSERT_EQ(rs_call(RS_STATUS, "svc_same", &before), OK);
	T_ASSERT(svc_kill("svc_same", SVC_CRASH, 0) != NONE);
	uint32_t end = uptime() + WAIT;
	while ((rs_call(RS_STATUS, "svc_same", &after) != OK || after.state != RS_STATE_UP ||
		after.restarts == before.restarts) && uptime() < end)
		nap(1);
	T_ASSERT_EQ(after.restarts, before.restarts + 1);
	T_ASSERT_EQ(svc("svc_same", SVC_INFO, 0, &m), OK);
	T_ASSERT_EQ(m.words[SVC_W_COUNTER], count);
	return NULL;
}

static const char *t_state_too_big(void)
{
	message m;

	T_ASSERT_EQ(svc("svc_same", SVC_BIGSTATE, 0, &m), E2BIG);
	return NULL;
}

/* RS_DOWN: SIGTERM through SEF; without a handler the service ends at once. */
static const char *t_signal_default(void)
{
	struct mess_rs st;
	uint32_t t0 = uptime();

	T_ASSERT_EQ(rs_wait("svc_order", RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(rs_call(RS_DOWN, "svc_order", NULL), OK);
	T_ASSERT_EQ(rs_wait("svc_order", RS_STATE_DOWN, NONE, NULL), OK);
	T_ASSERT(uptime() - t0 < 40);			/* not RS's 50-tick deadline */
	T_ASSERT(!is_alive(st.endpoint));
	T_ASSERT_EQ(rs_call(RS_UP, "svc_order", NULL), OK);
	T_ASSERT_EQ(rs_wait("svc_order", RS_STATE_UP, NONE, NULL), OK);
	return NULL;
}

/* A signal that is no fault (SYS_KILL SIGALRM) reaches the handler; the service runs on. */
static const char *t_signal_forwarded(void)
{
	struct mess_rs before, after;
	uint32_t end = uptime() + WAIT;
	message m;

	T_ASSERT_EQ(rs_wait("svc_order", RS_STATE_UP, NONE, &before), OK);
	T_ASSERT_EQ(svc("svc_order", SVC_INFO, 0, &m), OK);
	uint32_t seen = m.words[SVC_W_SIGNALS];
	T_ASSERT_EQ(sys_kill(before.endpoint, SIGALRM), OK);
	do {
		T_ASSERT_EQ(svc("svc_order", SVC_INFO, 0, &m), OK);
	} while (m.words[SVC_W_SIGNALS] == seen && uptime() < end && (nap(1), 1));
	T_ASSERT_EQ(m.words[SVC_W_SIGNALS], seen + 1);
	T_ASSERT_EQ(rs_call(RS_STATUS, "svc_order", &after), OK);
	T_ASSERT_EQ(after.endpoint, before.endpoint);
	T_ASSERT_EQ(after.restarts, before.restarts);
	return NULL;
}

/* With a handler that ignores SIGTERM the service lives until RS's deadline. */
static const char *t_signal_handler(void)
{
	message m;

	T_ASSERT_EQ(rs_wait("svc_stubborn", RS_STATE_UP, NONE, NULL), OK);
	T_ASSERT_EQ(rs_call(RS_DOWN, "svc_stubborn", NULL), OK);
	nap(10);
	T_ASSERT_EQ(rs_wait("svc_stubborn", RS_STATE_STOPPING, NONE, NULL), OK);
	T_ASSERT_EQ(rs_wait("svc_stubborn", RS_STATE_DOWN, NONE, NULL), OK);
	T_ASSERT_EQ(rs_call(RS_UP, "svc_stubborn", NULL), OK);
	T_ASSERT_EQ(svc("svc_stubborn", SVC_INFO, 0, &m), OK);
	T_ASSERT_EQ(m.words[SVC_W_SIGNALS], 0);		/* a new instance */
	return NULL;
}

/* ------------------------------------------------------------------- rs */

static const char *t_boot_order(void)
{
	struct mess_rs st;

	T_ASSERT_EQ(rs_wait("svc_order", RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(st.restarts, 0);		/* its init saw svc_sync up */
	return NULL;
}

/* priv=service modules were held for RS; the instance RS started first is the module. */
static const char *t_held_modules(void)
{
	struct bootmod_info mod;
	struct mess_rs st;

	T_ASSERT(find_bootmod("svc_ipc", NULL, &mod) >= 0);
	T_ASSERT(mod.flags & BOOTMOD_HELD);
	T_ASSERT_STREQ(mod.reason, "held for RS");
	T_ASSERT_EQ(rs_wait("svc_ipc", RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(st.endpoint, mod.endpoint);
	T_ASSERT(find_bootmod("rs_test", NULL, &mod) >= 0);
	T_ASSERT(!(mod.flags & BOOTMOD_HELD));
	return NULL;
}

/* The PRIVCTL requests RS uses check their arguments. */
static const char *t_privctl_checks(void)
{
	endpoint_t c;

	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_CRITICAL, 2), EINVAL);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_EXIT_TO_MGR, -1), EINVAL);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_CLEAR_IPC, 0), EINVAL);	/* no partner left */
	T_ASSERT((c = spawn(wait_go_exit_main)) > 0);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_SET_USER, 0), OK);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_EXIT_TO_MGR, 1), EPERM);	/* the shared USER one */
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_CLEAR_IPC, 0), EPERM);
	return stop_child(c);
}

static const char *t_call_mask(void)
{
	message m;

	T_ASSERT_EQ(svc("svc_fresh", SVC_CALL, SYS_PRIVCTL, &m), ECALLDENIED);
	T_ASSERT_EQ(svc("svc_fresh", SVC_CALL, SYS_FORK, &m), ECALLDENIED);
	T_ASSERT(svc("svc_fresh", SVC_CALL, SYS_YIELD, &m) != ECALLDENIED);
	return NULL;
}

/*
 * The VM call mask from RS's table: svc_fresh may ask VM_INFO alone (also
 * after a restart at a fresh endpoint), svc_order nothing; VM refuses the
 * rest (EPERM).  Only a process's signal manager may set its mask.
 */
static const char *t_vm_call_mask(void)
{
	struct mess_rs st, after;
	struct vm_info info;
	message m;

	T_ASSERT_EQ(svc("svc_fresh", SVC_VMCALL, VM_INFO, &m), OK);
	T_ASSERT_EQ(svc("svc_fresh", SVC_VMCALL, VM_BRK, &m), EPERM);
	T_ASSERT_EQ(svc("svc_order", SVC_VMCALL, VM_INFO, &m), EPERM);
	T_ASSERT_EQ(vm_info(&info), OK);			/* no mask: everything */
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(vm_set_callmask(st.endpoint, ~0u), EPERM);	/* RS's, not ours */
	T_ASSERT_EQ(vm_set_callmask(BAD_SLOT_EP, 0), ESRCH);
	T_ASSERT_EQ(sys_kill(st.endpoint, SIGSEGV), OK);
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, st.endpoint, &after), OK);
	T_ASSERT_EQ(svc("svc_fresh", SVC_VMCALL, VM_INFO, &m), OK);
	T_ASSERT_EQ(svc("svc_fresh", SVC_VMCALL, VM_MMAP, &m), EPERM);
	return NULL;
}

static const char *t_ipc_targets(void)
{
	struct mess_rs ipc;
	message m;

	T_ASSERT_EQ(rs_wait("svc_ipc", RS_STATE_UP, NONE, &ipc), OK);
	memset(&m, 0, sizeof(m));
	T_ASSERT_EQ(ipc_sendnb(ipc.endpoint, &m), ECALLDENIED);
	T_ASSERT_EQ(svc("svc_same", SVC_SENDNB, (uint32_t)ipc.endpoint, &m), OK);
	T_ASSERT_EQ(svc("svc_fresh", SVC_SENDNB, (uint32_t)ipc.endpoint, &m), ECALLDENIED);
	return NULL;
}

static const char *t_crash_fresh(void)
{
	struct mess_rs st;
	endpoint_t old;

	T_ASSERT((old = svc_kill("svc_fresh", SVC_CRASH, 0)) != NONE);
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, old, &st), OK);
	T_ASSERT_EQ(st.reason, RS_WHY_SIGNAL);
	T_ASSERT(!is_alive(old));
	return NULL;
}

static const char *t_crash_same(void)
{
	struct mess_rs before, after;
	endpoint_t old;
	message m;

	T_ASSERT_EQ(rs_wait("svc_same", RS_STATE_UP, NONE, &before), OK);
	T_ASSERT((old = svc_kill("svc_same", SVC_CRASH, 0)) != NONE);
	uint32_t end = uptime() + WAIT;
	while ((rs_call(RS_STATUS, "svc_same", &after) != OK || after.state != RS_STATE_UP ||
		after.restarts == before.restarts) && uptime() < end)
		nap(1);
	T_ASSERT_EQ(after.endpoint, old);
	T_ASSERT_EQ(after.reason, RS_WHY_SIGNAL);
	T_ASSERT_EQ(svc("svc_same", SVC_INFO, 0, &m), OK);
	T_ASSERT_EQ(m.words[SVC_W_TYPE], SEF_INIT_RESTART);
	T_ASSERT_EQ((endpoint_t)m.words[SVC_W_OLD_EP], old);
	return NULL;
}

static endpoint_t same_ep;	/* svc_same, for the child of t_taken_request */

/* A client whose SVC_CRASH request svc_same takes (and dies of): its SENDREC's result. */
static int sendrec_crash(void)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = SVC_CRASH;
	return ipc_sendrec(same_ep, &m);
}

/*
 * A restart in place: the request the dead instance had taken is not
 * lost in silence; its client gets ERESTART (RC_RESTARTED) and may send
 * it again to the same endpoint.
 */
static const char *t_taken_request(void)
{
	struct mess_rs before, after;
	endpoint_t c;
	message m;

	T_ASSERT_EQ(rs_wait("svc_same", RS_STATE_UP, NONE, &before), OK);
	same_ep = before.endpoint;
	T_SPAWN(c, sendrec_crash);
	uint32_t end = uptime() + WAIT;
	while ((rs_call(RS_STATUS, "svc_same", &after) != OK || after.state != RS_STATE_UP ||
		after.restarts == before.restarts) && uptime() < end)
		nap(1);
	T_ASSERT_EQ(after.endpoint, before.endpoint);
	T_EXIT(c, ERESTART);
	T_ASSERT_EQ(svc("svc_same", SVC_INFO, 0, &m), OK);	/* the same endpoint answers */
	T_ASSERT_EQ(sys_runctl(self_ep, RC_RESTARTED), EINVAL);
	T_ASSERT_EQ(sys_runctl(BAD_SLOT_EP, RC_RESTARTED), EBADEPT);
	return NULL;
}

static const char *t_exit(void)
{
	struct mess_rs st;
	endpoint_t old;

	T_ASSERT((old = svc_kill("svc_fresh", SVC_EXIT, 7)) != NONE);
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, old, &st), OK);
	T_ASSERT_EQ(st.reason, RS_WHY_EXIT);
	return NULL;
}

/* svc_mute's first instance answers no ping; notifications from us do not count. */
static const char *t_hang(void)
{
	uint32_t end = uptime() + WAIT;
	struct mess_rs st;

	while ((rs_call(RS_STATUS, "svc_mute", &st) != OK || st.restarts == 0) && uptime() < end) {
		message m;

		clear_msg(&m, SEF_PING_REPLY);	/* a heartbeat from the wrong endpoint */
		T_ASSERT_EQ(ipc_sendrec(rs_ep, &m), OK);
		T_ASSERT_EQ(m.m_type, EPERM);
		nap(1);
	}
	T_ASSERT_EQ(st.restarts, 1);
	T_ASSERT_EQ(st.reason, RS_WHY_HANG);
	T_ASSERT_EQ(rs_wait("svc_mute", RS_STATE_UP, NONE, NULL), OK);
	return NULL;
}

static const char *t_give_up(void)
{
	struct mess_rs st;

	T_ASSERT_EQ(rs_wait("svc_crashy", RS_STATE_FAILED, NONE, &st), OK);
	T_ASSERT_EQ(st.restarts, 3);			/* its row: 3 in its window */
	T_ASSERT_EQ(st.reason, RS_WHY_SIGNAL);
	T_ASSERT_EQ(rs_call(RS_LOOKUP, "svc_crashy", NULL), EAGAIN);
	return NULL;
}

static const char *t_dependents(void)
{
	struct mess_rs dep0, dep;

	T_ASSERT_EQ(rs_wait("svc_dep", RS_STATE_UP, NONE, &dep0), OK);
	T_ASSERT(svc_kill("svc_same", SVC_CRASH, 0) != NONE);
	T_ASSERT_EQ(rs_wait("svc_dep", RS_STATE_UP, dep0.endpoint, &dep), OK);
	T_ASSERT_EQ(dep.restarts, dep0.restarts + 1);
	T_ASSERT_EQ(dep.reason, RS_WHY_DEPEND);
	return NULL;
}

static int user_down_main(void)
{
	CHK(sys_privctl(SELF, PRIVCTL_SET_USER, 0) == OK);
	return -rs_call(RS_DOWN, "svc_fresh", NULL);
}

static int user_fault_main(void)
{
	struct hello_client c;
	endpoint_t victim;

	CHK(sys_privctl(SELF, PRIVCTL_SET_USER, 0) == OK);
	hello_client_init(&c);
	return -hello_fault(&c, HELLO_FAULT_AFTER_SAVE, &victim);
}

static const char *t_controller_only(void)
{
	struct mess_rs st;
	message m;
	endpoint_t c;

	T_ASSERT_EQ(svc("svc_same", SVC_RSREQ, RS_DOWN, &m), EPERM);	/* a service */
	T_ASSERT((c = spawn(user_down_main)) > 0);
	T_ASSERT_EQ(reap(c), -EPERM);					/* a USER process */
	T_ASSERT_EQ(rs_call(RS_STATUS, "svc_fresh", &st), OK);
	T_ASSERT_EQ(st.state, RS_STATE_UP);
	T_ASSERT_EQ(svc("svc_same", SVC_RSREQ, RS_STATUS, &m), OK);	/* status is open */
	T_ASSERT((c = spawn(user_fault_main)) > 0);
	T_ASSERT_EQ(reap(c), -EPERM);			/* hello's faults: not for users */
	return NULL;
}

static const char *t_restart_refresh(void)
{
	struct mess_rs st, st2;
	message m;

	T_ASSERT_EQ(svc("svc_fresh", SVC_BUMP, 0, &m), OK);
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(rs_call(RS_RESTART, "svc_fresh", NULL), OK);
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, st.endpoint, &st2), OK);
	T_ASSERT_EQ(st2.reason, RS_WHY_REQUEST);
	T_ASSERT_EQ(st2.restarts, st.restarts + 1);
	T_ASSERT_EQ(svc("svc_fresh", SVC_INFO, 0, &m), OK);
	T_ASSERT(m.words[SVC_W_COUNTER] > 0);			/* state kept */
	T_ASSERT_EQ(rs_call(RS_REFRESH, "svc_fresh", NULL), OK);
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, st2.endpoint, &st), OK);
	T_ASSERT_EQ(st.restarts, 0);
	T_ASSERT_EQ(svc("svc_fresh", SVC_INFO, 0, &m), OK);
	T_ASSERT_EQ(m.words[SVC_W_TYPE], SEF_INIT_FRESH);
	T_ASSERT_EQ(m.words[SVC_W_COUNTER], 0);			/* state dropped */
	return NULL;
}

static const char *t_bad_requests(void)
{
	message m;

	T_ASSERT_EQ(rs_call(RS_RQ_BASE + 99, "svc_fresh", NULL), EINVAL);
	T_ASSERT_EQ(rs_call(RS_STATUS, "no_such_service", NULL), ESRCH);
	T_ASSERT_EQ(rs_call(RS_UP, "svc_fresh", NULL), EBUSY);
	memset(&m, 0, sizeof(m));
	m.m_type = SEF_INIT_REPLY;			/* a lie from no service */
	T_ASSERT_EQ(ipc_sendrec(rs_ep, &m), OK);
	T_ASSERT_EQ(m.m_type, EPERM);
	m.m_type = SEF_STATE_SAVE;
	T_ASSERT_EQ(ipc_sendrec(rs_ep, &m), OK);
	T_ASSERT_EQ(m.m_type, EPERM);
	T_ASSERT_EQ(rs_call(RS_STATUS, "svc_fresh", NULL), OK);	/* RS lives on */
	return NULL;
}

/* The boot's `service restart svc_ctl` (priv=system, a controller). */
static const char *t_service_program(void)
{
	struct bootmod_info mod;
	struct proc_info info;
	struct mess_rs st;

	T_ASSERT(find_bootmod("service", NULL, &mod) >= 0);
	T_ASSERT_EQ(wait_for_death(mod.endpoint, &info), 0);
	T_ASSERT_EQ(info.exit_status, 0);
	T_ASSERT_EQ(rs_call(RS_STATUS, "svc_ctl", &st), OK);
	T_ASSERT_EQ(st.reason, RS_WHY_REQUEST);
	T_ASSERT_EQ(st.restarts, 1);
	return NULL;
}

static const struct test_case cases[] = {
	{ "sef.init_fresh", t_init_fresh },
	{ "sef.heartbeat_hidden", t_heartbeat },
	{ "sef.forged_signal_passed_on", t_forged_signal },
	{ "sef.init_error_restarts", t_init_error },
	{ "sef.init_lie_restarts", t_init_lie },
	{ "sef.init_timeout_restarts", t_init_timeout },
	{ "sef.init_restart_type", t_restart_type },
	{ "sef.state_restored", t_state_restored },
	{ "sef.state_too_big", t_state_too_big },
	{ "sef.signal_default_ends", t_signal_default },
	{ "sef.signal_handler_keeps", t_signal_handler },
	{ "sef.signal_forwarded", t_signal_forwarded },
	{ "rs.boot_order_sync_init", t_boot_order },
	{ "rs.held_until_released", t_held_modules },
	{ "rs.privctl_requests_checked", t_privctl_checks },
	{ "rs.call_mask_from_table", t_call_mask },
	{ "rs.ipc_targets_from_table", t_ipc_targets },
	{ "rs.vm_call_mask_from_table", t_vm_call_mask },
	{ "rs.crash_fresh_endpoint", t_crash_fresh },
	{ "rs.crash_same_endpoint", t_crash_same },
	{ "rs.same_endpoint_taken_request_fails", t_taken_request },
	{ "rs.exit_detected", t_exit },
	{ "rs.hang_detected", t_hang },
	{ "rs.backoff_then_give_up", t_give_up },
	{ "rs.dependents_restarted", t_dependents },
	{ "rs.controllers_only", t_controller_only },
	{ "rs.restart_and_refresh", t_restart_refresh },
	{ "rs.bad_requests_refused", t_bad_requests },
	{ "rs.service_program", t_service_program },
	{ "rs.ds_run_by_rs", t_ds_run_by_rs },
	{ "rs.labels_published_in_ds", t_labels_published },
	{ "rs.ds_restart_in_place", t_ds_restart },
	{ "sef.state_kept_in_ds", t_state_in_ds },
	{ "rs.campaign", t_campaign },
};

int main(int argc, char **argv)
{
	int failed;

	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "crashes=", 8))
			campaign_crashes = (unsigned)atoi(argv[i] + 8);
	if (children_init() < 0 || (rs_ep = bootmod_endpoint("rs")) < 0)
		return 1;
	failed = test_run(cases, TEST_COUNT(cases));
	rs_call(RS_SHUTDOWN, "", NULL);		/* the services end, so does the boot */
	return failed;
}
