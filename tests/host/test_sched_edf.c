/*
 * tests/host/test_sched_edf.c - the `edf` policy (kernel/sched_edf.c,
 * through its policy table): earliest deadline first, budgets enforced
 * per period (throttle and refill), best effort below every deadline,
 * deadline misses counted, and budget donation to a passive server -
 * through the fast path's hand-off and the general path's ipc hook -
 * with its ticks charged to the client; admission control (a CPU's
 * budgets reserve at most all of it, EBUSY and a log line past that).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "tests/host/host_test.h"
#include "kernel/clock.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "smp/cpu.h"

struct proc proc_table[NR_PROCS];
uint32_t clock_uptime_ticks;
static struct cpu cpu;
#define P(i)	(&proc_table[(i)])

int spin_owner_id(void) { return 0; }

static char log_text[512];

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(log_text, sizeof(log_text), fmt, ap);
	va_end(ap);
}

bool ratelimit_ok(struct ratelimit *rl, unsigned *suppressed)
{
	(void)rl;
	*suppressed = 0;
	return true;
}

static int setup(void **state)
{
	(void)state;
	memset(&cpu, 0, sizeof(cpu));
	memset(proc_table, 0, sizeof(proc_table));
	log_text[0] = 0;
	clock_uptime_ticks = 1000;
	for (unsigned i = 0; i < 8; i++) {
		struct proc *p = P(i);

		sched_set_priority(p, SCHED_USER_PRIO);
		p->quantum = SCHED_DEFAULT_QUANTUM;
		p->cpu = &cpu;
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
	sched_edf.enqueue(&cpu, p);
}

static void block(struct proc *p)
{
	sched_edf.dequeue(&cpu, p);
	p->rts_flags = RTS_RECEIVING;
}

/* Budget b in every period t for p, which is not queued. */
static void budget(struct proc *p, uint32_t b, uint32_t t)
{
	assert_int_equal(sched_edf.set_budget(&cpu, p, b, t, false), OK);
}

/* One clock tick, charged to the process picked; returns it. */
static struct proc *tick(void)
{
	struct proc *p = sched_edf.pick(&cpu);

	clock_uptime_ticks++;
	sched_edf.tick(&cpu, p);
	return p;
}

static void earliest_deadline_first(void **state)
{
	(void)state;
	budget(P(0), 5, 50);
	budget(P(1), 5, 20);
	budget(P(2), 5, 30);
	wake(P(3));			/* best effort */
	for (int i = 0; i < 3; i++)
		wake(P(i));
	assert_ptr_equal(sched_edf.pick(&cpu), P(1));
	block(P(1));
	assert_ptr_equal(sched_edf.pick(&cpu), P(2));
	block(P(2));
	assert_ptr_equal(sched_edf.pick(&cpu), P(0));
	block(P(0));
	assert_ptr_equal(sched_edf.pick(&cpu), P(3));
}

/* 2 ticks in every 10, the rest to best effort; no period missed. */
static void budget_enforced(void **state)
{
	unsigned rt = 0, be = 0;

	(void)state;
	budget(P(0), 2, 10);
	wake(P(0));
	wake(P(1));
	for (int t = 0; t < 100; t++) {
		struct proc *p = tick();

		rt += p == P(0);
		be += p == P(1);
	}
	assert_int_equal(rt, 20);
	assert_int_equal(be, 80);
	assert_true(P(0)->rt.misses >= 9);	/* always runnable: every period ends with work */
}

/* A process that blocks before its budget ends misses nothing. */
static void no_miss_when_done(void **state)
{
	(void)state;
	budget(P(0), 3, 10);
	for (int period = 0; period < 5; period++) {
		wake(P(0));
		assert_ptr_equal(tick(), P(0));
		block(P(0));		/* done: blocks */
		clock_uptime_ticks += 9;
	}
	assert_int_equal(P(0)->rt.misses, 0);
}

/* The fast path: a call hands the client's slot and budget to the passive server. */
static void donation_handoff(void **state)
{
	struct proc *client = P(0), *server = P(1);

	(void)state;
	budget(client, 3, 10);
	sched_edf.set_budget(&cpu, server, 0, 0, true);
	wake(P(2));			/* best effort, below */
	wake(client);
	assert_true(sched_edf.handoff(&cpu, client, server));
	client->rts_flags = RTS_RECEIVING;		/* as the fast path leaves them */
	server->rts_flags = 0;
	assert_int_equal(server->rt.donor, client->endpoint);
	assert_ptr_equal(tick(), server);
	assert_int_equal(client->rt.left, 2);		/* charged to the client */
	assert_ptr_equal(tick(), server);
	assert_ptr_equal(tick(), server);
	assert_int_equal(client->rt.left, 0);
	assert_true(server->rt.throttled);		/* waits for the client's refill */
	assert_ptr_equal(sched_edf.pick(&cpu), P(2));
	clock_uptime_ticks += 7;
	assert_ptr_equal(tick(), P(2));			/* the refill comes with this tick */
	assert_ptr_equal(sched_edf.pick(&cpu), server);
	client->misc_flags = MF_REPLY_PEND;
	assert_true(sched_edf.handoff(&cpu, server, client));
	server->rts_flags = RTS_RECEIVING;
	client->rts_flags = 0;
	assert_int_equal(server->rt.donor, NONE);
	assert_ptr_equal(sched_edf.pick(&cpu), client);
}

/* The general path: a call lends, the reply ends the loan, a passive server alone waits below. */
static void donation_general_path(void **state)
{
	struct proc *client = P(0), *server = P(1);

	(void)state;
	budget(client, 3, 10);
	sched_edf.set_budget(&cpu, server, 0, 0, true);
	sched_edf.ipc(client, server, false);
	assert_int_equal(server->rt.donor, client->endpoint);
	wake(server);
	assert_int_not_equal(server->heap_at, 0);
	assert_int_equal(server->sched_key, client->rt.deadline);
	sched_edf.ipc(server, client, true);		/* the reply, server still queued */
	assert_int_equal(server->rt.donor, NONE);
	assert_int_equal(server->heap_at, 0);		/* best effort again */
	assert_ptr_equal(sched_edf.pick(&cpu), server);
}

/* A best-effort client lends nothing; a donor gone leaves the server best effort. */
static void donation_refused(void **state)
{
	struct proc *client = P(0), *server = P(1);

	(void)state;
	sched_edf.set_budget(&cpu, server, 0, 0, true);
	sched_edf.ipc(P(2), server, false);
	assert_int_equal(server->rt.donor, NONE);
	budget(client, 3, 10);
	sched_edf.ipc(client, server, false);
	wake(server);
	client->endpoint = endpoint_make(2, 0);		/* the client died; its slot reused */
	assert_ptr_equal(tick(), server);
	assert_int_equal(server->heap_at, 0);
	assert_ptr_equal(sched_edf.pick(&cpu), server);
}

/* A budgeted yield gives up the period's rest. */
static void yield_gives_up_budget(void **state)
{
	(void)state;
	budget(P(0), 5, 10);
	wake(P(0));
	wake(P(1));
	sched_edf.yield(&cpu, P(0));
	assert_true(P(0)->rt.throttled);
	assert_ptr_equal(sched_edf.pick(&cpu), P(1));
}

/*
 * The budgets of a CPU reserve at most all of it: past that EBUSY, a log
 * line, and the old parameters stay; a process's new budget replaces its
 * old one in the sum; passive ones, other CPUs' and free slots count
 * nothing; thirds add up to exactly 1.
 */
static void admission(void **state)
{
	struct cpu other = { 0 };

	(void)state;
	budget(P(0), 6, 10);
	assert_int_equal(sched_edf.set_budget(&cpu, P(1), 5, 10, false), EBUSY);
	assert_non_null(strstr(log_text, "budget 5 period 10 would reserve 110.0% of CPU 0"));
	assert_int_equal(P(1)->rt.period, 0);
	budget(P(1), 4, 10);
	assert_int_equal(sched_edf.set_budget(&cpu, P(0), 7, 10, false), EBUSY);
	assert_int_equal(P(0)->rt.budget, 6);
	budget(P(0), 6, 10);
	assert_int_equal(sched_edf.set_budget(&cpu, P(0), 0, 0, true), OK);
	P(2)->cpu = &other;
	assert_int_equal(sched_edf.set_budget(&other, P(2), 10, 10, false), OK);
	P(3)->rts_flags = RTS_SLOT_FREE;
	P(3)->rt.budget = P(3)->rt.period = 10;		/* what a dead process left */
	budget(P(1), 1, 3);
	budget(P(4), 20, 60);
	budget(P(5), 100, 300);
	assert_int_equal(sched_edf.set_budget(&cpu, P(6), 1, 6000, false), EBUSY);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		{ "host.sched_edf.earliest_deadline_first", earliest_deadline_first, setup, NULL, NULL },
		{ "host.sched_edf.budget_enforced", budget_enforced, setup, NULL, NULL },
		{ "host.sched_edf.no_miss_when_done", no_miss_when_done, setup, NULL, NULL },
		{ "host.sched_edf.donation_handoff", donation_handoff, setup, NULL, NULL },
		{ "host.sched_edf.donation_general_path", donation_general_path, setup, NULL, NULL },
		{ "host.sched_edf.donation_refused", donation_refused, setup, NULL, NULL },
		{ "host.sched_edf.yield_gives_up_budget", yield_gives_up_budget, setup, NULL, NULL },
		{ "host.sched_edf.admission", admission, setup, NULL, NULL },
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
