/*
 * tests/soak/soak.c - soak.run: an SMP soak for `make soak` (docs/soak.md).
 *
 * For MINUTES minutes: one client/server pair per CPU exchanging numbered
 * SENDRECs (the fast path where both sit on one CPU, the general path
 * where not), every client also sending to one shared server, while this
 * program moves clients and servers between CPUs at random and forks
 * short-lived children that exit at once.  Then:
 *
 *   - message conservation: each client counts what it sent and the
 *     replies it got (each reply must carry its request's number + 1);
 *     each server counts what it received; the shared server per client;
 *     every count must match: nothing lost, nothing twice;
 *   - invariants: every child gone, and the kernel's free frames, free
 *     process slots and privilege structures back at their baseline.
 *
 * Runs as a SYSTEM process (it forks with SYS_FORK and moves processes).
 */
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "tests/guest/children.h"
#include "tests/guest/guest_util.h"

#define MAX_PAIRS	16
#define SHARED_EVERY	16		/* a client's sends to the shared server: 1 in 16 */

enum { SOAK_CALL = 0x5300, SOAK_SHARED, SOAK_DONE, SOAK_COUNT };

static uint32_t minutes = 1, deadline;
static endpoint_t shared;		/* the shared server */
static unsigned client_index;		/* role: which pair */
static uint32_t seed = 0x50a6;

static uint32_t next_below(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

/* Server of one pair, or the shared one: counts per sender index. */
static int server_main(void)
{
	static uint32_t count[MAX_PAIRS];
	uint32_t st;
	message m;

	CHK(ipc_receive(ANY, &m, &st) == OK);
	for (;;) {
		if (m.m_type == SOAK_COUNT) {		/* from the test: report, end */
			memcpy(m.words, count, sizeof(count));
			return ipc_send(m.m_source, &m) == OK ? 0 : __LINE__;
		}
		if (m.words[1] < MAX_PAIRS)
			count[m.words[1]]++;
		if (m.m_type == SOAK_SHARED) {		/* plain SEND: no answer */
			CHK(ipc_receive(ANY, &m, &st) == OK);
			continue;
		}
		m.words[0]++;
		CHK(ipc_replyrecv(m.m_source, &m, &st) == OK);
	}
}

/* Client: numbered calls to arg_ep until the deadline, then its counts to us. */
static int client_main(void)
{
	uint32_t sent = 0, replies = 0, shared_sent = 0;
	message m;

	while (uptime() < deadline) {
		clear_msg(&m, SOAK_CALL);
		m.words[0] = sent;
		m.words[1] = client_index;
		sent++;
		CHK(ipc_sendrec(arg_ep, &m) == OK);
		CHK(m.words[0] == sent);		/* its number + 1: not lost, not twice */
		replies++;
		if (sent % SHARED_EVERY == 0) {
			clear_msg(&m, SOAK_SHARED);
			m.words[1] = client_index;
			CHK(ipc_send(shared, &m) == OK);
			shared_sent++;
		}
	}
	clear_msg(&m, SOAK_DONE);
	m.words[0] = sent;
	m.words[1] = replies;
	m.words[2] = shared_sent;
	m.words[3] = client_index;
	CHK(ipc_send(self_ep, &m) == OK);
	return 0;
}

static int exit_main(void)
{
	return 0;
}

static const char *stop_server(endpoint_t srv, uint32_t *count)
{
	message m;

	clear_msg(&m, SOAK_COUNT);
	T_ASSERT_EQ(ipc_send(srv, &m), OK);
	T_ASSERT_EQ(ipc_receive(srv, &m, NULL), OK);
	memcpy(count, m.words, MAX_PAIRS * sizeof(uint32_t));
	T_EXIT(srv, 0);
	return NULL;
}

static const char *t_soak(void)
{
	endpoint_t srv[MAX_PAIRS], cli[MAX_PAIRS], c;
	uint32_t sent[MAX_PAIRS], shared_sent[MAX_PAIRS], count[MAX_PAIRS], total = 0;
	unsigned n, moves = 0, forks = 0;
	struct kinfo k0, k1;
	const char *why;
	message m;

	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k0, sizeof(k0)) > 0);
	n = k0.ncpus < MAX_PAIRS ? k0.ncpus : MAX_PAIRS;
	deadline = uptime() + minutes * 60 * k0.hz;
	T_SPAWN(shared, server_main);
	for (unsigned i = 0; i < n; i++) {
		T_SPAWN(srv[i], server_main);
		T_ASSERT_EQ(sys_schedctl(srv[i], (int)i, -1), OK);
		arg_ep = srv[i];
		client_index = i;
		T_SPAWN(cli[i], client_main);
		T_ASSERT_EQ(sys_schedctl(cli[i], (int)next_below(n), -1), OK);
	}
	while (uptime() < deadline) {		/* migrations, forks and exits */
		endpoint_t who = next_below(2) ? srv[next_below(n)] : cli[next_below(n)];

		if (sys_schedctl(who, (int)next_below(n), -1) == OK)
			moves++;
		if ((c = spawn(exit_main)) > 0) {
			forks++;
			T_EXIT(c, 0);
		}
		nap(1);
	}
	for (unsigned i = 0; i < n; i++) {	/* each client's counts */
		T_ASSERT_EQ(ipc_receive(ANY, &m, NULL), OK);
		T_ASSERT_EQ(m.m_type, SOAK_DONE);
		T_ASSERT(m.words[3] < n);
		T_ASSERT_EQ(m.words[0], m.words[1]);	/* every call answered */
		sent[m.words[3]] = m.words[0];
		shared_sent[m.words[3]] = m.words[2];
	}
	for (unsigned i = 0; i < n; i++) {
		T_EXIT(cli[i], 0);
		if ((why = stop_server(srv[i], count)))
			return why;
		if (count[i] != sent[i])
			return test_failf("pair %u: client sent %u, server got %u", i, sent[i], count[i]);
		total += sent[i];
	}
	if ((why = stop_server(shared, count)))
		return why;
	for (unsigned i = 0; i < n; i++)
		if (count[i] != shared_sent[i])
			return test_failf("shared server: client %u sent %u, got %u", i, shared_sent[i],
					  count[i]);
	end_children_reaped();
	for (uint32_t end = uptime() + WAIT_TICKS;; nap(2)) {
		T_ASSERT(sys_getinfo(GET_KINFO, 0, &k1, sizeof(k1)) > 0);
		if ((k1.free_frames == k0.free_frames && k1.free_slots == k0.free_slots &&
		     k1.free_privs == k0.free_privs) || uptime() > end)
			break;
	}
	printf("soak: %u minutes, %u CPUs: %u calls conserved, %u moves, %u forks; "
	       "frames %u -> %u, slots %u -> %u, privileges %u -> %u\n", minutes, n, total, moves,
	       forks, k0.free_frames, k1.free_frames, k0.free_slots, k1.free_slots,
	       k0.free_privs, k1.free_privs);
	T_ASSERT_EQ(k1.free_frames, k0.free_frames);
	T_ASSERT_EQ(k1.free_slots, k0.free_slots);
	T_ASSERT_EQ(k1.free_privs, k0.free_privs);
	return NULL;
}

static const char *t_soak_g(void)
{
	return guarded(t_soak);
}

int main(int argc, char **argv)
{
	static const struct test_case cases[] = { { "soak.run", t_soak_g } };

	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "minutes=", 8)) {
			printf("Bail out! soak: unknown argument '%s'\n", argv[i]);
			return 2;
		}
		minutes = (uint32_t)atoi(argv[i] + 8);
	}
	if (children_init() < 0)
		return 1;
	return test_run(cases, TEST_COUNT(cases));
}
