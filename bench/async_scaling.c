/*
 * bench/async_scaling.c - async_scaling/N (N = 1, 4): aggregate throughput
 * of asynchronous kernel calls, N workers at once, one per CPU.
 *
 * Each worker is forked by the bench process, moved to CPU i with
 * sys_schedctl before it first runs, sets up its own ring (a forked child
 * has none) and reports; run(n) orders every worker to do n batches of
 * ASYNC_SCALING_BATCH NOPs (one ENTER each, as async_nop/16) and waits for
 * all N to report back.  The reported operation is one call of the
 * aggregate, total time / (n * N * batch), so 1e9 / median is calls per
 * second for the machine; /1 is the same loop with one worker, for the
 * comparison.  ENTER takes only the caller's CPU lock, so the workers
 * share nothing.  /4 needs >= 4 CPUs (`force` runs it anyway).
 */
#include <string.h>
#include <async.h>
#include <ipc.h>
#include <syslib.h>
#include "benches.h"

#define MAX_WORKERS		4
#define ASYNC_SCALING_BATCH	16

static uint8_t ring_mem[ASYNC_RING_BYTES(ASYNC_SCALING_BATCH, ASYNC_SCALING_BATCH)]
	__attribute__((aligned(4096)));
static struct async_ring *const ring = (struct async_ring *)ring_mem;
static endpoint_t workers[MAX_WORKERS];
static unsigned nworkers;

/* One batch in a worker: 0, or the failing result. */
static int batch(void)
{
	uint32_t tail = ring->sq_tail;
	int r;

	for (uint32_t e = 0; e < ASYNC_SCALING_BATCH; e++) {
		struct async_sqe *s = async_sqe_at(ring, tail + e);

		s->op = ASYNC_OP_NOP;
		s->tag = e;
	}
	__atomic_store_n(&ring->sq_tail, tail + ASYNC_SCALING_BATCH, __ATOMIC_RELEASE);
	if ((r = sys_async_enter(ASYNC_SCALING_BATCH)) != ASYNC_SCALING_BATCH)
		return r < 0 ? r : EIO;
	for (uint32_t e = 0; e < ASYNC_SCALING_BATCH; e++)
		if (async_cqe_at(ring, ring->cq_head + e)->result != OK)
			return EIO;
	__atomic_store_n(&ring->cq_head, ring->cq_head + ASYNC_SCALING_BATCH, __ATOMIC_RELEASE);
	return OK;
}

/* A worker: its ring, a word to the parent (0 or the set-up's error), then orders. */
static int worker(endpoint_t parent)
{
	message order, m;
	int status;

	memset(ring_mem, 0, sizeof(ring_mem));
	status = sys_async_setup(ring, ASYNC_SCALING_BATCH, ASYNC_SCALING_BATCH, 0, NULL);
	memset(&m, 0, sizeof(m));
	m.m_type = BENCH_MSG_GO;
	m.words[0] = (uint32_t)status;
	if (ipc_send(parent, &m) != OK || status != OK)
		return 1;
	while (!status && !bench_partner_receive(parent, &order)) {
		for (uint32_t i = 0; i < order.words[0] && !status; i++)
			status = batch();
		order.words[1] = (uint32_t)status;
		if (ipc_send(parent, &order) != OK)
			status = 1;
	}
	return status != OK;
}

/* Orders every worker to do n batches, then takes each one's report. */
static void run(uint64_t n)
{
	unsigned sent = 0;
	message m;
	int r = OK;

	for (; sent < nworkers && r == OK; sent++) {
		memset(&m, 0, sizeof(m));
		m.m_type = BENCH_MSG_GO;
		m.words[0] = (uint32_t)n;
		if ((r = ipc_send(workers[sent], &m)) != OK)
			break;
	}
	for (unsigned i = 0; i < sent; i++) {
		int rr = ipc_receive(workers[i], &m, NULL);

		if (rr == OK && m.words[1] != 0)
			rr = (int)m.words[1];
		if (r == OK)
			r = rr;
	}
	if (r != OK)
		bench_error("order/report: %d", r);
}

static void teardown(void)
{
	for (unsigned i = 0; i < nworkers; i++)
		bench_stop_partner(workers[i]);
	nworkers = 0;
}

/* Are the workers on distinct CPUs? */
static int spread_over_cpus(void)
{
	unsigned long used = 0;

	for (unsigned i = 0; i < nworkers; i++) {
		int cpu = bench_partner_cpu(workers[i]);

		if (cpu < 0 || cpu >= 32 || (used & (1ul << cpu)))
			return 0;
		used |= 1ul << cpu;
	}
	return 1;
}

/* Takes each worker's first word; BENCH_OK if every ring is set up. */
static int collect(void)
{
	int result = BENCH_OK;

	for (unsigned i = 0; i < nworkers; i++) {
		message m;
		int r = ipc_receive(workers[i], &m, NULL);

		if (result == BENCH_OK && (r != OK || m.words[0] != OK))
			result = bench_fail("worker %u: receive %d, ring set-up %d", i, r,
					    r == OK ? (int)m.words[0] : 0);
	}
	return result;
}

static int setup_n(unsigned n)
{
	int r;

	if (bench_ncpus() < n && !bench_forced())
		return bench_skip("needs >= %u CPUs; guest has %u", n, bench_ncpus());
	nworkers = 0;
	for (unsigned i = 0; i < n; i++) {
		endpoint_t w = bench_fork_partner(worker);

		if (w < 0) {
			r = collect();
			teardown();
			return r != BENCH_OK ? r : bench_setup_error(w, "fork of worker %u: %d", i, w);
		}
		workers[nworkers++] = w;
		if ((r = sys_schedctl(w, (int)(i % bench_ncpus()), -1)) != OK) {
			collect();
			teardown();
			return bench_skip("sys_schedctl cannot move worker %u to CPU %u: %d", i,
					  i % bench_ncpus(), r);
		}
	}
	if ((r = collect()) != BENCH_OK) {
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
		return bench_skip("the %u workers do not run on distinct CPUs", n);
	}
	return BENCH_OK;
}

static int setup_1(void)
{
	return setup_n(1);
}

static int setup_4(void)
{
	return setup_n(MAX_WORKERS);
}

const struct bench bench_async_scaling_1 = {
	.name = "async_scaling/1",
	.description = "one worker doing batches of 16 NOPs (as async_nop/16), ordered by IPC: per call",
	.setup = setup_1,
	.run = run,
	.teardown = teardown,
	.unit_per = "call",
	.ops_per_iter = ASYNC_SCALING_BATCH,
};

const struct bench bench_async_scaling_4 = {
	.name = "async_scaling/4",
	.description = "4 workers on 4 CPUs doing batches of 16 NOPs at once: per call of the aggregate",
	.setup = setup_4,
	.run = run,
	.teardown = teardown,
	.unit_per = "call",
	.ops_per_iter = MAX_WORKERS * ASYNC_SCALING_BATCH,
};
