/*
 * bench/ctxsw.c - ctxsw: switch between two processes yielding to each
 * other on one CPU (same priority, so each sys_yield hands the CPU to the
 * other one).
 *
 * Per run(n) the partner is told n (one SENDREC), then both yield n times:
 * 2n switches, each a yield kernel call plus an address-space switch.  The
 * order message and the partner's final RECEIVE (a constant per run, about
 * 0.2% at full counts) are included.  Compare: Linux 1876 (sched_yield
 * between two SCHED_FIFO processes, per switch).
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include "benches.h"

static endpoint_t partner = NONE;

static int yielder(endpoint_t parent)
{
	message m;

	while (!bench_partner_receive(parent, &m)) {
		uint32_t n = m.words[0];

		if (ipc_sendnb(parent, &m) != OK)
			return 1;
		for (uint32_t i = 0; i < n; i++)
			sys_yield();
	}
	return 0;
}

static void run(uint64_t n)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = BENCH_MSG_GO;
	m.words[0] = (uint32_t)n;
	if ((r = ipc_sendrec(partner, &m)) != OK) {
		bench_error("ipc_sendrec: %d", r);
		return;
	}
	for (uint64_t i = 0; i < n; i++) {
		if ((r = sys_yield()) != OK) {
			bench_error("sys_yield: %d", r);
			return;
		}
	}
}

static int setup(void)
{
	return bench_start_partner(&partner, yielder);
}

static void teardown(void)
{
	bench_end_partner(&partner);
}

const struct bench bench_ctxsw = {
	.name = "ctxsw",
	.description = "context switch: two processes on one CPU yielding to each other (sys_yield + switch)",
	.setup = setup,
	.run = run,
	.teardown = teardown,
	.unit_per = "switch",
	.ops_per_iter = 2,
};
