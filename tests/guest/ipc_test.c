/*
 * tests/guest/ipc_test.c - ipc.*: message passing between processes.
 *
 * Endpoint checks (self, malformed, dead, stale), exact copying of the
 * 64-byte message with a source the kernel sets, the receive status word,
 * FIFO and selective receive, SENDREC atomicity, notification coalescing,
 * SENDNB, SENDA, deadlock detection, partner death, bad message pointers and
 * unknown operations.
 *
 * This program is a SYSTEM-class boot module.  Each case forks helper
 * children (sys_fork) that play one role and end with sys_exit, never
 * returning into the TAP runner.  A child's exit status is 0, the source line
 * of the check that failed in it (CHK), or the IPC result it was asked to
 * report.  After every case the children still alive are ended (guarded), and
 * every wait is bounded, so a broken kernel gives failures, not a hung run.
 *
 * It starts once sys_test (which also forks) has finished, so that no other
 * program takes a dead child's slot before its exit status has been read
 * (kcall_test in turn waits for this one).
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "children.h"
#include "guest_util.h"

static endpoint_t arg_ep2;	/* role arguments, copied by fork */

/* ---------------------------------------------------------------- helpers */

static int is_blocked(endpoint_t ep)
{
	struct proc_info i;

	return proc_of(ep, &i) && i.state == PROC_STATE_LIVE && i.flags != 0;
}

/*
 * SENDNB to ep, retried (bounded) while ep is not ready yet: for a child
 * that is on its way back into RECEIVE.
 */
static int sendnb_when_ready(endpoint_t ep, message *m)
{
	int r = ENOTREADY;

	for (unsigned n = 0; n < 1000 && (r = ipc_sendnb(ep, m)) == ENOTREADY; n++)
		poll_yield();
	return r;
}

/* Payload bytes [from, 56) as a function of seed (pattern_byte, guest_util.h). */
static void fill_pattern(message *m, unsigned seed, unsigned from)
{
	for (unsigned i = from; i < MESSAGE_PAYLOAD; i++)
		m->raw[i] = pattern_byte(seed, i);
}

static int pattern_ok(const message *m, unsigned seed, unsigned from)
{
	for (unsigned i = from; i < MESSAGE_PAYLOAD; i++)
		if (m->raw[i] != pattern_byte(seed, i))
			return 0;
	return 1;
}

#define REPLY_SEED(type)	((unsigned)(type) ^ 0xa5u)
#define REPORT_BYTES		16	/* words[0..3] of a report */

/* ------------------------------------------------------------ child roles */

/*
 * Receives from anyone; answers each message from a process with T_REPORT:
 * words[0] = source seen, [1] = status word, [2] = type seen, [3] = whether
 * all 56 payload bytes matched pattern(type); bytes 16.. = pattern of
 * REPLY_SEED(type).  T_QUIT ends it with 0.
 */
static int reporter_main(void)
{
	for (;;) {
		message m, rep;
		uint32_t st = 0;
		int r = ipc_receive(ANY, &m, &st);

		if (r != OK)
			return r;
		if (m.m_type == T_QUIT)
			return 0;
		clear_msg(&rep, T_REPORT);
		rep.words[0] = (uint32_t)m.m_source;
		rep.words[1] = st;
		rep.words[2] = (uint32_t)m.m_type;
		rep.words[3] = (uint32_t)pattern_ok(&m, (unsigned)m.m_type, 0);
		fill_pattern(&rep, REPLY_SEED(m.m_type), REPORT_BYTES);
		if (m.m_source > 0 && (r = ipc_send(m.m_source, &rep)) != OK)
			return r;
	}
}

static int exit_main(void)
{
	return 0;
}

static int receive_from_arg_main(void)
{
	message m;

	return ipc_receive(arg_ep, &m, NULL);
}

/* Waits for the parent's go, then receives from arg_ep. */
static int go_then_receive_from_arg_main(void)
{
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	return ipc_receive(arg_ep, &m, NULL);
}

static int receive_any_exit_main(void)
{
	message m;

	CHK(ipc_receive(ANY, &m, NULL) == OK);
	return 0;
}

/* Exits 0 iff the first thing it receives is the parent's T_QUIT. */
static int first_is_quit_main(void)
{
	message m;
	uint32_t st = 0;

	CHK(ipc_receive(ANY, &m, &st) == OK);
	CHK(!(st & IPC_STATUS_NOTIFY));
	CHK(m.m_source == self_ep && m.m_type == T_QUIT);
	return 0;
}

/* Waits for an endpoint from the parent, notifies it, waits for T_QUIT. */
static int notifier_main(void)
{
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK && m.m_type == T_GO);
	CHK(ipc_notify((endpoint_t)m.words[0]) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK && m.m_type == T_QUIT);
	return 0;
}

/* Waits for an endpoint from the parent and sends it T_HELLO. */
static int relay_main(void)
{
	message m;
	endpoint_t to;

	CHK(ipc_receive(self_ep, &m, NULL) == OK && m.m_type == T_GO);
	to = (endpoint_t)m.words[0];
	clear_msg(&m, T_HELLO);
	CHK(ipc_send(to, &m) == OK);
	return 0;
}

/* Sends T_HELLO to the parent, then receives a T_HELLO from anyone. */
static int hello_then_receive_main(void)
{
	message m;

	clear_msg(&m, T_HELLO);
	CHK(ipc_send(self_ep, &m) == OK);
	CHK(ipc_receive(ANY, &m, NULL) == OK && m.m_type == T_HELLO);
	return 0;
}

/* ------------------------------------------------------- message contents */

static const char *t_payload_exact(void)
{
	static const int types[] = { 0x2001, 0x20fe, 0x7fffffff };
	endpoint_t r;
	message m;

	T_SPAWN(r, reporter_main);
	for (unsigned i = 0; i < 3; i++) {
		clear_msg(&m, types[i]);
		fill_pattern(&m, (unsigned)types[i], 0);
		T_ASSERT_EQ(ipc_sendrec(r, &m), OK);
		T_ASSERT_EQ(m.m_type, T_REPORT);
		T_ASSERT_EQ(m.words[2], (uint32_t)types[i]);
		T_ASSERT_EQ(m.words[3], 1);		/* all 56 bytes arrived */
	}
	return stop_child(r);
}

/* The reply of a SENDREC lands in the caller's buffer, complete. */
static const char *t_sendrec_reply(void)
{
	endpoint_t r;
	message m;

	T_SPAWN(r, reporter_main);
	clear_msg(&m, 0x2222);
	fill_pattern(&m, 0x2222, 0);
	T_ASSERT_EQ(ipc_sendrec(r, &m), OK);
	T_ASSERT_EQ(m.m_source, r);
	T_ASSERT_EQ(m.m_type, T_REPORT);
	T_ASSERT((endpoint_t)m.words[0] == self_ep);
	T_ASSERT(pattern_ok(&m, REPLY_SEED(0x2222), REPORT_BYTES));
	return stop_child(r);
}

static const char *t_source_unforgeable(void)
{
	static const endpoint_t forged[] = { SYSTEM, CLOCK, 0x12345, ANY };
	endpoint_t r;
	message m;
	uint32_t st;

	T_SPAWN(r, reporter_main);
	for (unsigned i = 0; i < 4; i++) {
		clear_msg(&m, T_PING);
		m.m_source = forged[i];
		T_ASSERT_EQ(ipc_sendrec(r, &m), OK);
		T_ASSERT_EQ((endpoint_t)m.words[0], self_ep);
		T_ASSERT(!(m.words[1] & IPC_STATUS_KERNEL));
	}
	clear_msg(&m, T_PING);
	m.m_source = r;				/* the receiver's own endpoint */
	T_ASSERT_EQ(ipc_send(r, &m), OK);
	T_ASSERT_EQ(ipc_receive(r, &m, &st), OK);
	T_ASSERT_EQ((endpoint_t)m.words[0], self_ep);
	return stop_child(r);
}

/* Checks a reporter's report for a message delivered by operation op. */
static const char *check_report(const message *m, int op)
{
	uint32_t st = m->words[1];

	T_ASSERT_EQ(m->m_type, T_REPORT);
	T_ASSERT_EQ((endpoint_t)m->words[0], self_ep);
	T_ASSERT_EQ(IPC_STATUS_CALL(st), op);
	T_ASSERT_EQ(!!(st & IPC_STATUS_NOTIFY), op == IPC_NOTIFY);
	T_ASSERT(!(st & IPC_STATUS_KERNEL));
	T_ASSERT_EQ(m->words[2], op == IPC_NOTIFY ? NOTIFY_MESSAGE : T_PING);
	return NULL;
}

#define T_REPORT_OK(m, op)	do { const char *e_ = check_report(&(m), (op)); if (e_) return e_; } while (0)

static const char *t_status_call_op(void)
{
	static asynmsg_t table[1];
	endpoint_t r;
	message m;
	uint32_t st = 0;

	T_SPAWN(r, reporter_main);
	clear_msg(&m, T_PING);
	T_ASSERT_EQ(ipc_send(r, &m), OK);
	T_ASSERT_EQ(ipc_receive(r, &m, &st), OK);
	T_REPORT_OK(m, IPC_SEND);
	T_ASSERT_EQ(IPC_STATUS_CALL(st), IPC_SEND);	/* the report itself */

	clear_msg(&m, T_PING);
	T_ASSERT_EQ(ipc_sendrec(r, &m), OK);
	T_REPORT_OK(m, IPC_SENDREC);

	clear_msg(&m, T_PING);
	T_ASSERT_EQ(sendnb_when_ready(r, &m), OK);
	T_ASSERT_EQ(ipc_receive(r, &m, NULL), OK);
	T_REPORT_OK(m, IPC_SENDNB);

	T_BLOCKED(r);
	T_ASSERT_EQ(ipc_notify(r), OK);
	T_ASSERT_EQ(ipc_receive(r, &m, NULL), OK);
	T_REPORT_OK(m, IPC_NOTIFY);

	T_BLOCKED(r);
	table[0].flags = AMF_VALID;
	table[0].dst = r;
	clear_msg(&table[0].msg, T_PING);
	T_ASSERT_EQ(ipc_senda(table, 1), OK);
	T_ASSERT_EQ(ipc_receive(r, &m, NULL), OK);
	T_REPORT_OK(m, IPC_SENDA);
	T_ASSERT(table[0].flags & AMF_DONE);
	T_ASSERT_EQ(table[0].result, OK);
	return stop_child(r);
}

/* ------------------------------------------------------- endpoint checks */

static const char *t_send_self(void)
{
	message m;

	clear_msg(&m, T_PING);
	T_ASSERT_EQ(ipc_send(self_ep, &m), EINVAL);
	T_ASSERT_EQ(ipc_sendnb(self_ep, &m), EINVAL);
	T_ASSERT_EQ(ipc_sendrec(self_ep, &m), EINVAL);
	return NULL;
}

static const char *t_bad_endpoint(void)
{
	const endpoint_t bad[] = { BAD_SLOT_EP, 0, -100, endpoint_make(3, ENDPOINT_MAX_SLOTS - 1) };
	endpoint_t c;
	message m;

	for (unsigned i = 0; i < 4; i++) {
		clear_msg(&m, T_PING);
		T_ASSERT_EQ(ipc_send(bad[i], &m), EBADEPT);
		T_ASSERT_EQ(ipc_sendnb(bad[i], &m), EBADEPT);
		T_ASSERT_EQ(ipc_sendrec(bad[i], &m), EBADEPT);
		T_ASSERT_EQ(ipc_notify(bad[i]), EBADEPT);
	}
	arg_ep = BAD_SLOT_EP;			/* a receive from it, in a child */
	T_SPAWN(c, receive_from_arg_main);
	T_EXIT(c, EBADEPT);
	return NULL;
}

/* A dead process whose slot is still free: EDEADSRCDST, for every op. */
static const char *t_dead_endpoint(void)
{
	struct proc_info i;
	endpoint_t a, r;
	message m;

	T_SPAWN(a, wait_go_exit_main);
	arg_ep = a;
	T_SPAWN(r, go_then_receive_from_arg_main);	/* forked before a's slot frees */
	clear_msg(&m, T_GO);
	T_ASSERT_EQ(ipc_send(a, &m), OK);
	T_EXIT(a, 0);
	T_ASSERT(proc_of(a, &i) && i.state == PROC_STATE_DEAD);	/* not reused */

	clear_msg(&m, T_PING);
	T_ASSERT_EQ(ipc_send(a, &m), EDEADSRCDST);
	T_ASSERT_EQ(ipc_sendnb(a, &m), EDEADSRCDST);
	T_ASSERT_EQ(ipc_sendrec(a, &m), EDEADSRCDST);
	T_ASSERT_EQ(ipc_notify(a), EDEADSRCDST);
	clear_msg(&m, T_GO);
	T_ASSERT_EQ(ipc_send(r, &m), OK);		/* r now receives from a */
	T_EXIT(r, EDEADSRCDST);
	T_ASSERT(proc_of(a, &i));			/* still not reused: valid run */
	return NULL;
}

/*
 * A's slot reused by B: A's endpoint is stale and reaches nobody.  Slots
 * are handed out next-fit, so children are forked (and ended) until one
 * lands in A's slot again.
 */
static const char *t_stale_endpoint(void)
{
	struct kinfo k;
	endpoint_t a, b = NONE;
	unsigned nb;
	message m;

	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) == (int)sizeof(k));
	T_SPAWN(a, exit_main);
	T_EXIT(a, 0);
	for (nb = 0; nb < 2 * k.nr_slots && b == NONE; nb++) {
		endpoint_t c;

		T_SPAWN(c, first_is_quit_main);
		if (endpoint_slot(c) == endpoint_slot(a)) {
			b = c;
		} else {
			const char *why = stop_child(c);	/* its first message is T_QUIT */
			if (why)
				return why;
		}
		end_children_reaped();
	}
	if (b == NONE)
		return test_failf("slot %d of %d not reused in %u forks", endpoint_slot(a), a, nb);
	T_ASSERT(b != a);
	T_BLOCKED(b);
	clear_msg(&m, T_BAD);
	T_ASSERT_EQ(ipc_send(a, &m), EDEADEPT);
	T_ASSERT_EQ(ipc_sendnb(a, &m), EDEADEPT);
	T_ASSERT_EQ(ipc_sendrec(a, &m), EDEADEPT);
	T_ASSERT_EQ(ipc_notify(a), EDEADEPT);
	return stop_child(b);				/* b's first message is T_QUIT */
}

/* ------------------------------------------------------ receive ordering */

static const char *t_receive_any_fifo(void)
{
	endpoint_t s[3], wd;
	message m;
	uint32_t st = 0;

	for (unsigned i = 0; i < 3; i++) {
		T_SPAWN(s[i], hello_main);
		T_BLOCKED(s[i]);
	}
	wd = watchdog_start(NONE);
	for (unsigned i = 0; i < 3; i++) {
		T_ASSERT_EQ(ipc_receive(ANY, &m, &st), OK);
		T_ASSERT_EQ(m.m_source, s[i]);
		T_ASSERT_EQ(m.m_type, T_HELLO);
		T_ASSERT_EQ(IPC_STATUS_CALL(st), IPC_SEND);
		T_ASSERT(!(st & (IPC_STATUS_NOTIFY | IPC_STATUS_KERNEL)));
	}
	watchdog_stop(wd);
	for (unsigned i = 0; i < 3; i++)
		T_EXIT(s[i], 0);
	return NULL;
}

/* RECEIVE(ep) skips other senders and notifiers; they keep their order. */
static const char *t_receive_specific(void)
{
	endpoint_t n, s[3], wd;
	message m;
	uint32_t st = 0;

	T_SPAWN(n, notifier_main);
	clear_msg(&m, T_GO);
	m.words[0] = (uint32_t)self_ep;
	T_ASSERT_EQ(ipc_send(n, &m), OK);
	T_BLOCKED(n);				/* it has notified us */
	for (unsigned i = 0; i < 3; i++) {
		T_SPAWN(s[i], hello_main);
		T_BLOCKED(s[i]);
	}
	T_ASSERT_EQ(ipc_receive(s[1], &m, &st), OK);
	T_ASSERT_EQ(m.m_source, s[1]);
	T_ASSERT_EQ(m.m_type, T_HELLO);
	T_ASSERT(!(st & IPC_STATUS_NOTIFY));
	T_EXIT(s[1], 0);			/* before a fork can take its slot */
	T_ASSERT_EQ(ipc_receive(n, &m, &st), OK);
	T_ASSERT((st & IPC_STATUS_NOTIFY) && m.m_source == n);
	wd = watchdog_start(NONE);
	T_ASSERT_EQ(ipc_receive(ANY, &m, &st), OK);
	T_ASSERT_EQ(m.m_source, s[0]);
	T_ASSERT_EQ(ipc_receive(ANY, &m, &st), OK);
	T_ASSERT_EQ(m.m_source, s[2]);
	watchdog_stop(wd);
	T_EXIT(s[0], 0);
	T_EXIT(s[2], 0);
	return stop_child(n);
}

/* -------------------------------------------------------- SENDREC atomicity */

/* SENDREC to the parent; then the intruder's message comes separately. */
static int sendrec_intruded_main(void)
{
	message m;
	uint32_t st = 0;

	clear_msg(&m, T_REQ);
	CHK(ipc_sendrec(self_ep, &m) == OK);
	CHK(m.m_type == T_REPLY && m.m_source == self_ep);
	CHK(ipc_receive(ANY, &m, &st) == OK);
	CHK(m.m_type == T_INTRUDE && m.m_source != self_ep);
	CHK(IPC_STATUS_CALL(st) == IPC_SEND && !(st & IPC_STATUS_NOTIFY));
	return 0;
}

static int intruder_main(void)
{
	message m;

	clear_msg(&m, T_INTRUDE);
	return ipc_send(arg_ep, &m);
}

static const char *t_sendrec_ignores_send(void)
{
	endpoint_t c, t;
	message m;

	T_SPAWN(c, sendrec_intruded_main);
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);	/* c now awaits the reply */
	T_ASSERT_EQ(m.m_type, T_REQ);
	arg_ep = c;
	T_SPAWN(t, intruder_main);
	T_BLOCKED(t);				/* its send is not c's reply */
	T_ASSERT(is_blocked(c));
	clear_msg(&m, T_REPLY);
	T_ASSERT_EQ(ipc_send(c, &m), OK);
	T_EXIT(c, 0);
	T_EXIT(t, 0);
	return NULL;
}

/* SENDREC to the parent; the parent's notification comes afterwards. */
static int sendrec_notified_main(void)
{
	message m;
	uint32_t st = 0;

	clear_msg(&m, T_REQ);
	CHK(ipc_sendrec(self_ep, &m) == OK);
	CHK(m.m_type == T_REPLY && m.m_source == self_ep);
	CHK(ipc_receive(ANY, &m, &st) == OK);
	CHK((st & IPC_STATUS_NOTIFY) && m.m_type == NOTIFY_MESSAGE && m.m_source == self_ep);
	return 0;
}

static const char *t_sendrec_defers_notify(void)
{
	endpoint_t c;
	message m;
	int r;

	T_SPAWN(c, sendrec_notified_main);
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	T_ASSERT_EQ(m.m_type, T_REQ);
	T_ASSERT_EQ(ipc_notify(c), OK);		/* never blocks */
	T_ASSERT(is_blocked(c));		/* still waiting for the reply */
	clear_msg(&m, T_REPLY);
	r = ipc_send(c, &m);
	T_EXIT(c, 0);
	T_ASSERT_EQ(r, OK);
	return NULL;
}

/* ----------------------------------------------------------- notifications */

/* Blocks sending to the parent, then expects ONE notification, then T_PING. */
static int coalesce_main(void)
{
	message m;
	uint32_t st = 0;

	clear_msg(&m, T_HELLO);
	CHK(ipc_send(self_ep, &m) == OK);
	CHK(ipc_receive(ANY, &m, &st) == OK);
	CHK(m.m_type == NOTIFY_MESSAGE && m.m_source == self_ep);
	CHK((st & IPC_STATUS_NOTIFY) && !(st & IPC_STATUS_KERNEL));
	CHK(IPC_STATUS_CALL(st) == IPC_NOTIFY);
	CHK(ipc_receive(ANY, &m, &st) == OK);
	CHK(m.m_type == T_PING && !(st & IPC_STATUS_NOTIFY));
	return 0;
}

static const char *t_notify_coalesce(void)
{
	endpoint_t c;
	message m;
	int r;

	T_SPAWN(c, coalesce_main);
	T_BLOCKED(c);				/* busy sending: not receiving */
	for (int i = 0; i < 3; i++)
		T_ASSERT_EQ(ipc_notify(c), OK);
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	T_ASSERT_EQ(m.m_type, T_HELLO);
	clear_msg(&m, T_PING);
	r = ipc_send(c, &m);
	T_EXIT(c, 0);
	T_ASSERT_EQ(r, OK);
	return NULL;
}

/* Expects one notification from each of the parent, arg_ep and arg_ep2. */
static int collect_notifies_main(void)
{
	unsigned seen = 0;
	message m;
	uint32_t st = 0;

	clear_msg(&m, T_HELLO);
	CHK(ipc_send(self_ep, &m) == OK);
	for (int i = 0; i < 3; i++) {
		CHK(ipc_receive(ANY, &m, &st) == OK);
		CHK((st & IPC_STATUS_NOTIFY) && m.m_type == NOTIFY_MESSAGE);
		if (m.m_source == self_ep)
			seen |= 1;
		else if (m.m_source == arg_ep)
			seen |= 2;
		else if (m.m_source == arg_ep2)
			seen |= 4;
	}
	CHK(seen == 7);
	return 0;
}

static const char *t_notify_sources(void)
{
	endpoint_t n1, n2, c;
	message m;

	T_SPAWN(n1, notifier_main);
	T_SPAWN(n2, notifier_main);
	arg_ep = n1;
	arg_ep2 = n2;
	T_SPAWN(c, collect_notifies_main);
	T_BLOCKED(c);
	clear_msg(&m, T_GO);
	m.words[0] = (uint32_t)c;
	T_ASSERT_EQ(ipc_send(n1, &m), OK);
	T_ASSERT_EQ(ipc_send(n2, &m), OK);
	T_ASSERT_EQ(ipc_notify(c), OK);
	T_BLOCKED(n1);				/* both have notified c */
	T_BLOCKED(n2);
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	T_EXIT(c, 0);
	return stop_two(n1, n2);
}

/* ------------------------------------------------------------------ SENDNB */

/* Sending, then receiving from arg_ep only, then expects the parent's T_PING. */
static int sendnb_target_main(void)
{
	message m;
	uint32_t st = 0;

	clear_msg(&m, T_HELLO);
	CHK(ipc_send(self_ep, &m) == OK);
	CHK(ipc_receive(arg_ep, &m, NULL) == OK && m.m_type == T_HELLO);
	CHK(ipc_receive(ANY, &m, &st) == OK);
	CHK(m.m_type == T_PING && m.m_source == self_ep);
	CHK(IPC_STATUS_CALL(st) == IPC_SENDNB);
	return 0;
}

static const char *t_sendnb_not_ready(void)
{
	endpoint_t x, c;
	message m;

	T_SPAWN(x, relay_main);
	arg_ep = x;
	T_SPAWN(c, sendnb_target_main);
	T_BLOCKED(c);				/* sending to us */
	clear_msg(&m, T_BAD);
	T_ASSERT_EQ(ipc_sendnb(c, &m), ENOTREADY);
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	T_BLOCKED(c);				/* receiving from x only */
	clear_msg(&m, T_BAD);
	T_ASSERT_EQ(ipc_sendnb(c, &m), ENOTREADY);
	clear_msg(&m, T_GO);
	m.words[0] = (uint32_t)c;
	T_ASSERT_EQ(ipc_send(x, &m), OK);
	T_EXIT(x, 0);				/* c has x's message */
	clear_msg(&m, T_PING);			/* c now receives from anyone */
	T_ASSERT_EQ(sendnb_when_ready(c, &m), OK);	/* and no T_BAD came first */
	T_EXIT(c, 0);
	return NULL;
}

/* ------------------------------------------------------------------- SENDA */

static const char *t_senda_limits(void)
{
	static asynmsg_t table[SENDA_MAX + 1];

	memset(table, 0, sizeof(table));
	T_ASSERT_EQ(ipc_senda(table, SENDA_MAX + 1), EINVAL);
	T_ASSERT_EQ(ipc_senda(table, 0xffffffffu), EINVAL);
	T_ASSERT_EQ(ipc_senda((asynmsg_t *)0x1000, 1), EFAULT);
	T_ASSERT_EQ(ipc_senda((asynmsg_t *)0x80000000u, 1), EFAULT);
	T_ASSERT_EQ(ipc_senda(table, SENDA_MAX), OK);	/* nothing valid: nothing sent */
	for (unsigned i = 0; i < SENDA_MAX; i++)
		T_ASSERT_EQ(table[i].flags, 0);
	return NULL;
}

/*
 * Blocks sending to the parent, then receives two messages and reports:
 * words[0..1] types, [2..3] status words, [4..5] sources, [6] payloads ok.
 */
static int senda_receiver_main(void)
{
	message m, rep;
	uint32_t st = 0;

	clear_msg(&m, T_HELLO);
	CHK(ipc_send(self_ep, &m) == OK);
	clear_msg(&rep, T_REPORT);
	rep.words[6] = 1;
	for (int i = 0; i < 2; i++) {
		CHK(ipc_receive(ANY, &m, &st) == OK);
		rep.words[i] = (uint32_t)m.m_type;
		rep.words[2 + i] = st;
		rep.words[4 + i] = (uint32_t)m.m_source;
		rep.words[6] &= (uint32_t)pattern_ok(&m, (unsigned)m.m_type, 0);
	}
	CHK(ipc_send(self_ep, &rep) == OK);
	return 0;
}

static void senda_entry(asynmsg_t *e, uint32_t flags, endpoint_t dst, int type)
{
	memset(e, 0, sizeof(*e));
	e->flags = flags;
	e->dst = dst;
	e->msg.m_type = type;
	fill_pattern(&e->msg, (unsigned)type, 0);
}

static const char *t_senda_async(void)
{
	static asynmsg_t table[4];
	endpoint_t c;
	message m;

	T_SPAWN(c, senda_receiver_main);
	T_BLOCKED(c);				/* not receiving yet */
	senda_entry(&table[0], AMF_VALID, c, 0x3001);
	senda_entry(&table[1], 0, c, T_BAD);	/* not valid: ignored */
	senda_entry(&table[2], AMF_VALID, c, 0x3002);
	senda_entry(&table[3], AMF_VALID, BAD_SLOT_EP, T_BAD);
	T_ASSERT_EQ(ipc_senda(table, 4), OK);	/* returns at once */
	T_ASSERT(!(table[0].flags & AMF_DONE));
	T_ASSERT(!(table[2].flags & AMF_DONE));
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	T_ASSERT_EQ(m.m_type, T_HELLO);
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);	/* c's report */
	T_ASSERT_EQ(m.m_type, T_REPORT);
	T_ASSERT_EQ(m.words[0] + m.words[1], 0x3001 + 0x3002);
	T_ASSERT(m.words[0] == 0x3001 || m.words[0] == 0x3002);
	for (int i = 0; i < 2; i++) {
		T_ASSERT_EQ(IPC_STATUS_CALL(m.words[2 + i]), IPC_SENDA);
		T_ASSERT_EQ((endpoint_t)m.words[4 + i], self_ep);
	}
	T_ASSERT_EQ(m.words[6], 1);
	T_ASSERT_EQ(table[0].flags, AMF_VALID | AMF_DONE);
	T_ASSERT_EQ(table[0].result, OK);
	T_ASSERT_EQ(table[2].flags, AMF_VALID | AMF_DONE);
	T_ASSERT_EQ(table[2].result, OK);
	T_ASSERT_EQ(table[1].flags, 0);
	T_ASSERT_EQ(table[3].flags, AMF_VALID | AMF_DONE);
	T_ASSERT_EQ(table[3].result, EBADEPT);
	T_EXIT(c, 0);
	return NULL;
}

/* ---------------------------------------------------------------- deadlock */

static const char *t_deadlock_pair(void)
{
	endpoint_t c, wd;
	message m;
	int r1, r2 = ELOCKED;

	T_SPAWN(c, hello_main);
	T_BLOCKED(c);				/* c -> us */
	wd = watchdog_start(c);			/* ends c if we would hang */
	clear_msg(&m, T_PING);
	r1 = ipc_send(c, &m);
	if (r1 == ELOCKED) {
		clear_msg(&m, T_PING);
		r2 = ipc_sendrec(c, &m);
	}
	watchdog_stop(wd);
	T_ASSERT_EQ(r1, ELOCKED);
	T_ASSERT_EQ(r2, ELOCKED);
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	T_ASSERT_EQ(m.m_type, T_HELLO);
	T_EXIT(c, 0);
	return NULL;
}

/* us -> c1 -> c2 -> us */
static const char *t_deadlock_cycle3(void)
{
	endpoint_t c1, c2, wd;
	message m;
	int r;

	T_SPAWN(c2, hello_then_receive_main);
	T_BLOCKED(c2);				/* c2 -> us */
	arg_ep = c2;
	T_SPAWN(c1, send_to_arg_main);
	T_BLOCKED(c1);				/* c1 -> c2 */
	wd = watchdog_start(c1);
	clear_msg(&m, T_PING);
	r = ipc_send(c1, &m);
	watchdog_stop(wd);
	T_ASSERT_EQ(r, ELOCKED);
	T_ASSERT_EQ(ipc_receive(c2, &m, NULL), OK);
	T_EXIT(c2, 0);				/* it then took c1's message */
	T_EXIT(c1, 0);
	return NULL;
}

/* ------------------------------------------------------------ partner death */

static const char *t_dead_partner_send(void)
{
	endpoint_t g, c;
	message m;

	T_SPAWN(g, wait_go_exit_main);		/* receives from us only */
	arg_ep = g;
	T_SPAWN(c, send_to_arg_main);
	T_BLOCKED(c);
	clear_msg(&m, T_GO);
	T_ASSERT_EQ(ipc_send(g, &m), OK);
	T_EXIT(g, 0);
	T_EXIT(c, EDEADSRCDST);
	return NULL;
}

/* g takes the request and exits without replying. */
static const char *t_dead_partner_sendrec(void)
{
	endpoint_t g, c;

	T_SPAWN(g, receive_any_exit_main);
	arg_ep = g;
	T_SPAWN(c, sendrec_to_arg_main);
	T_EXIT(c, EDEADSRCDST);
	T_EXIT(g, 0);
	return NULL;
}

static const char *t_dead_partner_receive(void)
{
	endpoint_t g, c;
	message m;

	T_SPAWN(g, wait_go_exit_main);
	arg_ep = g;
	T_SPAWN(c, receive_from_arg_main);
	T_BLOCKED(c);
	clear_msg(&m, T_GO);
	T_ASSERT_EQ(ipc_send(g, &m), OK);
	T_EXIT(g, 0);
	T_EXIT(c, EDEADSRCDST);
	return NULL;
}

/* ------------------------------------------------------------- bad requests */

static const char *t_bad_pointer_send(void)
{
	endpoint_t r;
	message m;

	T_SPAWN(r, reporter_main);
	T_BLOCKED(r);				/* ready: the copy itself fails */
	T_ASSERT_EQ(ipc_send(r, (message *)0x1000), EFAULT);
	T_ASSERT_EQ(ipc_send(r, (message *)0x80000000u), EFAULT);
	T_ASSERT_EQ(ipc_sendnb(r, (message *)0x1000), EFAULT);
	T_ASSERT_EQ(ipc_sendrec(r, (message *)0x80000000u), EFAULT);
	clear_msg(&m, 0x4004);
	fill_pattern(&m, 0x4004, 0);
	T_ASSERT_EQ(ipc_sendrec(r, &m), OK);	/* r got only the good one */
	T_ASSERT_EQ(m.words[2], 0x4004);
	T_ASSERT_EQ(m.words[3], 1);
	return stop_child(r);
}

static const char *t_bad_pointer_receive(void)
{
	endpoint_t c;
	message m;

	T_SPAWN(c, hello_main);
	T_BLOCKED(c);				/* its message is waiting */
	T_ASSERT_EQ(ipc_receive(c, (message *)0x1000, NULL), EFAULT);
	T_ASSERT_EQ(ipc_receive(ANY, (message *)0x80000000u, NULL), EFAULT);
	T_ASSERT_EQ(ipc_receive(c, (message *)(vir_bytes)reporter_main, NULL), EFAULT); /* text */
	T_ASSERT(is_blocked(c));		/* nothing was lost */
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	T_ASSERT_EQ(m.m_source, c);
	T_ASSERT_EQ(m.m_type, T_HELLO);
	T_EXIT(c, 0);
	return NULL;
}

static const char *t_bad_op(void)
{
	static const int ops[] = { 0, IPC_NR_OPS, 99, -1, 0x7fffffff };
	message m;
	uint32_t st;

	for (unsigned i = 0; i < 5; i++) {
		clear_msg(&m, T_PING);
		T_ASSERT_EQ(_ipc_trap(ops[i], ANY, &m, 0, &st), EBADCALL);
	}
	return NULL;
}

/* ------------------------------------------------------------------- table */

#define CASES(X)							\
	X("ipc.payload_exact", t_payload_exact)				\
	X("ipc.sendrec_reply", t_sendrec_reply)				\
	X("ipc.source_unforgeable", t_source_unforgeable)		\
	X("ipc.status_call_op", t_status_call_op)			\
	X("ipc.send_self", t_send_self)					\
	X("ipc.bad_endpoint", t_bad_endpoint)				\
	X("ipc.dead_endpoint", t_dead_endpoint)				\
	X("ipc.stale_endpoint", t_stale_endpoint)			\
	X("ipc.receive_any_fifo", t_receive_any_fifo)			\
	X("ipc.receive_specific", t_receive_specific)			\
	X("ipc.sendrec_ignores_send", t_sendrec_ignores_send)		\
	X("ipc.sendrec_defers_notify", t_sendrec_defers_notify)		\
	X("ipc.notify_coalesce", t_notify_coalesce)			\
	X("ipc.notify_sources", t_notify_sources)			\
	X("ipc.sendnb_not_ready", t_sendnb_not_ready)			\
	X("ipc.senda_limits", t_senda_limits)				\
	X("ipc.senda_async", t_senda_async)				\
	X("ipc.deadlock_pair", t_deadlock_pair)				\
	X("ipc.deadlock_cycle3", t_deadlock_cycle3)			\
	X("ipc.dead_partner_send", t_dead_partner_send)			\
	X("ipc.dead_partner_sendrec", t_dead_partner_sendrec)		\
	X("ipc.dead_partner_receive", t_dead_partner_receive)		\
	X("ipc.bad_pointer_send", t_bad_pointer_send)			\
	X("ipc.bad_pointer_receive", t_bad_pointer_receive)		\
	X("ipc.bad_op", t_bad_op)

#define WRAP(name, fn)	static const char *g_##fn(void) { return guarded(fn); }
CASES(WRAP)
#define ENTRY(name, fn)	{ name, g_##fn },
static const struct test_case cases[] = { CASES(ENTRY) };

int main(void)
{
	if (children_init() < 0)
		return 1;
	wait_for_module("sys_test");		/* it forks too: see the header */
	return test_run(cases, TEST_COUNT(cases));
}
