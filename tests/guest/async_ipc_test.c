/*
 * tests/guest/async_ipc_test.c - async.sendrec_*: ASYNC_OP_SENDREC, a
 * request to a server whose answer becomes a completion
 * (kernel/async_sendrec.c, docs/async.md).  The server sees a normal
 * request and answers with SEND or REPLYRECV; bad endpoints and buffers;
 * the server dying with calls queued and delivered; cancellation while
 * queued and while delivered (the answer dropped, the server not wedged);
 * the ring ended under a delivered call; the submitter killed while its
 * calls are queued, delivered and being answered; VM_MMAP / VM_MUNMAP
 * through VM, refused and with the submitter killed; and message
 * conservation: every request answered or aborted exactly once.  Every
 * case checks that the kernel's records, and free memory, come back.
 */
#include <string.h>
#include <async.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <vm.h>
#include <abi/signal.h>
#include <abi/vm.h>
#include "async_util.h"
#include "children.h"
#include "guest_util.h"

#define MAX_CALLS	64		/* a SYSTEM process's quota */

static message requests[MAX_CALLS], replies[MAX_CALLS];

/* ------------------------------------------------------------- server */

/*
 * How the server child answers a request (T_REQ, words[0] = n): T_REPLY
 * with words[0] = n + 1, words[1] = the request's m_source and words[2] =
 * 1 if it came as a SENDREC.  Its parent commands it: T_GO answers the
 * request it holds (S_HOLD: while it holds one, no other request of the
 * same caller may arrive), T_QUIT ends it with its counts as status.
 */
enum { S_SEND, S_REPLYRECV, S_HOLD, S_PARENT_ONLY, S_DIE };
static int arg_mode, arg_cpu = -1;

/* Counts: requests received, answers that reached a live caller, answers to dead ones. */
#define COUNTS(recv, ok, dead)	((recv) | (ok) << 10 | (dead) << 20)

static int answer(message *m, endpoint_t to, uint32_t status, unsigned *ok, unsigned *dead)
{
	uint32_t n = m->words[0];
	int r;

	clear_msg(m, T_REPLY);
	m->words[0] = n + 1;
	m->words[1] = (uint32_t)to;
	m->words[2] = IPC_STATUS_CALL(status) == IPC_SENDREC;
	r = ipc_send(to, m);
	if (r == OK)
		(*ok)++;
	else if (r == EDEADSRCDST)
		(*dead)++;
	return r == OK || r == EDEADSRCDST;
}

static int server_main(void)
{
	unsigned recv = 0, ok = 0, dead = 0;
	endpoint_t held = NONE;
	uint32_t status, held_status = 0;
	message m, hm;

	if (arg_cpu >= 0)
		CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	if (arg_mode == S_PARENT_ONLY) {	/* requests stay queued */
		CHK(ipc_receive(self_ep, &m, NULL) == OK && m.m_type == T_QUIT);
		return COUNTS(0, 0, 0);
	}
	CHK(ipc_receive(ANY, &m, &status) == OK);
	for (;;) {
		endpoint_t from = m.m_source;

		if (from == self_ep && m.m_type == T_QUIT)
			return held == NONE ? COUNTS(recv, ok, dead) : __LINE__;
		if (from == self_ep && m.m_type == T_GO) {
			CHK(held != NONE && answer(&hm, held, held_status, &ok, &dead));
			held = NONE;
			CHK(ipc_receive(ANY, &m, &status) == OK);
			continue;
		}
		if (from == self_ep && m.m_type == T_PING) {	/* a synchronous SENDREC */
			clear_msg(&m, T_PING);
			CHK(ipc_send(self_ep, &m) == OK);
			CHK(ipc_receive(ANY, &m, &status) == OK);
			continue;
		}
		CHK(m.m_type == T_REQ);
		recv++;
		if (arg_mode == S_DIE)
			return COUNTS(recv, ok, dead);
		if (arg_mode == S_HOLD) {
			CHK(held == NONE);
			held = from;
			held_status = status;
			hm = m;
			/* one request of a caller at a time: the next is no request */
			CHK(ipc_receive(ANY, &m, &status) == OK && m.m_type != T_REQ);
			continue;
		}
		if (arg_mode == S_REPLYRECV) {
			uint32_t n = m.words[0];
			int r;

			clear_msg(&m, T_REPLY);
			m.words[0] = n + 1;
			m.words[1] = (uint32_t)from;
			m.words[2] = IPC_STATUS_CALL(status) == IPC_SENDREC;
			r = ipc_replyrecv(from, &m, &status);
			if (r == OK) {
				ok++;
				continue;
			}
			CHK(r == EDEADSRCDST);
			dead++;
		} else {
			CHK(answer(&m, from, status, &ok, &dead));
		}
		CHK(ipc_receive(ANY, &m, &status) == OK);
	}
}

static endpoint_t server(int mode)
{
	arg_mode = mode;
	return spawn(server_main);
}

/* Request i (T_REQ, words[0] = i) to dst, tag i; its reply buffer poisoned. */
static void push_request(uint32_t i, endpoint_t dst)
{
	clear_msg(&requests[i], T_REQ);
	requests[i].words[0] = i;
	memset(&replies[i], 0x5a, sizeof(replies[i]));
	push_sendrec(i, dst, &requests[i], &replies[i]);
}

/* Is reply i the answer from srv to request i?  Untouched (0x5a)? */
static int answered(uint32_t i, endpoint_t srv)
{
	return replies[i].m_source == srv && replies[i].m_type == T_REPLY &&
	       replies[i].words[0] == i + 1 && replies[i].words[1] == (uint32_t)self_ep &&
	       replies[i].words[2] == 1;
}

static int untouched(uint32_t i)
{
	const uint8_t *b = (const uint8_t *)&replies[i];

	for (unsigned k = 0; k < sizeof(replies[i]); k++)
		if (b[k] != 0x5a)
			return 0;
	return 1;
}

/*
 * Pops n completions (completions come in no set order) into res[tag],
 * tags below 16; 0, or the line of a problem (none, a tag seen twice).
 */
static int32_t res[16];

static int collect(unsigned n)
{
	static uint8_t seen[16];
	struct async_cqe c;

	memset(seen, 0, sizeof(seen));
	for (unsigned i = 0; i < n; i++) {
		if (pop(&c) < 0 || c.tag >= 16 || seen[c.tag])
			return __LINE__;
		seen[c.tag] = 1;
		res[c.tag] = c.result;
	}
	return pop(&c) < 0 ? 0 : __LINE__;
}

/* -------------------------------------------------------------- cases */

/* Answers by SEND and by REPLYRECV become completions, the replies written back. */
static const char *t_basic(void)
{
	endpoint_t a, b;

	T_SPAWN(a, server_main);		/* arg_mode 0: S_SEND */
	T_ASSERT((b = server(S_REPLYRECV)) > 0);
	T_ASSERT_EQ(ring_up(32, 32, 0), OK);
	for (uint32_t i = 0; i < 16; i++)
		push_request(i, i & 1 ? b : a);
	T_ASSERT_EQ(sys_async_enter(16), 16);
	for (uint32_t n = 0; n < 16; n++) {
		struct async_cqe c;

		T_ASSERT_EQ(pop(&c), 0);
		T_ASSERT(c.tag < 16 && c.op == ASYNC_OP_SENDREC);
		T_ASSERT_EQ(c.result, OK);
		T_ASSERT(answered(c.tag, c.tag & 1 ? b : a));
	}
	T_ASSERT_EQ(stats().outstanding, 0);
	T_SEND(a, T_QUIT);
	T_SEND(b, T_QUIT);
	T_EXIT(a, COUNTS(8, 8, 0));
	T_EXIT(b, COUNTS(8, 8, 0));
	return NULL;
}

/* Garbage endpoints and buffers: an error completion each, nothing sent. */
static const char *t_bad(void)
{
	endpoint_t gone, srv;

	T_SPAWN(gone, wait_go_exit_main);
	T_SEND(gone, T_GO);
	T_EXIT(gone, 0);
	srv = server(S_SEND);
	T_ASSERT(srv > 0);
	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	clear_msg(&requests[0], T_REQ);
	push_sendrec(1, 12345, &requests[0], &replies[0]);
	push_sendrec(2, BAD_SLOT_EP, &requests[0], &replies[0]);
	push_sendrec(3, self_ep, &requests[0], &replies[0]);
	push_sendrec(4, gone, &requests[0], &replies[0]);
	push_sendrec(5, srv, NULL, &replies[0]);
	push_sendrec(6, srv, (void *)0xfffffff0u, &replies[0]);
	push_sendrec(7, srv, &requests[0], (void *)0xffffffc0u);
	push_sendrec(8, ANY, &requests[0], &replies[0]);
	T_ASSERT_EQ(sys_async_enter(8), 8);
	T_ASSERT_EQ(collect(8), 0);
	T_ASSERT(res[1] < 0 && res[2] < 0 && res[8] < 0);
	T_ASSERT_EQ(res[3], EINVAL);
	T_ASSERT_EQ(res[4], EDEADSRCDST);
	T_ASSERT_EQ(res[5], EFAULT);
	T_ASSERT_EQ(res[6], EFAULT);
	T_ASSERT_EQ(res[7], EFAULT);
	/* a reply buffer gone by the time the answer comes: EFAULT, the server's SEND fine */
	clear_msg(&requests[1], T_REQ);
	push_sendrec(9, srv, &requests[1], (void *)MAP_HOLE);
	T_ASSERT_EQ(sys_async_enter(1), 1);
	T_ASSERT_EQ(pop_tag(9), EFAULT);
	T_ASSERT_EQ(stats().outstanding, 0);
	T_SEND(srv, T_QUIT);
	T_EXIT(srv, COUNTS(1, 1, 0));
	return NULL;
}

/* The server ends with one call delivered and two queued: EDEADSRCDST each. */
static const char *t_server_dies(void)
{
	endpoint_t srv;

	T_ASSERT((srv = server(S_DIE)) > 0);
	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	for (uint32_t i = 0; i < 3; i++)
		push_request(i, srv);
	T_ASSERT_EQ(sys_async_enter(3), 3);
	T_ASSERT_EQ(collect(3), 0);
	for (uint32_t i = 0; i < 3; i++)
		T_ASSERT_EQ(res[i], EDEADSRCDST);
	T_EXIT(srv, COUNTS(1, 0, 0));
	/* killed while they are all still queued */
	T_ASSERT((srv = server(S_PARENT_ONLY)) > 0);
	T_BLOCKED(srv);
	for (uint32_t i = 0; i < 4; i++)
		push_request(i, srv);
	T_ASSERT_EQ(sys_async_enter(0), 0);
	T_ASSERT_EQ(stats().outstanding, 4);
	T_ASSERT_EQ(sys_kill(srv, SIGKILL), OK);
	T_ASSERT_EQ(reap(srv), -SIGKILL);
	T_ASSERT_EQ(sys_async_enter(4), 4);
	T_ASSERT_EQ(collect(4), 0);
	for (uint32_t i = 0; i < 4; i++)
		T_ASSERT_EQ(res[i], EDEADSRCDST);
	T_ASSERT_EQ(stats().outstanding, 0);
	return NULL;
}

/*
 * Cancelled while delivered (the server holds it) and while queued behind
 * it: ECANCELED at once; the server's later answer is dropped (its SEND
 * succeeds, nothing is written), and it goes on serving.
 */
static const char *t_cancel(void)
{
	endpoint_t srv;
	message m;

	T_ASSERT((srv = server(S_HOLD)) > 0);
	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	push_request(0, srv);
	push_request(1, srv);
	push_request(2, srv);
	T_ASSERT_EQ(sys_async_enter(0), 0);
	T_BLOCKED(srv);					/* holds 0; 1 and 2 queued */
	push_cancel(10, 0, 0);
	push_cancel(11, 1, 0);
	T_ASSERT_EQ(sys_async_enter(4), 4);
	T_ASSERT_EQ(pop_tag(0), ECANCELED);
	T_ASSERT_EQ(pop_tag(10), 1);
	T_ASSERT_EQ(pop_tag(1), ECANCELED);
	T_ASSERT_EQ(pop_tag(11), 1);
	push_cancel(12, 0, 0);				/* once only */
	T_ASSERT_EQ(sys_async_enter(1), 1);
	T_ASSERT_EQ(pop_tag(12), ENOENT);
	T_SEND(srv, T_GO);				/* answers 0: dropped; takes 2 */
	T_BLOCKED(srv);
	T_ASSERT(untouched(0) && untouched(1));
	T_SEND(srv, T_GO);				/* answers 2 */
	T_ASSERT_EQ(sys_async_enter(1), 1);
	T_ASSERT_EQ(pop_tag(2), OK);
	T_ASSERT(answered(2, srv));
	clear_msg(&m, T_PING);				/* no stray answer waits for us */
	T_ASSERT_EQ(ipc_sendrec(srv, &m), OK);
	T_ASSERT(m.m_type == T_PING && m.m_source == srv);
	T_ASSERT_EQ(stats().outstanding, 0);
	T_SEND(srv, T_QUIT);
	T_EXIT(srv, COUNTS(2, 2, 0));
	return NULL;
}

/*
 * The ring torn down under a delivered call: its record waits for the
 * answer (an orphan), which is dropped; then it is back in the pool.  No
 * new ring meanwhile: orphans could otherwise pile up past any quota.
 */
static const char *t_ring_end(void)
{
	uint32_t pool = stats().pool_free;
	endpoint_t srv;
	message m;

	T_ASSERT((srv = server(S_HOLD)) > 0);
	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	push_request(0, srv);
	push_request(1, srv);				/* queued: straight back */
	T_ASSERT_EQ(sys_async_enter(0), 0);
	T_BLOCKED(srv);
	T_ASSERT_EQ(ring_down(), OK);
	T_ASSERT_EQ(stats().pool_free, pool - 1);	/* the orphan */
	T_ASSERT_EQ(ring_up(16, 16, 0), EBUSY);		/* not while an answer is owed */
	T_SEND(srv, T_GO);				/* the orphan's answer: dropped */
	T_BLOCKED(srv);
	T_ASSERT(untouched(0));
	T_ASSERT_EQ(stats().pool_free, pool);
	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	push_request(2, srv);
	T_ASSERT_EQ(sys_async_enter(0), 0);
	T_BLOCKED(srv);
	T_SEND(srv, T_GO);
	T_ASSERT_EQ(sys_async_enter(1), 1);
	T_ASSERT_EQ(pop_tag(2), OK);
	T_ASSERT(answered(2, srv));
	T_ASSERT_EQ(ring_down(), OK);
	T_ASSERT_EQ(stats().pool_free, pool);
	clear_msg(&m, T_PING);
	T_ASSERT_EQ(ipc_sendrec(srv, &m), OK);
	T_ASSERT_EQ(m.m_type, T_PING);
	T_SEND(srv, T_QUIT);
	T_EXIT(srv, COUNTS(2, 2, 0));
	return NULL;
}

/*
 * Conservation: 64 requests to two servers on (at 4 CPUs) other CPUs, and
 * cancels by tag and of all thrown in at varying points; every call
 * completes exactly once, OK with its answer or ECANCELED, and every
 * request a server received was answered once.
 */
static const char *t_conservation(void)
{
	static uint8_t seen[MAX_CALLS];
	int ncpu = cpu_count();
	unsigned okc = 0, cancelled = 0;

	for (uint32_t round = 0; round < 6; round++) {
		endpoint_t s[2];
		int32_t st[2];
		unsigned ok_round = 0;

		for (unsigned k = 0; k < 2; k++) {
			arg_cpu = ncpu > 1 ? (int)(1 + (round + k) % (unsigned)(ncpu - 1)) : -1;
			T_ASSERT((s[k] = server(k ? S_REPLYRECV : S_SEND)) > 0);
		}
		arg_cpu = -1;
		memset(seen, 0, sizeof(seen));
		T_ASSERT_EQ(ring_up(128, 128, 0), OK);
		for (uint32_t i = 0; i < MAX_CALLS; i++) {
			push_request(i, s[i & 1]);
			if (i % 16 == 15 - round)
				T_ASSERT(sys_async_enter(0) >= 0);
		}
		if (round & 1)
			push_cancel(1000, 0, ASYNC_CANCEL_ALL);
		else
			for (uint32_t i = round; i < MAX_CALLS; i += 7)
				push_cancel(1000 + i, i, 0);
		for (unsigned got = 0; ; ) {
			struct async_cqe c;

			while (pop(&c) == 0) {
				if (c.tag >= 1000)
					continue;
				T_ASSERT(c.tag < MAX_CALLS && !seen[c.tag]);
				seen[c.tag] = 1;
				got++;
				if (c.result == OK) {
					T_ASSERT(answered(c.tag, s[c.tag & 1]));
					ok_round++;
				} else {
					T_ASSERT_EQ(c.result, ECANCELED);
					cancelled++;
				}
			}
			if (got == MAX_CALLS && stats().outstanding == 0)
				break;
			T_ASSERT(sys_async_enter(1) > 0);
		}
		okc += ok_round;
		T_ASSERT_EQ(ring_down(), OK);
		for (unsigned k = 0; k < 2; k++) {
			T_SEND(s[k], T_QUIT);
			st[k] = reap(s[k]);
			T_ASSERT(st[k] >= 0 && (st[k] >> 20) == 0);	/* no dead callers */
		}
		/* answered = received; the OK ones among them, the rest cancelled after delivery */
		unsigned recv = (unsigned)((st[0] & 0x3ff) + (st[1] & 0x3ff));
		T_ASSERT_EQ((unsigned)(((st[0] >> 10) & 0x3ff) + ((st[1] >> 10) & 0x3ff)), recv);
		T_ASSERT(recv >= ok_round && recv <= MAX_CALLS);
		end_children_reaped();
	}
	T_ASSERT(okc > 0 && cancelled > 0);
	return NULL;
}

/* ------------------------------------------------------ VM through the ring */

static void push_vm(uint32_t op, uint32_t tag, vir_bytes addr, uint32_t len, uint32_t flags)
{
	struct async_sqe *e = sqe(op, tag);

	e->args.vm.addr = addr;
	e->args.vm.len = len;
	e->args.vm.flags = flags;
	async_sq_push(ring);
}

/*
 * VM_MMAP and VM_MUNMAP as operations: the address comes in the
 * completion's value; VM refusing (ENOMEM: more than it can ever give;
 * EINVAL: bad flags, a length of 0, an address not page-aligned) is the
 * completion's result.  The memory is usable and goes away again.
 */
static const char *t_vm(void)
{
	struct async_cqe c;
	uint32_t addr[4];

	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	for (uint32_t i = 0; i < 4; i++)
		push_vm(ASYNC_OP_VM_MMAP, i, 0, (i + 1) * PAGE, 0);
	push_vm(ASYNC_OP_VM_MMAP, 4, 0, 0xfffff000u, 0);
	push_vm(ASYNC_OP_VM_MMAP, 5, 0, PAGE, 0x80);
	push_vm(ASYNC_OP_VM_MMAP, 6, 0, 0, 0);
	push_vm(ASYNC_OP_VM_MUNMAP, 7, VM_MMAP_BASE + 16, PAGE, 0);	/* not page-aligned */
	T_ASSERT_EQ(sys_async_enter(8), 8);
	for (uint32_t n = 0; n < 8; n++) {
		T_ASSERT_EQ(pop(&c), 0);
		T_ASSERT(c.tag < 8 && c.op == (c.tag == 7 ? ASYNC_OP_VM_MUNMAP : ASYNC_OP_VM_MMAP));
		if (c.tag < 4) {
			T_ASSERT_EQ(c.result, OK);
			T_ASSERT(c.value >= VM_MMAP_BASE && c.value < VM_MMAP_TOP &&
				 !(c.value & (PAGE - 1)));
			addr[c.tag] = c.value;
		} else {
			T_ASSERT_EQ(c.result, c.tag == 4 ? ENOMEM : EINVAL);
			T_ASSERT_EQ(c.value, 0);
		}
	}
	for (uint32_t i = 0; i < 4; i++) {
		for (uint32_t j = 0; j < i; j++)
			T_ASSERT(addr[i] != addr[j]);
		memset((void *)addr[i], (int)i + 1, (i + 1) * PAGE);	/* demand-zero pages */
	}
	for (uint32_t i = 0; i < 4; i++) {
		T_ASSERT_EQ(*(volatile uint8_t *)(addr[i] + (i + 1) * PAGE - 1), i + 1);
		push_vm(ASYNC_OP_VM_MUNMAP, 10 + i, addr[i], (i + 1) * PAGE, 0);
	}
	T_ASSERT_EQ(sys_async_enter(4), 4);
	for (uint32_t i = 0; i < 4; i++) {
		T_ASSERT_EQ(pop(&c), 0);
		T_ASSERT(c.tag >= 10 && c.tag < 14 && c.result == OK && c.value == 0);
	}
	push_vm(ASYNC_OP_VM_MUNMAP, 20, addr[0], PAGE, 0);	/* gone already: nothing to do */
	T_ASSERT_EQ(sys_async_enter(1), 1);
	T_ASSERT_EQ(pop_tag(20), OK);
	T_ASSERT_EQ(stats().outstanding, 0);
	return NULL;
}

/* ---------------------------------------- the submitter killed mid-way */

enum { K_QUEUED, K_DELIVERED, K_ANSWERING, K_VM };
static endpoint_t arg_srv;
static int arg_phase;

static int submitter_main(void)
{
	message m;

	if (arg_cpu >= 0)
		CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	CHK(ring_up(16, 16, 0) == OK);
	if (arg_phase == K_VM) {			/* VM calls in flight, memory touched */
		for (;;) {
			struct async_cqe c;

			for (uint32_t i = 0; i < 8; i++)
				push_vm(ASYNC_OP_VM_MMAP, i, 0, 2 * PAGE, 0);
			sys_async_enter(8);
			while (pop(&c) == 0) {
				CHK(c.result == OK);
				if (c.op != ASYNC_OP_VM_MMAP)
					continue;
				*(volatile uint8_t *)c.value = 1;
				push_vm(ASYNC_OP_VM_MUNMAP, 100, c.value, 2 * PAGE, 0);
			}
		}
	}
	if (arg_phase == K_ANSWERING) {			/* in and out of ENTER */
		for (;;) {
			struct async_cqe c;

			for (uint32_t i = 0; i < 8; i++)
				push_request(i, arg_srv);
			sys_async_enter(8);
			while (pop(&c) == 0)
				;
		}
	}
	for (uint32_t i = 0; i < 4; i++)
		push_request(i, arg_srv);
	CHK(sys_async_enter(0) == 0);
	ipc_receive(self_ep, &m, NULL);			/* until killed */
	return __LINE__;
}

/*
 * Kills a submitter with its calls queued (the server takes only its
 * parent's messages), delivered (the server holds one; its answer then
 * finds a dead caller), or being answered (a busy loop against a server
 * answering at once); 8 rounds each, alternately kill and clear.  The
 * server lives on, its counts add up, and the records come back.
 */
static const char *kill_rounds(int phase)
{
	static const int modes[] = { S_PARENT_ONLY, S_HOLD, S_SEND, S_SEND };
	int ncpu = cpu_count();

	for (unsigned i = 0; i < 8; i++) {
		uint32_t before = stats().pool_free;
		endpoint_t srv, v;
		int32_t st;

		arg_cpu = ncpu > 1 ? (int)(1 + i % (unsigned)(ncpu - 1)) : -1;
		T_ASSERT((srv = server(modes[phase])) > 0);
		arg_srv = srv;
		arg_phase = phase;
		arg_cpu = ncpu > 1 ? (int)((i + 2) % (unsigned)ncpu) : -1;
		T_SPAWN(v, submitter_main);
		arg_cpu = -1;
		if (phase >= K_ANSWERING) {
			for (unsigned y = 0; y < 1 + i % 5; y++)
				poll_yield();
		} else {
			T_BLOCKED(v);
			T_BLOCKED(srv);
		}
		T_ASSERT_EQ(i & 1 ? sys_clear(v) : sys_kill(v, SIGKILL), OK);
		T_ASSERT_EQ(reap(v), -SIGKILL);
		if (phase == K_DELIVERED)
			T_SEND(srv, T_GO);			/* to a dead caller */
		T_SEND(srv, T_QUIT);
		st = reap(srv);
		if (phase == K_QUEUED && st != COUNTS(0, 0, 0))
			return test_failf("round %u: queued: server status %#x", i, (unsigned)st);
		if (phase == K_DELIVERED && st != COUNTS(1, 0, 1))
			return test_failf("round %u: delivered: server status %#x", i, (unsigned)st);
		if (phase == K_VM && st != COUNTS(0, 0, 0))
			return test_failf("round %u: VM: server status %#x", i, (unsigned)st);
		if (phase == K_ANSWERING &&
		    (st < 0 || (st & 0x3ff) != ((st >> 10) & 0x3ff) + ((st >> 20) & 0x3ff)))
			return test_failf("round %u: answering: server status %#x", i, (unsigned)st);
		end_children_reaped();
		T_ASSERT_EQ(stats().pool_free, before);
	}
	return NULL;
}

static const char *t_kill_queued(void)		{ return kill_rounds(K_QUEUED); }
static const char *t_kill_delivered(void)	{ return kill_rounds(K_DELIVERED); }
static const char *t_kill_answering(void)	{ return kill_rounds(K_ANSWERING); }
static const char *t_kill_vm(void)		{ return kill_rounds(K_VM); }

/* ------------------------------------------------------------- table */

CHECKED(t_basic) CHECKED(t_bad) CHECKED(t_server_dies) CHECKED(t_cancel) CHECKED(t_ring_end)
CHECKED(t_conservation) CHECKED(t_vm) CHECKED(t_kill_queued) CHECKED(t_kill_delivered)
CHECKED(t_kill_answering) CHECKED(t_kill_vm)

static const struct test_case cases[] = {
	{ "async.sendrec_basic", t_basic_c },
	{ "async.sendrec_bad_input", t_bad_c },
	{ "async.sendrec_server_dies", t_server_dies_c },
	{ "async.sendrec_cancel", t_cancel_c },
	{ "async.sendrec_ring_end", t_ring_end_c },
	{ "async.sendrec_conservation", t_conservation_c },
	{ "async.vm_mmap_munmap", t_vm_c },
	{ "async.sendrec_kill_queued", t_kill_queued_c },
	{ "async.sendrec_kill_delivered", t_kill_delivered_c },
	{ "async.sendrec_kill_answering", t_kill_answering_c },
	{ "async.vm_kill_submitter", t_kill_vm_c },
};

/*
 * The page table covering the first mmap regions stays once made: make it
 * before any case counts frames.
 */
static void prepare_mmap_table(void)
{
	uint8_t *p = vm_mmap(PAGE);

	if (p) {
		*(volatile uint8_t *)p = 1;
		vm_munmap(p, PAGE);
	}
}

int main(void)
{
	struct vm_info vi;

	if (children_init() < 0)
		return 1;
	vm_info(&vi);		/* VM has taken its memory: the frame counts hold still */
	prepare_mmap_table();
	return test_run(cases, TEST_COUNT(cases));
}
