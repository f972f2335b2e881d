/*
 * tests/host/test_sched_fair.c - the `fair` policy (kernel/sched_fair.c,
 * through its policy table) and the heap under it (kernel/sched_heap.c):
 * shares in proportion to the weights within a tick per process, the
 * placement of a process that wakes, the yield that lets an equal partner
 * run, the fast path's hand-off, and the heap's order under random use.
 */
#include <stdlib.h>
#include <string.h>
#include "tests/host/host_test.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_heap.h"
#include "smp/cpu.h"

static struct cpu cpu;
static struct proc procs[8];

int spin_owner_id(void) { return 0; }

static int setup(void **state)
{
	(void)state;
	memset(&cpu, 0, sizeof(cpu));
	memset(procs, 0, sizeof(procs));
	for (unsigned i = 0; i < ARRAY_LEN(procs); i++) {
		sched_set_priority(&procs[i], SCHED_USER_PRIO);
		procs[i].quantum = SCHED_DEFAULT_QUANTUM;
		procs[i].cpu = &cpu;
	}
	return 0;
}

/* Runs `ticks` clock ticks: each charged to the process picked. */
static void run(unsigned ticks, unsigned *got)
{
	for (unsigned t = 0; t < ticks; t++) {
		struct proc *p = sched_fair.pick(&cpu);

		assert_non_null(p);
		got[p - procs]++;
		sched_fair.tick(&cpu, p);
	}
}

/* Weights 1024, 1024, 2500, 419 (priorities 8, 8, 4, 12): shares within a tick. */
static void shares_follow_weights(void **state)
{
	static const unsigned prio[] = { 8, 8, 4, 12 };
	static const double weight[] = { 1024, 1024, 2500, 419 };
	const unsigned ticks = 4967 * 2;
	unsigned got[ARRAY_LEN(procs)] = { 0 };
	double total = 0;

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		sched_set_priority(&procs[i], prio[i]);
		sched_fair.enqueue(&cpu, &procs[i]);
		total += weight[i];
	}
	run(ticks, got);
	for (unsigned i = 0; i < 4; i++) {
		double want = ticks * weight[i] / total;

		assert_true(got[i] >= want - 1.5 && got[i] <= want + 1.5);
	}
}

/* A process that slept long comes back one tick ahead of the rest, no more. */
static void wake_gets_one_tick(void **state)
{
	unsigned got[ARRAY_LEN(procs)] = { 0 };

	(void)state;
	sched_fair.enqueue(&cpu, &procs[0]);
	sched_fair.enqueue(&cpu, &procs[1]);
	run(1000, got);
	sched_fair.enqueue(&cpu, &procs[2]);		/* pass 0: asleep since boot */
	assert_ptr_equal(sched_fair.pick(&cpu), &procs[2]);
	memset(got, 0, sizeof(got));
	run(30, got);
	assert_true(got[2] >= 10 && got[2] <= 11);	/* a third, plus the credit */
}

/* One that returns from elsewhere far ahead is let in within one slice. */
static void arrival_from_ahead(void **state)
{
	unsigned got[ARRAY_LEN(procs)] = { 0 };

	(void)state;
	sched_fair.enqueue(&cpu, &procs[0]);
	run(10, got);
	procs[1].sched_key = cpu.rq.vtime + 1000000;
	sched_fair.enqueue(&cpu, &procs[1]);
	memset(got, 0, sizeof(got));
	run(2 * SCHED_DEFAULT_QUANTUM + 2, got);
	assert_true(got[1] >= 1);
}

static void yield_lets_partner_run(void **state)
{
	(void)state;
	sched_fair.enqueue(&cpu, &procs[0]);
	sched_fair.enqueue(&cpu, &procs[1]);
	for (int i = 0; i < 6; i++) {
		struct proc *p = sched_fair.pick(&cpu);

		sched_fair.yield(&cpu, p);
		assert_ptr_not_equal(sched_fair.pick(&cpu), p);
	}
}

/* The partner takes the first slot and its pass; refused for a second. */
static void handoff(void **state)
{
	(void)state;
	sched_fair.enqueue(&cpu, &procs[0]);
	procs[1].sched_key = 5;
	sched_fair.enqueue(&cpu, &procs[1]);
	procs[2].sched_key = 1u << 30;
	assert_ptr_equal(sched_fair.pick(&cpu), &procs[0]);
	assert_false(sched_fair.handoff(&cpu, &procs[1], &procs[2]));	/* not first */
	assert_true(sched_fair.handoff(&cpu, &procs[0], &procs[2]));
	assert_ptr_equal(sched_fair.pick(&cpu), &procs[2]);
	assert_int_equal(procs[2].sched_key, procs[0].sched_key);
	assert_int_equal(procs[0].heap_at, 0);
	assert_false(sched_fair.handoff(&cpu, &procs[2], &procs[1]));	/* queued already */
	sched_fair.dequeue(&cpu, &procs[2]);
	assert_ptr_equal(sched_fair.pick(&cpu), &procs[1]);
}

/* The heap under random inserts, removals and new keys: the first is the least. */
static void heap_order(void **state)
{
	struct sched_queues *q = &cpu.rq;

	(void)state;
	srand(7);
	for (int step = 0; step < 20000; step++) {
		struct proc *p = &procs[rand() % ARRAY_LEN(procs)];
		uint64_t least = UINT64_MAX;

		if (!p->heap_at) {
			p->sched_key = (uint64_t)(rand() % 50);
			sched_heap_insert(q, p);
		} else if (rand() % 2) {
			sched_heap_remove(q, p);
		} else {
			sched_heap_rekey(q, p, (uint64_t)(rand() % 50));
		}
		for (unsigned i = 0; i < ARRAY_LEN(procs); i++) {
			if (procs[i].heap_at) {
				assert_ptr_equal(q->heap[procs[i].heap_at - 1], &procs[i]);
				if (procs[i].sched_key < least)
					least = procs[i].sched_key;
			}
		}
		if (q->heap_n)
			assert_int_equal(sched_heap_first(q)->sched_key, least);
	}
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		{ "host.sched_fair.shares_follow_weights", shares_follow_weights, setup, NULL, NULL },
		{ "host.sched_fair.wake_gets_one_tick", wake_gets_one_tick, setup, NULL, NULL },
		{ "host.sched_fair.arrival_from_ahead", arrival_from_ahead, setup, NULL, NULL },
		{ "host.sched_fair.yield_lets_partner_run", yield_lets_partner_run, setup, NULL, NULL },
		{ "host.sched_fair.handoff", handoff, setup, NULL, NULL },
		{ "host.sched_fair.heap_order", heap_order, setup, NULL, NULL },
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
