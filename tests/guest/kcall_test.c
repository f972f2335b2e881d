/*
 * tests/guest/kcall_test.c - kcall.*, priv.*, sig.*: the process-management
 * kernel calls (fork, setalarm, runctl, clear), privilege classes (what a
 * USER process may call and talk to, per-process call and IPC masks, their
 * copy on fork) and signals (kill with and without a signal manager,
 * getksig/endksig, exceptions forwarded to the manager), and kernel calls in
 * short form (kcall_short.c).
 *
 * This program is a SYSTEM-class boot module.  Each case forks helper
 * children (sys_fork) that play one role and end with sys_exit, never
 * returning into the TAP runner.  A child's exit status is 0, the source line
 * of the check that failed in it (CHK), or the result it was asked to
 * report.  After every case the children still alive are ended (guarded), and
 * every wait is bounded, so a broken kernel gives failures, not a hung run.
 *
 * It starts once sys_test and ipc_test (which also fork) have finished, so
 * that no other program takes a dead child's slot before its exit status
 * has been read.
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <abi/signal.h>
#include "children.h"
#include "guest_util.h"
#include "kcall_short.h"

#define PROBE_FAILED	0x7fff0003	/* probe: the exchange itself failed */
#define NOTIFY_KERNEL	(IPC_STATUS_NOTIFY | IPC_STATUS_KERNEL)

static volatile int fork_marker;

/* ---------------------------------------------------------------- helpers */

static uint32_t user_ticks(endpoint_t ep)
{
	struct proc_info i;

	return proc_of(ep, &i) ? i.user_ticks : 0;
}

/* Yields until ep has run for more than `than` user ticks; -1 if it does not. */
static int wait_runs(endpoint_t ep, uint32_t than)
{
	uint32_t end = uptime() + WAIT_TICKS;

	for (unsigned n = 0; n < MAX_ROUNDS && uptime() <= end; n++) {
		if (user_ticks(ep) > than)
			return 0;
		poll_yield();
	}
	return -1;
}

/* Moves child c (waiting for T_GO) to the USER class and lets it go. */
static const char *make_user(endpoint_t c)
{
	int r = sys_privctl(c, PRIVCTL_SET_USER, 0);

	if (r != OK)
		return test_failf("PRIVCTL_SET_USER for %d: %d", c, r);
	return send_type(c, T_GO);
}

#define T_MAKE_USER(c)	do { const char *e_ = make_user(c); if (e_) return e_; } while (0)

/* RECEIVE(ANY) that gives up (T_TIMEOUT from a watchdog) after WAIT_TICKS. */
static int receive_any_bounded(message *m, uint32_t *st)
{
	endpoint_t wd = watchdog_start(NONE);
	int r = ipc_receive(ANY, m, st);

	watchdog_stop(wd);
	return r;
}

/* Receives the kernel's notification from `src` (CLOCK or SYSTEM). */
static const char *expect_kernel_notify(endpoint_t src)
{
	message m;
	uint32_t st = 0;
	int r = receive_any_bounded(&m, &st);

	if (r != OK)
		return test_failf("receive: %d", r);
	if (m.m_source != src)
		return test_failf("got type %#x from %d, want a notification from %d",
				  m.m_type, m.m_source, src);
	T_ASSERT_EQ(st & NOTIFY_KERNEL, NOTIFY_KERNEL);
	T_ASSERT_EQ(m.m_type, NOTIFY_MESSAGE);
	return NULL;
}

#define T_KERNEL_NOTIFY(src)	do { const char *e_ = expect_kernel_notify(src); if (e_) return e_; } while (0)

/* ------------------------------------------------------------ child roles */

/* Takes one message from anyone, then waits for the parent. */
static int serve_once_main(void)
{
	message m;

	CHK(ipc_receive(ANY, &m, NULL) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	return 0;
}

static int spinner_main(void)
{
	for (volatile unsigned i = 0; ; i++)
		;
	return 0;
}

/* Waits for T_GO from the parent, then notifies it, then waits for T_QUIT. */
static int notifier_main(void)
{
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK && m.m_type == T_GO);
	CHK(ipc_notify(self_ep) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK && m.m_type == T_QUIT);
	return 0;
}

/*
 * Serves the parent: T_PROBE (words[0] = target) answers the result of a
 * SENDNB to the target (retried while the target is not ready), T_CALL the
 * result of SYS_TIMES; messages from others are ignored; T_QUIT ends it.
 */
static int prober_main(void)
{
	for (;;) {
		struct mess_times t;
		endpoint_t to;
		message m;
		int r;

		CHK(ipc_receive(ANY, &m, NULL) == OK);
		if (m.m_source != self_ep)
			continue;
		if (m.m_type == T_QUIT)
			return 0;
		if (m.m_type == T_PROBE) {
			to = (endpoint_t)m.words[0];
			clear_msg(&m, T_HELLO);
			for (int n = 0; (r = ipc_sendnb(to, &m)) == ENOTREADY && n < 1000; n++)
				poll_yield();
		} else {
			r = m.m_type == T_CALL ? sys_times(SELF, &t) : EINVAL;
		}
		clear_msg(&m, T_REPLY);
		m.words[0] = (uint32_t)r;
		CHK(ipc_send(self_ep, &m) == OK);
	}
}

/* Asks prober c to do `type` (towards target); returns its result. */
static int probe(endpoint_t c, int type, endpoint_t target)
{
	message m;

	clear_msg(&m, type);
	m.words[0] = (uint32_t)target;
	if (ipc_sendrec(c, &m) != OK || m.m_type != T_REPLY)
		return PROBE_FAILED;
	return (int)m.words[0];
}

/* ------------------------------------------------------------------- fork */

static const char *t_fork_copies_memory(void)
{
	volatile int local = 0x5eed;
	endpoint_t c;

	fork_marker = 1234;
	c = sys_fork();
	if (c == 0) {
		struct proc_info me;
		int st = 0;

		if (local != 0x5eed || fork_marker != 1234)
			st = __LINE__;
		else if (sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) < 0 || me.endpoint == self_ep)
			st = __LINE__;
		fork_marker = 99;			/* the parent keeps 1234 */
		local = 0;
		sys_exit(st);
	}
	add_kid(c);
	T_ASSERT(c > 0);
	T_ASSERT(c != self_ep);
	T_EXIT(c, 0);
	T_ASSERT_EQ(fork_marker, 1234);
	T_ASSERT_EQ(local, 0x5eed);
	return NULL;
}

/* The child starts with no alarm, message or notification of its parent's. */
static int no_pending_main(void)
{
	uint32_t rem = 1, st = 0;
	message m;

	CHK(sys_setalarm(0, &rem) == OK && rem == 0);
	CHK(sys_setalarm(3, NULL) == OK);
	CHK(ipc_receive(ANY, &m, &st) == OK);
	CHK(m.m_source == CLOCK);
	return 0;
}

static const char *t_fork_no_pending(void)
{
	endpoint_t n, s, c;
	uint32_t rem = 0, st = 0;
	message m;

	T_SPAWN(n, notifier_main);
	T_SEND(n, T_GO);
	T_BLOCKED(n);				/* we have its notification */
	T_SPAWN(s, hello_main);
	T_BLOCKED(s);				/* and its message waiting */
	T_ASSERT_EQ(sys_setalarm(100, NULL), OK);	/* and an alarm */
	T_SPAWN(c, no_pending_main);
	T_EXIT(c, 0);
	T_ASSERT_EQ(sys_setalarm(0, &rem), OK);	/* ours is still set */
	T_ASSERT(rem > 0 && rem <= 100);
	T_ASSERT_EQ(ipc_receive(n, &m, &st), OK);
	T_ASSERT(st & IPC_STATUS_NOTIFY);
	T_ASSERT_EQ(ipc_receive(s, &m, NULL), OK);
	T_ASSERT_EQ(m.m_type, T_HELLO);
	T_EXIT(s, 0);
	return stop_child(n);
}

/* ------------------------------------------------------------------ alarms */

static const char *t_alarm_notifies(void)
{
	uint32_t t0 = uptime(), rem = 7;

	T_ASSERT_EQ(sys_setalarm(3, &rem), OK);
	T_ASSERT_EQ(rem, 0);			/* none was set */
	T_KERNEL_NOTIFY(CLOCK);
	T_ASSERT(uptime() >= t0 + 3);
	T_ASSERT_EQ(sys_setalarm(0, &rem), OK);	/* it is used up */
	T_ASSERT_EQ(rem, 0);
	return NULL;
}

static const char *t_alarm_replace(void)
{
	uint32_t rem = 0;

	T_ASSERT_EQ(sys_setalarm(500, &rem), OK);
	T_ASSERT_EQ(rem, 0);
	T_ASSERT_EQ(sys_setalarm(4, &rem), OK);
	T_ASSERT(rem > 450 && rem <= 500);	/* the old one's remaining ticks */
	T_KERNEL_NOTIFY(CLOCK);
	T_ASSERT_EQ(sys_setalarm(0, &rem), OK);
	T_ASSERT_EQ(rem, 0);			/* the 500-tick alarm is gone */
	return NULL;
}

static const char *t_alarm_cancel(void)
{
	uint32_t t0 = uptime(), t1, rem = 0;

	T_ASSERT_EQ(sys_setalarm(3, NULL), OK);
	T_ASSERT_EQ(sys_setalarm(0, &rem), OK);
	T_ASSERT(rem >= 1 && rem <= 3);
	wait_until(t0 + 8);			/* past when it would have fired */
	t1 = uptime();
	T_ASSERT_EQ(sys_setalarm(3, &rem), OK);
	T_ASSERT_EQ(rem, 0);
	T_KERNEL_NOTIFY(CLOCK);			/* the new one, not the cancelled one */
	if (uptime() < t1 + 3)
		return test_failf("notification at tick %u, alarm set at %u for 3", uptime(), t1);
	return NULL;
}

static int user_alarm_main(void)
{
	uint32_t st = 0;
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* now USER */
	CHK(sys_setalarm(2, NULL) == OK);
	CHK(ipc_receive(ANY, &m, &st) == OK);
	CHK(m.m_source == CLOCK && m.m_type == NOTIFY_MESSAGE);
	CHK((st & NOTIFY_KERNEL) == NOTIFY_KERNEL);
	return 0;
}

static const char *t_alarm_user_class(void)
{
	endpoint_t c;

	T_SPAWN(c, user_alarm_main);
	T_MAKE_USER(c);
	T_EXIT(c, 0);
	return NULL;
}

/* ------------------------------------------------------------ runctl, clear */

static const char *t_runctl_stop_resume(void)
{
	endpoint_t s;
	uint32_t u;

	T_SPAWN(s, spinner_main);
	T_ASSERT_EQ(wait_runs(s, 0), 0);
	T_ASSERT_EQ(sys_runctl(s, RC_STOP), OK);
	wait_ticks(2);
	u = user_ticks(s);
	wait_ticks(10);
	T_ASSERT_EQ(user_ticks(s), u);		/* it did not run */
	T_ASSERT(is_alive(s));
	T_ASSERT_EQ(sys_runctl(s, RC_RESUME), OK);
	T_ASSERT_EQ(wait_runs(s, u), 0);	/* it runs again */
	T_ASSERT_EQ(sys_clear(s), OK);
	T_EXIT(s, -SIGKILL);
	return NULL;
}

static const char *t_runctl_bad_endpoint(void)
{
	endpoint_t c;
	int r;

	T_ASSERT_EQ(sys_runctl(BAD_SLOT_EP, RC_STOP), EBADEPT);
	T_ASSERT_EQ(sys_runctl(0, RC_STOP), EBADEPT);
	T_ASSERT_EQ(sys_runctl(-100, RC_RESUME), EBADEPT);
	T_SPAWN(c, wait_go_exit_main);
	T_SEND(c, T_GO);
	T_EXIT(c, 0);
	r = sys_runctl(c, RC_STOP);		/* dead */
	if (r >= 0)
		return test_failf("RC_STOP of dead %d: %d", c, r);
	return NULL;
}

/* g dies by sys_clear with one caller awaiting its reply and one sending. */
static const char *t_clear_ends_process(void)
{
	endpoint_t g, c, t;
	int r;

	T_SPAWN(g, serve_once_main);
	T_BLOCKED(g);
	arg_ep = g;
	T_SPAWN(c, sendrec_to_arg_main);	/* g takes c's request */
	T_BLOCKED(c);
	T_SPAWN(t, send_to_arg_main);		/* g receives from us only now */
	T_BLOCKED(t);
	T_BLOCKED(g);
	T_ASSERT_EQ(sys_clear(g), OK);
	T_EXIT(g, -SIGKILL);
	T_EXIT(c, EDEADSRCDST);
	T_EXIT(t, EDEADSRCDST);
	r = sys_clear(g);
	if (r >= 0)
		return test_failf("clearing dead %d again: %d", g, r);
	return NULL;
}

/* -------------------------------------------------------------- privileges */

static int user_denied_main(void)
{
	struct proc_info me;
	uint32_t mask;
	endpoint_t e;
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* now USER */
	CHK(sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0);
	e = sys_fork();
	if (e == 0)
		sys_exit(0);			/* it should not exist */
	CHK(e == ECALLDENIED);
	CHK(sys_abort(0, 0) == ECALLDENIED);	/* how 0: harmless if allowed */
	CHK(sys_privctl(me.endpoint, PRIVCTL_SET_SYS, 0) == ECALLDENIED);
	CHK(sys_runctl(BAD_SLOT_EP, RC_STOP) == ECALLDENIED);
	CHK(sys_clear(BAD_SLOT_EP) == ECALLDENIED);
	CHK(sys_getksig(&e, &mask) == ECALLDENIED);
	CHK(sys_endksig(BAD_SLOT_EP) == ECALLDENIED);
	return 0;
}

static const char *t_user_denied_calls(void)
{
	endpoint_t c;

	T_SPAWN(c, user_denied_main);
	T_MAKE_USER(c);
	T_EXIT(c, 0);
	return NULL;
}

static int user_allowed_main(void)
{
	static const char line[] = "# priv.user_allowed_calls: printed by a USER process\n";
	struct mess_times t;
	struct proc_info me;
	uint32_t rem = 1;
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* now USER */
	CHK(sys_times(SELF, &t) == OK);
	CHK(sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) == (int)sizeof(me));
	CHK(sys_yield() == OK);
	CHK(sys_setalarm(0, &rem) == OK && rem == 0);
	CHK(sys_diag_print(line, sizeof(line) - 1) == OK);
	return 0;
}

static const char *t_user_allowed_calls(void)
{
	endpoint_t c;

	T_SPAWN(c, user_allowed_main);
	T_MAKE_USER(c);
	T_EXIT(c, 0);
	return NULL;
}

/* Waits for T_GO, then exits 0 iff its next message is the parent's T_QUIT. */
static int user_peer_main(void)
{
	uint32_t st = 0;
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	CHK(ipc_receive(ANY, &m, &st) == OK);
	CHK(!(st & IPC_STATUS_NOTIFY));
	CHK(m.m_source == self_ep && m.m_type == T_QUIT);
	return 0;
}

/*
 * USER to USER (arg_ep) is refused for every op; USER to SYSTEM works.
 * SENDA may be refused as a whole (not in the USER trap mask) or per entry.
 */
static int user_prober_main(void)
{
	static asynmsg_t table[1];
	message m;
	int r;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* now USER */
	clear_msg(&m, T_BAD);
	CHK(ipc_send(arg_ep, &m) == ECALLDENIED);
	CHK(ipc_sendnb(arg_ep, &m) == ECALLDENIED);
	CHK(ipc_sendrec(arg_ep, &m) == ECALLDENIED);
	CHK(ipc_notify(arg_ep) == ECALLDENIED);
	table[0].flags = AMF_VALID;
	table[0].dst = arg_ep;
	clear_msg(&table[0].msg, T_BAD);
	r = ipc_senda(table, 1);
	CHK(r == OK || r == ECALLDENIED);
	for (int i = 0; r == OK && i < 100 && !(table[0].flags & AMF_DONE); i++)
		poll_yield();
	CHK(r != OK || (table[0].flags & AMF_DONE));
	CHK(r != OK || table[0].result == ECALLDENIED);
	clear_msg(&m, T_REQ);
	CHK(ipc_sendrec(self_ep, &m) == OK);
	CHK(m.m_type == T_REPLY && m.m_source == self_ep);
	return 0;
}

static const char *t_user_ipc_only_system(void)
{
	endpoint_t u1, u2;
	message m;

	T_SPAWN(u2, user_peer_main);
	arg_ep = u2;
	T_SPAWN(u1, user_prober_main);
	T_MAKE_USER(u2);
	T_BLOCKED(u2);				/* receiving from anyone */
	T_MAKE_USER(u1);
	if (ipc_receive(u1, &m, NULL) != OK)
		T_EXIT(u1, 0);				/* its failed check */
	T_ASSERT_EQ(m.m_type, T_REQ);
	T_SEND(u1, T_REPLY);
	T_EXIT(u1, 0);
	return stop_child(u2);			/* nothing from u1 reached it */
}

static const char *t_ipc_deny_allow(void)
{
	endpoint_t c1, c2;

	T_SPAWN(c1, prober_main);
	T_SPAWN(c2, prober_main);
	T_ASSERT_EQ(probe(c1, T_PROBE, c2), OK);
	T_ASSERT_EQ(probe(c2, T_PROBE, c1), OK);
	T_ASSERT_EQ(sys_privctl(c1, PRIVCTL_DENY_IPC, c2), OK);
	T_ASSERT_EQ(probe(c1, T_PROBE, c2), ECALLDENIED);
	T_ASSERT_EQ(probe(c2, T_PROBE, c1), ECALLDENIED);	/* both ways */
	T_ASSERT_EQ(sys_privctl(c2, PRIVCTL_ALLOW_IPC, c1), OK);
	T_ASSERT_EQ(probe(c1, T_PROBE, c2), OK);
	T_ASSERT_EQ(probe(c2, T_PROBE, c1), OK);
	return stop_two(c1, c2);
}

static const char *t_call_deny_allow(void)
{
	struct mess_times t;
	endpoint_t c, u;

	T_SPAWN(c, prober_main);
	T_ASSERT_EQ(probe(c, T_CALL, NONE), OK);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_DENY_CALL, SYS_TIMES), OK);
	T_ASSERT_EQ(probe(c, T_CALL, NONE), ECALLDENIED);
	T_ASSERT_EQ(sys_times(SELF, &t), OK);	/* our own mask is untouched */
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_ALLOW_CALL, SYS_TIMES), OK);
	T_ASSERT_EQ(probe(c, T_CALL, NONE), OK);
	T_SPAWN(u, wait_go_exit_main);
	T_ASSERT_EQ(sys_privctl(u, PRIVCTL_SET_USER, 0), OK);
	T_ASSERT_EQ(sys_privctl(u, PRIVCTL_ALLOW_CALL, SYS_FORK), EPERM);	/* shared */
	T_ASSERT_EQ(sys_privctl(u, PRIVCTL_DENY_CALL, SYS_TIMES), EPERM);
	T_SEND(u, T_GO);
	T_EXIT(u, 0);
	return stop_child(c);
}

/*
 * Its SYS_TIMES was denied by the parent.  Its fork must inherit that (a
 * copy), and giving the grandchild SYS_TIMES back must not give it to us.
 */
static int priv_forker_main(void)
{
	struct mess_times t;
	struct proc_info me;
	endpoint_t g;
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* SYS_TIMES now denied */
	CHK(sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0);
	CHK(sys_times(SELF, &t) == ECALLDENIED);
	g = sys_fork();
	if (g == 0) {
		int r1 = sys_times(SELF, &t);

		clear_msg(&m, T_REQ);
		m.words[0] = (uint32_t)r1;
		r1 = ipc_sendrec(me.endpoint, &m);	/* to its parent */
		sys_exit(r1 != OK ? r1 : sys_times(SELF, &t) == OK ? 0 : __LINE__);
	}
	CHK(g > 0);
	if (ipc_receive(g, &m, NULL) != OK) {
		int32_t why = reap(g);			/* g's reason */

		return why ? why : __LINE__;
	}
	CHK(m.m_type == T_REQ);
	CHK((int)m.words[0] == ECALLDENIED);		/* inherited */
	CHK(sys_privctl(g, PRIVCTL_ALLOW_CALL, SYS_TIMES) == OK);
	clear_msg(&m, T_REPLY);
	CHK(ipc_send(g, &m) == OK);
	CHK(reap(g) == 0);
	CHK(sys_times(SELF, &t) == ECALLDENIED);	/* ours unchanged */
	return 0;
}

static const char *t_fork_copies_privileges(void)
{
	struct mess_times t;
	endpoint_t c;

	T_SPAWN(c, priv_forker_main);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_DENY_CALL, SYS_TIMES), OK);
	T_SEND(c, T_GO);
	T_EXIT(c, 0);
	T_ASSERT_EQ(sys_times(SELF, &t), OK);
	return NULL;
}

/* ----------------------------------------------------------------- signals */

static const char *t_kill_unmanaged(void)
{
	endpoint_t c;

	T_SPAWN(c, wait_go_exit_main);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_SET_SIGMGR, NONE), OK);
	T_ASSERT_EQ(sys_kill(c, SIGTERM), OK);
	T_EXIT(c, -SIGTERM);
	return NULL;
}

static int fault_main(void)
{
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* manager set */
	*(volatile int *)0 = 1;
	return __LINE__;
}

static const char *t_fault_to_manager(void)
{
	endpoint_t c, ep = 0;
	uint32_t mask = 0;

	T_SPAWN(c, fault_main);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_SET_SIGMGR, self_ep), OK);
	T_SEND(c, T_GO);
	T_KERNEL_NOTIFY(SYSTEM);
	T_ASSERT_EQ(sys_getksig(&ep, &mask), OK);
	T_ASSERT_EQ(ep, c);
	T_ASSERT_EQ(mask, 1u << SIGSEGV);
	T_ASSERT_EQ(sys_getksig(&ep, &mask), OK);
	T_ASSERT_EQ(ep, NONE);			/* nothing else pending */
	T_ASSERT(is_alive(c));			/* not killed by the kernel */
	T_ASSERT_EQ(sys_clear(c), OK);
	T_EXIT(c, -SIGKILL);
	return NULL;
}

/* A managed process is stopped while its signal is handled, then runs on. */
static const char *t_kill_managed_stops(void)
{
	endpoint_t s, ep = 0;
	uint32_t mask = 0, u;

	T_SPAWN(s, spinner_main);
	T_ASSERT_EQ(sys_privctl(s, PRIVCTL_SET_SIGMGR, self_ep), OK);
	T_ASSERT_EQ(wait_runs(s, 0), 0);
	T_ASSERT_EQ(sys_kill(s, SIGTERM), OK);
	T_KERNEL_NOTIFY(SYSTEM);
	T_ASSERT_EQ(sys_getksig(&ep, &mask), OK);
	T_ASSERT_EQ(ep, s);
	T_ASSERT_EQ(mask, 1u << SIGTERM);
	wait_ticks(2);
	u = user_ticks(s);
	wait_ticks(8);
	T_ASSERT_EQ(user_ticks(s), u);		/* stopped */
	T_ASSERT_EQ(sys_endksig(s), OK);
	T_ASSERT_EQ(wait_runs(s, u), 0);	/* runs again */
	T_ASSERT_EQ(sys_clear(s), OK);
	T_EXIT(s, -SIGKILL);
	return NULL;
}

/* Signals raised before the manager asks accumulate in one mask. */
static const char *t_pending_mask(void)
{
	endpoint_t c, ep = 0;
	uint32_t mask = 0;

	T_SPAWN(c, prober_main);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_SET_SIGMGR, self_ep), OK);
	T_BLOCKED(c);
	T_ASSERT_EQ(sys_kill(c, SIGTERM), OK);
	T_ASSERT_EQ(sys_kill(c, SIGALRM), OK);
	T_KERNEL_NOTIFY(SYSTEM);
	T_ASSERT_EQ(sys_getksig(&ep, &mask), OK);
	T_ASSERT_EQ(ep, c);
	T_ASSERT_EQ(mask, (1u << SIGTERM) | (1u << SIGALRM));
	T_ASSERT_EQ(sys_getksig(&ep, &mask), OK);
	T_ASSERT_EQ(ep, NONE);
	T_ASSERT_EQ(sys_endksig(c), OK);
	T_ASSERT_EQ(probe(c, T_CALL, NONE), OK);	/* it answers again */
	return stop_child(c);
}

static const char *t_bad_signal(void)
{
	static const int bad[] = { 0, NR_SIGNALS, -1, 1000 };
	endpoint_t c;

	T_SPAWN(c, prober_main);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_SET_SIGMGR, NONE), OK);
	for (unsigned i = 0; i < 4; i++)
		T_ASSERT_EQ(sys_kill(c, bad[i]), EINVAL);
	T_ASSERT(is_alive(c));
	T_ASSERT_EQ(sys_kill(BAD_SLOT_EP, SIGTERM), EBADEPT);
	return stop_child(c);
}

/* A USER process may not signal, not even itself (allowed: it would die). */
static int user_kill_main(void)
{
	struct proc_info me;
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* now USER */
	CHK(sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0);
	CHK(sys_kill(me.endpoint, SIGTERM) == ECALLDENIED);
	return 0;
}

static const char *t_user_kill_denied(void)
{
	endpoint_t c;

	T_SPAWN(c, user_kill_main);
	T_MAKE_USER(c);
	T_EXIT(c, 0);
	return NULL;
}

/* ------------------------------------------------------------------- table */

#define CASES(X)							\
	X("kcall.fork_copies_memory", t_fork_copies_memory)		\
	X("kcall.alarm_notifies", t_alarm_notifies)			\
	X("kcall.alarm_replace", t_alarm_replace)			\
	X("kcall.alarm_cancel", t_alarm_cancel)				\
	X("kcall.alarm_user_class", t_alarm_user_class)			\
	X("kcall.fork_no_pending", t_fork_no_pending)			\
	X("kcall.runctl_stop_resume", t_runctl_stop_resume)		\
	X("kcall.runctl_bad_endpoint", t_runctl_bad_endpoint)		\
	X("kcall.clear_ends_process", t_clear_ends_process)		\
	X("priv.user_denied_calls", t_user_denied_calls)		\
	X("priv.user_allowed_calls", t_user_allowed_calls)		\
	X("priv.user_ipc_only_system", t_user_ipc_only_system)		\
	X("priv.ipc_deny_allow", t_ipc_deny_allow)			\
	X("priv.call_deny_allow", t_call_deny_allow)			\
	X("priv.fork_copies_privileges", t_fork_copies_privileges)	\
	X("sig.kill_unmanaged", t_kill_unmanaged)			\
	X("sig.fault_to_manager", t_fault_to_manager)			\
	X("sig.kill_managed_stops", t_kill_managed_stops)		\
	X("sig.pending_mask", t_pending_mask)				\
	X("sig.bad_signal", t_bad_signal)				\
	X("sig.user_kill_denied", t_user_kill_denied)			\
	X("kcall.short_same_results", t_short_same_results)		\
	X("kcall.short_alarm_answer", t_short_alarm_answer)		\
	X("kcall.short_refused", t_short_refused)			\
	X("kcall.short_denied", t_short_denied)				\
	X("kcall.short_registers", t_short_registers)

#define WRAP(name, fn)	static const char *g_##fn(void) { return guarded(fn); }
CASES(WRAP)
#define ENTRY(name, fn)	{ name, g_##fn },
static const struct test_case cases[] = { CASES(ENTRY) };

int main(void)
{
	if (children_init() < 0)
		return 1;
	wait_for_module("sys_test");
	wait_for_module("ipc_test");
	return test_run(cases, TEST_COUNT(cases));
}
