/*
 * tests/host/test_sched_server.c - host tests of servers/sched/policy.c:
 * a used-up quantum costs a level down to SCHED_LOWEST, climbs return to
 * the level a process came with and no higher, a CPU with two more of the
 * scheduler's processes than another sends one there, and an ended
 * process's entry is taken over by the slot's next one.
 */
#include <stdbool.h>
#include <abi/endpoint.h>
#include "tests/host/host_test.h"
#include "servers/sched/sched.h"

static struct sched_policy pol;

static struct sched_decision notice(endpoint_t ep, int prio, int cpu)
{
	struct sched_decision seen = { ep, prio, 5, cpu }, d;

	policy_out_of_quantum(&pol, &seen, &d);
	assert_int_equal(d.ep, ep);
	assert_int_equal(d.quantum, 5);
	return d;
}

static void test_drops(void **state)
{
	int prio = 8;

	(void)state;
	policy_init(&pol, 1);
	for (int i = 0; i < 10; i++) {
		struct sched_decision d = notice(endpoint_make(1, 3), prio, 0);

		assert_int_equal(d.prio, prio < SCHED_LOWEST ? prio + 1 : SCHED_LOWEST);
		assert_int_equal(d.cpu, -1);		/* one CPU: nowhere to go */
		prio = d.prio;
	}
	assert_int_equal(prio, SCHED_LOWEST);
}

static void test_climbs_to_base(void **state)
{
	struct sched_decision d;
	endpoint_t a = endpoint_make(1, 3), b = endpoint_make(1, 4);
	unsigned at, climbs = 0;

	(void)state;
	policy_init(&pol, 1);
	notice(a, 8, 0);
	notice(a, 9, 0);			/* a at 10, came with 8 */
	notice(b, 12, 0);			/* b at 13, came with 12 */
	for (int round = 0; round < 5; round++) {
		for (at = 0; policy_next_boost(&pol, &at, &d);) {
			climbs++;
			assert_true(d.ep == a || d.ep == b);
			assert_true(d.prio >= (d.ep == a ? 8 : 12));
		}
	}
	assert_int_equal(climbs, 2 + 1);	/* a: 10 -> 8, b: 13 -> 12, then none */
	assert_int_equal(pol.proc[3].prio, 8);
	assert_int_equal(pol.proc[4].prio, 12);
}

static void test_spreads(void **state)
{
	(void)state;
	policy_init(&pol, 4);
	assert_int_equal(notice(endpoint_make(1, 1), 8, 0).cpu, -1);	/* loads 1 0 0 0 */
	assert_int_equal(notice(endpoint_make(1, 2), 8, 0).cpu, 1);	/* 2 0: moves */
	assert_int_equal(notice(endpoint_make(1, 3), 8, 0).cpu, 2);
	assert_int_equal(notice(endpoint_make(1, 4), 8, 0).cpu, 3);
	assert_int_equal(notice(endpoint_make(1, 5), 8, 0).cpu, -1);	/* 2 1 1 1: stays */
	assert_int_equal(pol.load[0], 2);
	assert_int_equal(notice(endpoint_make(1, 1), 9, 0).cpu, -1);	/* counted once */
	assert_int_equal(pol.load[0], 2);
}

static void test_slot_reuse_and_forget(void **state)
{
	struct sched_decision d;
	unsigned at = 0;

	(void)state;
	policy_init(&pol, 2);
	notice(endpoint_make(1, 7), 8, 1);
	notice(endpoint_make(1, 7), 9, 1);	/* at 10, came with 8 */
	notice(endpoint_make(2, 7), 4, 1);	/* the slot's next process, at 5 */
	assert_int_equal(pol.proc[7].base, 4);
	assert_int_equal(pol.load[1], 1);
	policy_forget(&pol, endpoint_make(1, 7));	/* not the entry's: kept */
	assert_int_equal(pol.proc[7].ep, endpoint_make(2, 7));
	policy_forget(&pol, endpoint_make(2, 7));
	assert_int_equal(pol.proc[7].ep, NONE);
	assert_int_equal(pol.load[1], 0);
	assert_false(policy_next_boost(&pol, &at, &d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("sched_server", "drops", test_drops),
		HOST_TEST("sched_server", "climbs_to_base", test_climbs_to_base),
		HOST_TEST("sched_server", "spreads", test_spreads),
		HOST_TEST("sched_server", "slot_reuse_and_forget", test_slot_reuse_and_forget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
