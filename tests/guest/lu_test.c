/*
 * tests/guest/lu_test.c - lu.*: live update of the hello service between
 * its two versions (hello: state layout 1; hello_v2: layout 2), through RS
 * (RS_UPDATE) and the `service` program, every rollback path, bad input,
 * and the campaign under load (lu_campaign.c).  The boot's `service update
 * hello hello_v2` runs first; every case leaves hello up, at the endpoint
 * it had at boot (an update keeps it), and says which version runs.
 */
#include <string.h>
#include <stdlib.h>
#include <abi/sef.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "servers/hello/hello.h"
#include "tests/guest/children.h"
#include "tests/guest/guest_util.h"
#include "tests/guest/lu_test.h"

#define WAIT		(20 * 100)	/* ticks a case waits for RS at most */
#define SHORT_MAXTIME	20		/* ticks: a prepare that is meant to time out */

endpoint_t rs_ep;
static struct hello_client me;		/* this program as a hello client */

int lu_update(const char *program, int state, uint32_t maxtime, struct mess_rs_lu *out)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = RS_UPDATE;
	strlcpy(m.rs_lu.label, "hello", sizeof(m.rs_lu.label));
	strlcpy(m.rs_lu.program, program, sizeof(m.rs_lu.program));
	m.rs_lu.state = state;
	m.rs_lu.maxtime = maxtime;
	if ((r = ipc_sendrec(rs_ep, &m)) != OK)
		return r;
	if (out)
		*out = m.rs_lu;
	return m.m_type;
}

static int rs_call_status(struct mess_rs *out)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = RS_STATUS;
	strlcpy(m.rs.label, "hello", sizeof(m.rs.label));
	if ((r = ipc_sendrec(rs_ep, &m)) != OK)
		return r;
	*out = m.rs;
	return m.m_type;
}

/* Up, or being updated: its endpoint serves on through an update. */
endpoint_t hello_ep(void)
{
	uint32_t end = uptime() + WAIT;
	struct mess_rs st;

	do {
		if (rs_call_status(&st) == OK && st.endpoint != NONE &&
		    (st.state == RS_STATE_UP || st.state == RS_STATE_UPDATING))
			return st.endpoint;
		nap(1);
	} while (uptime() < end);
	return NONE;
}

int hello_req(int type, uint32_t w0, message *m)
{
	endpoint_t ep = hello_ep();
	int r;

	if (ep == NONE)
		return EAGAIN;
	memset(m, 0, sizeof(*m));
	m->m_type = type;
	m->words[0] = w0;
	if ((r = ipc_sendrec(ep, m)) != OK)
		return r;
	return m->m_type;
}

/* hello's version and counter now, and a request that must work (it saves state by grant). */
static const char *check_hello(uint32_t version, endpoint_t ep, uint32_t *counter)
{
	uint32_t value;
	message m;

	T_ASSERT_EQ(hello_ep(), ep);
	T_ASSERT_EQ(hello_req(HELLO_VERSION, 0, &m), OK);
	T_ASSERT_EQ(m.words[HELLO_W_VERSION], version);
	T_ASSERT_EQ(m.words[HELLO_W_TABLE], version == 1 ? 16 : 32);
	if (counter)
		*counter = m.words[HELLO_W_COUNTER];
	T_ASSERT_EQ(hello_count(&me, &value), OK);
	T_ASSERT_EQ(value, m.words[HELLO_W_COUNTER] + 1);
	return NULL;
}

static uint32_t running_version(void)
{
	message m;

	return hello_req(HELLO_VERSION, 0, &m) == OK ? m.words[HELLO_W_VERSION] : 0;
}

static const char *other_program(void)
{
	return running_version() == 1 ? "hello_v2" : "hello";
}

/* The boot's `service update hello hello_v2 -state requestfree` (a controller). */
static const char *t_service_program(void)
{
	struct bootmod_info mod;
	struct proc_info info;
	message m;

	T_ASSERT(find_bootmod("service", NULL, &mod) >= 0);
	T_ASSERT_EQ(wait_for_death(mod.endpoint, &info), 0);
	T_ASSERT_EQ(info.exit_status, 0);
	T_ASSERT_EQ(hello_req(HELLO_VERSION, 0, &m), OK);
	T_ASSERT_EQ(m.words[HELLO_W_VERSION], 2);
	T_ASSERT_EQ(m.words[HELLO_W_UPDATES], 1);
	T_ASSERT(find_bootmod("hello", NULL, &mod) >= 0);
	T_ASSERT_EQ(hello_ep(), mod.endpoint);		/* the boot's endpoint, kept */
	return NULL;
}

/* v2 -> v1 -> v2: the table shrinks and grows, the counter and our entry go along. */
static const char *t_layout_change(void)
{
	struct mess_rs_lu out;
	uint32_t c0, c1, v, updates;
	endpoint_t ep = hello_ep();
	const char *e;
	message m;

	for (int i = 0; i < 5; i++)
		T_ASSERT_EQ(hello_count(&me, &v), OK);
	T_ASSERT_EQ(hello_req(HELLO_VERSION, 0, &m), OK);
	updates = m.words[HELLO_W_UPDATES];
	uint32_t from = m.words[HELLO_W_VERSION], to = from == 1 ? 2 : 1;
	if ((e = check_hello(from, ep, &c0)))
		return e;
	T_ASSERT_EQ(lu_update(to == 1 ? "hello" : "hello_v2", SEF_LU_STATE_WORK_FREE, 0, &out), OK);
	T_ASSERT_EQ(out.phase, RS_LU_DONE);
	T_ASSERT(out.update_us > 0 && out.blocked_us <= out.update_us);
	if ((e = check_hello(to, ep, &c1)))
		return e;
	T_ASSERT_EQ(c1, c0 + 1);			/* check_hello's own request */
	T_ASSERT_EQ(lu_update(to == 1 ? "hello_v2" : "hello", SEF_LU_STATE_REQUEST_FREE, 0, &out),
		    OK);
	if ((e = check_hello(from, ep, NULL)))
		return e;
	T_ASSERT_EQ(hello_req(HELLO_VERSION, 0, &m), OK);
	T_ASSERT_EQ(m.words[HELLO_W_UPDATES], updates + 2);
	T_ASSERT_EQ(m.words[HELLO_W_CLIENTS], 1);	/* us: the table came along */
	return NULL;
}

/*
 * Arms fault kind in the running version, asks for an update and expects
 * it rolled back with error want in the new version's init: the old
 * version serves on, at the same endpoint, with its state (and grants).
 */
static const char *rolled_back(int kind, int want)
{
	struct mess_rs_lu out;
	struct mess_rs st0, st1;
	uint32_t version = running_version(), c0, c1;
	endpoint_t ep = hello_ep();
	const char *e;
	message m;

	T_ASSERT(version == 1 || version == 2);
	if ((e = check_hello(version, ep, &c0)))
		return e;
	T_ASSERT_EQ(rs_call_status(&st0), OK);
	T_ASSERT_EQ(hello_req(HELLO_FAULT, (uint32_t)kind, &m), OK);
	T_ASSERT_EQ(lu_update(other_program(), SEF_LU_STATE_WORK_FREE, 0, &out), want);
	T_ASSERT_EQ(out.phase, RS_LU_INIT);
	T_ASSERT(out.rollback_us > 0);
	if ((e = check_hello(version, ep, &c1)))
		return e;
	T_ASSERT_EQ(c1, c0 + 1);
	T_ASSERT_EQ(rs_call_status(&st1), OK);
	T_ASSERT_EQ(st1.restarts, st0.restarts);	/* no restart: a rollback */
	T_ASSERT_EQ(lu_update(other_program(), SEF_LU_STATE_WORK_FREE, 0, &out), OK);	/* disarmed */
	return check_hello(version == 1 ? 2 : 1, ep, NULL);
}

static const char *t_init_crash(void)
{
	return rolled_back(HELLO_FAULT_LU_CRASH, EINTR);
}

static const char *t_init_error(void)
{
	return rolled_back(HELLO_FAULT_LU_FAIL, ENOMEM);
}

static const char *t_init_hang(void)
{
	return rolled_back(HELLO_FAULT_LU_HANG, ETIMEDOUT);
}

static const char *t_state_check(void)
{
	return rolled_back(HELLO_FAULT_LU_CORRUPT, EINVAL);
}

static const char *t_bad_description(void)
{
	return rolled_back(HELLO_FAULT_LU_BADDESC, EINVAL);
}

static int holder_main(void)
{
	message m;
	int r;

	clear_msg(&m, HELLO_HOLD);
	if ((r = ipc_sendrec(arg_ep, &m)) != OK)
		return r;
	return m.m_type == OK ? 0 : 1000;
}

/* A held request: not request-free until released (the prepare times out, then works). */
static const char *t_prepare_timeout(void)
{
	struct mess_rs_lu out;
	uint32_t version = running_version();
	endpoint_t ep = hello_ep(), kid;
	const char *e;
	message m;

	arg_ep = ep;
	T_SPAWN(kid, holder_main);
	T_BLOCKED(kid);
	nap(2);						/* it is held, not queued */
	T_ASSERT_EQ(lu_update(other_program(), SEF_LU_STATE_REQUEST_FREE, SHORT_MAXTIME, &out),
		    ETIMEDOUT);
	T_ASSERT_EQ(out.phase, RS_LU_PREPARE);
	if ((e = check_hello(version, ep, NULL)))
		return e;
	T_ASSERT_EQ(hello_req(HELLO_RELEASE, 0, &m), OK);
	T_EXIT(kid, 0);
	T_ASSERT_EQ(lu_update(other_program(), SEF_LU_STATE_REQUEST_FREE, 0, &out), OK);
	return check_hello(version == 1 ? 2 : 1, ep, NULL);
}

/* The service's own predicate (EVAL): its gate. */
static const char *t_prepare_eval(void)
{
	struct mess_rs_lu out;
	uint32_t version = running_version();
	endpoint_t ep = hello_ep();
	const char *e;
	message m;

	T_ASSERT_EQ(hello_req(HELLO_GATE, 0, &m), OK);
	T_ASSERT_EQ(lu_update(other_program(), SEF_LU_STATE_EVAL, SHORT_MAXTIME, &out), ETIMEDOUT);
	if ((e = check_hello(version, ep, NULL)))
		return e;
	T_ASSERT_EQ(hello_req(HELLO_GATE, 1, &m), OK);
	T_ASSERT_EQ(lu_update(other_program(), SEF_LU_STATE_EVAL, 0, &out), OK);
	return check_hello(version == 1 ? 2 : 1, ep, NULL);
}

/* Work-free with a request held: it travels with the state, the new version answers it. */
static const char *t_held_request_moves(void)
{
	struct mess_rs_lu out;
	uint32_t version = running_version();
	endpoint_t ep = hello_ep(), kid;
	message m;

	arg_ep = ep;
	T_SPAWN(kid, holder_main);
	T_BLOCKED(kid);
	nap(2);
	T_ASSERT_EQ(lu_update(other_program(), SEF_LU_STATE_WORK_FREE, 0, &out), OK);
	T_ASSERT_EQ(running_version(), version == 1 ? 2 : 1);
	T_ASSERT(is_alive(kid));			/* still waiting for its answer */
	T_ASSERT_EQ(hello_req(HELLO_RELEASE, 0, &m), OK);
	T_EXIT(kid, 0);
	return NULL;
}

static int updater_main(void)
{
	return -lu_update(running_version() == 1 ? "hello_v2" : "hello",
			  SEF_LU_STATE_REQUEST_FREE, 0, NULL);
}

/* One update at a time: a second one (or a down) is refused while the first waits. */
static const char *t_one_at_a_time(void)
{
	struct mess_rs_lu out;
	uint32_t version = running_version();
	endpoint_t ep = hello_ep(), holder, updater;
	struct mess_rs st;
	uint32_t end = uptime() + WAIT;
	message m;

	arg_ep = ep;
	T_SPAWN(holder, holder_main);
	T_BLOCKED(holder);
	nap(2);
	T_SPAWN(updater, updater_main);
	while ((rs_call_status(&st) != OK || st.state != RS_STATE_UPDATING) && uptime() < end)
		nap(1);
	T_ASSERT_EQ(st.state, RS_STATE_UPDATING);
	T_ASSERT_EQ(lu_update(other_program(), SEF_LU_STATE_WORK_FREE, 0, &out), EBUSY);
	T_ASSERT_EQ(out.phase, RS_LU_REFUSED);
	clear_msg(&m, RS_DOWN);				/* nor any other control */
	strlcpy(m.rs.label, "hello", sizeof(m.rs.label));
	T_ASSERT_EQ(ipc_sendrec(rs_ep, &m), OK);
	T_ASSERT_EQ(m.m_type, EBUSY);
	T_ASSERT(is_alive(updater));
	T_ASSERT_EQ(hello_req(HELLO_RELEASE, 0, &m), OK);	/* hello is request-free now */
	T_EXIT(holder, 0);
	T_EXIT(updater, 0);
	T_ASSERT_EQ(running_version(), version == 1 ? 2 : 1);
	return NULL;
}

/* Bad requests: a clear error, hello untouched. */
static const char *t_bad_input(void)
{
	struct mess_rs_lu out;
	uint32_t version = running_version(), c0, c1;
	endpoint_t ep = hello_ep();
	const char *e;
	message m;

	if ((e = check_hello(version, ep, &c0)))
		return e;
	memset(&m, 0, sizeof(m));
	m.m_type = RS_UPDATE;
	strlcpy(m.rs_lu.label, "no_such", sizeof(m.rs_lu.label));
	strlcpy(m.rs_lu.program, "hello_v2", sizeof(m.rs_lu.program));
	m.rs_lu.state = SEF_LU_STATE_WORK_FREE;
	T_ASSERT_EQ(ipc_sendrec(rs_ep, &m), OK);
	T_ASSERT_EQ(m.m_type, ESRCH);				/* unknown label */
	T_ASSERT_EQ(lu_update("no_such", SEF_LU_STATE_WORK_FREE, 0, &out), ENOENT);
	T_ASSERT_EQ(out.phase, RS_LU_REFUSED);
	T_ASSERT_EQ(lu_update("lu_test", SEF_LU_STATE_WORK_FREE, 0, &out), ENOEXEC);	/* not held */
	T_ASSERT_EQ(lu_update("rs", SEF_LU_STATE_WORK_FREE, 0, &out), ENOEXEC);
	T_ASSERT_EQ(lu_update(other_program(), 0, 0, &out), EINVAL);	/* no such state */
	T_ASSERT_EQ(lu_update(other_program(), SEF_LU_STATES + 1, 0, &out), EINVAL);
	memset(&m, 0, sizeof(m));
	m.m_type = SEF_LU_READY;				/* from no service */
	T_ASSERT_EQ(ipc_sendrec(rs_ep, &m), OK);
	T_ASSERT_EQ(m.m_type, ECANCELED);
	m.m_type = SEF_LU_STATE;				/* no update runs */
	T_ASSERT_EQ(ipc_sendrec(rs_ep, &m), OK);
	T_ASSERT_EQ(m.m_type, EPERM);
	if ((e = check_hello(version, ep, &c1)))
		return e;
	T_ASSERT_EQ(c1, c0 + 1);
	return NULL;
}

static int user_update_main(void)
{
	CHK(sys_privctl(SELF, PRIVCTL_SET_USER, 0) == OK);
	return -lu_update("hello", SEF_LU_STATE_WORK_FREE, 0, NULL);
}

static const char *t_controllers_only(void)
{
	uint32_t version = running_version();
	endpoint_t kid;

	T_SPAWN(kid, user_update_main);
	T_ASSERT_EQ(reap(kid), -EPERM);
	return check_hello(version, hello_ep(), NULL);
}

/* A crash after an update: RS restarts the new version, with its state. */
static const char *t_restart_after_update(void)
{
	struct mess_rs_lu out;
	uint32_t version, c0, value;
	endpoint_t ep, victim;
	struct hello_client inj;
	message m;

	T_ASSERT_EQ(lu_update(other_program(), SEF_LU_STATE_WORK_FREE, 0, &out), OK);
	version = running_version();
	ep = hello_ep();
	T_ASSERT_EQ(hello_count(&me, &c0), OK);
	hello_client_init(&inj);
	T_ASSERT_EQ(hello_fault(&inj, HELLO_FAULT_WILD, &victim), OK);
	T_ASSERT_EQ(victim, ep);
	uint32_t end = uptime() + WAIT;
	while (hello_ep() == ep && uptime() < end)
		nap(1);
	T_ASSERT(hello_ep() != ep);				/* restarted, fresh endpoint */
	T_ASSERT_EQ(hello_req(HELLO_VERSION, 0, &m), OK);
	T_ASSERT_EQ(m.words[HELLO_W_VERSION], version);		/* from the new version's image */
	T_ASSERT_EQ(hello_count(&me, &value), OK);		/* our entry survived */
	T_ASSERT_EQ(value, c0 + 1);
	return NULL;
}

static const struct test_case cases[] = {
	{ "lu.service_program", t_service_program },
	{ "lu.layout_change_both_ways", t_layout_change },
	{ "lu.rollback_init_crash", t_init_crash },
	{ "lu.rollback_init_error", t_init_error },
	{ "lu.rollback_init_timeout", t_init_hang },
	{ "lu.rollback_state_check", t_state_check },
	{ "lu.rollback_bad_description", t_bad_description },
	{ "lu.rollback_prepare_timeout", t_prepare_timeout },
	{ "lu.prepare_own_predicate", t_prepare_eval },
	{ "lu.held_request_transferred", t_held_request_moves },
	{ "lu.one_at_a_time", t_one_at_a_time },
	{ "lu.bad_input_refused", t_bad_input },
	{ "lu.controllers_only", t_controllers_only },
	{ "lu.restart_after_update", t_restart_after_update },
	{ "lu.campaign", t_lu_campaign },
};

int main(int argc, char **argv)
{
	message m;
	int failed;

	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "updates=", 8))
			campaign_updates = (unsigned)atoi(argv[i] + 8);
	if (children_init() < 0 || (rs_ep = bootmod_endpoint("rs")) < 0)
		return 1;
	hello_client_init(&me);
	failed = test_run(cases, TEST_COUNT(cases));
	clear_msg(&m, RS_SHUTDOWN);			/* the services end, so does the boot */
	ipc_sendrec(rs_ep, &m);
	return failed;
}
