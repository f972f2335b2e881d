/*
 * tests/host/test_sched_mlfq.c - the default scheduling policy
 * (kernel/sched_mlfq.c, through its policy table as the kernel calls it):
 * levels and FIFO order, pick, dequeue from anywhere, the rotation of a
 * yield (O(1) for the head, the general move otherwise), and the fast
 * path's hand-off with the cases it refuses.
 */
#include <string.h>
#include "tests/host/host_test.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "smp/cpu.h"

static struct cpu cpu;
static struct proc procs[6];

int spin_owner_id(void) { return 0; }

static int setup(void **state)
{
	(void)state;
	memset(&cpu, 0, sizeof(cpu));
	memset(procs, 0, sizeof(procs));
	for (unsigned i = 0; i < ARRAY_LEN(procs); i++) {
		sched_set_priority(&procs[i], SCHED_USER_PRIO);
		procs[i].quantum = 5;
		procs[i].cpu = &cpu;
	}
	return 0;
}

static void enqueue(struct proc *p)
{
	sched_mlfq.enqueue(&cpu, p);
}

/* The level of p's priority holds exactly `want` (n of them), in order. */
static void assert_level(unsigned prio, struct proc *const *want, unsigned n)
{
	struct proc *p = cpu.rq.head[prio];

	for (unsigned i = 0; i < n; i++, p = p->next_ready)
		assert_ptr_equal(p, want[i]);
	assert_null(p);
	if (n) {
		assert_ptr_equal(cpu.rq.tail[prio], want[n - 1]);
		assert_true(cpu.rq.nonempty & (1u << prio));
	} else {
		assert_false(cpu.rq.nonempty & (1u << prio));
	}
}

#define LEVEL(prio, ...)							\
	do {									\
		struct proc *const w_[] = { __VA_ARGS__ };			\
		assert_level((prio), w_, ARRAY_LEN(w_));			\
	} while (0)

static void fifo_and_pick(void **state)
{
	(void)state;
	assert_null(sched_mlfq.pick(&cpu));
	enqueue(&procs[0]);
	enqueue(&procs[1]);
	sched_set_priority(&procs[2], SCHED_USER_PRIO - 1);		/* more urgent */
	enqueue(&procs[2]);
	LEVEL(SCHED_USER_PRIO, &procs[0], &procs[1]);
	assert_ptr_equal(sched_mlfq.pick(&cpu), &procs[2]);
	sched_mlfq.dequeue(&cpu, &procs[2]);
	assert_level(SCHED_USER_PRIO - 1, NULL, 0);
	assert_ptr_equal(sched_mlfq.pick(&cpu), &procs[0]);
}

static void dequeue_anywhere(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 4; i++)
		enqueue(&procs[i]);
	sched_mlfq.dequeue(&cpu, &procs[3]);			/* the tail */
	LEVEL(SCHED_USER_PRIO, &procs[0], &procs[1], &procs[2]);
	sched_mlfq.dequeue(&cpu, &procs[1]);			/* the middle */
	LEVEL(SCHED_USER_PRIO, &procs[0], &procs[2]);
	sched_mlfq.dequeue(&cpu, &procs[0]);			/* the head */
	LEVEL(SCHED_USER_PRIO, &procs[2]);
	sched_mlfq.dequeue(&cpu, &procs[4]);			/* not queued: nothing */
	LEVEL(SCHED_USER_PRIO, &procs[2]);
	sched_mlfq.dequeue(&cpu, &procs[2]);
	assert_level(SCHED_USER_PRIO, NULL, 0);
}

static void yield_rotates(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 3; i++)
		enqueue(&procs[i]);
	procs[0].ticks_left = 1;
	sched_mlfq.yield(&cpu, &procs[0]);			/* the head: O(1) */
	LEVEL(SCHED_USER_PRIO, &procs[1], &procs[2], &procs[0]);
	assert_int_equal(procs[0].ticks_left, 5);
	sched_mlfq.yield(&cpu, &procs[2]);			/* the middle */
	LEVEL(SCHED_USER_PRIO, &procs[1], &procs[0], &procs[2]);
	sched_mlfq.yield(&cpu, &procs[2]);			/* the tail: stays */
	LEVEL(SCHED_USER_PRIO, &procs[1], &procs[0], &procs[2]);
	procs[1].rts_flags = RTS_RECEIVING;			/* blocked: slice only */
	procs[1].ticks_left = 0;
	sched_mlfq.yield(&cpu, &procs[1]);
	LEVEL(SCHED_USER_PRIO, &procs[1], &procs[0], &procs[2]);
	assert_int_equal(procs[1].ticks_left, 5);
}

static void yield_alone(void **state)
{
	(void)state;
	enqueue(&procs[0]);
	sched_mlfq.yield(&cpu, &procs[0]);
	LEVEL(SCHED_USER_PRIO, &procs[0]);
	assert_ptr_equal(sched_mlfq.pick(&cpu), &procs[0]);
}

static void tick_rotates_at_slice_end(void **state)
{
	(void)state;
	enqueue(&procs[0]);
	enqueue(&procs[1]);
	procs[0].ticks_left = 2;
	sched_mlfq.tick(&cpu, &procs[0]);
	LEVEL(SCHED_USER_PRIO, &procs[0], &procs[1]);
	sched_mlfq.tick(&cpu, &procs[0]);
	LEVEL(SCHED_USER_PRIO, &procs[1], &procs[0]);
}

static void handoff(void **state)
{
	(void)state;
	enqueue(&procs[0]);
	enqueue(&procs[1]);
	assert_true(sched_mlfq.handoff(&cpu, &procs[0], &procs[2]));	/* head, not tail */
	LEVEL(SCHED_USER_PRIO, &procs[2], &procs[1]);
	assert_null(procs[0].next_ready);
	sched_mlfq.dequeue(&cpu, &procs[1]);
	assert_true(sched_mlfq.handoff(&cpu, &procs[2], &procs[3]));	/* head and tail */
	LEVEL(SCHED_USER_PRIO, &procs[3]);
}

static void handoff_refused(void **state)
{
	(void)state;
	enqueue(&procs[0]);
	enqueue(&procs[1]);
	assert_false(sched_mlfq.handoff(&cpu, &procs[1], &procs[2]));	/* not the head */
	sched_set_priority(&procs[3], SCHED_USER_PRIO - 4);
	assert_false(sched_mlfq.handoff(&cpu, &procs[0], &procs[3]));	/* not alone on its level */
	LEVEL(SCHED_USER_PRIO, &procs[0], &procs[1]);
	assert_level(SCHED_USER_PRIO - 4, NULL, 0);
}

/* A call into a server above the client, and the reply back down. */
static void handoff_levels(void **state)
{
	(void)state;
	sched_set_priority(&procs[1], SCHED_USER_PRIO - 4);
	sched_set_priority(&procs[2], SCHED_USER_PRIO + 4);
	enqueue(&procs[2]);				/* below both: never in the way */
	enqueue(&procs[0]);
	assert_true(sched_mlfq.handoff(&cpu, &procs[0], &procs[1]));
	LEVEL(SCHED_USER_PRIO - 4, &procs[1]);
	assert_level(SCHED_USER_PRIO, NULL, 0);
	assert_true(sched_mlfq.handoff(&cpu, &procs[1], &procs[0]));
	LEVEL(SCHED_USER_PRIO, &procs[0]);
	assert_level(SCHED_USER_PRIO - 4, NULL, 0);
	assert_ptr_equal(sched_mlfq.pick(&cpu), &procs[0]);
	LEVEL(SCHED_USER_PRIO + 4, &procs[2]);
}

/* Between levels only when `to` is what the general path would pick next. */
static void handoff_levels_refused(void **state)
{
	(void)state;
	sched_set_priority(&procs[1], SCHED_USER_PRIO + 4);
	sched_set_priority(&procs[2], SCHED_USER_PRIO + 2);
	enqueue(&procs[0]);
	enqueue(&procs[2]);				/* runs before procs[1] would */
	assert_false(sched_mlfq.handoff(&cpu, &procs[0], &procs[1]));
	LEVEL(SCHED_USER_PRIO, &procs[0]);
	LEVEL(SCHED_USER_PRIO + 2, &procs[2]);
	assert_level(SCHED_USER_PRIO + 4, NULL, 0);
	sched_mlfq.dequeue(&cpu, &procs[2]);
	sched_set_priority(&procs[2], SCHED_USER_PRIO + 4);
	enqueue(&procs[2]);				/* on the level procs[1] would join */
	assert_false(sched_mlfq.handoff(&cpu, &procs[0], &procs[1]));
	LEVEL(SCHED_USER_PRIO + 4, &procs[2]);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		{ "host.sched_mlfq.fifo_and_pick", fifo_and_pick, setup, NULL, NULL },
		{ "host.sched_mlfq.dequeue_anywhere", dequeue_anywhere, setup, NULL, NULL },
		{ "host.sched_mlfq.yield_rotates", yield_rotates, setup, NULL, NULL },
		{ "host.sched_mlfq.yield_alone", yield_alone, setup, NULL, NULL },
		{ "host.sched_mlfq.tick_rotates_at_slice_end", tick_rotates_at_slice_end, setup, NULL, NULL },
		{ "host.sched_mlfq.handoff", handoff, setup, NULL, NULL },
		{ "host.sched_mlfq.handoff_refused", handoff_refused, setup, NULL, NULL },
		{ "host.sched_mlfq.handoff_levels", handoff_levels, setup, NULL, NULL },
		{ "host.sched_mlfq.handoff_levels_refused", handoff_levels_refused, setup, NULL, NULL },
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
