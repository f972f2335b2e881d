/*
 * tests/guest/async_test.c - async.*: asynchronous kernel calls
 * (kernel/async.c, docs/async.md).  Set-up validation, the operations
 * (NOP, TIMEOUT, CANCEL, SAFECOPY and VSAFECOPY with and without a
 * page-in), garbage
 * entries and indices, the quota, a full CQ (completions held, never
 * dropped), cancellation by tag, of all, and against the timer, the
 * notification, a ring unmapped in flight, use by a USER process, a live
 * update and exec under a waiting ENTER, and processes killed at every
 * phase of their calls.  Every case checks that the kernel's records, and
 * free memory, are back where they were.
 */
#include <string.h>
#include <async.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <vm.h>
#include <abi/signal.h>
#include "async_util.h"
#include "children.h"
#include "guest_util.h"

static uint8_t buf[2 * PAGE] __attribute__((aligned(4096)));
static uint8_t local[2 * PAGE];

static void push_copy(uint32_t tag, endpoint_t granter, int32_t gid, uint32_t off, void *addr,
		      uint32_t bytes, uint32_t flags)
{
	struct async_sqe *e = sqe(ASYNC_OP_SAFECOPY, tag);

	e->args.copy.granter = granter;
	e->args.copy.gid = gid;
	e->args.copy.offset = off;
	e->args.copy.addr = (vir_bytes)addr;
	e->args.copy.bytes = bytes;
	e->args.copy.flags = flags;
	async_sq_push(ring);
}

/* ------------------------------------------------------------- set-up */

static const char *t_setup_bad(void)
{
	T_ASSERT_EQ(sys_async_enter(0), EINVAL);			/* no ring */
	T_ASSERT_EQ(sys_async_setup(ring, 0, 16, 0, NULL), EINVAL);
	T_ASSERT_EQ(sys_async_setup(ring, 16, 3, 0, NULL), EINVAL);
	T_ASSERT_EQ(sys_async_setup(ring, 512, 16, 0, NULL), EINVAL);
	T_ASSERT_EQ(sys_async_setup(ring, 16, 16, 0x80, NULL), EINVAL);
	T_ASSERT_EQ(sys_async_setup((struct async_ring *)(ring_mem + 64), 16, 16, 0, NULL),
		    EFAULT);						/* not page-aligned */
	T_ASSERT_EQ(sys_async_setup((struct async_ring *)0x1000, 16, 16, 0, NULL), EFAULT);
	T_ASSERT_EQ(sys_async_setup((struct async_ring *)0xfffff000u, 16, 16, 0, NULL), EFAULT);
	T_ASSERT_EQ(sys_async_setup((struct async_ring *)MAP_HOLE, 16, 16, 0, NULL), EFAULT);
	/* the last page of the ring unmapped: 256 + 256 entries reach past ring_mem */
	T_ASSERT_EQ(sys_async_setup((struct async_ring *)(ring_mem + 3 * PAGE), 256, 256, 0, NULL),
		    EFAULT);
	T_ASSERT_EQ(stats().quota, 0);
	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	T_ASSERT_EQ(ring->sq_entries, 16);
	T_ASSERT_EQ(ring->cq_entries, 16);
	T_ASSERT_EQ(sys_async_setup(ring, 16, 16, 0, NULL), EBUSY);
	T_ASSERT_EQ(stats().quota, 64);				/* a SYSTEM process's */
	T_ASSERT_EQ(ring_down(), OK);
	T_ASSERT_EQ(stats().quota, 0);
	T_ASSERT_EQ(ring_down(), OK);				/* none: nothing to do */
	return NULL;
}

/* --------------------------------------------------------- operations */

static const char *t_nop_batch(void)
{
	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	for (uint32_t i = 0; i < 16; i++)
		push(ASYNC_OP_NOP, 100 + i);
	T_ASSERT_EQ(sys_async_enter(16), 16);
	T_ASSERT_EQ(ring->sq_head, 16);
	for (uint32_t i = 0; i < 16; i++)
		T_ASSERT_EQ(pop_tag(100 + i), OK);
	T_ASSERT_EQ(sys_async_enter(0), 0);
	T_ASSERT_EQ(stats().outstanding, 0);
	T_ASSERT_EQ(sys_async_enter(1), EINVAL);		/* nothing can come */
	return NULL;
}

static const char *t_garbage(void)
{
	struct async_cqe c;

	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	push(99, 1);
	push(0xffffffffu, 2);
	push_timeout(3, 0);
	push_timeout(4, 0xffffffffu);
	push_cancel(5, 0, 0x10);
	push_copy(6, self_ep, 0, 0, local, 8, 0x40);
	push_copy(7, 12345, -3, 0, local, 8, 0);		/* bad endpoint and grant */
	T_ASSERT_EQ(sys_async_enter(7), 7);
	T_ASSERT_EQ(pop(&c), 0);
	T_ASSERT(c.tag == 1 && c.result == EINVAL && c.op == ASYNC_NR_OPS);
	for (uint32_t t = 2; t <= 6; t++)
		T_ASSERT_EQ(pop_tag(t), EINVAL);
	T_ASSERT(pop_tag(7) < 0);
	/* indices that make no sense: an error, and nothing taken */
	ring->sq_tail = ring->sq_head + 17;
	T_ASSERT_EQ(sys_async_enter(0), EINVAL);
	ring->sq_tail = ring->sq_head;
	ring->cq_head = ring->cq_tail + 1;
	T_ASSERT_EQ(sys_async_enter(0), EINVAL);
	ring->cq_head = ring->cq_tail;
	ring->sq_entries = 1 << 20;				/* the kernel keeps its own */
	push(ASYNC_OP_NOP, 8);
	ring->sq_entries = 16;
	T_ASSERT_EQ(sys_async_enter(1), 1);
	T_ASSERT_EQ(pop_tag(8), OK);
	T_ASSERT_EQ(stats().outstanding, 0);
	return NULL;
}

static const char *t_timeout(void)
{
	uint32_t t0;

	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	push_timeout(1, 3);
	t0 = uptime();
	T_ASSERT_EQ(sys_async_enter(1), 1);
	T_ASSERT(uptime() - t0 >= 2);
	T_ASSERT_EQ(pop_tag(1), OK);
	T_ASSERT_EQ(stats().outstanding, 0);
	return NULL;
}

/* --------------------------------------------------- limits and the CQ */

static const char *t_quota(void)
{
	struct async_stats s;

	T_ASSERT_EQ(ring_up(128, 128, 0), OK);
	for (uint32_t i = 0; i < 65; i++)
		push_timeout(i, LONG_TICKS);
	T_ASSERT_EQ(sys_async_enter(0), 1);			/* the 65th refused */
	s = stats();
	T_ASSERT_EQ(s.outstanding, 64);
	T_ASSERT_EQ(pop_tag(64), EDQUOT);
	push_cancel(1000, 0, ASYNC_CANCEL_ALL);
	T_ASSERT_EQ(sys_async_enter(65), 65);
	for (uint32_t i = 0; i < 65; i++) {
		struct async_cqe c;

		T_ASSERT_EQ(pop(&c), 0);
		T_ASSERT(c.tag == 1000 ? c.result == 64 : c.result == ECANCELED);
	}
	T_ASSERT_EQ(stats().outstanding, 0);
	return NULL;
}

/* A CQ of 4 for 10 completions: 6 held, none lost, in order. */
static const char *t_cq_full(void)
{
	uint32_t tag = 0;

	T_ASSERT_EQ(ring_up(16, 4, 0), OK);
	for (uint32_t i = 0; i < 10; i++)
		push(ASYNC_OP_NOP, i);
	T_ASSERT_EQ(sys_async_enter(0), 4);
	T_ASSERT_EQ(ring->held, 6);
	T_ASSERT_EQ(stats().outstanding, 6);
	for (int round = 0; round < 3; round++) {
		struct async_cqe c;

		while (pop(&c) == 0)
			T_ASSERT_EQ(c.tag, tag++);
		sys_async_enter(0);
	}
	T_ASSERT_EQ(tag, 10);
	T_ASSERT_EQ(ring->held, 0);
	T_ASSERT_EQ(stats().outstanding, 0);
	return NULL;
}

/* Quota and CQ both full: the refusal has nowhere to go, the entry stays. */
static const char *t_refusal_waits(void)
{
	T_ASSERT_EQ(ring_up(128, 64, 0), OK);
	for (uint32_t i = 0; i < 64; i++)
		push(ASYNC_OP_NOP, i);
	T_ASSERT_EQ(sys_async_enter(0), 64);			/* CQ full */
	for (uint32_t i = 0; i < 64; i++)
		push_timeout(100 + i, LONG_TICKS);		/* every record in flight */
	push(ASYNC_OP_NOP, 500);
	T_ASSERT_EQ(sys_async_enter(0), 64);
	T_ASSERT_EQ(ring->sq_head, 128);			/* the NOP was not taken */
	T_ASSERT_EQ(ring->sq_tail, 129);
	for (uint32_t i = 0; i < 64; i++)
		T_ASSERT_EQ(pop_tag(i), OK);
	T_ASSERT_EQ(sys_async_enter(1), 1);
	T_ASSERT_EQ(pop_tag(500), EDQUOT);
	push_cancel(501, 0, ASYNC_CANCEL_ALL);
	T_ASSERT_EQ(sys_async_enter(64), 64);			/* 63 + ... held ones follow */
	while (ring->held || async_cq_peek(ring)) {
		struct async_cqe c;

		while (pop(&c) == 0)
			T_ASSERT(c.result == ECANCELED || (c.tag == 501 && c.result == 64));
		sys_async_enter(0);
	}
	T_ASSERT_EQ(stats().outstanding, 0);
	return NULL;
}

/* ------------------------------------------------------- cancellation */

static const char *t_cancel_tag(void)
{
	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	push_timeout(1, LONG_TICKS);
	push_timeout(2, 2);
	push_cancel(3, 1, 0);
	push_cancel(4, 77, 0);
	T_ASSERT_EQ(sys_async_enter(3), 3);
	T_ASSERT_EQ(pop_tag(1), ECANCELED);
	T_ASSERT_EQ(pop_tag(3), 1);
	T_ASSERT_EQ(pop_tag(4), ENOENT);
	T_ASSERT_EQ(sys_async_enter(1), 1);
	T_ASSERT_EQ(pop_tag(2), OK);				/* the other one fires */
	push_cancel(5, 2, 0);					/* already complete */
	T_ASSERT_EQ(sys_async_enter(1), 1);
	T_ASSERT_EQ(pop_tag(5), ENOENT);
	T_ASSERT_EQ(stats().outstanding, 0);
	return NULL;
}

/*
 * Cancel against the timer firing: the timeouts are due at the next tick,
 * and the cancels follow after a wait that grows round by round, so they
 * come before, at and after it.  Each call completes exactly once.
 */
static const char *t_cancel_race(void)
{
	static uint8_t seen[64];
	static int32_t res[16];
	unsigned fired = 0, cancelled = 0;

	T_ASSERT_EQ(ring_up(128, 128, 0), OK);
	for (uint32_t round = 0; round < 40; round++) {
		uint32_t n = 0, t = uptime();
		struct async_cqe c;

		memset(seen, 0, sizeof(seen));
		while (uptime() == t)
			poll_yield();			/* just after a tick */
		t = uptime();
		for (uint32_t i = 0; i < 16; i++)
			push_timeout(i, 1);
		T_ASSERT(sys_async_enter(0) >= 0);
		for (uint32_t i = 0; i < (1u << (round % 16)) && uptime() == t; i++)
			poll_yield();
		for (uint32_t i = 0; i < 16; i++)
			push_cancel(32 + i, i, 0);
		T_ASSERT_EQ(sys_async_enter(32), 32);
		while (pop(&c) == 0) {
			n++;
			T_ASSERT(c.tag < 64 && !seen[c.tag]);
			seen[c.tag] = 1;
			if (c.tag < 16) {
				T_ASSERT(c.result == OK || c.result == ECANCELED);
				res[c.tag] = c.result;
				fired += c.result == OK;
				cancelled += c.result == ECANCELED;
			} else {
				uint32_t i = c.tag - 32;	/* its timeout came first */

				T_ASSERT(i < 16 && seen[i]);
				T_ASSERT(c.result == 1 ? res[i] == ECANCELED
						       : c.result == ENOENT && res[i] == OK);
			}
		}
		T_ASSERT_EQ(n, 32);
	}
	test_diag("cancel race: %u fired, %u cancelled", fired, cancelled);
	T_ASSERT_EQ(fired + cancelled, 40 * 16);
	T_ASSERT_EQ(stats().outstanding, 0);
	return NULL;
}

/* Timers in flight move with their process to another CPU (there are more). */
static const char *t_migrate(void)
{
	struct proc_info me;
	int home;

	T_ASSERT(sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0);
	home = (int)me.cpu;
	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	for (uint32_t i = 0; i < 4; i++)
		push_timeout(i, LONG_TICKS);
	push_timeout(4, 3);
	T_ASSERT_EQ(sys_async_enter(0), 0);
	T_ASSERT_EQ(sys_schedctl(SELF, (home + 1) % cpu_count(), -1), OK);
	T_ASSERT_EQ(sys_async_enter(1), 1);			/* fires on the new CPU */
	T_ASSERT_EQ(pop_tag(4), OK);
	push_cancel(5, 0, ASYNC_CANCEL_ALL);			/* finds them there */
	T_ASSERT_EQ(sys_async_enter(5), 5);
	for (uint32_t i = 0, seen = 0; i < 4; i++) {		/* in any order */
		struct async_cqe c;

		T_ASSERT(pop(&c) == 0 && c.tag < 4 && !(seen & (1u << c.tag)));
		T_ASSERT_EQ(c.result, ECANCELED);
		seen |= 1u << c.tag;
	}
	T_ASSERT_EQ(pop_tag(5), 4);
	T_ASSERT_EQ(sys_schedctl(SELF, home, -1), OK);
	return NULL;
}

/* ------------------------------------------------------------ copies */

enum { C_GRANT, C_CHECK };

static int32_t granter_cmd(const message *m)
{
	const uint32_t *w = m->words;

	switch (w[0]) {
	case C_GRANT:	return cpf_grant_direct((endpoint_t)w[1], (vir_bytes)buf, sizeof(buf), w[2]);
	case C_CHECK:	return pattern_matches(buf + w[1], w[2], w[3], w[1]);
	default:	return EINVAL;
	}
}

static int granter_main(void)
{
	pattern_fill(buf, sizeof(buf), 1, 0);
	return obey_commands(granter_cmd);
}

static const char *t_safecopy(void)
{
	endpoint_t g;
	int32_t gid;

	T_SPAWN(g, granter_main);
	T_ASSERT((gid = child_cmd(g, C_GRANT, (uint32_t)self_ep, CPF_READ | CPF_WRITE, 0, 0)) >= 0);
	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	memset(local, 0, sizeof(local));
	pattern_fill(local + 6000, 300, 9, 10);
	push_copy(1, g, gid, 100, local, 5000, 0);
	push_copy(2, g, gid, 10, local + 6000, 300, ASYNC_COPY_TO);
	push_copy(3, g, gid, 8000, local, 500, 0);		/* past the grant */
	push_copy(4, g, gid + 1, 0, local, 8, 0);		/* no such grant */
	T_ASSERT_EQ(sys_async_enter(4), 4);
	T_ASSERT_EQ(pop_tag(1), OK);
	T_ASSERT(pattern_matches(local, 5000, 1, 100));
	T_ASSERT_EQ(pop_tag(2), OK);
	T_ASSERT_EQ(child_cmd(g, C_CHECK, 10, 300, 9, 0), 1);
	T_ASSERT_EQ(pop_tag(3), EPERM);
	T_ASSERT_EQ(pop_tag(4), EPERM);
	return stop_child(g);
}

static void push_vcopy(uint32_t tag, const struct vscp_vec *vec, uint32_t count)
{
	struct async_sqe *e = sqe(ASYNC_OP_VSAFECOPY, tag);

	e->args.vcopy.vec = (vir_bytes)vec;
	e->args.vcopy.count = count;
	async_sq_push(ring);
}

static struct vscp_vec vel(endpoint_t from, endpoint_t to, int32_t gid, uint32_t off, void *addr,
			   uint32_t bytes)
{
	return (struct vscp_vec){ .from = from, .to = to, .gid = gid, .offset = off,
				  .addr = (vir_bytes)addr, .bytes = bytes };
}

/*
 * VSAFECOPY: a vector of copies from and to a grant in one entry, copied
 * in at submission (changing it after ENTER changes nothing); a bad
 * vector (too long, unreadable, an element with both or neither side
 * SELF) is EINVAL or EFAULT with nothing copied; the first element that
 * fails ends the call with its error, the ones before it done.
 */
static const char *t_vsafecopy(void)
{
	static struct vscp_vec v1[3], v2[ASYNC_VCOPY_MAX + 1], v3[2], v4[2];
	endpoint_t g;
	int32_t gid;

	T_SPAWN(g, granter_main);
	T_ASSERT((gid = child_cmd(g, C_GRANT, (uint32_t)self_ep, CPF_READ | CPF_WRITE, 0, 0)) >= 0);
	T_ASSERT_EQ(ring_up(16, 16, 0), OK);
	memset(local, 0, sizeof(local));
	pattern_fill(local + 6000, 300, 9, 10);
	v1[0] = vel(g, SELF, gid, 0, local, 100);
	v1[1] = vel(g, SELF, gid, 200, local + 1000, 3000);
	v1[2] = vel(SELF, g, gid, 10, local + 6000, 300);
	for (unsigned i = 0; i < ASYNC_VCOPY_MAX + 1; i++)
		v2[i] = vel(g, SELF, gid, 0, local, 8);
	v3[0] = vel(g, SELF, gid, 0, local + 5000, 16);
	v3[1] = vel(SELF, SELF, gid, 0, local, 8);		/* both sides the caller */
	v4[0] = vel(g, SELF, gid, 400, local + 5000, 16);
	v4[1] = vel(g, SELF, gid, 8000, local, 500);		/* past the grant */
	push_vcopy(1, v1, 3);
	push_vcopy(2, v2, ASYNC_VCOPY_MAX + 1);
	push_vcopy(3, (const struct vscp_vec *)0xfffffff0u, 2);
	push_vcopy(4, v3, 2);
	push_vcopy(5, v4, 2);
	push_vcopy(6, v1, 0);
	T_ASSERT_EQ(sys_async_enter(6), 6);
	memset(v1, 0, sizeof(v1));				/* copied in already */
	T_ASSERT_EQ(pop_tag(2), EINVAL);			/* refused at submission: first */
	T_ASSERT_EQ(pop_tag(3), EFAULT);
	T_ASSERT_EQ(pop_tag(4), EINVAL);
	T_ASSERT_EQ(pop_tag(1), OK);				/* then the batch's copies, in order */
	T_ASSERT(pattern_matches(local, 100, 1, 0) && pattern_matches(local + 1000, 3000, 1, 200));
	T_ASSERT_EQ(child_cmd(g, C_CHECK, 10, 300, 9, 0), 1);
	T_ASSERT_EQ(pop_tag(5), EPERM);
	T_ASSERT(pattern_matches(local + 5000, 16, 1, 400));	/* its first element done */
	T_ASSERT_EQ(pop_tag(6), OK);				/* an empty vector */
	T_ASSERT_EQ(stats().outstanding, 0);
	return stop_child(g);
}

static endpoint_t my_endpoint(void)
{
	struct proc_info i;

	return sys_getinfo(GET_WHOAMI, 0, &i, sizeof(i)) > 0 ? i.endpoint : NONE;
}

/*
 * A child with VM memory: copies into pages not yet present park (ENTER
 * without waiting does not block on them), and the ENTER that waits has
 * VM page them in; a page VM cannot provide completes with EFAULT.
 */
static int page_in_main(void)
{
	uint8_t *p = vm_mmap(4 * PAGE);
	endpoint_t me = my_endpoint();
	int32_t gid = cpf_grant_direct(me, (vir_bytes)buf, sizeof(buf), CPF_READ);

	pattern_fill(buf, sizeof(buf), 3, 0);
	CHK(p && gid >= 0 && ring_up(16, 16, 0) == OK);
	push_copy(1, me, gid, 0, p + 100, 5000, 0);		/* two absent pages */
	static struct vscp_vec vec[2];

	vec[0] = vel(me, SELF, gid, 8, p + 2 * PAGE + 8, 64);	/* two more absent pages */
	vec[1] = vel(me, SELF, gid, 16, p + 3 * PAGE + 16, 64);
	push_copy(2, me, gid, 0, (void *)MAP_HOLE, 8, 0);	/* no VM region */
	push(ASYNC_OP_NOP, 3);
	push_vcopy(4, vec, 2);
	CHK(sys_async_enter(0) == 1);				/* only the NOP */
	CHK(stats().outstanding == 3);
	CHK(pop_tag(3) == OK);
	CHK(sys_async_enter(3) == 3);
	for (int i = 0; i < 3; i++) {
		struct async_cqe c;

		CHK(pop(&c) == 0);
		CHK(c.tag == 2 ? c.result == EFAULT : (c.tag == 1 || c.tag == 4) && c.result == OK);
	}
	CHK(pattern_matches(p + 100, 5000, 3, 0));
	CHK(pattern_matches(p + 2 * PAGE + 8, 64, 3, 8) && pattern_matches(p + 3 * PAGE + 16, 64, 3, 16));
	CHK(stats().outstanding == 0);
	return ring_down() == OK ? 0 : __LINE__;
}

static const char *t_page_in(void)
{
	endpoint_t c;

	T_SPAWN(c, page_in_main);
	T_EXIT(c, 0);
	return NULL;
}

/* ------------------------------------------- notification, unmapping */

static const char *t_notify(void)
{
	endpoint_t wd;
	message m;

	T_ASSERT_EQ(ring_up(16, 16, ASYNC_NOTIFY), OK);
	push_timeout(1, 2);
	T_ASSERT_EQ(sys_async_enter(0), 0);
	wd = watchdog_start(NONE);
	T_ASSERT_EQ(ipc_receive(ANY, &m, NULL), OK);
	watchdog_stop(wd);
	T_ASSERT_EQ(m.m_source, SYSTEM);
	T_ASSERT_EQ(m.m_type, NOTIFY_MESSAGE);
	T_ASSERT_EQ(pop_tag(1), OK);
	return NULL;
}

/* VM takes the ring's page away with calls in flight: nothing is written there. */
static const char *t_ring_unmapped(void)
{
	struct async_ring *r = (struct async_ring *)MAP_HOLE;

	T_ASSERT_EQ(sys_vmctl_page(VMCTL_MAP_ZERO, self_ep, MAP_HOLE, VMF_WRITE, OK), OK);
	T_ASSERT_EQ(sys_async_setup(r, 16, 16, 0, NULL), OK);
	async_sqe_at(r, 0)->op = ASYNC_OP_TIMEOUT;
	async_sqe_at(r, 0)->args.timeout.ticks = 2;
	async_sqe_at(r, 1)->op = ASYNC_OP_TIMEOUT;
	async_sqe_at(r, 1)->args.timeout.ticks = LONG_TICKS;
	r->sq_tail = 2;
	T_ASSERT_EQ(sys_async_enter(0), 0);
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_UNMAP, self_ep, MAP_HOLE, 0, OK), OK);
	wait_ticks(4);						/* the first one fires */
	T_ASSERT_EQ(sys_async_enter(0), EFAULT);
	T_ASSERT_EQ(stats().outstanding, 2);
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_MAP_ZERO, self_ep, MAP_HOLE, VMF_WRITE, OK), OK);
	T_ASSERT_EQ(sys_async_enter(0), EINVAL);		/* a zeroed header: sq_tail behind */
	T_ASSERT_EQ(ring_down(), OK);
	T_ASSERT_EQ(stats().outstanding, 0);
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_UNMAP, self_ep, MAP_HOLE, 0, OK), OK);
	return NULL;
}

/* ------------------------------------------------------------ rights */

static int user_main(void)
{
	CHK(sys_privctl(SELF, PRIVCTL_SET_USER, 0) == OK);
	CHK(sys_vircopy(SELF, (vir_bytes)buf, SELF, (vir_bytes)local, 4) == ECALLDENIED);
	CHK(ring_up(32, 32, 0) == OK);
	CHK(stats().quota == 16);
	for (uint32_t i = 0; i < 17; i++)
		push_timeout(i, LONG_TICKS);
	CHK(sys_async_enter(1) == 1);
	CHK(pop_tag(16) == EDQUOT);
	CHK(stats().outstanding == 16);
	return ring_down() == OK && stats().quota == 0 ? 0 : __LINE__;
}

static int denied_main(void)
{
	CHK(sys_privctl(SELF, PRIVCTL_DENY_CALL, SYS_ASYNC_SETUP) == OK);
	CHK(ring_up(16, 16, 0) == ECALLDENIED);
	CHK(sys_async_enter(0) == EINVAL);			/* allowed, but no ring */
	return 0;
}

static const char *t_rights(void)
{
	endpoint_t c;

	T_SPAWN(c, user_main);
	T_EXIT(c, 0);
	T_SPAWN(c, denied_main);
	T_EXIT(c, 0);
	return NULL;
}

/* ---------------------------------------------- update under ENTER */

static int waiting_enter_main(void)
{
	CHK(ring_up(16, 16, 0) == OK);
	push_timeout(1, LONG_TICKS);
	return sys_async_enter(1) == ECANCELED && stats().quota == 0 ? 0 : __LINE__;
}

/* A live update swaps a waiting ENTER's program away: ECANCELED, nothing leaks. */
static const char *t_update(void)
{
	endpoint_t a, b;
	int r;

	T_SPAWN(a, waiting_enter_main);
	T_SPAWN(b, wait_go_exit_main);
	T_BLOCKED(a);
	T_BLOCKED(b);
	for (int i = 0; (r = sys_update(a, b)) == EBUSY && i < 1000; i++)
		poll_yield();
	T_ASSERT_EQ(r, OK);
	T_EXIT(b, 0);				/* a's program, now at b's endpoint */
	T_SEND(a, T_GO);			/* b's program, now at a's */
	T_EXIT(a, 0);
	return NULL;
}

/* ------------------------------------------------- exec under ENTER */

static uint8_t exec_stack[4096] __attribute__((aligned(16)));

/* The new program: its slot has no ring and nothing outstanding. */
static void exec_entry(void)
{
	struct async_stats s = stats();

	sys_exit(s.quota == 0 && s.outstanding == 0 && sys_async_enter(0) == EINVAL ? 0 : 1);
}

/* exec over a waiting ENTER: the ring ends, the new program runs from its start. */
static const char *t_exec(void)
{
	uint32_t pool = stats().pool_free;
	endpoint_t c;

	T_SPAWN(c, waiting_enter_main);
	T_BLOCKED(c);
	T_ASSERT(stats().pool_free < pool);
	T_ASSERT_EQ(sys_exec(c, (vir_bytes)exec_entry,
			     (vir_bytes)(exec_stack + sizeof(exec_stack) - 16), "exec_entry"), OK);
	T_ASSERT_EQ(stats().pool_free, pool);
	T_EXIT(c, 0);
	return NULL;
}

/* ------------------------------------------------- kill at each phase */

enum { R_INFLIGHT, R_WAITING, R_HELD, R_PAGE_IN, R_SPINNING, R_ROLES };
static int arg_role, arg_cpu;

static int victim_main(void)
{
	message m;

	if (arg_cpu >= 0)
		CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	switch (arg_role) {
	case R_INFLIGHT:			/* timers on its CPU's list */
		CHK(ring_up(16, 16, 0) == OK);
		for (uint32_t i = 0; i < 8; i++)
			push_timeout(i, LONG_TICKS);
		push(ASYNC_OP_NOP, 8);
		CHK(sys_async_enter(0) == 1);
		break;
	case R_WAITING:				/* blocked in ENTER */
		CHK(ring_up(16, 16, 0) == OK);
		push_timeout(0, LONG_TICKS);
		sys_async_enter(1);
		return __LINE__;
	case R_HELD:				/* completions held for want of room */
		CHK(ring_up(16, 1, 0) == OK);
		for (uint32_t i = 0; i < 8; i++)
			push(ASYNC_OP_NOP, i);
		CHK(sys_async_enter(0) == 1 && ring->held == 7);
		break;
	case R_PAGE_IN: {			/* parked copies, ENTER waiting for VM */
		uint8_t *p = vm_mmap(16 * PAGE);
		endpoint_t me = my_endpoint();
		int32_t gid = cpf_grant_direct(me, (vir_bytes)buf, 64, CPF_READ);

		CHK(p && gid >= 0 && ring_up(16, 16, 0) == OK);
		for (uint32_t i = 0; i < 16; i++)
			push_copy(i, me, gid, 0, p + i * PAGE, 64, 0);
		CHK(sys_async_enter(16) == 16);
		break;
	}
	case R_SPINNING:			/* in and out of ENTER, never blocking */
		CHK(ring_up(16, 16, 0) == OK);
		for (;;) {
			struct async_cqe c;

			for (uint32_t i = 0; i < 16; i++)
				push(ASYNC_OP_NOP, i);
			sys_async_enter(16);
			while (pop(&c) == 0)
				;
		}
	}
	ipc_receive(self_ep, &m, NULL);
	return __LINE__;
}

static const char *kill_rounds(int role, unsigned rounds)
{
	int ncpu = cpu_count();

	for (unsigned i = 0; i < rounds; i++) {
		uint32_t before = stats().pool_free;
		endpoint_t c;
		int32_t st;

		arg_role = role;
		arg_cpu = ncpu > 1 ? (int)(1 + i % (unsigned)(ncpu - 1)) : -1;
		T_SPAWN(c, victim_main);
		if (role == R_PAGE_IN || role == R_SPINNING) {
			for (unsigned y = 0; y < 1 + i % 7; y++)
				poll_yield();
		} else {
			T_BLOCKED(c);
		}
		T_ASSERT_EQ(i & 1 ? sys_clear(c) : sys_kill(c, SIGKILL), OK);
		st = reap(c);
		if (st != -SIGKILL)
			return test_failf("role %d round %u: exit status %d", role, i, (int)st);
		end_children_reaped();
		T_ASSERT_EQ(stats().pool_free, before);
	}
	return NULL;
}

static const char *t_kill_inflight(void)	{ return kill_rounds(R_INFLIGHT, 12); }
static const char *t_kill_waiting(void)		{ return kill_rounds(R_WAITING, 12); }
static const char *t_kill_held(void)		{ return kill_rounds(R_HELD, 12); }
static const char *t_kill_page_in(void)		{ return kill_rounds(R_PAGE_IN, 16); }
static const char *t_kill_spinning(void)	{ return kill_rounds(R_SPINNING, 16); }

/* ------------------------------------------------------------- table */

CHECKED(t_setup_bad) CHECKED(t_nop_batch) CHECKED(t_garbage) CHECKED(t_timeout)
CHECKED(t_quota) CHECKED(t_cq_full) CHECKED(t_refusal_waits) CHECKED(t_cancel_tag)
CHECKED(t_cancel_race) CHECKED(t_migrate) CHECKED(t_safecopy) CHECKED(t_vsafecopy) CHECKED(t_page_in)
CHECKED(t_notify)
CHECKED(t_ring_unmapped) CHECKED(t_rights) CHECKED(t_update) CHECKED(t_exec) CHECKED(t_kill_inflight)
CHECKED(t_kill_waiting) CHECKED(t_kill_held) CHECKED(t_kill_page_in) CHECKED(t_kill_spinning)

static const struct test_case cases[] = {
	{ "async.setup_bad_input", t_setup_bad_c },
	{ "async.nop_batch", t_nop_batch_c },
	{ "async.garbage_entries", t_garbage_c },
	{ "async.timeout_wait", t_timeout_c },
	{ "async.quota", t_quota_c },
	{ "async.cq_full_held", t_cq_full_c },
	{ "async.refusal_needs_room", t_refusal_waits_c },
	{ "async.cancel_by_tag", t_cancel_tag_c },
	{ "async.cancel_race_timer", t_cancel_race_c },
	{ "async.timers_migrate", t_migrate_c },
	{ "async.safecopy", t_safecopy_c },
	{ "async.vsafecopy", t_vsafecopy_c },
	{ "async.safecopy_page_in", t_page_in_c },
	{ "async.notify_receive_loop", t_notify_c },
	{ "async.ring_unmapped_in_flight", t_ring_unmapped_c },
	{ "async.rights", t_rights_c },
	{ "async.update_aborts_enter", t_update_c },
	{ "async.exec_ends_ring", t_exec_c },
	{ "async.kill_in_flight", t_kill_inflight_c },
	{ "async.kill_waiting", t_kill_waiting_c },
	{ "async.kill_held", t_kill_held_c },
	{ "async.kill_page_in", t_kill_page_in_c },
	{ "async.kill_spinning", t_kill_spinning_c },
};

/* The page table covering MAP_HOLE stays once made: make it before any case counts. */
static void prepare_hole(void)
{
	sys_vmctl_page(VMCTL_MAP_ZERO, self_ep, MAP_HOLE, 0, OK);
	sys_vmctl_page(VMCTL_UNMAP, self_ep, MAP_HOLE, 0, OK);
}

int main(void)
{
	struct vm_info vi;

	if (children_init() < 0)
		return 1;
	vm_info(&vi);		/* VM has taken its memory: the frame counts hold still */
	prepare_hole();
	return test_run(cases, TEST_COUNT(cases));
}
