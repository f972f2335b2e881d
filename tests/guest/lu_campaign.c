/*
 * tests/guest/lu_campaign.c - lu.campaign: hello updated again and again
 * under load, alternating its two versions (hello, hello_v2: two state
 * layouts), with a rollback before every fifth update.
 *
 * CLIENTS children send numbered HELLO_COUNT requests without pause
 * through the client library (servers/hello/client.c); the test asks RS
 * for campaign_updates updates in a row (work-free), and before every
 * fifth it arms a fault the new version meets in its init (a crash, an
 * error, a failed state check, an unknown layout, in turn): that update
 * is rolled back and the next one goes through.  Exactly once and
 * continuous: every request sent was answered, none failed, each
 * client's answers increase, the counter equals the number of answers,
 * and the state counted every update.  Prints
 *   updates N, rollbacks tested R, requests sent S, answered S, lost 0
 * and the median and p99 of RS's update time (request to new version
 * serving), of the time the endpoint did not receive (clients blocked),
 * and of the rollbacks.
 */
#include <string.h>
#include <abi/sef.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "servers/hello/hello.h"
#include "tests/guest/children.h"
#include "tests/guest/lu_test.h"

#define CLIENTS		3
#define MAX_UPDATES	1000
#define ROLLBACK_EVERY	5

unsigned campaign_updates = 20;
static uint32_t update_us[MAX_UPDATES], blocked_us[MAX_UPDATES], rollback_us[MAX_UPDATES];

static const int rollback_faults[] = { HELLO_FAULT_LU_CRASH, HELLO_FAULT_LU_FAIL,
				       HELLO_FAULT_LU_CORRUPT, HELLO_FAULT_LU_BADDESC };

enum { R_SENT, R_ANSWERED, R_RETRIED, R_FAILED, R_DISORDER, R_WORDS };

static int client_main(void)
{
	struct hello_client c;
	uint32_t value, last = 0, disorder = 0;
	message m;

	hello_client_init(&c);
	for (unsigned i = 1;; i++) {
		if (hello_count(&c, &value) == OK) {
			if (value <= last)
				disorder++;
			last = value;
		}
		if (i % 8 == 0) {			/* the test waits for us: stop */
			clear_msg(&m, T_PING);
			if (ipc_sendnb(self_ep, &m) == OK)
				break;
		}
	}
	clear_msg(&m, T_REPORT);
	m.words[R_SENT] = c.sent;
	m.words[R_ANSWERED] = c.answered;
	m.words[R_RETRIED] = c.retried;
	m.words[R_FAILED] = c.failed;
	m.words[R_DISORDER] = disorder;
	CHK(ipc_send(self_ep, &m) == OK);
	return 0;
}

static void sort(uint32_t *a, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && a[j - 1] > a[j]; j--) {
			uint32_t t = a[j];
			a[j] = a[j - 1];
			a[j - 1] = t;
		}
}

static void report(const char *what, uint32_t *a, unsigned n)
{
	sort(a, n);
	test_diag("%s: median %u us, p99 %u us, max %u us (%u)", what, n ? a[n / 2] : 0,
		  n ? a[n * 99 / 100] : 0, n ? a[n - 1] : 0, n);
}

static uint32_t version_word(int w)
{
	message m;

	return hello_req(HELLO_VERSION, 0, &m) == OK ? m.words[w] : 0;
}

static const char *campaign(void)
{
	uint32_t total[R_WORDS] = { 0 }, updates0, counter0, start;
	unsigned n = campaign_updates, done = 0, rollbacks = 0;
	endpoint_t kids[CLIENTS], ep;
	struct mess_rs_lu out;
	message m;
	int r;

	if (n > MAX_UPDATES)
		n = MAX_UPDATES;
	wait_for_module("service");		/* the boot's own update is over */
	T_ASSERT((ep = hello_ep()) != NONE);
	updates0 = version_word(HELLO_W_UPDATES);
	counter0 = version_word(HELLO_W_COUNTER);
	start = uptime();
	for (unsigned i = 0; i < CLIENTS; i++)
		T_ASSERT((kids[i] = spawn(client_main)) > 0);
	nap(2);
	while (done < n) {
		const char *to = version_word(HELLO_W_VERSION) == 1 ? "hello_v2" : "hello";

		if (done % ROLLBACK_EVERY == ROLLBACK_EVERY - 1 && rollbacks <= done / ROLLBACK_EVERY) {
			int kind = rollback_faults[rollbacks % 4];

			T_ASSERT_EQ(hello_req(HELLO_FAULT, (uint32_t)kind, &m), OK);
			r = lu_update(to, SEF_LU_STATE_WORK_FREE, 0, &out);
			if (r == OK)
				return test_failf("update %u with fault %d was not rolled back", done,
						  kind);
			T_ASSERT_EQ(out.phase, RS_LU_INIT);
			rollback_us[rollbacks++] = out.rollback_us;
			continue;
		}
		if ((r = lu_update(to, SEF_LU_STATE_WORK_FREE, 0, &out)) != OK)
			return test_failf("update %u to %s: error %d, phase %d", done, to, r,
					  out.phase);
		update_us[done] = out.update_us;
		blocked_us[done] = out.blocked_us;
		done++;
		nap(1);
	}
	for (unsigned i = 0; i < CLIENTS; i++) {
		T_ASSERT_EQ(ipc_receive(kids[i], &m, NULL), OK);	/* its T_PING */
		T_ASSERT_EQ(ipc_receive(kids[i], &m, NULL), OK);
		T_ASSERT_EQ(m.m_type, T_REPORT);
		for (unsigned w = 0; w < R_WORDS; w++)
			total[w] += m.words[w];
		T_ASSERT_EQ(reap(kids[i]), 0);
	}
	uint32_t counter = version_word(HELLO_W_COUNTER), updates = version_word(HELLO_W_UPDATES);

	test_diag("updates %u, rollbacks tested %u, requests sent %u, answered %u, lost %u", done,
		  rollbacks, total[R_SENT], total[R_ANSWERED], total[R_SENT] - total[R_ANSWERED]);
	report("update time (request to new version serving)", update_us, done);
	report("clients blocked (endpoint not receiving)", blocked_us, done);
	report("rollback time (failure to old version running)", rollback_us, rollbacks);
	test_diag("%u requests retried, %u ticks", total[R_RETRIED], uptime() - start);
	T_ASSERT_EQ(hello_ep(), ep);				/* one endpoint all along */
	T_ASSERT_EQ(total[R_FAILED], 0);
	T_ASSERT_EQ(total[R_RETRIED], 0);			/* no client saw the update */
	T_ASSERT_EQ(total[R_ANSWERED], total[R_SENT]);
	T_ASSERT_EQ(total[R_DISORDER], 0);
	T_ASSERT_EQ(counter - counter0, total[R_ANSWERED]);	/* each executed exactly once */
	T_ASSERT_EQ(updates, updates0 + done);			/* the state saw every update */
	return NULL;
}

/* Clients still alive after a failure are ended (guarded). */
const char *t_lu_campaign(void)
{
	return guarded(campaign);
}
