/*
 * tests/guest/sched_test.c - sched.*: each scheduling policy's defining
 * property, seen from user space, and SYS_SCHEDPARAM's checks.  Booted
 * once per policy (tests/guest/sched.mk; module argument policy=NAME, the
 * boot's sched=); the cases of the other policies skip, saying which runs.
 *
 *   fair: CPU-bound children share the CPU in proportion to their weights
 *         (Jain's index for equal ones, the ratio for unequal ones);
 *   edf:  a budget caps a spinning child at budget/period of the CPU, and
 *         a passive server's work for a client is charged to the client's
 *         budget (donation: the call takes periods, not ticks; afterwards
 *         the client has that much less); budgets that would reserve more
 *         than a CPU get EBUSY (admission control);
 *   fp:   the same budget cap and donation, also with the server on
 *         another CPU than its client; strict priorities, a budgeted
 *         process above them running only while its budget lasts;
 *   all:  bad parameters get EINVAL (ENOSYS without budgets), never a hang;
 *         balance=pull and steal spread spinners over the CPUs, counting
 *         the migrations, but leave processes with budgets where they
 *         were admitted; balance=none leaves them all.
 *
 * The children spin on the CPU the test runs on (children start there; no
 * balancing moves them), while the test sleeps; it starts once the
 * suite's other programs of the boot have ended.
 */
#include <stdlib.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "children.h"
#include "guest_util.h"

#define SPIN_TICKS	60		/* how long the CPU-bound children run */

static const char *expect_policy = "";
static uint32_t spin_until;		/* for spin_main: the uptime to stop at */

/* Needs the policy `name`: NULL, or the reason to skip. */
static const char *under(const char *name)
{
	if (!strcmp(sched_policy(), name))
		return NULL;
	return test_skipf("a property of sched=%s; this boot runs %s", name, sched_policy());
}

static uint32_t user_ticks(endpoint_t ep)
{
	struct mess_times t;

	return sys_times(ep, &t) == OK ? t.user_ticks : 0;
}

/* Its ticks in user mode and in the kernel (all its budget pays for). */
static uint32_t cpu_ticks(endpoint_t ep)
{
	struct mess_times t;

	return sys_times(ep, &t) == OK ? t.user_ticks + t.kernel_ticks : 0;
}

static struct kinfo kinfo(void)
{
	struct kinfo k = { 0 };

	sys_getinfo(GET_KINFO, 0, &k, sizeof(k));
	return k;
}

static int my_cpu(void)
{
	struct proc_info me;

	return sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0 ? (int)me.cpu : 0;
}

/* Spins until spin_until, then waits for T_QUIT (its ticks stay readable). */
static int spin_main(void)
{
	message m;

	while (uptime() < spin_until)
		relax();
	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	return m.m_type == T_QUIT ? 0 : __LINE__;
}

/* Spawns n spinners at the priorities given, sleeps while they run; their ticks in got[]. */
static const char *spin_children(unsigned n, const int *prio, uint32_t *got)
{
	endpoint_t kid[4];
	const char *why = NULL;

	spin_until = uptime() + SPIN_TICKS;
	for (unsigned i = 0; i < n; i++) {
		T_SPAWN(kid[i], spin_main);
		T_ASSERT_EQ(sys_schedctl(kid[i], -1, prio[i]), OK);
	}
	nap(SPIN_TICKS + 5);
	for (unsigned i = 0; i < n; i++)
		got[i] = user_ticks(kid[i]);
	for (unsigned i = 0; i < n && !why; i++)
		why = stop_child(kid[i]);
	return why;
}

static const char *t_policy_reported(void)
{
	T_ASSERT(expect_policy[0]);
	if (strcmp(sched_policy(), expect_policy))
		return test_failf("kinfo.sched is '%s', the boot asked for '%s'", sched_policy(),
				  expect_policy);
	return NULL;
}

/* Three at one priority: Jain's fairness index of their ticks at least 0.95. */
static const char *t_fair_equal(void)
{
	static const int prio[] = { 8, 8, 8 };
	uint32_t got[3];
	uint64_t sum = 0, sq = 0, jain;		/* the index in thousandths */
	const char *why;

	if ((why = under("fair")) || (why = spin_children(3, prio, got)))
		return why;
	for (int i = 0; i < 3; i++) {
		sum += got[i];
		sq += (uint64_t)got[i] * got[i];
	}
	jain = sq ? 1000 * sum * sum / (3 * sq) : 0;
	if (sum < SPIN_TICKS / 2 || jain < 950)
		return test_failf("ticks %u %u %u: Jain's index %u/1000", got[0], got[1], got[2],
				  (unsigned)jain);
	return NULL;
}

/* Priorities 4 and 8, weights 2500 and 1024: the first gets 71% (+-10). */
static const char *t_fair_weights(void)
{
	static const int prio[] = { 4, 8 };
	uint32_t got[2];
	const char *why;
	unsigned share;

	if ((why = under("fair")) || (why = spin_children(2, prio, got)))
		return why;
	share = got[0] + got[1] ? 100 * got[0] / (got[0] + got[1]) : 0;
	if (got[0] + got[1] < SPIN_TICKS / 2 || share < 61 || share > 81)
		return test_failf("ticks %u at priority 4, %u at 8: %u%%, want 71", got[0], got[1],
				  share);
	return NULL;
}

/* 2 ticks in every 10: a spinner gets about a fifth of SPIN_TICKS, not all. */
static const char *budget_capped(const char *policy)
{
	endpoint_t kid;
	uint32_t got;
	const char *why;

	if ((why = under(policy)))
		return why;
	spin_until = uptime() + SPIN_TICKS;
	T_SPAWN(kid, spin_main);
	T_ASSERT_EQ(sys_schedparam(kid, 2, 10, 0), OK);
	nap(SPIN_TICKS + 5);
	got = user_ticks(kid);
	if ((why = stop_child(kid)))
		return why;
	if (got < SPIN_TICKS / 10 || got > SPIN_TICKS / 5 + 3)
		return test_failf("%u ticks of %u with a budget of 2 in 10", got, SPIN_TICKS);
	return NULL;
}

static const char *t_edf_budget(void)
{
	return budget_capped("edf");
}

static const char *t_fp_budget(void)
{
	return budget_capped("fp");
}

/*
 * Spinners at priorities 4 (a budget of 3 in 10), 6 and 8: the first runs
 * its budget's share and no more, the second all the rest, the third
 * nothing while the second spins.
 */
static const char *t_fp_strict(void)
{
	static const int prio[] = { 4, 6, 8 };
	endpoint_t kid[3];
	uint32_t got[3];
	const char *why = NULL;

	if ((why = under("fp")))
		return why;
	spin_until = uptime() + SPIN_TICKS;
	for (unsigned i = 0; i < 3; i++)
		T_SPAWN(kid[i], spin_main);
	/* The budget first, and the one at 6 last: above us they run at once. */
	T_ASSERT_EQ(sys_schedparam(kid[0], 3, 10, 0), OK);
	for (unsigned i = 0; i < 3; i++)
		T_ASSERT_EQ(sys_schedctl(kid[i], -1, prio[i]), OK);
	nap(SPIN_TICKS + 5);
	for (unsigned i = 0; i < 3; i++)
		got[i] = user_ticks(kid[i]);
	for (unsigned i = 0; i < 3 && !why; i++)
		why = stop_child(kid[i]);
	if (why)
		return why;
	if (got[0] < SPIN_TICKS * 3 / 10 - 4 || got[0] > SPIN_TICKS * 3 / 10 + 4 ||
	    got[1] < SPIN_TICKS / 2 || got[2] > 2)
		return test_failf("ticks %u at 4 (3 in 10), %u at 6, %u at 8", got[0], got[1],
				  got[2]);
	return NULL;
}

#define SERVE_TICKS	6		/* the passive server's work per request */

/* A passive server: each request costs it SERVE_TICKS of CPU, then it answers. */
static int passive_server_main(void)
{
	message m;

	CHK(sys_schedparam(SELF, 0, 0, SCHEDPARAM_PASSIVE) == OK);
	CHK(ipc_receive(ANY, &m, NULL) == OK);
	for (;;) {
		uint32_t until = user_ticks(SELF) + SERVE_TICKS;

		if (m.m_type == T_QUIT)
			return 0;
		while (user_ticks(SELF) < until)
			relax();
		m.m_type = T_REPLY;
		CHK(ipc_replyrecv(m.m_source, &m, NULL) == OK);
	}
}

/*
 * A passive server for a donation case, on CPU `cpu` (-1: ours), waiting
 * for a call; NULL, or why not.
 */
static const char *passive_server(int cpu, endpoint_t *srv)
{
	struct proc_info pi;

	*srv = spawn(passive_server_main);
	T_ASSERT(*srv > 0);
	if (cpu >= 0)
		T_ASSERT_EQ(sys_schedctl(*srv, cpu, -1), OK);
	T_BLOCKED(*srv);
	T_ASSERT(proc_of(*srv, &pi));
	T_ASSERT_EQ((int)pi.cpu, cpu >= 0 ? cpu : my_cpu());
	return NULL;
}

/* Another CPU than ours for the server (NULL), or why the case skips. */
static const char *other_cpu(int *cpu)
{
	struct kinfo k = kinfo();

	if (k.ncpus < 2)
		return test_skipf("a server on another CPU needs 2 CPUs; %u here", k.ncpus);
	*cpu = (my_cpu() + 1) % (int)k.ncpus;
	return NULL;
}

/*
 * We call the passive server with a budget of 2 ticks in every 20: its 6
 * ticks of work run on our budget, so the answer takes at least two more
 * periods (without donation it would come after about 6 ticks).
 */
static const char *donation_slows(const char *policy, int cpu)
{
	endpoint_t srv;
	uint32_t start, took;
	const char *why;
	message m;
	int r;

	if ((why = under(policy)) || (why = passive_server(cpu, &srv)))
		return why;
	T_ASSERT_EQ(sys_schedparam(SELF, 2, 20, 0), OK);
	start = uptime();
	clear_msg(&m, T_REQ);
	r = ipc_sendrec(srv, &m);
	took = uptime() - start;
	T_ASSERT_EQ(sys_schedparam(SELF, 0, 0, 0), OK);	/* best effort again */
	T_ASSERT_EQ(r, OK);
	T_ASSERT_EQ(m.m_type, T_REPLY);
	if (took < 40)
		return test_failf("the call took %u ticks: its %u ticks of service were not "
				  "charged to a budget of 2 in 20", took, SERVE_TICKS);
	return stop_child(srv);
}

/*
 * With a budget of 8 ticks in every 60, the server's 6 ticks for our call
 * leave us about 2: 4 ticks of our own then wait for the refill, most of
 * a period (without the charge they would take 4 ticks).
 */
static const char *donation_charged(const char *policy, int cpu)
{
	endpoint_t srv;
	uint32_t t0, u0, spun;
	const char *why;
	message m;
	int r;

	if ((why = under(policy)) || (why = passive_server(cpu, &srv)))
		return why;
	T_ASSERT_EQ(sys_schedparam(SELF, 8, 60, 0), OK);
	clear_msg(&m, T_REQ);
	r = ipc_sendrec(srv, &m);
	t0 = uptime();
	u0 = cpu_ticks(SELF);
	while (cpu_ticks(SELF) < u0 + 4 && uptime() < t0 + WAIT_TICKS)
		relax();
	spun = uptime() - t0;
	T_ASSERT_EQ(sys_schedparam(SELF, 0, 0, 0), OK);
	T_ASSERT_EQ(r, OK);
	T_ASSERT_EQ(m.m_type, T_REPLY);
	if (spun < 20)
		return test_failf("4 ticks of ours took %u after the call: its %u ticks of "
				  "service were not charged to our budget of 8 in 60", spun,
				  SERVE_TICKS);
	return stop_child(srv);
}

static const char *t_edf_donation(void)
{
	return donation_slows("edf", -1);
}

static const char *t_edf_donation_charged(void)
{
	return donation_charged("edf", -1);
}

static const char *t_fp_donation(void)
{
	return donation_slows("fp", -1);
}

static const char *t_fp_donation_charged(void)
{
	return donation_charged("fp", -1);
}

/* The same with the server on another CPU: its time is still ours. */
static const char *t_fp_donation_cross(void)
{
	const char *why;
	int cpu;

	if ((why = under("fp")) || (why = other_cpu(&cpu)) || (why = donation_slows("fp", cpu)))
		return why;
	return donation_charged("fp", cpu);
}

/*
 * Admission: the budgets on a CPU reserve at most all of it.  Two
 * children on ours (they wait, and stay here): 6 in 10 and 5 in 10 is
 * too much (EBUSY), 4 in 10 fits; a new budget replaces the old one in
 * the sum; a passive process reserves nothing; thirds add up to exactly
 * 1 and fit.
 */
static const char *t_edf_admission(void)
{
	endpoint_t a, b;
	const char *why;

	if ((why = under("edf")))
		return why;
	T_SPAWN(a, wait_go_exit_main);
	T_SPAWN(b, wait_go_exit_main);
	T_BLOCKED(a);
	T_BLOCKED(b);
	T_ASSERT_EQ(sys_schedparam(a, 6, 10, 0), OK);
	T_ASSERT_EQ(sys_schedparam(b, 5, 10, 0), EBUSY);
	T_ASSERT_EQ(sys_schedparam(b, 4, 10, 0), OK);
	T_ASSERT_EQ(sys_schedparam(a, 7, 10, 0), EBUSY);
	T_ASSERT_EQ(sys_schedparam(a, 6, 10, 0), OK);
	T_ASSERT_EQ(sys_schedparam(SELF, 1, 100, 0), EBUSY);
	T_ASSERT_EQ(sys_schedparam(a, 0, 0, SCHEDPARAM_PASSIVE), OK);
	T_ASSERT_EQ(sys_schedparam(b, 10, 10, 0), OK);
	T_ASSERT_EQ(sys_schedparam(b, 1, 3, 0), OK);
	T_ASSERT_EQ(sys_schedparam(a, 20, 60, 0), OK);
	T_ASSERT_EQ(sys_schedparam(SELF, 100, 300, 0), OK);
	T_ASSERT_EQ(sys_schedparam(SELF, 0, 0, 0), OK);	/* best effort again */
	T_SEND(a, T_GO);
	T_SEND(b, T_GO);
	T_EXIT(a, 0);
	T_EXIT(b, 0);
	return NULL;
}

/* Values no budget can have: EINVAL (or ENOSYS without budgets); the process still runs. */
static const char *t_schedparam_bad_input(void)
{
	static const struct { uint32_t budget, period, flags; } bad[] = {
		{ 11, 10, 0 },			/* more than the period */
		{ 0, 10, 0 },			/* a period without a budget */
		{ 5, 0, 0 },			/* a budget without a period */
		{ 1, 60 * 100 + 1, 0 },		/* a period past a minute */
		{ 1, 10, SCHEDPARAM_PASSIVE },	/* passive with a budget */
		{ 1, 10, 1u << 7 },		/* an unknown flag */
	};
	int without = strcmp(sched_policy(), "edf") && strcmp(sched_policy(), "fp");

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		T_ASSERT_EQ(sys_schedparam(SELF, bad[i].budget, bad[i].period, bad[i].flags),
			    without && !(bad[i].flags & ~SCHEDPARAM_PASSIVE) ? ENOSYS : EINVAL);
	T_ASSERT_EQ(sys_schedparam(BAD_SLOT_EP, 1, 10, 0), EBADEPT);
	T_ASSERT_EQ(sys_schedparam(SELF, 1, 10, 0), without ? ENOSYS : OK);
	T_ASSERT_EQ(sys_schedparam(SELF, 0, 0, 0), without ? ENOSYS : OK);
	return NULL;
}

static uint64_t migrations(void)
{
	struct cpu_stats s;
	uint64_t n = 0;

	for (int c = 0; c < ABI_MAX_CPUS; c++)
		if (sys_getinfo(GET_CPUSTATS, c, &s, sizeof(s)) == (int)sizeof(s) && s.online)
			n += s.migrations;
	return n;
}

/*
 * Four spinners start on our CPU.  balance=pull and steal spread them
 * over the CPUs (each move counted in cpu_stats.migrations); none leaves
 * them where they are.
 */
static const char *t_balance(void)
{
	struct kinfo k;
	endpoint_t kid[4];
	unsigned on[ABI_MAX_CPUS] = { 0 }, used = 0;
	uint64_t moved = migrations();
	const char *why = NULL;

	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0);
	if (k.ncpus < 2)
		return test_skipf("balancing needs 2 CPUs; %u here", k.ncpus);
	spin_until = uptime() + SPIN_TICKS;
	for (int i = 0; i < 4; i++)
		T_SPAWN(kid[i], spin_main);
	nap(SPIN_TICKS / 2);
	for (int i = 0; i < 4; i++) {
		struct proc_info pi;

		T_ASSERT(proc_of(kid[i], &pi));
		used += on[pi.cpu]++ == 0;
	}
	moved = migrations() - moved;
	nap(SPIN_TICKS / 2 + 5);
	for (int i = 0; i < 4 && !why; i++)
		why = stop_child(kid[i]);
	if (why)
		return why;
	if (!strcmp(k.balance, "none") ? used != 1 || moved : used < 2 || moved < used - 1)
		return test_failf("balance=%s: the spinners on %u CPUs, %u migrations", k.balance,
				  used, (unsigned)moved);
	return NULL;
}

/*
 * Two spinners with budgets (2 in 10: throttled most of the time, so
 * not cache-hot); the balancers leave each on the CPU it had when its
 * budget was set (admitted there) - before that, a balancer may have
 * moved it.
 */
static const char *t_balance_budgets(void)
{
	struct kinfo k = kinfo();
	endpoint_t kid[2];
	struct proc_info pi;
	int was[2], away = -1, moved = 0;
	const char *why = NULL;

	if (k.ncpus < 2 || !strcmp(k.balance, "none"))
		return test_skipf("needs a balancer and 2 CPUs; balance=%s, %u here", k.balance,
				  k.ncpus);
	if (sys_schedparam(SELF, 0, 0, 0) == ENOSYS)
		return test_skipf("sched=%s has no budgets", sched_policy());
	spin_until = uptime() + SPIN_TICKS;
	for (int i = 0; i < 2; i++) {
		T_SPAWN(kid[i], spin_main);
		T_ASSERT_EQ(sys_schedparam(kid[i], 2, 10, 0), OK);
		T_ASSERT(proc_of(kid[i], &pi));
		was[i] = (int)pi.cpu;
	}
	nap(SPIN_TICKS / 2);
	for (int i = 0; i < 2; i++) {
		if (proc_of(kid[i], &pi) && (int)pi.cpu != was[i]) {
			moved = was[i];
			away = (int)pi.cpu;
		}
	}
	nap(SPIN_TICKS / 2 + 5);
	for (int i = 0; i < 2 && !why; i++)
		why = stop_child(kid[i]);
	if (!why && away >= 0)
		why = test_failf("balance=%s moved a budgeted spinner from CPU %d to %d", k.balance,
				 moved, away);
	return why;
}

#define GUARDED(fn) static const char *fn##_g(void) { return guarded(fn); }
GUARDED(t_balance) GUARDED(t_balance_budgets)
GUARDED(t_fair_equal) GUARDED(t_fair_weights) GUARDED(t_edf_budget) GUARDED(t_edf_donation)
GUARDED(t_edf_donation_charged) GUARDED(t_edf_admission)
GUARDED(t_fp_budget) GUARDED(t_fp_strict) GUARDED(t_fp_donation) GUARDED(t_fp_donation_charged)
GUARDED(t_fp_donation_cross)

static const struct test_case cases[] = {
	{ "sched.policy_reported", t_policy_reported },
	{ "sched.fair_equal_shares", t_fair_equal_g },
	{ "sched.fair_weighted_shares", t_fair_weights_g },
	{ "sched.edf_budget_enforced", t_edf_budget_g },
	{ "sched.edf_budget_donation", t_edf_donation_g },
	{ "sched.edf_donation_charged", t_edf_donation_charged_g },
	{ "sched.edf_admission", t_edf_admission_g },
	{ "sched.fp_budget_enforced", t_fp_budget_g },
	{ "sched.fp_priorities_strict", t_fp_strict_g },
	{ "sched.fp_budget_donation", t_fp_donation_g },
	{ "sched.fp_donation_charged", t_fp_donation_charged_g },
	{ "sched.fp_donation_cross_cpu", t_fp_donation_cross_g },
	{ "sched.schedparam_bad_input", t_schedparam_bad_input },
	{ "sched.balance", t_balance_g },
	{ "sched.balance_leaves_budgets", t_balance_budgets_g },
};

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "policy=", 7))
			expect_policy = argv[i] + 7;
	children_init();
	/* The shares are measured against no one else: after the suite's programs. */
	static const char *const before[] = { "ipc_test", "kcall_test", "sys_test", "smp_test",
		"grant_test", "fastpath_test", "vm_test", "vmgrant_test", "asrace_test" };
	for (unsigned i = 0; i < sizeof(before) / sizeof(before[0]); i++)
		wait_for_module(before[i]);
	return test_run(cases, TEST_COUNT(cases));
}
