/*
 * tests/guest/rs_campaign.c - rs.campaign: the hello service under load
 * while it is crashed again and again.
 *
 * CLIENTS children send numbered HELLO_COUNT requests without pause
 * through the client library (servers/hello/client.c), which retries
 * across restarts.  The test itself injects campaign_crashes faults at
 * random moments (fixed seed): a wild pointer, an exit, an endless loop
 * (heartbeats stop), a crash after executing a request but before saving
 * it, one after saving but before answering, and SIGKILL from outside;
 * each time it waits until RS has the service up again.  Then the clients
 * stop and report.  Exactly once: every request sent was answered, each
 * client's answers increase, and the service's counter equals the number
 * of answers (no request executed twice, none lost).  Prints
 *   crashes N, recovered N, requests sent S, answered S, lost 0
 * and the median and p99 of RS's time to recover (failure seen to the new
 * instance's init reply).
 */
#include <string.h>
#include <abi/signal.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "servers/hello/hello.h"
#include "tests/guest/children.h"
#include "tests/guest/rs_test.h"

#define CLIENTS		3
#define MAX_CRASHES	4000
#define FAULT_KILL	(HELLO_FAULTS + 1)	/* SIGKILL from the test */

unsigned campaign_crashes = 100;
static uint32_t recover_us[MAX_CRASHES];
static uint32_t seed = 12345;

static uint32_t rnd(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

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

/*
 * One fault; OK once RS has hello up again at a new endpoint.  An instance
 * that ended before the fault reached it (RS restarted it meanwhile) is
 * no fault of ours: the fault goes to the next one.
 */
static int crash_once(struct hello_client *inj, uint32_t *us)
{
	int kind = 1 + (int)rnd(FAULT_KILL);
	struct mess_rs st;
	endpoint_t victim;
	int r;

	do {
		if ((r = rs_wait("hello", RS_STATE_UP, NONE, &st)) != OK)
			return r;
		inj->ep = st.endpoint;
		if (kind == FAULT_KILL) {
			victim = st.endpoint;
			r = sys_kill(victim, SIGKILL);
		} else {
			r = hello_fault(inj, kind, &victim);
		}
	} while (r == EDEADSRCDST || r == EDEADEPT);
	if (r != OK)
		return r;
	if ((r = rs_wait("hello", RS_STATE_UP, victim, &st)) != OK)
		return r;
	*us = st.recover_us;
	return OK;
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

const char *t_campaign(void)
{
	uint32_t total[R_WORDS] = { 0 }, counter = 0;
	unsigned crashes = 0, recovered = 0, n = campaign_crashes;
	uint32_t start;
	struct hello_client inj;
	endpoint_t kids[CLIENTS];
	message m;

	if (n > MAX_CRASHES)
		n = MAX_CRASHES;
	hello_client_init(&inj);
	T_ASSERT_EQ(rs_wait("hello", RS_STATE_UP, NONE, NULL), OK);
	start = uptime();
	for (unsigned i = 0; i < CLIENTS; i++)
		T_ASSERT((kids[i] = spawn(client_main)) > 0);
	for (unsigned i = 0; i < n; i++) {
		nap(1 + rnd(3));
		crashes++;
		if (crash_once(&inj, &recover_us[recovered]) == OK)
			recovered++;
		else
			break;
	}
	for (unsigned i = 0; i < CLIENTS; i++) {
		T_ASSERT_EQ(ipc_receive(kids[i], &m, NULL), OK);	/* its T_PING */
		T_ASSERT_EQ(ipc_receive(kids[i], &m, NULL), OK);
		T_ASSERT_EQ(m.m_type, T_REPORT);
		for (unsigned w = 0; w < R_WORDS; w++)
			total[w] += m.words[w];
		T_ASSERT_EQ(reap(kids[i]), 0);
	}
	T_ASSERT_EQ(hello_get(&inj, &counter), OK);
	sort(recover_us, recovered);
	test_diag("crashes %u, recovered %u, requests sent %u, answered %u, lost %u", crashes,
		  recovered, total[R_SENT], total[R_ANSWERED], total[R_SENT] - total[R_ANSWERED]);
	test_diag("time to recover: median %u us, p99 %u us, max %u us; %u requests retried, "
		  "counter %u; %u ticks", recovered ? recover_us[recovered / 2] : 0,
		  recovered ? recover_us[recovered * 99 / 100] : 0,
		  recovered ? recover_us[recovered - 1] : 0, total[R_RETRIED], counter,
		  uptime() - start);
	T_ASSERT_EQ(recovered, n);
	T_ASSERT_EQ(total[R_FAILED], 0);
	T_ASSERT_EQ(total[R_ANSWERED], total[R_SENT]);
	T_ASSERT_EQ(total[R_DISORDER], 0);
	T_ASSERT_EQ(counter, total[R_ANSWERED]);	/* each executed exactly once */
	return NULL;
}
