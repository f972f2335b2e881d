/*
 * bench/ipc_rtt.c - ipc_rtt/same_cpu and ipc_rtt/cross_cpu: message round
 * trip between two address spaces.
 *
 * cross_cpu moves the server to the next CPU with sys_schedctl before the
 * first message; both skip when the CPUs are not what they need.
 * The client (the bench process) does SENDREC to a forked echo server; the
 * server RECEIVEs from that client and answers with SENDNB (the MINIX
 * reply), then RECEIVEs again.  One operation is the whole round trip:
 * three IPC traps, two switches, two 64-byte message copies (every Kestrel
 * message is a full 64-byte message).  A one-way time is not measured
 * separately: the timer runs in the client only.  Compare: seL4 419
 * (seL4_Call + seL4_ReplyRecv, 0-word message), Linux 9151 (futex round
 * trip between two processes).
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

static void teardown(void)
{
	bench_stop_partner(server);
	server = NONE;
}

/*
 * Forks the server (it starts on our CPU), moves it to the next CPU for the
 * cross-CPU case, lets it run once, and checks where it ended up.
 */
static int start_server(int want_same_cpu)
{
	int mine, theirs, r;

	server = bench_fork_partner(bench_echo_server);
	if (server < 0)
		return bench_fail("fork: %d (does boot_privs.c list `bench` as SYSTEM?)", server);
	mine = bench_partner_cpu(bench_self());
	if (!want_same_cpu && mine >= 0 &&
	    (r = sys_schedctl(server, (mine + 1) % (int)bench_ncpus(), -1)) != OK) {
		teardown();
		return bench_skip("sys_schedctl cannot move the server to CPU %d: %d",
				  (mine + 1) % (int)bench_ncpus(), r);
	}
	run(1);
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
	return start_server(1);
}

static int setup_cross_cpu(void)
{
	if (bench_ncpus() < 2 && !bench_forced())
		return bench_skip("needs >= 2 CPUs; guest has %u", bench_ncpus());
	return start_server(0);
}

const struct bench bench_ipc_rtt_same_cpu = {
	.name = "ipc_rtt/same_cpu",
	.description = "IPC round trip, same CPU: client SENDREC, server RECEIVE + SENDNB reply (64-byte message)",
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
