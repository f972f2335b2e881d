/*
 * bench/ipc_scaling/N: aggregate IPC throughput of N client/server pairs
 * running at once, one pair per CPU (sel4bench's scaling idea).
 *
 * Each client is forked by the bench process and forks its own echo server
 * (bench_echo_server, ipc_rtt.c), whose endpoint it reports first, so that
 * teardown can make sure the servers are gone too (a fork that fails for
 * lack of memory is a skip).  run(n) sends every client the order "n
 * round trips" and waits for all N to report back; the reported operation
 * is one round trip of the aggregate, total time / (n * N), so
 * 1e9 / median is round trips per second for the whole machine.
 *
 * Needs >= N CPUs: client i is moved to CPU i with sys_schedctl before it
 * runs.  Skips with the reason otherwise (`force` runs it anyway).
 *
 * ipc_rtt/shared_server/N: the same N clients on N CPUs, all calling one
 * server forked first by the bench process (it stays on the bench's CPU,
 * with client 0): it receives from any client and answers with REPLYRECV.
 * Every round trip but client 0's crosses CPUs, so the all-CPU paths run:
 * the wake of a process on another CPU, the server's CPU lock taken from
 * every CPU.  The reported operation is again one round trip of the
 * aggregate.  Under icount every figure here is instructions summed over
 * the CPUs (the vCPUs run in turn, a halted one costs nothing): neither
 * latency nor scaling.
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include "benches.h"

#define MAX_PAIRS	8

static endpoint_t clients[MAX_PAIRS];
static endpoint_t servers[MAX_PAIRS];	/* reported by each client; NONE before */
static unsigned pairs;
static endpoint_t shared = NONE;	/* shared_server/N's server, forked before the clients */

/*
 * The server of shared_server/N: answers whoever calls, until the bench
 * process stops it.  Unlike other partners it receives from ANY, so it is
 * stopped explicitly (teardown) after the clients.
 */
static int shared_server(endpoint_t parent)
{
	message m;

	(void)parent;
	if (ipc_receive(ANY, &m, NULL) != OK)
		return 1;
	while (m.m_type != BENCH_MSG_STOP)
		if (ipc_replyrecv(m.m_source, &m, NULL) != OK)
			return 1;
	return 0;
}

/*
 * A client: forks its echo server (or uses the shared one) and tells the
 * parent the server's endpoint (or the fork's error, and ends); then
 * carries out orders.
 */
static int client(endpoint_t parent)
{
	endpoint_t server = shared != NONE ? shared : bench_fork_partner(bench_echo_server);
	message order, m;
	int status = 0;

	memset(&m, 0, sizeof(m));
	m.m_type = BENCH_MSG_GO;
	m.words[0] = (uint32_t)server;
	if (server < 0) {
		ipc_send(parent, &m);
		return 1;
	}
	if (ipc_send(parent, &m) != OK)
		status = 1;
	while (!status && !bench_partner_receive(parent, &order)) {
		memset(&m, 0, sizeof(m));
		for (uint32_t i = 0; i < order.words[0] && !status; i++) {
			m.m_type = BENCH_MSG_GO;
			status = ipc_sendrec(server, &m) != OK;
		}
		order.words[1] = (uint32_t)status;
		if (ipc_send(parent, &order) != OK)
			status = 1;
	}
	if (shared == NONE)
		bench_stop_partner(server);
	return status;
}

/*
 * Orders every client to do n round trips, then takes the report of each
 * client that got its order, from that client: one that died fails the
 * receive instead of blocking it.
 */
static void run(uint64_t n)
{
	unsigned sent = 0;
	message m;
	int r = OK;

	for (; sent < pairs && r == OK; sent++) {
		memset(&m, 0, sizeof(m));
		m.m_type = BENCH_MSG_GO;
		m.words[0] = (uint32_t)n;
		if ((r = ipc_send(clients[sent], &m)) != OK)
			break;
	}
	for (unsigned i = 0; i < sent; i++) {
		int rr = ipc_receive(clients[i], &m, NULL);

		if (rr == OK && m.words[1] != 0)
			rr = EIO;
		if (r == OK)
			r = rr;
	}
	if (r != OK)
		bench_error("order/report: %d", r);
}

/*
 * Stops every client (each stops its own server), then makes sure the
 * servers are gone too; the shared server is stopped here.
 */
static void teardown(void)
{
	for (unsigned i = 0; i < pairs; i++)
		bench_stop_partner(clients[i]);
	if (shared != NONE) {
		bench_stop_partner(shared);
		shared = NONE;
	} else {
		for (unsigned i = 0; i < pairs; i++)
			if (servers[i] > 0)
				bench_reap(servers[i]);
	}
	pairs = 0;
}

/*
 * Takes each client's first message: its server's endpoint, or why it has
 * none.  From every client, so none is left blocked in that send.
 */
static int collect_servers(void)
{
	int result = BENCH_OK;

	for (unsigned i = 0; i < pairs; i++) {
		message m;
		int r = ipc_receive(clients[i], &m, NULL);

		servers[i] = r == OK ? (endpoint_t)m.words[0] : NONE;
		if (result != BENCH_OK)
			continue;
		if (r != OK)
			result = bench_fail("client %u: no word from it: %d", i, r);
		else if (servers[i] < 0)
			result = bench_setup_error(servers[i], "client %u: fork of its echo server: %d",
						   i, servers[i]);
	}
	return result;
}

/* Are the clients on distinct CPUs?  (Each server starts on its client's.) */
static int spread_over_cpus(void)
{
	unsigned long used = 0;

	for (unsigned i = 0; i < pairs; i++) {
		int cpu = bench_partner_cpu(clients[i]);

		if (cpu < 0 || cpu >= 32 || (used & (1ul << cpu)))
			return 0;
		used |= 1ul << cpu;
	}
	return 1;
}

/*
 * Forks client i and moves it to CPU i before it first runs, so that the
 * server it forks starts there too; one round of orders makes sure every
 * pair has run before the placement is checked.
 */
static int setup_n(unsigned n)
{
	int r;

	if (bench_ncpus() < n && !bench_forced())
		return bench_skip("needs >= %u CPUs; guest has %u", n, bench_ncpus());
	pairs = 0;
	for (unsigned i = 0; i < n; i++) {
		endpoint_t c = bench_fork_partner(client);

		if (c < 0) {
			r = collect_servers();
			teardown();
			return r != BENCH_OK ? r : bench_setup_error(c, "fork of client %u: %d", i, c);
		}
		servers[pairs] = NONE;
		clients[pairs++] = c;
		if ((r = sys_schedctl(c, (int)(i % bench_ncpus()), -1)) != OK) {
			collect_servers();
			teardown();
			return bench_skip("sys_schedctl cannot move client %u to CPU %u: %d", i,
					  i % bench_ncpus(), r);
		}
	}
	if ((r = collect_servers()) != BENCH_OK) {
		teardown();
		return r;
	}
	run(1);
	if (bench_failed()) {
		teardown();
		return BENCH_FAIL;	/* reason set by bench_error() */
	}
	if (!spread_over_cpus() && !bench_forced()) {
		teardown();
		return bench_skip("the %u clients do not run on distinct CPUs", n);
	}
	return BENCH_OK;
}

/* shared_server/N: the server first, so that every client inherits its endpoint. */
static int setup_shared(unsigned n)
{
	if (bench_ncpus() < n && !bench_forced())
		return bench_skip("needs >= %u CPUs; guest has %u", n, bench_ncpus());
	shared = bench_fork_partner(shared_server);
	if (shared < 0) {
		int r = shared;

		shared = NONE;
		return bench_setup_error(r, "fork of the server: %d", r);
	}
	return setup_n(n);
}

static int setup_shared_2(void)
{
	return setup_shared(2);
}

static int setup_shared_4(void)
{
	return setup_shared(4);
}

static int setup_2(void)
{
	return setup_n(2);
}

static int setup_4(void)
{
	return setup_n(4);
}

static int setup_8(void)
{
	return setup_n(MAX_PAIRS);
}

const struct bench bench_ipc_scaling_2 = {
	.name = "ipc_scaling/2",
	.description = "2 client/server pairs doing round trips at once, one pair per CPU: time per round trip of the aggregate",
	.setup = setup_2,
	.run = run,
	.teardown = teardown,
	.unit_per = "aggregate rtt",
	.ops_per_iter = 2,
};

const struct bench bench_ipc_scaling_4 = {
	.name = "ipc_scaling/4",
	.description = "4 client/server pairs at once, one per CPU: time per round trip of the aggregate",
	.setup = setup_4,
	.run = run,
	.teardown = teardown,
	.unit_per = "aggregate rtt",
	.ops_per_iter = 4,
};

const struct bench bench_ipc_scaling_8 = {
	.name = "ipc_scaling/8",
	.description = "8 client/server pairs at once, one per CPU: time per round trip of the aggregate",
	.setup = setup_8,
	.run = run,
	.teardown = teardown,
	.unit_per = "aggregate rtt",
	.ops_per_iter = MAX_PAIRS,
};

const struct bench bench_ipc_rtt_shared_server_2 = {
	.name = "ipc_rtt/shared_server/2",
	.description = "2 clients on 2 CPUs calling one server at once: time per round trip of the aggregate",
	.setup = setup_shared_2,
	.run = run,
	.teardown = teardown,
	.unit_per = "aggregate rtt",
	.ops_per_iter = 2,
};

const struct bench bench_ipc_rtt_shared_server_4 = {
	.name = "ipc_rtt/shared_server/4",
	.description = "4 clients on 4 CPUs calling one server at once: time per round trip of the aggregate",
	.setup = setup_shared_4,
	.run = run,
	.teardown = teardown,
	.unit_per = "aggregate rtt",
	.ops_per_iter = 4,
};
