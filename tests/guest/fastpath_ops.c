/*
 * tests/guest/fastpath_ops.c - ipc.fastpath_{notify,receive,send}_*: the
 * fast paths of the operations that are not calls (kernel/fastpath.c:
 * NOTIFY, SEND and SENDNB to a waiting receiver, RECEIVE that takes a
 * pending notification or blocks, SENDA of a table in place).  One case per fallback reason forces
 * the general path for it, checks that the CPU counter of that reason
 * moved, and that what the partner sees (source, type, status word,
 * payload) is exactly what the fast path gives.  Part of fastpath_test
 * (its case table lists these after its own).
 *
 * The receiver child receives (from ANY or from the parent), and reports
 * what it got to the parent with a SEND of T_REPORT: words[0] m_source,
 * [1] m_type, [2] the status word, [3..13] the received words[0..10].
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "children.h"
#include "fastpath_ops.h"

#define PAGE		4096u
#define ROUNDS		5
#define ST_NOTIFY	(((uint32_t)IPC_NOTIFY << IPC_STATUS_CALL_SHIFT) | IPC_STATUS_NOTIFY)
#define ST_SEND		((uint32_t)IPC_SEND << IPC_STATUS_CALL_SHIFT)

static uint8_t two_pages[2 * PAGE] __attribute__((aligned(4096)));
static int arg_cpu = -1;		/* the receiver moves to this CPU first */
static int arg_busy;			/* it works 3 ticks before each receive */
static int arg_split;			/* it receives into a page-crossing buffer */

struct counts {
	uint64_t hits;
	uint32_t slow[FP_SLOW_REASONS];
};

static void counters(struct counts *k)
{
	struct cpu_stats s;

	memset(k, 0, sizeof(*k));
	for (int c = 0; c < ABI_MAX_CPUS; c++) {
		if (sys_getinfo(GET_CPUSTATS, c, &s, sizeof(s)) != (int)sizeof(s) || !s.online)
			continue;
		k->hits += s.fastpath_hits;
		for (int r = 0; r < FP_SLOW_REASONS; r++)
			k->slow[r] += s.fastpath_slow[r];
	}
}

/* NULL if `reason` (or, for -1, the fast paths) counted at least n more. */
static const char *moved(const struct counts *a, const struct counts *b, int reason, unsigned n)
{
	if (reason < 0 && b->hits < a->hits + n)
		return test_failf("fast paths taken %u times, want %u",
				  (unsigned)(b->hits - a->hits), n);
	if (reason >= 0 && b->slow[reason] < a->slow[reason] + n)
		return test_failf("fallback %d counted %u times, want %u", reason,
				  b->slow[reason] - a->slow[reason], n);
	return NULL;
}

static int my_cpu(void)
{
	struct proc_info me;

	return sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0 ? (int)me.cpu : 0;
}

static int other_cpu(void)
{
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0 || k.ncpus < 2)
		return -1;
	return (my_cpu() + 1) % (int)k.ncpus;
}

static int receiver_main(void)
{
	message *m = arg_split ? (message *)(two_pages + PAGE - 20) : &(message){ 0 };
	message r;
	uint32_t st;

	if (arg_cpu >= 0)
		CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	for (;;) {
		if (arg_busy)
			wait_ticks(3);
		memset(m, 0xa5, sizeof(*m));
		st = 0xdead;
		CHK(ipc_receive(ANY, m, &st) == OK);
		if (m->m_type == T_QUIT)
			return 0;
		clear_msg(&r, T_REPORT);
		r.words[0] = (uint32_t)m->m_source;
		r.words[1] = (uint32_t)m->m_type;
		r.words[2] = st;
		for (int i = 0; i <= 10; i++)
			r.words[3 + i] = m->words[i];
		CHK(ipc_send(self_ep, &r) == OK);
	}
}

/* Takes the receiver's report; NULL if it saw a notification from us. */
static const char *notify_report(endpoint_t rcv)
{
	message r;

	T_ASSERT_EQ(ipc_receive(rcv, &r, NULL), OK);
	T_ASSERT_EQ(r.m_type, T_REPORT);
	T_ASSERT_EQ(r.words[0], (uint32_t)self_ep);
	T_ASSERT_EQ(r.words[1], NOTIFY_MESSAGE);
	T_ASSERT_EQ(r.words[2], ST_NOTIFY);
	T_ASSERT(r.words[3] <= uptime());		/* notify.uptime */
	for (int i = 4; i <= 13; i++)			/* irqs 0, the rest zeroed */
		T_ASSERT_EQ(r.words[i], 0);
	return NULL;
}

#define T_OK(expr)	do { const char *e_ = (expr); if (e_) return e_; } while (0)

/* Rounds of NOTIFY to a fresh receiver; every one fast, or slow for `reason`. */
static const char *notify_case(int reason)
{
	struct counts a, b;
	const char *why = NULL;
	endpoint_t rcv;

	T_SPAWN(rcv, receiver_main);
	T_BLOCKED(rcv);
	counters(&a);
	for (int i = 0; i < ROUNDS && !why; i++) {
		T_ASSERT_EQ(ipc_notify(rcv), OK);
		why = notify_report(rcv);
	}
	counters(&b);
	if (!why)
		why = moved(&a, &b, reason, reason < 0 ? ROUNDS : ROUNDS - 1);
	return why ? why : stop_child(rcv);
}

static const char *t_notify_taken(void)
{
	return notify_case(-1);
}

/* The receiver is busy: the notification waits, its RECEIVE then takes it. */
static const char *t_notify_not_waiting(void)
{
	const char *why;

	arg_busy = 1;
	why = notify_case(FP_SLOW_NOT_WAITING);
	arg_busy = 0;
	return why;
}

static const char *t_notify_buffer(void)
{
	const char *why;

	arg_split = 1;
	why = notify_case(FP_SLOW_BUFFER);
	arg_split = 0;
	return why;
}

static const char *t_notify_other_cpu(void)
{
	const char *why;

	if ((arg_cpu = other_cpu()) < 0)
		return test_skipf("needs 2 CPUs");
	why = notify_case(FP_SLOW_OTHER_CPU);
	arg_cpu = -1;
	return why;
}

/*
 * The receiver waits for our reply to its SENDREC (to us only): the
 * notification stays pending, and its next RECEIVE takes it.
 */
static int caller_main(void)
{
	message m;
	uint32_t st;

	clear_msg(&m, T_REQ);
	CHK(ipc_sendrec(self_ep, &m) == OK);
	CHK(m.m_type == T_REPLY);
	CHK(ipc_receive(ANY, &m, &st) == OK);
	CHK(m.m_type == NOTIFY_MESSAGE && m.m_source == self_ep && st == ST_NOTIFY);
	return 0;
}

static const char *t_notify_reply_pending(void)
{
	struct counts a, b;
	endpoint_t c;
	message m;

	T_SPAWN(c, caller_main);
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	counters(&a);
	T_ASSERT_EQ(ipc_notify(c), OK);
	counters(&b);
	T_OK(moved(&a, &b, FP_SLOW_NOT_WAITING, 1));
	clear_msg(&m, T_REPLY);
	T_ASSERT_EQ(ipc_send(c, &m), OK);
	T_EXIT(c, 0);
	return NULL;
}

/* Stale, malformed and self endpoints: the general path's errors. */
static const char *t_notify_endpoint(void)
{
	struct counts a, b;
	endpoint_t dead;
	message m;

	T_SPAWN(dead, hello_main);
	T_ASSERT_EQ(ipc_receive(dead, &m, NULL), OK);
	T_EXIT(dead, 0);
	counters(&a);
	T_ASSERT_EQ(ipc_notify(dead), EDEADSRCDST);
	T_ASSERT_EQ(ipc_notify(BAD_SLOT_EP), EBADEPT);
	T_ASSERT_EQ(ipc_notify(self_ep), EINVAL);
	counters(&b);
	return moved(&a, &b, FP_SLOW_ENDPOINT, 3);
}

static const char *t_notify_denied(void)
{
	struct counts a, b;
	endpoint_t rcv;

	T_SPAWN(rcv, receiver_main);
	T_BLOCKED(rcv);
	T_ASSERT_EQ(ipc_notify(rcv), OK);
	T_OK(notify_report(rcv));
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_DENY_IPC, rcv), OK);
	counters(&a);
	T_ASSERT_EQ(ipc_notify(rcv), ECALLDENIED);
	counters(&b);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_ALLOW_IPC, rcv), OK);
	T_OK(moved(&a, &b, FP_SLOW_DENIED, 1));
	return stop_child(rcv);
}

/* ------------------------------------------------------------------ SEND */

static const char *send_report(endpoint_t rcv, uint32_t base)
{
	message r;

	T_ASSERT_EQ(ipc_receive(rcv, &r, NULL), OK);
	T_ASSERT_EQ(r.m_type, T_REPORT);
	T_ASSERT_EQ(r.words[0], (uint32_t)self_ep);
	T_ASSERT_EQ(r.words[1], T_REQ);
	T_ASSERT_EQ(r.words[2], ST_SEND);
	for (int i = 0; i <= 10; i++)
		T_ASSERT_EQ(r.words[3 + i], base + (uint32_t)i);
	return NULL;
}

static message *send_buffer;		/* where send_case's messages are, NULL: the stack */

static const char *send_case(int reason)
{
	message local, *m = send_buffer ? send_buffer : &local;
	struct counts a, b;
	const char *why = NULL;
	endpoint_t rcv;

	T_SPAWN(rcv, receiver_main);
	T_BLOCKED(rcv);
	counters(&a);
	for (int i = 0; i < ROUNDS && !why; i++) {
		if (reason < 0 && i > 0)
			T_BLOCKED(rcv);		/* back in its receive, whatever ran between */
		clear_msg(m, T_REQ);
		m->m_source = 12345;			/* forged: the kernel overwrites it */
		for (int w = 0; w < (int)(MESSAGE_PAYLOAD / 4); w++)
			m->words[w] = 1000u * (uint32_t)i + (uint32_t)w;
		T_ASSERT_EQ(ipc_send(rcv, m), OK);
		why = send_report(rcv, 1000u * (uint32_t)i);
	}
	counters(&b);
	if (!why)
		why = moved(&a, &b, reason, reason < 0 ? ROUNDS : ROUNDS - 1);
	return why ? why : stop_child(rcv);
}

static const char *t_send_taken(void)
{
	return send_case(-1);
}

/* The receiver is busy: the sender blocks, queued, and the receive takes it. */
static const char *t_send_not_waiting(void)
{
	const char *why;

	arg_busy = 1;
	why = send_case(FP_SLOW_NOT_WAITING);
	arg_busy = 0;
	return why;
}

static const char *t_send_buffer(void)
{
	const char *why;

	send_buffer = (message *)(two_pages + PAGE - 24);
	why = send_case(FP_SLOW_BUFFER);
	send_buffer = NULL;
	if (!why) {
		arg_split = 1;				/* the receiver's side */
		why = send_case(FP_SLOW_BUFFER);
		arg_split = 0;
	}
	return why;
}

static const char *t_send_other_cpu(void)
{
	const char *why;

	if ((arg_cpu = other_cpu()) < 0)
		return test_skipf("needs 2 CPUs");
	why = send_case(FP_SLOW_OTHER_CPU);
	arg_cpu = -1;
	return why;
}

/*
 * The partner is blocked sending to us: SENDNB to it says ENOTREADY (not
 * waiting); once we took its request it waits for our reply, and a SEND
 * is that reply (fast).
 */
static const char *t_send_reply(void)
{
	struct counts a, b;
	endpoint_t c;
	message m;

	arg_ep = self_ep;
	T_SPAWN(c, sendrec_to_arg_main);
	T_BLOCKED(c);
	clear_msg(&m, T_REPLY);
	counters(&a);
	T_ASSERT_EQ(ipc_sendnb(c, &m), ENOTREADY);
	counters(&b);
	T_OK(moved(&a, &b, FP_SLOW_NOT_WAITING, 1));
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	T_ASSERT_EQ(m.m_type, T_REQ);
	clear_msg(&m, T_REPLY);
	counters(&a);
	T_ASSERT_EQ(ipc_send(c, &m), OK);
	counters(&b);
	T_OK(moved(&a, &b, -1, 1));
	T_EXIT(c, 0);
	return NULL;
}

static const char *t_send_endpoint(void)
{
	struct counts a, b;
	endpoint_t dead;
	message m;

	T_SPAWN(dead, hello_main);
	T_ASSERT_EQ(ipc_receive(dead, &m, NULL), OK);
	T_EXIT(dead, 0);
	clear_msg(&m, T_REQ);
	counters(&a);
	T_ASSERT_EQ(ipc_send(dead, &m), EDEADSRCDST);
	T_ASSERT_EQ(ipc_sendnb(BAD_SLOT_EP, &m), EBADEPT);
	T_ASSERT_EQ(ipc_send(self_ep, &m), EINVAL);
	counters(&b);
	return moved(&a, &b, FP_SLOW_ENDPOINT, 3);
}

static const char *t_send_denied(void)
{
	struct counts a, b;
	endpoint_t rcv;
	message m;

	T_SPAWN(rcv, receiver_main);
	T_BLOCKED(rcv);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_DENY_IPC, rcv), OK);
	clear_msg(&m, T_REQ);
	counters(&a);
	T_ASSERT_EQ(ipc_send(rcv, &m), ECALLDENIED);
	counters(&b);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_ALLOW_IPC, rcv), OK);
	T_OK(moved(&a, &b, FP_SLOW_DENIED, 1));
	return stop_child(rcv);
}

/* --------------------------------------------------------------- RECEIVE */

/* Notifies the parent (busy) after it says T_GO, then waits for T_QUIT. */
static int notifier_main(void)
{
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK && m.m_type == T_GO);
	CHK(ipc_notify(self_ep) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	return m.m_type == T_QUIT ? 0 : __LINE__;
}

/*
 * A notification pending for us when we RECEIVE into m, from ANY or from
 * the notifier: taken at once (fast unless `reason`), the same message.
 */
static const char *pending_case(message *m, int from_any, int reason)
{
	struct counts a, b;
	endpoint_t n;
	uint32_t st = 0;

	T_SPAWN(n, notifier_main);
	T_BLOCKED(n);
	T_SEND(n, T_GO);			/* it runs after we leave the CPU */
	T_BLOCKED(n);				/* now our notification is pending */
	counters(&a);
	memset(m, 0xa5, sizeof(*m));
	T_ASSERT_EQ(ipc_receive(from_any ? ANY : n, m, &st), OK);
	counters(&b);
	T_ASSERT_EQ(m->m_source, n);
	T_ASSERT_EQ(m->m_type, NOTIFY_MESSAGE);
	T_ASSERT_EQ(st, ST_NOTIFY);
	T_ASSERT(m->notify.uptime <= uptime());
	for (int i = 1; i < (int)(MESSAGE_PAYLOAD / 4); i++)
		T_ASSERT_EQ(m->words[i], 0);
	T_OK(moved(&a, &b, reason, 1));
	return stop_child(n);
}

static const char *t_receive_pending_notify(void)
{
	message m;

	T_OK(pending_case(&m, 1, -1));
	return pending_case(&m, 0, -1);
}

static const char *t_receive_pending_buffer(void)
{
	return pending_case((message *)(two_pages + PAGE - 20), 1, FP_SLOW_BUFFER);
}

/* A kernel source (our alarm), malformed, self and dead sources. */
static const char *t_receive_endpoint(void)
{
	struct counts a, b;
	endpoint_t dead;
	uint32_t st = 0;
	message m;

	T_SPAWN(dead, hello_main);
	T_ASSERT_EQ(ipc_receive(dead, &m, NULL), OK);
	T_EXIT(dead, 0);
	T_ASSERT_EQ(sys_setalarm(1, NULL), OK);
	counters(&a);
	T_ASSERT_EQ(ipc_receive(CLOCK, &m, &st), OK);
	T_ASSERT_EQ(m.m_source, CLOCK);
	T_ASSERT_EQ(m.m_type, NOTIFY_MESSAGE);
	T_ASSERT_EQ(st, ST_NOTIFY | IPC_STATUS_KERNEL);
	T_ASSERT_EQ(ipc_receive(BAD_SLOT_EP, &m, NULL), EBADEPT);
	T_ASSERT_EQ(ipc_receive(self_ep, &m, NULL), EINVAL);
	T_ASSERT(ipc_receive(dead, &m, NULL) < 0);
	counters(&b);
	return moved(&a, &b, FP_SLOW_ENDPOINT, 4);
}

/* A buffer outside user space: EFAULT, as the general path says. */
static const char *t_receive_buffer(void)
{
	struct counts a, b;

	counters(&a);
	T_ASSERT_EQ(ipc_receive(ANY, (message *)0x1000, NULL), EFAULT);
	T_ASSERT_EQ(ipc_receive(ANY, (message *)0xffffffc0u, NULL), EFAULT);
	counters(&b);
	return moved(&a, &b, FP_SLOW_BUFFER, 2);
}

/* Sends T_REQ to the parent, then SENDAs it one T_PING (one entry). */
static asynmsg_t table[1];

static int queued_sender_main(void)
{
	message m;

	clear_msg(&m, T_REQ);
	m.words[3] = 33;
	CHK(ipc_send(self_ep, &m) == OK);
	memset(table, 0, sizeof(table));
	table[0].dst = self_ep;
	table[0].flags = AMF_VALID;
	table[0].msg.m_type = T_PING;
	table[0].msg.words[4] = 44;
	CHK(ipc_senda(table, 1) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	CHK(table[0].flags & AMF_DONE);
	CHK(table[0].result == OK);
	return m.m_type == T_QUIT ? 0 : __LINE__;
}

/* A sender queued (the general path's), then an asynchronous message pending. */
static const char *t_receive_pending(void)
{
	struct counts a, b;
	uint32_t st = 0;
	endpoint_t s;
	message m;

	T_SPAWN(s, queued_sender_main);
	T_BLOCKED(s);				/* queued on us */
	counters(&a);
	T_ASSERT_EQ(ipc_receive(ANY, &m, &st), OK);
	counters(&b);
	T_ASSERT_EQ(m.m_source, s);
	T_ASSERT_EQ(m.m_type, T_REQ);
	T_ASSERT_EQ(m.words[3], 33);
	T_ASSERT_EQ(st, ST_SEND);
	T_OK(moved(&a, &b, FP_SLOW_PENDING, 1));
	T_BLOCKED(s);				/* its SENDA is pending for us */
	counters(&a);
	T_ASSERT_EQ(ipc_receive(ANY, &m, &st), OK);
	counters(&b);
	T_ASSERT_EQ(m.m_source, s);
	T_ASSERT_EQ(m.m_type, T_PING);
	T_ASSERT_EQ(m.words[4], 44);
	T_ASSERT_EQ(st, (uint32_t)IPC_SENDA << IPC_STATUS_CALL_SHIFT);
	T_OK(moved(&a, &b, -1, 1));		/* the asynchronous message: fast */
	return stop_child(s);
}

/* ----------------------------------------------------------------- SENDA */

static asynmsg_t senda_table[4] __attribute__((aligned(128)));

/* One entry for rcv at `e`, words from base; returns what SENDA says. */
static int senda_one(asynmsg_t *e, endpoint_t rcv, uint32_t base, uint32_t count)
{
	memset(e, 0, sizeof(*e));
	e->flags = AMF_VALID;
	e->dst = rcv;
	e->msg.m_type = T_REQ;
	e->msg.m_source = 12345;
	for (int w = 0; w < (int)(MESSAGE_PAYLOAD / 4); w++)
		e->msg.words[w] = base + (uint32_t)w;
	return ipc_senda(e, count);
}

static const char *senda_report(endpoint_t rcv, uint32_t base)
{
	message r;

	T_ASSERT_EQ(ipc_receive(rcv, &r, NULL), OK);
	T_ASSERT_EQ(r.m_type, T_REPORT);
	T_ASSERT_EQ(r.words[0], (uint32_t)self_ep);
	T_ASSERT_EQ(r.words[1], T_REQ);
	T_ASSERT_EQ(r.words[2], (uint32_t)IPC_SENDA << IPC_STATUS_CALL_SHIFT);
	for (int i = 0; i <= 10; i++)
		T_ASSERT_EQ(r.words[3 + i], base + (uint32_t)i);
	return NULL;
}

static asynmsg_t *senda_at;		/* where senda_case's entry is, NULL: the table */

static const char *senda_case(int reason)
{
	asynmsg_t *e = senda_at ? senda_at : senda_table;
	struct counts a, b;
	const char *why = NULL;
	endpoint_t rcv;

	T_SPAWN(rcv, receiver_main);
	T_BLOCKED(rcv);
	counters(&a);
	for (int i = 0; i < ROUNDS && !why; i++) {
		T_ASSERT_EQ(senda_one(e, rcv, 2000u * (uint32_t)i, 1), OK);
		why = senda_report(rcv, 2000u * (uint32_t)i);
		T_ASSERT_EQ(e->flags, AMF_VALID | AMF_DONE);
		T_ASSERT_EQ(e->result, OK);
	}
	counters(&b);
	if (!why)
		why = moved(&a, &b, reason, reason < 0 ? ROUNDS : ROUNDS - 1);
	return why ? why : stop_child(rcv);
}

static const char *t_senda_taken(void)
{
	return senda_case(-1);
}

/* The receiver is busy: the entry waits (a pending bit), its RECEIVE takes it, both fast. */
static const char *t_senda_not_waiting(void)
{
	const char *why;

	arg_busy = 1;
	why = senda_case(-1);
	arg_busy = 0;
	return why;
}

static const char *t_senda_buffer(void)
{
	static uint8_t pages[2 * PAGE] __attribute__((aligned(4096)));
	struct counts a, b;
	const char *why;

	senda_at = (asynmsg_t *)(pages + PAGE - 40);	/* the entry across pages */
	why = senda_case(FP_SLOW_BUFFER);
	senda_at = NULL;
	if (!why) {
		arg_split = 1;				/* the receiver's buffer */
		why = senda_case(FP_SLOW_BUFFER);
		arg_split = 0;
	}
	if (why)
		return why;
	counters(&a);
	T_ASSERT_EQ(ipc_senda(senda_table, 0), OK);
	T_ASSERT_EQ(ipc_senda(senda_table, SENDA_MAX + 1), EINVAL);
	counters(&b);
	return moved(&a, &b, FP_SLOW_BUFFER, 2);
}

static const char *t_senda_other_cpu(void)
{
	const char *why;

	if ((arg_cpu = other_cpu()) < 0)
		return test_skipf("needs 2 CPUs");
	why = senda_case(FP_SLOW_OTHER_CPU);
	arg_cpu = -1;
	return why;
}

/* Bad, self and dead destinations: each entry gets the general path's error. */
static const char *t_senda_endpoint(void)
{
	struct counts a, b;
	endpoint_t dead;
	message m;

	T_SPAWN(dead, hello_main);
	T_ASSERT_EQ(ipc_receive(dead, &m, NULL), OK);
	T_EXIT(dead, 0);
	counters(&a);
	T_ASSERT_EQ(senda_one(senda_table, BAD_SLOT_EP, 0, 1), OK);
	T_ASSERT_EQ(senda_table[0].result, EBADEPT);
	T_ASSERT_EQ(senda_one(senda_table, self_ep, 0, 1), OK);
	T_ASSERT_EQ(senda_table[0].result, EINVAL);
	T_ASSERT_EQ(senda_one(senda_table, dead, 0, 1), OK);
	T_ASSERT(senda_table[0].result == EDEADSRCDST || senda_table[0].result == EDEADEPT);
	T_ASSERT_EQ(senda_table[0].flags, AMF_VALID | AMF_DONE);
	counters(&b);
	return moved(&a, &b, FP_SLOW_ENDPOINT, 3);
}

static const char *t_senda_denied(void)
{
	struct counts a, b;
	endpoint_t rcv;

	T_SPAWN(rcv, receiver_main);
	T_BLOCKED(rcv);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_DENY_IPC, rcv), OK);
	counters(&a);
	T_ASSERT_EQ(senda_one(senda_table, rcv, 0, 1), OK);
	counters(&b);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_ALLOW_IPC, rcv), OK);
	T_ASSERT_EQ(senda_table[0].result, ECALLDENIED);
	T_OK(moved(&a, &b, FP_SLOW_DENIED, 1));
	return stop_child(rcv);
}

/*
 * Entries for two receivers, interleaved, and one not valid: the first of
 * each goes at once, the others one per RECEIVE from the cursor on; a
 * second SENDA of the same table sends the entries made valid again.
 */
static const char *t_senda_cursor(void)
{
	static asynmsg_t t[SENDA_MAX];
	endpoint_t r1, r2;

	T_SPAWN(r1, receiver_main);
	T_SPAWN(r2, receiver_main);
	T_BLOCKED(r1);
	T_BLOCKED(r2);
	for (int round = 0; round < 2; round++) {
		memset(t, 0, sizeof(t));
		for (uint32_t i = 0; i < 7; i++) {
			t[i].flags = i == 3 ? 0 : AMF_VALID;
			t[i].dst = i & 1 ? r2 : r1;
			t[i].msg.m_type = T_REQ;
			for (int w = 0; w <= 10; w++)
				t[i].msg.words[w] = 100u * i + (uint32_t)w;
		}
		T_ASSERT_EQ(ipc_senda(t, 7), OK);
		for (uint32_t i = 0; i < 7; i++) {	/* reports in each receiver's order */
			if (i == 3)
				continue;
			T_OK(senda_report(i & 1 ? r2 : r1, 100u * i));
		}
		for (uint32_t i = 0; i < 7; i++) {
			T_ASSERT_EQ(t[i].flags, i == 3 ? 0 : AMF_VALID | AMF_DONE);
			T_ASSERT_EQ(t[i].result, OK);
		}
	}
	return stop_two(r1, r2);
}

/*
 * A SENDA child: from arg_cpu, one entry (T_PING, words[4] 44) for the
 * parent, then (arg_stale) a SENDA that replaces the table with one that
 * has nothing valid; then it waits for T_QUIT.
 */
static int arg_stale;

static int senda_child_main(void)
{
	message m;

	if (arg_cpu >= 0)
		CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	memset(table, 0, sizeof(table));
	table[0].dst = self_ep;
	table[0].flags = AMF_VALID;
	table[0].msg.m_type = T_PING;
	table[0].msg.words[4] = 44;
	CHK(ipc_senda(table, 1) == OK);
	if (arg_stale) {
		static asynmsg_t none[1];
		CHK(ipc_senda(none, 1) == OK);
	}
	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	return m.m_type == T_QUIT ? 0 : __LINE__;
}

/* Our RECEIVE into m of the child's pending entry, fast unless `reason`. */
static const char *pending_senda_case(message *m, int reason)
{
	struct counts a, b;
	uint32_t st = 0;
	endpoint_t s;

	T_SPAWN(s, senda_child_main);
	T_BLOCKED(s);				/* its entry is pending for us */
	counters(&a);
	T_ASSERT_EQ(ipc_receive(ANY, m, &st), OK);
	counters(&b);
	T_ASSERT_EQ(m->m_source, s);
	T_ASSERT_EQ(m->m_type, T_PING);
	T_ASSERT_EQ(m->words[4], 44);
	T_ASSERT_EQ(st, (uint32_t)IPC_SENDA << IPC_STATUS_CALL_SHIFT);
	T_OK(moved(&a, &b, reason, 1));
	return stop_child(s);
}

static const char *t_receive_senda_other_cpu(void)
{
	message m;
	const char *why;

	if ((arg_cpu = other_cpu()) < 0)
		return test_skipf("needs 2 CPUs");
	why = pending_senda_case(&m, FP_SLOW_OTHER_CPU);
	arg_cpu = -1;
	return why;
}

static const char *t_receive_senda_buffer(void)
{
	return pending_senda_case((message *)(two_pages + PAGE - 20), FP_SLOW_BUFFER);
}

/*
 * The pending bit outlived the entry (the table was replaced): the general
 * path clears it and we wait, here for our alarm.
 */
static const char *t_receive_senda_stale(void)
{
	struct counts a, b;
	uint32_t st = 0;
	endpoint_t s;
	message m;

	arg_stale = 1;
	T_SPAWN(s, senda_child_main);
	arg_stale = 0;
	T_BLOCKED(s);
	T_ASSERT_EQ(sys_setalarm(2, NULL), OK);
	counters(&a);
	T_ASSERT_EQ(ipc_receive(ANY, &m, &st), OK);
	counters(&b);
	T_ASSERT_EQ(m.m_source, CLOCK);
	T_ASSERT_EQ(st, ST_NOTIFY | IPC_STATUS_KERNEL);
	T_OK(moved(&a, &b, FP_SLOW_PENDING, 1));
	return stop_child(s);
}

/*
 * A receiver stopped by its manager while it waits still takes a message
 * (the general path delivers, it runs once resumed): NOTIFY and SEND fall
 * back for it as not waiting, SENDA as pending.
 */
static const char *t_stopped_receiver(void)
{
	struct counts a, b;
	endpoint_t rcv;
	message m;

	T_SPAWN(rcv, receiver_main);
	T_BLOCKED(rcv);
	T_ASSERT_EQ(sys_runctl(rcv, RC_STOP), OK);
	counters(&a);
	T_ASSERT_EQ(ipc_notify(rcv), OK);
	counters(&b);
	T_OK(moved(&a, &b, FP_SLOW_NOT_WAITING, 1));
	T_ASSERT_EQ(sys_runctl(rcv, RC_RESUME), OK);
	T_OK(notify_report(rcv));
	T_BLOCKED(rcv);

	T_ASSERT_EQ(sys_runctl(rcv, RC_STOP), OK);
	clear_msg(&m, T_REQ);
	for (int w = 0; w <= 10; w++)
		m.words[w] = 700u + (uint32_t)w;
	counters(&a);
	T_ASSERT_EQ(ipc_send(rcv, &m), OK);
	counters(&b);
	T_OK(moved(&a, &b, FP_SLOW_NOT_WAITING, 1));
	T_ASSERT_EQ(sys_runctl(rcv, RC_RESUME), OK);
	T_OK(send_report(rcv, 700));
	T_BLOCKED(rcv);

	T_ASSERT_EQ(sys_runctl(rcv, RC_STOP), OK);
	counters(&a);
	T_ASSERT_EQ(senda_one(senda_table, rcv, 900, 1), OK);
	counters(&b);
	T_OK(moved(&a, &b, FP_SLOW_PENDING, 1));
	T_ASSERT_EQ(senda_table[0].flags, AMF_VALID | AMF_DONE);	/* delivered while stopped */
	T_ASSERT_EQ(sys_runctl(rcv, RC_RESUME), OK);
	T_OK(senda_report(rcv, 900));
	return stop_child(rcv);
}

#define GUARDED(fn, name) const char *fn##_g(void) { return guarded(fn); }
FASTPATH_OPS_CASES(GUARDED)
