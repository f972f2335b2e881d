/*
 * tests/guest/rs_death_test.c - rs_death.*: what happens when RS itself
 * dies (docs/services.md, "If RS dies").  RS is critical, so the kernel
 * reports its end at error level; nothing restarts it, but the system
 * stays up: the services it started run on (DS answers, svc_fresh
 * answers), a service that crashes afterwards is ended by the kernel
 * (its signal manager died: sig_manager_died), and this program finishes.
 *
 * Boot (tests/guest/rs.mk, rs_death_spec): VM, RS, DS and svc_fresh as
 * RS's services, this program priv=system.  At its end it clears what RS
 * left (DS, its held images) so that the machine powers off.
 */
#include <string.h>
#include <abi/rs.h>
#include <abi/signal.h>
#include <ds.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "tests/guest/children.h"
#include "tests/guest/rs_svc.h"

#define WAIT	(20 * 100)	/* ticks a case waits at most */

static endpoint_t rs_ep, fresh_ep;

/* label's endpoint once RS has it up, else NONE. */
static endpoint_t up_at(const char *label)
{
	uint32_t end = uptime() + WAIT;
	message m;

	do {
		memset(&m, 0, sizeof(m));
		m.m_type = RS_STATUS;
		strlcpy(m.rs.label, label, sizeof(m.rs.label));
		if (ipc_sendrec(rs_ep, &m) == OK && m.m_type == OK && m.rs.state == RS_STATE_UP)
			return m.rs.endpoint;
		nap(1);
	} while (uptime() < end);
	return NONE;
}

/* Waits (bounded) until ep has ended; its exit record in *i. */
static int ended(endpoint_t ep, struct proc_info *i)
{
	uint32_t end = uptime() + WAIT;

	while (is_alive(ep) && uptime() < end)
		nap(1);
	return proc_of(ep, i) && i->state == PROC_STATE_DEAD ? OK : EAGAIN;
}

static const char *t_rs_dies(void)
{
	struct mess_ds_info info;
	struct proc_info pi;
	message m;

	T_ASSERT(up_at("ds") != NONE);
	T_ASSERT((fresh_ep = up_at("svc_fresh")) != NONE);
	T_ASSERT_EQ(sys_kill(rs_ep, SIGKILL), OK);		/* no manager: the kernel ends it */
	T_ASSERT_EQ(ended(rs_ep, &pi), OK);
	T_ASSERT_EQ(pi.exit_status, -SIGKILL);
	/* the services run on */
	T_ASSERT_EQ(ds_info(&info), OK);
	T_ASSERT_EQ(ds_publish_u32("rs_death.x", 1, 0), OK);
	memset(&m, 0, sizeof(m));
	m.m_type = SVC_INFO;
	T_ASSERT_EQ(ipc_sendrec(fresh_ep, &m), OK);
	T_ASSERT_EQ(m.m_type, OK);
	return NULL;
}

/* With RS gone a crash is no longer recovered: the kernel ends the service. */
static const char *t_crash_ends(void)
{
	struct proc_info pi;

	T_ASSERT(fresh_ep > 0);
	T_ASSERT(!is_alive(rs_ep));
	T_ASSERT_EQ(sys_kill(fresh_ep, SIGSEGV), OK);
	T_ASSERT_EQ(ended(fresh_ep, &pi), OK);
	T_ASSERT_EQ(pi.exit_status, -SIGSEGV);
	return NULL;
}

static const struct test_case cases[] = {
	{ "rs_death.services_run_on", t_rs_dies },
	{ "rs_death.crash_not_recovered", t_crash_ends },
};

/* Clears what RS left: DS and the held images of its services. */
static void clear_leftovers(void)
{
	struct proc_info pi;
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return;
	for (unsigned i = 0; i < k.nr_slots; i++)
		if (sys_getinfo(GET_PROC, (int)i, &pi, sizeof(pi)) >= 0 &&
		    pi.state == PROC_STATE_LIVE &&
		    (!strcmp(pi.name, "ds") || !strcmp(pi.name, "svc_fresh"))) {
			sys_privctl(pi.endpoint, PRIVCTL_CRITICAL, 0);	/* an asked-for end */
			sys_clear(pi.endpoint);
		}
}

int main(void)
{
	int failed;

	if (children_init() < 0 || (rs_ep = bootmod_endpoint("rs")) < 0)
		return 1;
	failed = test_run(cases, TEST_COUNT(cases));
	clear_leftovers();
	return failed;
}
