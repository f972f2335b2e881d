/*
 * tests/guest/fastpath_test.c - ipc.fastpath_*: the IPC fast paths
 * (kernel/fastpath.c) give exactly the general path's results.  One case
 * per fallback reason forces the general path for that reason, checks the
 * CPU's fastpath_slow counter for it moved, and compares what the partners
 * observe (message, source, status word, states) with a fast exchange.
 * The ipc.regs_* cases do the same for register messages (IPC_FLAG_REGS):
 * each pairing of short and full client and server, fast and slow.
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <grant.h>
#include "children.h"
#include "guest_util.h"
#include "fastpath_ops.h"
#include "fastpath_segs.h"

#define PAGE	4096u

/* A message that crosses a page boundary (the fast path wants one page). */
static uint8_t two_pages[2 * PAGE] __attribute__((aligned(4096)));
static int arg_cpu = -1;
static int arg_prio = -1;
static int arg_split;		/* the server receives into a page-crossing buffer */

static int my_cpu(void)
{
	struct proc_info me;

	return sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0 ? (int)me.cpu : 0;
}

/* Fast-path counters of CPU `cpu` alone. */
static void cpu_counters(int cpu, uint64_t *hits, uint32_t slow[FP_SLOW_REASONS])
{
	struct cpu_stats s;

	*hits = 0;
	memset(slow, 0, FP_SLOW_REASONS * sizeof(uint32_t));
	if (sys_getinfo(GET_CPUSTATS, cpu, &s, sizeof(s)) != (int)sizeof(s))
		return;
	*hits = s.fastpath_hits;
	memcpy(slow, s.fastpath_slow, FP_SLOW_REASONS * sizeof(uint32_t));
}

/* Fast-path counters of all CPUs, summed. */
static void counters(uint64_t *hits, uint32_t slow[FP_SLOW_REASONS])
{
	struct cpu_stats s;

	*hits = 0;
	memset(slow, 0, FP_SLOW_REASONS * sizeof(uint32_t));
	for (int c = 0; c < ABI_MAX_CPUS; c++) {
		if (sys_getinfo(GET_CPUSTATS, c, &s, sizeof(s)) != (int)sizeof(s) || !s.online)
			continue;
		*hits += s.fastpath_hits;
		for (int r = 0; r < FP_SLOW_REASONS; r++)
			slow[r] += s.fastpath_slow[r];
	}
}

/*
 * The server: receives a request, answers with REPLYRECV: the reply
 * carries the request's words + 1, its own view (status, source) in
 * words[10..11]; T_QUIT ends it.
 */
static int server_main(void)
{
	message *m = arg_split ? (message *)(two_pages + PAGE - 20) : &(message){ 0 };
	uint32_t st = 0;

	if (arg_cpu >= 0)
		CHK(sys_schedctl(SELF, arg_cpu, arg_prio) == OK);
	else if (arg_prio >= 0)
		CHK(sys_schedctl(SELF, -1, arg_prio) == OK);
	CHK(ipc_receive(ANY, m, &st) == OK);
	for (;;) {
		endpoint_t client = m->m_source;

		if (m->m_type == T_QUIT)
			return 0;
		for (int i = 0; i < 8; i++)
			m->words[i]++;
		m->words[10] = st;
		m->words[11] = (uint32_t)client;
		m->m_type = T_REPLY;
		CHK(ipc_replyrecv(client, m, &st) == OK);
	}
}

/* One exchange: returns NULL when the reply is exactly what a fast one gives. */
static const char *exchange(endpoint_t srv, message *m)
{
	for (int i = 0; i < 8; i++)
		m->words[i] = 100 + (uint32_t)i;
	m->m_type = T_REQ;
	m->m_source = 12345;				/* forged: the kernel overwrites it */
	T_ASSERT_EQ(ipc_sendrec(srv, m), OK);
	T_ASSERT_EQ(m->m_source, srv);
	T_ASSERT_EQ(m->m_type, T_REPLY);
	for (int i = 0; i < 8; i++)
		T_ASSERT_EQ(m->words[i], 101 + (uint32_t)i);
	T_ASSERT_EQ(IPC_STATUS_CALL(m->words[10]), IPC_SENDREC);	/* the server's view */
	T_ASSERT_EQ(m->words[10] & (IPC_STATUS_NOTIFY | IPC_STATUS_KERNEL), 0);
	T_ASSERT_EQ(m->words[11], self_ep);
	return NULL;
}

#define T_EXCHANGE(srv, m)	do { const char *e_ = exchange((srv), (m)); if (e_) return e_; } while (0)

/* Runs `rounds` exchanges with a fresh server; checks hits / the reason's counter. */
static const char *run_case(int reason, int rounds, message *m)
{
	uint64_t hits0, hits1;
	uint32_t slow0[FP_SLOW_REASONS], slow1[FP_SLOW_REASONS];
	endpoint_t srv;

	T_SPAWN(srv, server_main);
	T_BLOCKED(srv);
	counters(&hits0, slow0);
	for (int i = 0; i < rounds; i++)
		T_EXCHANGE(srv, m);
	counters(&hits1, slow1);
	if (reason < 0) {
		if (hits1 < hits0 + 2 * (uint64_t)rounds - 1)
			return test_failf("fast path taken %u times in %d exchanges",
					  (unsigned)(hits1 - hits0), rounds);
	} else if (slow1[reason] < slow0[reason] + (uint32_t)rounds) {
		return test_failf("fallback %d counted %u times in %d exchanges", reason,
				  slow1[reason] - slow0[reason], rounds);
	}
	return stop_child(srv);
}

static const char *t_fast(void)
{
	message m;

	return run_case(-1, 20, &m);
}

/* A client buffer across a page boundary: the general path copies it the same. */
static const char *t_buffer(void)
{
	message *m = (message *)(two_pages + PAGE - 24);

	return run_case(FP_SLOW_BUFFER, 5, m);
}

/* The server's receive buffer crosses a page: counted as BUFFER too. */
static const char *t_server_buffer(void)
{
	message m;
	const char *why;

	arg_split = 1;
	why = run_case(FP_SLOW_BUFFER, 5, &m);
	arg_split = 0;
	return why;
}

/*
 * yielder_main (children.c) stays runnable on the test's level (our CPU, a
 * child starts there): with it there, the client is not alone on its level
 * and the reply to it would not run next, so the policy cannot hand off
 * between levels in O(1).
 */
static const char *end_yielder(endpoint_t y)
{
	T_ASSERT_EQ(sys_clear(y), OK);
	reap(y);
	return NULL;
}

/* The policy's own count of hand-offs it declined for `reason`, all CPUs. */
static uint32_t sched_slow(int reason)
{
	struct cpu_stats s;
	uint32_t n = 0;

	for (int c = 0; c < ABI_MAX_CPUS; c++)
		if (sys_getinfo(GET_CPUSTATS, c, &s, sizeof(s)) == (int)sizeof(s) && s.online)
			n += s.sched_slow[reason];
	return n;
}

/*
 * Server at another priority with a third process in the way: the
 * general path.  fp also counts why it declined (someone runs first).
 */
static const char *t_sched(void)
{
	message m;
	const char *why;
	endpoint_t y;
	uint32_t order = sched_slow(SCHED_SLOW_ORDER);
	int counts = !strcmp(sched_policy(), "fp");

	if ((why = skip_unless_prio_handoff()))
		return why;
	T_SPAWN(y, yielder_main);
	arg_prio = 6;
	why = run_case(FP_SLOW_SCHED, 5, &m);
	arg_prio = -1;
	if (!why && counts && sched_slow(SCHED_SLOW_ORDER) - order < 5)
		why = test_failf("fp counted %u hand-offs declined for order, want >= 5",
				 sched_slow(SCHED_SLOW_ORDER) - order);
	return why ? why : end_yielder(y);
}

/*
 * Server above (4) and below (7) its client (6), both above the other
 * test programs (8): after a first exchange (the server may not even wait
 * yet), every call and reply hands off in O(1), as a MINIX server runs
 * above its clients.  Our CPU's counters: nobody else of ours runs
 * meanwhile.  Under mlfq and fp only (the fair and edf hand-offs do not
 * look at priorities, and there others of ours run alongside: bench's
 * ipc_rtt/prio_* show them).
 */
static const char *t_priority_handoff(void)
{
	static const int prios[] = { 4, 7 };
	uint64_t hits0, hits1;
	uint32_t slow0[FP_SLOW_REASONS], slow1[FP_SLOW_REASONS];
	const char *why = NULL;
	endpoint_t srv;
	message m;

	if ((why = skip_unless_prio_handoff()))
		return why;			/* others run alongside: the counters are shared */
	T_ASSERT_EQ(sys_schedctl(SELF, -1, 6), OK);
	for (unsigned i = 0; i < 2 && !why; i++) {
		arg_prio = prios[i];
		srv = spawn(server_main);
		arg_prio = -1;
		if (srv <= 0) {
			why = test_failf("spawn: %d", srv);
			break;
		}
		why = exchange(srv, &m);		/* a server below us first runs now */
		cpu_counters(my_cpu(), &hits0, slow0);	/* the server's too: children start here */
		for (int r = 0; r < 20 && !why; r++)
			why = exchange(srv, &m);
		cpu_counters(my_cpu(), &hits1, slow1);
		if (!why && (hits1 - hits0 != 40 || slow1[FP_SLOW_SCHED] != slow0[FP_SLOW_SCHED]))
			why = test_failf("server at %d: %u fast of 40, %u refused by the policy",
					 prios[i], (unsigned)(hits1 - hits0),
					 slow1[FP_SLOW_SCHED] - slow0[FP_SLOW_SCHED]);
		if (!why && sys_schedctl(srv, -1, 6) != OK)	/* below us it would never exit */
			why = test_failf("cannot raise the server");
		if (!why)
			why = stop_child(srv);
	}
	sys_schedctl(SELF, -1, 8);		/* the default again */
	return why;
}

/* Server on another CPU. */
static const char *t_other_cpu(void)
{
	struct kinfo k;
	message m;
	const char *why;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0 || k.ncpus < 2)
		return test_skipf("needs 2 CPUs");
	arg_cpu = (my_cpu() + 1) % (int)k.ncpus;
	why = run_case(FP_SLOW_OTHER_CPU, 5, &m);
	arg_cpu = -1;
	return why;
}

/* The client sends before the server waits: queued, then delivered the same. */
static int late_server_main(void)
{
	message m;
	uint32_t st;

	wait_ticks(3);				/* let the client block first */
	CHK(ipc_receive(ANY, &m, &st) == OK);
	for (int i = 0; i < 8; i++)
		m.words[i]++;
	m.words[10] = st;
	m.words[11] = (uint32_t)m.m_source;
	m.m_type = T_REPLY;
	CHK(ipc_send(m.m_source, &m) == OK);
	return 0;
}

static const char *t_not_waiting(void)
{
	uint64_t hits;
	uint32_t s0[FP_SLOW_REASONS], s1[FP_SLOW_REASONS];
	endpoint_t srv;
	message m;

	T_SPAWN(srv, late_server_main);
	counters(&hits, s0);
	T_EXCHANGE(srv, &m);
	counters(&hits, s1);
	T_ASSERT(s1[FP_SLOW_NOT_WAITING] > s0[FP_SLOW_NOT_WAITING]);
	T_EXIT(srv, 0);
	return NULL;
}

/*
 * A notification pending for the server (its alarm fired while it worked):
 * REPLYRECV takes the general path, the reply still arrives, and the
 * server's receive returns the notification at once.
 */
static int notified_server_main(void)
{
	message m;
	uint32_t st;

	CHK(ipc_receive(ANY, &m, &st) == OK);		/* the request */
	CHK(sys_setalarm(1, NULL) == OK);
	wait_ticks(3);					/* the alarm is pending now */
	m.m_type = T_REPLY;
	CHK(ipc_replyrecv(self_ep, &m, &st) == OK);
	CHK(m.m_type == NOTIFY_MESSAGE);
	CHK(m.m_source == CLOCK);
	CHK((st & (IPC_STATUS_NOTIFY | IPC_STATUS_KERNEL)) == (IPC_STATUS_NOTIFY | IPC_STATUS_KERNEL));
	CHK(ipc_receive(ANY, &m, &st) == OK);
	return m.m_type == T_QUIT ? 0 : __LINE__;
}

static const char *t_pending(void)
{
	uint64_t hits;
	uint32_t s0[FP_SLOW_REASONS], s1[FP_SLOW_REASONS];
	endpoint_t srv;
	message m;

	T_SPAWN(srv, notified_server_main);
	T_BLOCKED(srv);
	counters(&hits, s0);
	clear_msg(&m, T_REQ);
	T_ASSERT_EQ(ipc_sendrec(srv, &m), OK);
	counters(&hits, s1);
	T_ASSERT_EQ(m.m_type, T_REPLY);
	T_ASSERT(s1[FP_SLOW_PENDING] > s0[FP_SLOW_PENDING]);
	return stop_child(srv);
}

/* Stale and malformed endpoints get the general path's errors. */
static const char *t_endpoint(void)
{
	uint64_t hits;
	uint32_t s0[FP_SLOW_REASONS], s1[FP_SLOW_REASONS];
	endpoint_t dead;
	message m;

	T_SPAWN(dead, hello_main);
	T_ASSERT_EQ(ipc_receive(dead, &m, NULL), OK);
	T_EXIT(dead, 0);
	counters(&hits, s0);
	T_ASSERT_EQ(ipc_sendrec(dead, &m), EDEADSRCDST);
	T_ASSERT_EQ(ipc_sendrec(endpoint_make(1, 1000), &m), EBADEPT);
	T_ASSERT_EQ(ipc_sendrec(self_ep, &m), EINVAL);
	counters(&hits, s1);
	T_ASSERT(s1[FP_SLOW_ENDPOINT] >= s0[FP_SLOW_ENDPOINT] + 3);
	return NULL;
}

/* A privilege change between two exchanges: the second is denied the same way. */
static const char *t_denied(void)
{
	uint64_t hits;
	uint32_t s0[FP_SLOW_REASONS], s1[FP_SLOW_REASONS];
	endpoint_t srv;
	message m;

	T_SPAWN(srv, server_main);
	T_BLOCKED(srv);
	T_EXCHANGE(srv, &m);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_DENY_IPC, srv), OK);
	counters(&hits, s0);
	T_ASSERT_EQ(ipc_sendrec(srv, &m), ECALLDENIED);
	counters(&hits, s1);
	T_ASSERT(s1[FP_SLOW_DENIED] > s0[FP_SLOW_DENIED]);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_ALLOW_IPC, srv), OK);
	T_EXCHANGE(srv, &m);
	return stop_child(srv);
}

/*
 * Both doors into the kernel (SYSENTER and the int vectors) give the same
 * results for IPC, fast and slow, and for kernel calls.
 */
static const char *t_doors(void)
{
	struct mess_times t1, t2;
	const char *why;
	message m;

	if (!libsys_uses_sysenter())
		return test_skipf("the CPU has no SYSENTER");
	T_ASSERT_EQ(sys_times(SELF, &t1), OK);
	why = run_case(-1, 5, &m);			/* through SYSENTER */
	libsys_force_int_doors(1);
	if (!why)
		why = run_case(-1, 5, &m);		/* through int $33 */
	T_ASSERT_EQ(sys_times(SELF, &t2), OK);		/* through int $32 */
	libsys_force_int_doors(0);
	T_ASSERT(t2.uptime_ticks >= t1.uptime_ticks);
	T_ASSERT_EQ(t2.boot_tsc, t1.boot_tsc);
	T_ASSERT_EQ(sys_diag_print((const char *)0x1000, 4), EFAULT);	/* SYSENTER again */
	return why;
}

/*
 * Register messages.  Words[1..] of a buffer a short message lands in are
 * zero; a message taken in registers leaves words[1..] of the caller's
 * message alone.  The server answers m_type T_REPLY (T_BAD if what it got
 * was not what it should be) and words[0] + 1; a full server also fills
 * words[1..] with REGS_FULL.
 */
#define REGS_FULL	0x5eed0000u
#define REGS_SENTINEL	0xc0ffee00u
static int arg_server_short;	/* the server answers with ipc_replyrecv_short */
static int arg_client_short;	/* the request was short: words[1..] must be zero */

static int request_ok(const message *m, uint32_t st)
{
	if (IPC_STATUS_CALL(st) != IPC_SENDREC ||
	    (st & (IPC_STATUS_NOTIFY | IPC_STATUS_KERNEL | IPC_STATUS_REGS)))
		return 0;
	if (arg_server_short || !arg_client_short)
		return 1;		/* registers, or a full request: nothing to see */
	for (unsigned i = 1; i < MESSAGE_PAYLOAD / 4; i++)
		if (m->words[i] != 0)
			return 0;
	return 1;
}

static int regs_server_main(void)
{
	message m;
	uint32_t st = 0;

	if (arg_prio >= 0)
		CHK(sys_schedctl(SELF, -1, arg_prio) == OK);
	memset(&m, 0xa5, sizeof(m));
	CHK(ipc_receive(ANY, &m, &st) == OK);
	for (;;) {
		endpoint_t client = m.m_source;

		if (m.m_type == T_QUIT)
			return 0;
		m.m_type = request_ok(&m, st) ? T_REPLY : T_BAD;
		m.words[0]++;
		if (arg_server_short) {
			CHK(ipc_replyrecv_short(client, &m, &st) == OK);
		} else {
			for (unsigned i = 1; i < MESSAGE_PAYLOAD / 4; i++)
				m.words[i] = REGS_FULL + i;
			CHK(ipc_replyrecv(client, &m, &st) == OK);
		}
	}
}

/*
 * One exchange from the client's side; NULL when the answer is right.
 * `fast`: a short answer to a short client comes in registers.
 */
static const char *regs_exchange(endpoint_t srv, uint32_t word, int fast)
{
	message m;

	for (unsigned i = 0; i < MESSAGE_PAYLOAD / 4; i++)
		m.words[i] = REGS_SENTINEL + i;
	m.m_type = T_REQ;
	m.words[0] = word;
	m.m_source = 12345;
	T_ASSERT_EQ(arg_client_short ? ipc_sendrec_short(srv, &m) : ipc_sendrec(srv, &m), OK);
	T_ASSERT_EQ(m.m_source, srv);
	T_ASSERT_EQ(m.m_type, T_REPLY);
	T_ASSERT_EQ(m.words[0], word + 1);
	for (unsigned i = 1; i < MESSAGE_PAYLOAD / 4; i++) {
		uint32_t want = !arg_server_short ? REGS_FULL + i	/* a full answer */
			      : arg_client_short && fast ? REGS_SENTINEL + i	/* in registers */
						 : 0;			/* short, in the buffer */
		T_ASSERT_EQ(m.words[i], want);
	}
	return NULL;
}

/* Rounds of exchanges with a fresh server: every one fast, or every one slow for `reason`. */
static const char *regs_case(int client_short, int server_short, int reason)
{
	uint64_t hits0, hits1;
	uint32_t slow0[FP_SLOW_REASONS], slow1[FP_SLOW_REASONS];
	const char *why = NULL;
	endpoint_t srv;

	arg_client_short = client_short;
	arg_server_short = server_short;
	T_SPAWN(srv, regs_server_main);
	T_BLOCKED(srv);
	counters(&hits0, slow0);
	for (uint32_t i = 0; i < 10 && !why; i++)
		why = regs_exchange(srv, 1000 * i, reason < 0);
	counters(&hits1, slow1);
	if (!why && reason < 0 && hits1 < hits0 + 19)
		why = test_failf("fast path taken %u times in 10 exchanges", (unsigned)(hits1 - hits0));
	if (!why && reason >= 0 && slow1[reason] < slow0[reason] + 10)
		why = test_failf("fallback %d counted %u times in 10 exchanges", reason,
				 slow1[reason] - slow0[reason]);
	if (!why)
		why = stop_child(srv);
	arg_client_short = arg_server_short = 0;
	return why;
}

static const char *t_regs_both(void)
{
	return regs_case(1, 1, -1);
}

static const char *t_regs_client(void)
{
	return regs_case(1, 0, -1);
}

static const char *t_regs_server(void)
{
	return regs_case(0, 1, -1);
}

/* The general path (server at another priority, a yielder in the way) spills to the buffers: same answers. */
static const char *t_regs_slow(void)
{
	const char *why;
	endpoint_t y;

	if ((why = skip_unless_prio_handoff()))
		return why;
	T_SPAWN(y, yielder_main);
	arg_prio = 6;
	why = regs_case(1, 1, FP_SLOW_SCHED);
	if (!why)
		why = regs_case(1, 0, FP_SLOW_SCHED);
	if (!why)
		why = regs_case(0, 1, FP_SLOW_SCHED);
	arg_prio = -1;
	return why ? why : end_yielder(y);
}

/* The flag is for SENDREC and REPLYRECV only; both doors carry register messages. */
static const char *t_regs_ops_doors(void)
{
	static const int others[] = { IPC_SEND, IPC_RECEIVE, IPC_NOTIFY, IPC_SENDNB, IPC_SENDA };
	const char *why;
	message m;

	clear_msg(&m, T_REQ);
	for (unsigned i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		T_ASSERT_EQ(_ipc_trap(others[i] | IPC_FLAG_REGS, self_ep, &m, 0, NULL), EBADCALL);
	T_ASSERT_EQ(_ipc_trap(IPC_SENDREC | IPC_FLAG_REGS | 0x200, self_ep, &m, 0, NULL), EBADCALL);
	T_ASSERT_EQ(ipc_sendrec_short(self_ep, &m), EINVAL);
	T_ASSERT_EQ(ipc_sendrec_short(BAD_SLOT_EP, &m), EBADEPT);
	libsys_force_int_doors(1);
	why = regs_case(1, 1, -1);
	libsys_force_int_doors(0);
	return why;
}

/*
 * The fast paths remember the page of a message buffer (arch/paging.h).
 * When that page is unmapped and another frame mapped at the same
 * address, the next message must use the new frame.  The client here is
 * the one that remaps: it safemaps page 0 of a granter's buffer at HOLE,
 * exchanges messages there, then (kernel calls only, no IPC that could
 * make the kernel remember another page) unmaps it and safemaps page 1 at
 * the same address; a stale page would send the old request and leave the
 * answer in page 0.
 */
#define HOLE		MAP_HOLE

static uint8_t granted[2 * PAGE] __attribute__((aligned(4096)));

/* Grants both pages to the parent, sends the grant id, waits for T_QUIT. */
static int map_granter_main(void)
{
	message m;

	clear_msg(&m, T_REPORT);
	m.words[0] = (uint32_t)cpf_grant_direct(self_ep, (vir_bytes)granted, sizeof(granted),
						 CPF_READ | CPF_WRITE | CPF_MAP);
	CHK((int32_t)m.words[0] >= 0);
	CHK(ipc_send(self_ep, &m) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	return m.m_type == T_QUIT ? 0 : __LINE__;
}

static const char *t_buffer_remapped(void)
{
	endpoint_t srv, granter;
	message *m = (message *)HOLE, g;
	const char *why = NULL;

	T_SPAWN(srv, server_main);
	T_BLOCKED(srv);
	T_SPAWN(granter, map_granter_main);
	T_ASSERT_EQ(ipc_receive(granter, &g, NULL), OK);
	T_ASSERT_EQ(sys_safemap(granter, (cp_grant_id_t)g.words[0], 0, m, PAGE, CPF_WRITE), OK);
	for (int i = 0; i < 3 && !why; i++)
		why = exchange(srv, m);		/* the kernel now remembers HOLE's page */
	T_ASSERT_EQ(sys_safeunmap(m), OK);
	T_ASSERT_EQ(sys_safemap(granter, (cp_grant_id_t)g.words[0], PAGE, m, PAGE, CPF_WRITE), OK);
	for (int i = 0; i < 3 && !why; i++)
		why = exchange(srv, m);
	T_ASSERT_EQ(sys_safeunmap(m), OK);
	if (!why)
		why = stop_two(srv, granter);
	return why;
}

/* Server: on arg_cpu, answers with REPLYRECV; a client cleared meanwhile is skipped. */
static int tolerant_server_main(void)
{
	uint32_t st;
	message m;

	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	CHK(ipc_receive(ANY, &m, &st) == OK);
	while (m.m_type != T_QUIT) {
		m.m_type = T_REPLY;
		if (ipc_replyrecv(m.m_source, &m, &st) != OK)
			CHK(ipc_receive(ANY, &m, &st) == OK);	/* nothing was received */
	}
	return 0;
}

/* Client: SENDREC to arg_ep for ever (the test puts it on the server's CPU). */
static int calling_client_main(void)
{
	message m;

	for (;;) {
		clear_msg(&m, T_REQ);
		CHK(ipc_sendrec(arg_ep, &m) == OK);
	}
}

/*
 * A move of a client running on its CPU to another (SYS_SCHEDCTL) lands as
 * a mark (MF_MIGRATE) that its CPU acts on when the client next stops
 * running.  If the client is entering the fast path at that moment, the
 * fast path must see the mark and fall back (its misc_flags check):
 * blocking the client there dropped the mark, and the client never moved.
 * Rounds with random delays, from a third CPU where there is one.
 */
#define MARK_ROUNDS	30
static const char *t_marked_caller(void)
{
	uint32_t seed = 18, end;
	endpoint_t srv, c;
	struct proc_info i;
	struct kinfo k;
	int other;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0 || k.ncpus < 2)
		return test_skipf("needs 2 CPUs: the mark is for a process running elsewhere");
	arg_cpu = (my_cpu() + 1) % (int)k.ncpus;
	other = (arg_cpu + 1) % (int)k.ncpus;
	T_SPAWN(srv, tolerant_server_main);
	T_BLOCKED(srv);
	arg_ep = srv;
	for (unsigned r = 0; r < MARK_ROUNDS; r++) {
		T_SPAWN(c, calling_client_main);
		T_ASSERT_EQ(sys_schedctl(c, arg_cpu, -1), OK);	/* before it runs: at once */
		seed = seed * 1103515245u + 12345u;
		for (volatile uint32_t n = (seed >> 8) % 20000; n; n--)
			;
		T_ASSERT_EQ(sys_schedctl(c, other, -1), OK);
		end = uptime() + WAIT_TICKS;
		while (proc_of(c, &i) && (int)i.cpu != other && uptime() < end)
			nap(1);
		if ((int)i.cpu != other)
			return test_failf("round %u: client %d still on CPU %u, not %d", r, c, i.cpu,
					  other);
		T_ASSERT_EQ(sys_clear(c), OK);
		T_ASSERT_EQ(wait_for_death(c, &i), 0);	/* sleeps: slow under TCG */
		end_children_reaped();
	}
	arg_cpu = -1;
	return stop_child(srv);
}

#define GUARDED(fn) static const char *fn##_g(void) { return guarded(fn); }
GUARDED(t_fast) GUARDED(t_buffer) GUARDED(t_server_buffer) GUARDED(t_sched)
GUARDED(t_other_cpu) GUARDED(t_not_waiting) GUARDED(t_pending) GUARDED(t_endpoint)
GUARDED(t_denied) GUARDED(t_doors) GUARDED(t_regs_both) GUARDED(t_regs_client)
GUARDED(t_regs_server) GUARDED(t_regs_slow) GUARDED(t_regs_ops_doors) GUARDED(t_buffer_remapped)
GUARDED(t_priority_handoff)
GUARDED(t_marked_caller)

static const struct test_case cases[] = {
	{ "ipc.fastpath_taken", t_fast_g },
	{ "ipc.fastpath_slow_buffer", t_buffer_g },
	{ "ipc.fastpath_slow_server_buffer", t_server_buffer_g },
	{ "ipc.fastpath_slow_priority", t_sched_g },
	{ "ipc.fastpath_priority_handoff", t_priority_handoff_g },
	{ "ipc.fastpath_slow_other_cpu", t_other_cpu_g },
	{ "ipc.fastpath_slow_not_waiting", t_not_waiting_g },
	{ "ipc.fastpath_slow_pending", t_pending_g },
	{ "ipc.fastpath_slow_endpoint", t_endpoint_g },
	{ "ipc.fastpath_slow_denied", t_denied_g },
	{ "ipc.sysenter_and_int_doors", t_doors_g },
	{ "ipc.regs_both_short", t_regs_both_g },
	{ "ipc.regs_short_client", t_regs_client_g },
	{ "ipc.regs_short_server", t_regs_server_g },
	{ "ipc.regs_slow_path", t_regs_slow_g },
	{ "ipc.regs_ops_and_doors", t_regs_ops_doors_g },
	{ "ipc.fastpath_buffer_remapped", t_buffer_remapped_g },
	{ "ipc.fastpath_marked_caller", t_marked_caller_g },
#define FASTPATH_OPS_ENTRY(fn, name)	{ name, fn##_g },
	FASTPATH_OPS_CASES(FASTPATH_OPS_ENTRY)
	FASTPATH_SEGS_CASES(FASTPATH_OPS_ENTRY)
};

int main(void)
{
	if (children_init() < 0)
		return 1;
	wait_for_module("grant_test");
	return test_run(cases, TEST_COUNT(cases));
}
