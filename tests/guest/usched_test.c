/*
 * tests/guest/usched_test.c - sched.user_*: the user-space scheduler
 * (servers/sched) and the kernel's side of it (kernel/sched_user.c), in
 * the boots with sched=user (tests/guest/sched.mk).
 *
 *   refused:   SYS_SCHEDULE from a USER process is denied; for a process
 *              the caller does not schedule, EPERM; SCHED_TAKE from a
 *              USER process, EPERM;
 *   stall, garbage: a scheduler of the test's own (a child) that never
 *              answers, or answers values out of range, loses its process
 *              to the kernel, which runs it again;
 *   decisions: under servers/sched a CPU hog drops levels, and climbs
 *              back once it blocks; on several CPUs hogs are spread;
 *   killed:    the scheduler server is killed while it has a hog: the hog
 *              goes back to the kernel's policy at its old level and runs.
 *              Last, once the boot's other programs have ended: the boot
 *              ends with this program.
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <abi/signal.h>
#include "children.h"
#include "guest_util.h"
#include "servers/sched/sched.h"

#define BASE_PRIO	8		/* boot processes' level (kernel/sched.h) */
#define CHILD_PRIO	13		/* the test scheduler's decision */
#define CHILD_QUANTUM	2
#define FALLBACK_TICKS	(2 * 100 + 200)	/* the kernel's stall bound, and room */
#define PROMPT_TICKS	100		/* a fallback that is not the stall watchdog's */
#define RTS_NO_QUANTUM	(1u << 9)	/* proc_info.flags: waits for a decision */

static endpoint_t server;		/* servers/sched */
static unsigned ncpus;
static int child_role;			/* test_sched_main: ROLE_* (copied by fork) */
static unsigned garbage_kind;		/* with ROLE_GARBAGE: which bad value */
static uint32_t spin_until;		/* spin_main: uptime to stop spinning at */

enum { ROLE_ANSWER, ROLE_STALL, ROLE_GARBAGE };

static int hog_main(void)
{
	for (;;)
		relax();
	return 0;			/* not reached: killed */
}

/* Spins until spin_until, then waits for T_QUIT. */
static int spin_main(void)
{
	message m;

	while (uptime() < spin_until)
		relax();
	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	return m.m_type == T_QUIT ? 0 : __LINE__;
}

static int schedule(uint16_t op, endpoint_t ep, int prio, int quantum, int cpu)
{
	struct mess_schedule s = { .op = op, .endpoint = ep, .priority = prio,
				   .quantum = quantum, .cpu = (int16_t)cpu };

	return sys_schedule(&s);
}

/* SCHEDULE_SET with each kind of garbage. */
static int set_garbage(endpoint_t ep)
{
	switch (garbage_kind) {
	case 0:  return schedule(SCHEDULE_SET, ep, 16, 5, -1);		/* level */
	case 1:  return schedule(SCHEDULE_SET, ep, -1, 5, -1);
	case 2:  return schedule(SCHEDULE_SET, ep, 9, 0, -1);		/* quantum */
	case 3:  return schedule(SCHEDULE_SET, ep, 9, SCHEDULE_MAX_QUANTUM + 1, -1);
	case 4:  return schedule(SCHEDULE_SET, ep, 9, 5, 99);		/* CPU */
	case 5:  return schedule(SCHEDULE_SET, ep, 9, 5, (int)ncpus);	/* offline */
	default: return schedule(SCHEDULE_SET, BAD_SLOT_EP, 9, 5, -1);	/* endpoint */
	}
}
#define GARBAGE_KINDS	7

/*
 * A scheduler of the test's own for arg_ep: ROLE_ANSWER sets every
 * process out of quantum to CHILD_PRIO, CHILD_QUANTUM; ROLE_STALL never
 * answers; ROLE_GARBAGE answers garbage once, sees EINVAL, then finds
 * itself no scheduler any more (GET: EPERM) and returns.  T_QUIT ends it.
 */
static int test_sched_main(void)
{
	struct mess_schedule s = { .op = SCHEDULE_START, .endpoint = arg_ep };
	uint32_t status;
	message m;

	CHK(sys_schedule(&s) == OK);
	for (;;) {
		CHK(ipc_receive(ANY, &m, &status) == OK);
		if (!(status & IPC_STATUS_NOTIFY))
			return m.m_type == T_QUIT ? 0 : __LINE__;
		if (m.m_source != SYSTEM || child_role == ROLE_STALL)
			continue;
		memset(&s, 0, sizeof(s));
		s.op = SCHEDULE_GET;
		while (sys_schedule(&s) == OK && s.endpoint != NONE) {
			CHK(s.endpoint == arg_ep && s.cpu >= 0);
			if (child_role == ROLE_GARBAGE) {
				CHK(set_garbage(s.endpoint) == EINVAL);
				CHK(schedule(SCHEDULE_GET, NONE, 0, 0, 0) == EPERM);
				return 0;
			}
			CHK(schedule(SCHEDULE_SET, s.endpoint, CHILD_PRIO, CHILD_QUANTUM, -1) == OK);
			s.op = SCHEDULE_GET;
		}
	}
}

static int info(endpoint_t ep, struct proc_info *i)
{
	return proc_of(ep, i) && i->state == PROC_STATE_LIVE;
}

/* Waits (bounded) until ep's scheduler is `by` and its level within lo..hi. */
static int wait_level(endpoint_t ep, endpoint_t by, int lo, int hi, uint32_t ticks)
{
	uint32_t end = uptime() + ticks;
	struct proc_info i;

	while (uptime() < end) {
		if (!info(ep, &i))
			return 0;
		if (i.scheduler == by && (int)i.priority >= lo && (int)i.priority <= hi)
			return 1;
		nap(1);
	}
	return 0;
}

/* wait_level at exactly level prio (-1: any level). */
static int wait_for(endpoint_t ep, endpoint_t by, int prio, uint32_t ticks)
{
	return prio < 0 ? wait_level(ep, by, 0, SCHED_LOWEST, ticks)
			: wait_level(ep, by, prio, prio, ticks);
}

/* Does ep run: do its user ticks grow within a second? */
static int runs(endpoint_t ep)
{
	uint32_t end = uptime() + 100;
	struct proc_info a, b;

	if (!info(ep, &a))
		return 0;
	while (uptime() < end) {
		nap(5);
		if (!info(ep, &b))
			return 0;
		if (b.user_ticks > a.user_ticks)
			return 1;
	}
	return 0;
}

static const char *end_hog(endpoint_t hog)
{
	T_ASSERT_EQ(sys_kill(hog, SIGKILL), OK);
	T_EXIT(hog, -SIGKILL);
	return NULL;
}

static int user_main(void)
{
	message m;

	CHK(sys_privctl(SELF, PRIVCTL_SET_USER, 0) == OK);
	CHK(schedule(SCHEDULE_START, self_ep, 0, 0, 0) == ECALLDENIED);
	CHK(schedule(SCHEDULE_GET, NONE, 0, 0, 0) == ECALLDENIED);
	clear_msg(&m, SCHED_TAKE);
	m.words[0] = (uint32_t)self_ep;
	CHK(ipc_sendrec(server, &m) == OK);
	return m.m_type == EPERM ? 0 : __LINE__;
}

static const char *t_refused(void)
{
	endpoint_t hog, u, sched, mine;
	struct proc_info i;

	T_SPAWN(u, user_main);
	T_EXIT(u, 0);
	T_SPAWN(hog, hog_main);
	/* The test schedules nothing: not its process, no notices for it. */
	T_ASSERT_EQ(schedule(SCHEDULE_SET, hog, 9, 5, -1), EPERM);
	T_ASSERT_EQ(schedule(SCHEDULE_GET, NONE, 0, 0, 0), EPERM);
	T_ASSERT_EQ(schedule(0x77, hog, 9, 5, -1), EBADREQUEST);
	T_ASSERT_EQ(schedule(SCHEDULE_START, self_ep, 0, 0, 0), EINVAL);
	/* Another's process: not to be taken, nor decided for. */
	arg_ep = hog;
	child_role = ROLE_ANSWER;
	T_SPAWN(sched, test_sched_main);
	T_ASSERT(wait_for(hog, sched, CHILD_PRIO, FALLBACK_TICKS));
	T_ASSERT_EQ(schedule(SCHEDULE_START, hog, 0, 0, 0), EBUSY);
	/*
	 * The test schedules a process of its own (one that only waits, so
	 * no notice comes): SET works for that one, at once, and is still
	 * refused for the other scheduler's.  (Its level goes up: below the
	 * test, which waits for it by yielding, it would never run again.)
	 */
	T_SPAWN(mine, wait_go_exit_main);
	T_BLOCKED(mine);
	T_ASSERT_EQ(schedule(SCHEDULE_START, mine, 0, 0, 0), OK);
	T_ASSERT_EQ(schedule(SCHEDULE_SET, mine, BASE_PRIO - 1, 5, -1), OK);
	T_ASSERT(info(mine, &i) && i.priority == BASE_PRIO - 1 && i.scheduler == self_ep);
	T_ASSERT_EQ(schedule(SCHEDULE_SET, hog, 9, 5, -1), EPERM);
	T_SEND(mine, T_GO);
	T_EXIT(mine, 0);
	T_SEND(sched, T_QUIT);
	T_EXIT(sched, 0);
	return end_hog(hog);
}

static const char *t_stall(void)
{
	endpoint_t hog, sched;
	struct proc_info i;

	T_SPAWN(hog, hog_main);
	arg_ep = hog;
	child_role = ROLE_STALL;
	T_SPAWN(sched, test_sched_main);
	T_ASSERT(wait_for(hog, sched, -1, 100));
	/* Out of quantum, it waits for the decision that never comes... */
	for (uint32_t end = uptime() + 100; info(hog, &i) && !(i.flags & RTS_NO_QUANTUM) &&
	     uptime() < end;)
		nap(1);
	T_ASSERT(i.flags & RTS_NO_QUANTUM);
	/* ...until the kernel takes it back. */
	T_ASSERT(wait_for(hog, NONE, BASE_PRIO, FALLBACK_TICKS));
	T_ASSERT(runs(hog));
	T_SEND(sched, T_QUIT);
	T_EXIT(sched, 0);
	return end_hog(hog);
}

static const char *t_garbage(void)
{
	for (garbage_kind = 0; garbage_kind < GARBAGE_KINDS; garbage_kind++) {
		endpoint_t hog, sched;

		T_SPAWN(hog, hog_main);
		arg_ep = hog;
		child_role = ROLE_GARBAGE;
		T_SPAWN(sched, test_sched_main);
		T_EXIT(sched, 0);		/* EINVAL, then no scheduler any more */
		if (!wait_for(hog, NONE, BASE_PRIO, PROMPT_TICKS) || !runs(hog))
			return test_failf("garbage kind %u: the hog was not given back",
					  garbage_kind);
		const char *why = end_hog(hog);
		if (why)
			return why;
	}
	return NULL;
}

static int take(endpoint_t ep)
{
	message m;

	clear_msg(&m, SCHED_TAKE);
	m.words[0] = (uint32_t)ep;
	return ipc_sendrec(server, &m) == OK ? m.m_type : -1;
}

/* Under servers/sched a hog drops at least two levels, and climbs back once it blocks. */
static const char *t_decisions(void)
{
	unsigned lowest = BASE_PRIO;
	struct proc_info i;
	endpoint_t kid;

	spin_until = uptime() + 25;
	T_SPAWN(kid, spin_main);
	T_ASSERT_EQ(take(kid), OK);
	T_ASSERT_EQ(take(kid), OK);			/* again: already the server's */
	while (uptime() < spin_until && info(kid, &i)) {
		T_ASSERT_EQ(i.scheduler, server);
		if (i.priority > lowest)
			lowest = i.priority;
		nap(1);
	}
	T_ASSERT(lowest >= BASE_PRIO + 2);
	/* It blocks (a yielding wait would starve it: it is below us now). */
	T_ASSERT(wait_for(kid, server, BASE_PRIO, (lowest - BASE_PRIO + 2) * SCHED_BOOST_TICKS));
	return stop_child(kid);
}

/* Hogs that start on one CPU are spread over the others. */
static const char *t_balance(void)
{
	endpoint_t hog[3];
	struct proc_info i, me;
	unsigned on_mine = 0;
	const char *why = NULL;

	T_ASSERT(sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) >= 0);
	if (ncpus < 2)
		return test_skipf("one CPU: nowhere to spread to (the 4-CPU boot runs it)");
	for (unsigned k = 0; k < 3; k++) {
		T_SPAWN(hog[k], hog_main);
		T_ASSERT_EQ(take(hog[k]), OK);
	}
	nap(60);				/* a dozen quanta each */
	for (unsigned k = 0; k < 3; k++) {
		T_ASSERT(info(hog[k], &i));
		on_mine += i.cpu == me.cpu;
	}
	for (unsigned k = 0; k < 3 && !why; k++)
		why = end_hog(hog[k]);
	if (!why && on_mine == 3)
		why = test_failf("all three hogs stayed where they started");
	return why;
}

/* Last: the server is killed while it schedules a hog. */
static const char *t_killed(void)
{
	endpoint_t hog;

	T_SPAWN(hog, hog_main);
	T_ASSERT_EQ(take(hog), OK);
	T_ASSERT(wait_level(hog, server, BASE_PRIO + 2, SCHED_LOWEST, FALLBACK_TICKS));
	T_ASSERT_EQ(sys_kill(server, SIGKILL), OK);
	T_ASSERT(wait_for(hog, NONE, BASE_PRIO, PROMPT_TICKS));
	T_ASSERT(runs(hog));
	return end_hog(hog);
}

#define GUARDED(fn) static const char *fn##_g(void) { return guarded(fn); }
GUARDED(t_refused) GUARDED(t_stall) GUARDED(t_garbage) GUARDED(t_decisions)
GUARDED(t_balance) GUARDED(t_killed)

static const struct test_case cases[] = {
	{ "sched.user_refused", t_refused_g },
	{ "sched.user_stall_fallback", t_stall_g },
	{ "sched.user_garbage_fallback", t_garbage_g },
	{ "sched.user_decisions", t_decisions_g },
	{ "sched.user_balance", t_balance_g },
	{ "sched.user_server_killed", t_killed_g },
};

int main(void)
{
	struct kinfo k;

	children_init();
	server = bootmod_endpoint("sched");
	ncpus = sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) >= 0 ? k.ncpus : 1;
	/* The boot ends with the server's death (the last case): after the others. */
	wait_for_module("sched_test");
	wait_for_module("fastpath_test");
	return test_run(cases, TEST_COUNT(cases));
}
