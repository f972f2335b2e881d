/*
 * bench/ipc_rtt.c - ipc_rtt/same_cpu, ipc_rtt/cross_cpu, ipc_rtt/short and
 * ipc_rtt/same_cpu/cold: message round trip between two address spaces.
 *
 * cross_cpu moves the server to the next CPU with sys_schedctl before the
 * first message; both skip when the CPUs are not what they need.
 * The client (the bench process) does SENDREC to a forked echo server,
 * which answers each request and waits for the next with one REPLYRECV.
 * One operation is the whole round trip: two IPC traps, two switches, and
 * for same_cpu and cross_cpu two full 64-byte message copies.  short sends
 * register messages both ways (m_type and one word, IPC_FLAG_REGS): no
 * user memory is touched by the kernel.  A one-way time is not measured
 * separately: the timer runs in the client only.  Compare short with
 * seL4 419 (seL4_Call + seL4_ReplyRecv, 0-word message, registers only) and
 * same_cpu with seL4 1833 (the same with a 10-word message, copied through
 * the IPC buffer) and Linux 9151 (futex round trip between two processes).
 *
 * same_cpu/cold is same_cpu with the client's message on another page each
 * round trip (two buffers a page apart, taken in turn), so the page the
 * kernel remembers for the client's messages (arch/paging.h,
 * as_message_ptr_locked) is the wrong one every time: the fast path walks
 * the client's page table for the reply, as any first message would.
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include "benches.h"

static endpoint_t server = NONE;

/*
 * The server: one REPLYRECV per request served (reply to the last client,
 * wait for the next), as a MINIX server with the fast primitive would.
 */
int bench_echo_server(endpoint_t client)
{
	message m;

	if (bench_partner_receive(client, &m))
		return 0;
	for (;;) {
		if (ipc_replyrecv(client, &m, NULL) != OK)
			return 1;
		if (m.m_type == BENCH_MSG_STOP)
			return 0;
	}
}

/* The echo server for register messages: the answer is the request's word + 1. */
static int short_echo_server(endpoint_t client)
{
	message m;

	if (bench_partner_receive(client, &m))
		return 0;
	for (;;) {
		m.words[0]++;
		if (ipc_replyrecv_short(client, &m, NULL) != OK)
			return 1;
		if (m.m_type == BENCH_MSG_STOP)
			return 0;
	}
}

static void run(uint64_t n)
{
	message m;

	memset(&m, 0, sizeof(m));
	for (uint64_t i = 0; i < n; i++) {
		int r;

		m.m_type = BENCH_MSG_GO;
		r = ipc_sendrec(server, &m);
		if (r != OK) {
			bench_error("ipc_sendrec: %d", r);
			return;
		}
	}
}

#define PAGE	4096u

/* Two message buffers a page apart, for same_cpu/cold. */
static struct {
	message m;
	uint8_t rest[PAGE - sizeof(message)];
} cold_buf[2] __attribute__((aligned(PAGE)));

static void run_cold(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		message *m = &cold_buf[i & 1].m;
		int r;

		m->m_type = BENCH_MSG_GO;
		r = ipc_sendrec(server, m);
		if (r != OK) {
			bench_error("ipc_sendrec: %d", r);
			return;
		}
	}
}

static void run_short(uint64_t n)
{
	message m;

	memset(&m, 0, sizeof(m));
	for (uint64_t i = 0; i < n; i++) {
		int r;

		m.m_type = BENCH_MSG_GO;
		m.words[0] = (uint32_t)i;
		r = ipc_sendrec_short(server, &m);
		if (r != OK || m.words[0] != (uint32_t)i + 1) {
			bench_error("ipc_sendrec_short: %d, answer %u to %u", r, m.words[0],
				    (uint32_t)i);
			return;
		}
	}
}

static void teardown(void)
{
	bench_stop_partner(server);
	server = NONE;
}

/*
 * Forks the server (it starts on our CPU), gives it priority `prio` (-1:
 * the client's), moves it to the next CPU for the cross-CPU case, lets it
 * run once, and checks where it ended up.
 */
static int start_server(int want_same_cpu, int prio, int (*echo)(endpoint_t),
			void (*first)(uint64_t))
{
	int mine, theirs, r;

	server = bench_fork_partner(echo);
	if (server < 0)
		return bench_setup_error(server, "fork: %d (is `bench` marked priv=system on the boot line?)", server);
	if (prio >= 0 && (r = sys_schedctl(server, -1, prio)) != OK) {
		teardown();
		return bench_fail("sys_schedctl cannot set the server's priority to %d: %d", prio, r);
	}
	mine = bench_partner_cpu(bench_self());
	if (!want_same_cpu && mine >= 0 &&
	    (r = sys_schedctl(server, (mine + 1) % (int)bench_ncpus(), -1)) != OK) {
		teardown();
		return bench_skip("sys_schedctl cannot move the server to CPU %d: %d",
				  (mine + 1) % (int)bench_ncpus(), r);
	}
	first(1);
	if (bench_failed()) {
		teardown();
		return BENCH_FAIL;	/* reason set by bench_error() */
	}
	theirs = bench_partner_cpu(server);
	if (mine < 0 || theirs < 0) {
		teardown();
		return bench_fail("cannot read the CPUs of client and server");
	}
	if ((mine == theirs) != want_same_cpu && !bench_forced()) {
		teardown();
		return bench_skip("server runs on CPU %d, client on CPU %d", theirs, mine);
	}
	return BENCH_OK;
}

static int setup_same_cpu(void)
{
	return start_server(1, -1, bench_echo_server, run);
}

static int setup_cold(void)
{
	memset(cold_buf, 0, sizeof(cold_buf));
	return start_server(1, -1, bench_echo_server, run_cold);
}

static int setup_short(void)
{
	return start_server(1, -1, short_echo_server, run_short);
}

static int setup_cross_cpu(void)
{
	if (bench_ncpus() < 2 && !bench_forced())
		return bench_skip("needs >= 2 CPUs; guest has %u", bench_ncpus());
	return start_server(0, -1, bench_echo_server, run);
}

/* Above and below the client's SCHED_USER_PRIO (8), the bench process's. */
static int setup_prio_up(void)
{
	return start_server(1, 4, bench_echo_server, run);
}

static int setup_prio_down(void)
{
	return start_server(1, 12, bench_echo_server, run);
}

const struct bench bench_ipc_rtt_same_cpu = {
	.name = "ipc_rtt/same_cpu",
	.description = "IPC round trip, same CPU: client SENDREC, server REPLYRECV (64-byte message both ways)",
	.setup = setup_same_cpu,
	.run = run,
	.teardown = teardown,
	.unit_per = "round trip",
};

const struct bench bench_ipc_rtt_cross_cpu = {
	.name = "ipc_rtt/cross_cpu",
	.description = "IPC round trip, client and server on different CPUs (same method as same_cpu)",
	.setup = setup_cross_cpu,
	.run = run,
	.teardown = teardown,
	.unit_per = "round trip",
};

const struct bench bench_ipc_rtt_short = {
	.name = "ipc_rtt/short",
	.description = "IPC round trip, same CPU, register messages (m_type and one word) both ways",
	.setup = setup_short,
	.run = run_short,
	.teardown = teardown,
	.unit_per = "round trip",
};

const struct bench bench_ipc_rtt_prio_up = {
	.name = "ipc_rtt/prio_up",
	.description = "IPC round trip, same CPU, server at priority 4 above its client's 8 (as same_cpu)",
	.setup = setup_prio_up,
	.run = run,
	.teardown = teardown,
	.unit_per = "round trip",
};

const struct bench bench_ipc_rtt_prio_down = {
	.name = "ipc_rtt/prio_down",
	.description = "IPC round trip, same CPU, server at priority 12 below its client's 8 (as same_cpu)",
	.setup = setup_prio_down,
	.run = run,
	.teardown = teardown,
	.unit_per = "round trip",
};

const struct bench bench_ipc_rtt_same_cpu_cold = {
	.name = "ipc_rtt/same_cpu/cold",
	.description = "same_cpu with the client's message on another page each time: the kernel's remembered message page never fits",
	.setup = setup_cold,
	.run = run_cold,
	.teardown = teardown,
	.unit_per = "round trip",
};
