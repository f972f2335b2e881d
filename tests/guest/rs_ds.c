/*
 * tests/guest/rs_ds.c - DS under RS (rs.ds_*, rs.labels_*): DS is a row
 * of RS's table, started and restarted by RS in place (SF_SAME_EP), RS
 * keeps every service's label -> endpoint in DS (servers/rs/publish.c),
 * and DS keeps the services' SEF state (lib/libsef/sef_state.c).
 * Part of rs_test (the rs boot); docs/ds.md, docs/services.md.
 */
#include <string.h>
#include <abi/signal.h>
#include <ds.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "tests/guest/children.h"
#include "tests/guest/guest_util.h"
#include "tests/guest/rs_svc.h"
#include "tests/guest/rs_test.h"

#define WAIT	(20 * 100)	/* ticks a case waits at most */

/* Waits until DS names label at ep (RS publishes it once the instance is up). */
static int label_is(const char *label, endpoint_t ep)
{
	uint32_t end = uptime() + WAIT;
	endpoint_t got = NONE;

	while (ds_retrieve_label(label, &got) != OK || got != ep) {
		if (uptime() >= end)
			return EAGAIN;
		nap(1);
	}
	return OK;
}

/* Waits until RS has restarted label after before (up, more restarts). */
static int restarted(const char *label, const struct mess_rs *before, struct mess_rs *after)
{
	uint32_t end = uptime() + WAIT;

	while (rs_call(RS_STATUS, label, after) != OK || after->state != RS_STATE_UP ||
	       after->restarts == before->restarts)
		if (uptime() >= end)
			return EAGAIN;
		else
			nap(1);
	return OK;
}

/* DS's boot module (priv=service) is held for RS, which runs it in its place. */
const char *t_ds_run_by_rs(void)
{
	struct bootmod_info mod;
	struct mess_ds_info info;
	struct mess_rs st;

	T_ASSERT(find_bootmod("ds", NULL, &mod) >= 0);
	T_ASSERT(mod.flags & BOOTMOD_HELD);
	T_ASSERT_EQ(rs_wait("ds", RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(st.endpoint, mod.endpoint);
	T_ASSERT_EQ(ds_endpoint(), mod.endpoint);
	T_ASSERT_EQ(ds_info(&info), OK);
	return NULL;
}

/* Every service's label names its instance; a fresh-endpoint restart updates it. */
const char *t_labels_published(void)
{
	struct mess_rs st, after;

	T_ASSERT_EQ(rs_wait("ds", RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(label_is("ds", st.endpoint), OK);
	T_ASSERT_EQ(rs_wait("svc_order", RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(label_is("svc_order", st.endpoint), OK);
	T_ASSERT_EQ(ds_publish_label("svc_order", self_ep, DSF_OVERWRITE), EPERM);	/* RS's */
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(sys_kill(st.endpoint, SIGSEGV), OK);
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, st.endpoint, &after), OK);
	T_ASSERT(after.endpoint != st.endpoint);
	T_ASSERT_EQ(label_is("svc_fresh", after.endpoint), OK);
	return NULL;
}

/*
 * DS crashes: RS restarts it at the same endpoint; a subscriber keeps its
 * subscription and is told to look again (DS_EV_OVERFLOW); the entries
 * are gone (docs/ds.md) and RS publishes every label again.
 */
const char *t_ds_restart(void)
{
	struct mess_rs before, after, st;
	char key[DS_KEY_MAX];
	uint32_t type, event, v = 0;
	endpoint_t owner;

	T_ASSERT_EQ(rs_wait("ds", RS_STATE_UP, NONE, &before), OK);
	T_ASSERT_EQ(ds_subscribe("rsds.*", 0), OK);
	T_ASSERT_EQ(ds_publish_u32("rsds.a", 5, DSF_OVERWRITE), OK);
	while (ds_check(key, &type, &event, &owner) == OK)
		;
	T_ASSERT_EQ(sys_kill(before.endpoint, SIGSEGV), OK);
	T_ASSERT_EQ(restarted("ds", &before, &after), OK);
	T_ASSERT_EQ(after.endpoint, before.endpoint);
	T_ASSERT_EQ(after.reason, RS_WHY_SIGNAL);
	T_ASSERT_EQ(ds_check(key, &type, &event, &owner), OK);
	T_ASSERT_EQ(event, DS_EV_OVERFLOW);
	T_ASSERT_EQ(ds_retrieve_u32("rsds.a", &v), ENOENT);
	T_ASSERT_EQ(rs_wait("svc_order", RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(label_is("svc_order", st.endpoint), OK);
	T_ASSERT_EQ(ds_publish_u32("rsds.a", 6, 0), OK);
	T_ASSERT_EQ(ds_check(key, &type, &event, &owner), OK);
	T_ASSERT_EQ(event, DS_EV_UPDATE);
	T_ASSERT_STREQ(key, "rsds.a");
	return NULL;
}

/* A bump of svc_fresh's counter (its SEF state); the counter, or an error. */
static int bump(uint32_t *counter)
{
	struct mess_rs st;
	message m;
	int r;

	if ((r = rs_wait("svc_fresh", RS_STATE_UP, NONE, &st)) != OK)
		return r;
	memset(&m, 0, sizeof(m));
	m.m_type = SVC_BUMP;
	if ((r = ipc_sendrec(st.endpoint, &m)) != OK)
		return r;
	*counter = m.words[0];
	return m.m_type;
}

/*
 * The state a service saves is DS's entry "sef.<label>", restored after a
 * fresh-endpoint restart and dropped by a refresh (a fresh start).
 */
const char *t_state_in_ds(void)
{
	struct mess_rs st, after;
	uint32_t counter = 0, saved = 0;
	size_t len = sizeof(saved);
	message m;

	T_ASSERT_EQ(bump(&counter), OK);
	T_ASSERT_EQ(ds_retrieve_mem("sef.svc_fresh", &saved, &len), OK);
	T_ASSERT_EQ(len, sizeof(saved));
	T_ASSERT_EQ(saved, counter);
	T_ASSERT_EQ(ds_publish_mem("sef.svc_fresh", &saved, len, DSF_OVERWRITE), EPERM);
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, NONE, &st), OK);
	T_ASSERT_EQ(sys_kill(st.endpoint, SIGSEGV), OK);
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, st.endpoint, &after), OK);
	memset(&m, 0, sizeof(m));
	m.m_type = SVC_INFO;
	T_ASSERT_EQ(ipc_sendrec(after.endpoint, &m), OK);
	T_ASSERT_EQ(m.words[SVC_W_COUNTER], counter);		/* back from DS */
	T_ASSERT_EQ(rs_call(RS_REFRESH, "svc_fresh", NULL), OK);
	T_ASSERT_EQ(rs_wait("svc_fresh", RS_STATE_UP, after.endpoint, NULL), OK);
	T_ASSERT_EQ(ds_retrieve_mem("sef.svc_fresh", &saved, &len), ENOENT);
	return NULL;
}
