/*
 * bench/fpu_ctxsw.c - fpu/ctxsw_lazy, fpu/ctxsw_eager: ctxsw between two
 * processes that both use the FPU in every time slice, under the FPU
 * strategy the kernel was booted with (fpu=, arch/fpu.h); each row skips
 * under the other strategy (`make bench KARGS=fpu=eager` for the second).
 *
 * Both ends are partners forked for the benchmark, so that the bench
 * program itself never uses the FPU (the partners of the benchmarks that
 * follow are forks of it and start without an FPU state).  Per run(n)
 * each partner is told n (a SENDREC each), then they yield to each other
 * n times, each running one x87 instruction after every yield, and report
 * (a SEND each) while the bench program waits in RECEIVE: 2n switches,
 * each a yield, an address-space switch and the FPU state's save and
 * restore (lazy: the restore after a #NM trap).  Compare ctxsw, the same
 * without the FPU.
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include "benches.h"

static endpoint_t partner[2] = { NONE, NONE };

static int fpu_yielder(endpoint_t parent)
{
	message m;

	while (!bench_partner_receive(parent, &m)) {
		uint32_t n = m.words[0];

		if (ipc_sendnb(parent, &m) != OK)
			return 1;
		for (uint32_t i = 0; i < n; i++) {
			sys_yield();
			__asm__ volatile("fnop");	/* this slice uses the FPU */
		}
		if (ipc_send(parent, &m) != OK)
			return 1;
	}
	return 0;
}

static void run(uint64_t n)
{
	message m;
	int r;

	for (int i = 0; i < 2; i++) {
		memset(&m, 0, sizeof(m));
		m.m_type = BENCH_MSG_GO;
		m.words[0] = (uint32_t)n;
		if ((r = ipc_sendrec(partner[i], &m)) != OK) {
			bench_error("ipc_sendrec: %d", r);
			return;
		}
	}
	for (int i = 0; i < 2; i++) {
		if ((r = ipc_receive(partner[i], &m, NULL)) != OK) {
			bench_error("ipc_receive: %d", r);
			return;
		}
	}
}

/* Runs only under the strategy `want`; starts both partners. */
static int setup_for(const char *want)
{
	struct kinfo k;
	int r;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return bench_fail("GET_KINFO failed");
	if (strcmp(k.fpu, want))
		return bench_skip("booted with fpu=%s (boot with fpu=%s)", k.fpu, want);
	if ((r = bench_start_partner(&partner[0], fpu_yielder)) != BENCH_OK)
		return r;
	if ((r = bench_start_partner(&partner[1], fpu_yielder)) != BENCH_OK)
		bench_end_partner(&partner[0]);
	return r;
}

static int setup_lazy(void)
{
	return setup_for("lazy");
}

static int setup_eager(void)
{
	return setup_for("eager");
}

static void teardown(void)
{
	bench_end_partner(&partner[1]);
	bench_end_partner(&partner[0]);
}

const struct bench bench_fpu_ctxsw_lazy = {
	.name = "fpu/ctxsw_lazy",
	.description = "ctxsw between two FPU users, fpu=lazy (save on switch out, restore on #NM)",
	.setup = setup_lazy,
	.run = run,
	.teardown = teardown,
	.unit_per = "switch",
	.ops_per_iter = 2,
};

const struct bench bench_fpu_ctxsw_eager = {
	.name = "fpu/ctxsw_eager",
	.description = "ctxsw between two FPU users, fpu=eager (save and restore on every switch)",
	.setup = setup_eager,
	.run = run,
	.teardown = teardown,
	.unit_per = "switch",
	.ops_per_iter = 2,
};
