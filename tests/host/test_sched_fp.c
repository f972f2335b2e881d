/*
 * tests/host/test_sched_fp.c - the `fp` policy (kernel/sched_fp.c,
 * through its policy table): strict priorities, round robin without a
 * budget, sporadic-server budgets (no window of a period holds more than
 * the budget, sleeping banks nothing, a full refill list merges later,
 * never earlier), donation to a passive server through the fast path's
 * hand-off and the general path's hook - on the client's CPU or another
 * one - with the server's ticks charged to the client, and the hand-off
 * declined (and counted) when someone else runs first.
 */
#include <stdlib.h>
#include <string.h>
#include "tests/host/host_test.h"
#include "kernel/clock.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "smp/cpu.h"

struct proc proc_table[NR_PROCS];
uint32_t clock_uptime_ticks;
static struct cpu cpu[2];
#define P(i)	(&proc_table[(i)])

int spin_owner_id(void) { return 0; }

void panic(const char *fmt, ...)
{
	fail_msg("panic: %s", fmt);
	abort();
}

static int setup(void **state)
{
	(void)state;
	memset(cpu, 0, sizeof(cpu));
	memset(proc_table, 0, sizeof(proc_table));
	cpu[1].id = 1;
	clock_uptime_ticks = 1000;
	for (unsigned i = 0; i < 8; i++) {
		struct proc *p = P(i);

		sched_set_priority(p, SCHED_USER_PRIO);
		p->quantum = SCHED_DEFAULT_QUANTUM;
		p->ticks_left = p->quantum;
		p->cpu = &cpu[0];
		p->slot = i;
		p->endpoint = endpoint_make(1, (int)i);
		p->rt.donor = NONE;
		p->rts_flags = RTS_RECEIVING;		/* blocked until wake() */
	}
	return 0;
}

/* p becomes runnable (queued), or blocks (leaves its queue), as proc_unblock/proc_block do. */
static void wake(struct proc *p)
{
	p->rts_flags = 0;
	sched_fp.enqueue(p->cpu, p);
}

static void block(struct proc *p)
{
	sched_fp.dequeue(p->cpu, p);
	p->rts_flags = RTS_RECEIVING;
}

static void budget(struct proc *p, uint32_t b, uint32_t t)
{
	assert_int_equal(sched_fp.set_budget(p->cpu, p, b, t, false), OK);
}

static void passive(struct proc *p)
{
	assert_int_equal(sched_fp.set_budget(p->cpu, p, 0, 0, true), OK);
}

/* One clock tick on CPU c, charged to the process picked there; returns it. */
static struct proc *tick_on(struct cpu *c)
{
	struct proc *p = sched_fp.pick(c);

	clock_uptime_ticks++;
	sched_fp.tick(c, p);
	return p;
}

static struct proc *tick(void)
{
	return tick_on(&cpu[0]);
}

static void strict_priorities(void **state)
{
	(void)state;
	sched_set_priority(P(0), 4);
	wake(P(1));
	wake(P(0));
	for (int t = 0; t < 20; t++)
		assert_ptr_equal(tick(), P(0));
	block(P(0));
	assert_ptr_equal(tick(), P(1));
}

/* Without budgets, round robin at a priority, a quantum each. */
static void round_robin(void **state)
{
	unsigned got[2] = { 0, 0 };

	(void)state;
	wake(P(0));
	wake(P(1));
	for (int t = 0; t < 100; t++)
		got[tick() == P(1)]++;
	assert_int_equal(got[0], 50);
	assert_int_equal(got[1], 50);
}

/*
 * 3 in every 10, above a best-effort spinner: every window of 10 ticks
 * holds at most 3 of the budgeted one's, and it gets 3 in each period.
 */
static void budget_enforced(void **state)
{
	int ran[200];
	unsigned total = 0;

	(void)state;
	sched_set_priority(P(0), 4);
	budget(P(0), 3, 10);
	wake(P(0));
	wake(P(1));
	for (int t = 0; t < 200; t++)
		total += ran[t] = tick() == P(0);
	for (int w = 0; w + 10 <= 200; w++) {
		int in = 0;

		for (int t = w; t < w + 10; t++)
			in += ran[t];
		assert_true(in <= 3);
	}
	assert_int_equal(total, 60);
	assert_true(P(0)->rt.misses >= 19);		/* throttled once a period */
}

/*
 * A process that used part of its budget and slept has the rest from
 * when it wakes, and those ticks come back a period after that: it never
 * runs more than its budget in a period's window.
 */
static void sleep_banks_nothing(void **state)
{
	int ran[60] = { 0 };

	(void)state;
	sched_set_priority(P(0), 4);
	budget(P(0), 2, 10);
	wake(P(1));
	wake(P(0));
	ran[0] = tick() == P(0);		/* one of two */
	block(P(0));
	for (int t = 1; t < 9; t++)
		assert_ptr_equal(tick(), P(1));
	wake(P(0));				/* at 9: one left, back at 19 */
	for (int t = 9; t < 60; t++)
		ran[t] = tick() == P(0);
	for (int w = 0; w + 10 <= 60; w++) {
		int in = 0;

		for (int t = w; t < w + 10; t++)
			in += ran[t];
		assert_true(in <= 2);
	}
}

/*
 * More refills than the list holds (10 ticks used one at a time, 5 ticks
 * apart): the last ones merge, later, never earlier: no window of a
 * period (activations included) holds more than the budget, and the
 * budget comes back.
 */
static void refills_merge_later(void **state)
{
	static int ran[400];
	uint32_t t0 = clock_uptime_ticks;
	unsigned total = 0;

	(void)state;
	sched_set_priority(P(0), 4);
	budget(P(0), 10, 100);
	for (int i = 0; i < 10; i++) {
		uint32_t at = clock_uptime_ticks - t0;	/* the tick's time is the one before it */

		wake(P(0));
		ran[at] = tick() == P(0);
		block(P(0));
		clock_uptime_ticks += 4;
	}
	wake(P(0));				/* budget spent: waits, then spins */
	assert_true(P(0)->rt.throttled);
	while (clock_uptime_ticks - t0 < 400) {
		uint32_t at = clock_uptime_ticks - t0;

		total += ran[at] = tick() == P(0);
	}
	for (int w = 0; w + 100 <= 400; w++) {
		int in = 0;

		for (int t = w; t < w + 100; t++)
			in += ran[t];
		assert_true(in <= 10);
	}
	assert_true(total >= 20);
}

/* Fast path: the call lends the client's context, the server's ticks are the client's. */
static void donation_handoff(void **state)
{
	struct proc *client = P(0), *server = P(1);

	(void)state;
	budget(client, 3, 10);
	passive(server);
	sched_set_priority(server, 4);		/* a server above its client */
	wake(P(2));				/* best effort, at the client's level */
	wake(client);
	block(P(2));				/* the client heads the queues */
	assert_true(sched_fp.handoff(&cpu[0], client, server));
	client->rts_flags = RTS_RECEIVING;	/* as the fast path leaves them */
	server->rts_flags = 0;
	wake(P(2));
	assert_int_equal(server->rt.donor, client->endpoint);
	for (int t = 0; t < 3; t++)
		assert_ptr_equal(tick(), server);
	assert_true(server->rt.throttled);	/* the client's budget is spent */
	assert_ptr_equal(tick(), P(2));
	clock_uptime_ticks += 5;
	assert_ptr_equal(tick(), P(2));		/* the refill comes with this tick */
	assert_ptr_equal(tick(), server);	/* one of the 3 refilled */
	block(P(2));				/* else it would run before the client */
	client->misc_flags = MF_REPLY_PEND;
	assert_true(sched_fp.handoff(&cpu[0], server, client));
	server->rts_flags = RTS_RECEIVING;
	client->rts_flags = 0;
	client->misc_flags = 0;
	assert_int_equal(server->rt.donor, NONE);
	/* The client got its context back charged: 2 of 3 left for now. */
	assert_ptr_equal(tick(), client);
	assert_ptr_equal(tick(), client);
	assert_true(client->rt.throttled);
}

/*
 * General path, client on CPU 0 and server on CPU 1: the server runs on
 * its copy there; the reply brings it back charged.
 */
static void donation_across_cpus(void **state)
{
	struct proc *client = P(0), *server = P(1);

	(void)state;
	server->cpu = &cpu[1];
	budget(client, 4, 20);
	passive(server);
	wake(client);
	block(client);				/* it calls */
	sched_fp.ipc(client, server, false);
	wake(server);
	assert_int_equal(server->rt.donor, client->endpoint);
	for (int t = 0; t < 3; t++)
		assert_ptr_equal(tick_on(&cpu[1]), server);
	sched_fp.ipc(server, client, true);	/* the reply, before the client wakes */
	block(server);
	assert_int_equal(server->rt.donor, NONE);
	wake(client);
	assert_ptr_equal(tick(), client);	/* the one tick left */
	assert_true(client->rt.throttled);
	assert_ptr_equal(sched_fp.pick(&cpu[0]), NULL);
}

/* A best-effort caller lends nothing; new parameters win over a loan's return. */
static void donation_edges(void **state)
{
	struct proc *client = P(0), *server = P(1);

	(void)state;
	passive(server);
	sched_fp.ipc(P(2), server, false);
	assert_int_equal(server->rt.donor, NONE);
	budget(client, 2, 10);
	sched_fp.ipc(client, server, false);
	assert_int_equal(server->rt.donor, client->endpoint);
	wake(server);
	assert_ptr_equal(tick(), server);
	budget(client, 5, 10);			/* while it waits for the reply */
	sched_fp.ipc(server, client, true);
	wake(client);
	block(server);
	for (int t = 0; t < 5; t++)
		assert_ptr_equal(tick(), client);	/* the new budget, whole */
	assert_true(client->rt.throttled);
}

/* A level between caller and server: declined, counted, nothing changed. */
static void handoff_declined(void **state)
{
	struct proc *client = P(0), *server = P(1);

	(void)state;
	sched_set_priority(client, 6);
	sched_set_priority(server, 10);
	passive(server);
	budget(client, 3, 10);
	wake(client);
	wake(P(2));				/* at 8: would run before the server */
	assert_false(sched_fp.handoff(&cpu[0], client, server));
	assert_int_equal(cpu[0].sched_slow[SCHED_SLOW_ORDER], 1);
	assert_int_equal(server->rt.donor, NONE);
	assert_ptr_equal(sched_fp.pick(&cpu[0]), client);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		{ "host.sched_fp.strict_priorities", strict_priorities, setup, NULL, NULL },
		{ "host.sched_fp.round_robin", round_robin, setup, NULL, NULL },
		{ "host.sched_fp.budget_enforced", budget_enforced, setup, NULL, NULL },
		{ "host.sched_fp.sleep_banks_nothing", sleep_banks_nothing, setup, NULL, NULL },
		{ "host.sched_fp.refills_merge_later", refills_merge_later, setup, NULL, NULL },
		{ "host.sched_fp.donation_handoff", donation_handoff, setup, NULL, NULL },
		{ "host.sched_fp.donation_across_cpus", donation_across_cpus, setup, NULL, NULL },
		{ "host.sched_fp.donation_edges", donation_edges, setup, NULL, NULL },
		{ "host.sched_fp.handoff_declined", handoff_declined, setup, NULL, NULL },
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
