/*
 * tests/guest/fpu_test.c - fpu.*: every process keeps its own x87 and
 * SSE registers (arch/fpu.h) across switches, IPC, migration and fork,
 * exec starts it afresh, a process that never used the FPU costs no save,
 * the booted strategy (fpu=lazy|eager) is the one at work, and x87 and
 * SIMD exceptions end the process with SIGFPE.
 *
 * Booted once per strategy (tests/guest/fpu.mk) with `mode=NAME`, the
 * fpu= of its boot line.  The register patterns: fpu_regs.h.  Run as
 * `fpu_test fresh` (the exec case) it checks its fresh state and exits
 * with FRESH_OK.  Signal handlers and the FPU: pm_test (pm.handler_fpu).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <abi/signal.h>
#include "children.h"
#include "fpu_regs.h"
#include "guest_util.h"

#define ROUNDS		200		/* switches each pattern must survive */
#define FRESH_OK	77		/* `fpu_test fresh`: the state was fresh */

static int ncpus = 1;
static char mode[16];			/* fpu= of the boot: lazy or eager */

/* Role parameters, set before spawn (fork copies them). */
static uint32_t arg_seed;
static int arg_cpu;

static int cpu_stats_of(int cpu, struct cpu_stats *s)
{
	return sys_getinfo(GET_CPUSTATS, cpu, s, sizeof(*s)) == (int)sizeof(*s) ? 0 : -1;
}

static int my_cpu(void)
{
	struct proc_info me;

	return sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) < 0 ? -1 : (int)me.cpu;
}

/* Moves the caller to arg_cpu. */
static int pin(void)
{
	return sys_schedctl(SELF, arg_cpu, -1) == OK && my_cpu() == arg_cpu ? 0 : -1;
}

/* Yields ROUNDS times with its pattern loaded, checking it after each. */
static int yield_checker_main(void)
{
	int r;

	CHK(pin() == 0);
	fpu_load(arg_seed);
	for (int i = 0; i < ROUNDS; i++) {
		sys_yield();
		if ((r = fpu_recheck(arg_seed)))
			return r;
	}
	return 0;
}

/* Answers ROUNDS requests, checking its pattern around each. */
static int fpu_server_main(void)
{
	message m;
	int r;

	CHK(pin() == 0);
	fpu_load(arg_seed);
	for (int i = 0; i < ROUNDS; i++) {
		CHK(ipc_receive(ANY, &m, NULL) == OK);
		if ((r = fpu_recheck(arg_seed)))
			return r;
		CHK(ipc_send(m.m_source, &m) == OK);
	}
	return 0;
}

/* Calls arg_ep ROUNDS times, checking its pattern after each answer. */
static int fpu_client_main(void)
{
	message m;
	int r;

	CHK(pin() == 0);
	fpu_load(arg_seed);
	for (int i = 0; i < ROUNDS; i++) {
		clear_msg(&m, T_REQ);
		CHK(ipc_sendrec(arg_ep, &m) == OK);
		if ((r = fpu_recheck(arg_seed)))
			return r;
	}
	return 0;
}

/* Two children, each with its own pattern, switching through sys_yield on cpu. */
static const char *yield_pair(int cpu_a, int cpu_b)
{
	endpoint_t a, b;

	arg_seed = 1;
	arg_cpu = cpu_a;
	T_SPAWN(a, yield_checker_main);
	arg_seed = 2;
	arg_cpu = cpu_b;
	T_SPAWN(b, yield_checker_main);
	T_EXIT(a, 0);
	T_EXIT(b, 0);
	return NULL;
}

/* A client on cpu_c calling a server on cpu_s, each with its own pattern. */
static const char *ipc_pair(int cpu_c, int cpu_s)
{
	endpoint_t s, c;

	arg_seed = 3;
	arg_cpu = cpu_s;
	T_SPAWN(s, fpu_server_main);
	arg_ep = s;
	arg_seed = 4;
	arg_cpu = cpu_c;
	T_SPAWN(c, fpu_client_main);
	T_EXIT(c, 0);
	T_EXIT(s, 0);
	return NULL;
}

static const char *skip_one_cpu(void)
{
	return ncpus < 2 ? test_skipf("one CPU") : NULL;
}

/* Non-FPU partners: a round trip of two processes that never used the FPU. */
static int plain_server_main(void)
{
	message m;

	CHK(pin() == 0);
	for (;;) {
		CHK(ipc_receive(ANY, &m, NULL) == OK);
		if (m.m_type == T_QUIT)
			return 0;
		CHK(ipc_send(m.m_source, &m) == OK);
	}
}

/* Calls arg_ep ROUNDS times; 0 if its CPU saved, restored and trapped nothing meanwhile. */
static int plain_client_main(void)
{
	struct cpu_stats before, after;
	message m;

	CHK(pin() == 0);
	CHK(cpu_stats_of(arg_cpu, &before) == 0);
	for (int i = 0; i < ROUNDS; i++) {
		clear_msg(&m, T_REQ);
		CHK(ipc_sendrec(arg_ep, &m) == OK);
	}
	CHK(cpu_stats_of(arg_cpu, &after) == 0);
	clear_msg(&m, T_QUIT);
	CHK(ipc_send(arg_ep, &m) == OK);
	CHK(after.fpu_saves == before.fpu_saves);
	CHK(after.fpu_restores == before.fpu_restores);
	CHK(after.fpu_traps == before.fpu_traps);
	CHK(after.fastpath_hits >= before.fastpath_hits + ROUNDS / 2);	/* the fast path served it */
	return 0;
}

/*
 * Runs first, before this program touches the FPU: none of the processes
 * (its children are forks of it) has a state to save.
 */
static const char *t_non_user_costs_nothing(void)
{
	endpoint_t s, c;

	arg_cpu = ncpus - 1;
	T_SPAWN(s, plain_server_main);
	arg_ep = s;
	T_SPAWN(c, plain_client_main);
	T_EXIT(c, 0);
	T_EXIT(s, 0);
	return NULL;
}

static const char *t_boot_strategy(void)
{
	struct kinfo k;

	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0);
	test_diag("fpu=%s, SSE %s", k.fpu, has_sse ? "yes" : "no");
	T_ASSERT(mode[0] != '\0');
	T_ASSERT_STREQ(k.fpu, mode);
	return NULL;
}

/*
 * Two FPU users switching by sys_yield (the general path): under lazy
 * each switch in traps (#NM) before its restore; under eager the switch
 * restores and nothing traps.
 */
static int strategy_main(void)
{
	struct cpu_stats before, after;
	uint64_t traps, restores;
	int r;

	CHK(pin() == 0);
	fpu_load(arg_seed);
	sys_yield();
	CHK(cpu_stats_of(arg_cpu, &before) == 0);
	for (int i = 0; i < ROUNDS; i++) {
		sys_yield();
		if ((r = fpu_recheck(arg_seed)))
			return r;
	}
	CHK(cpu_stats_of(arg_cpu, &after) == 0);
	traps = after.fpu_traps - before.fpu_traps;
	restores = after.fpu_restores - before.fpu_restores;
	CHK(restores >= ROUNDS);
	CHK(after.fpu_saves - before.fpu_saves >= ROUNDS);
	if (!strcmp(mode, "eager"))
		CHK(traps < ROUNDS / 4);
	else
		CHK(traps >= ROUNDS);
	return 0;
}

static const char *t_strategy_at_work(void)
{
	endpoint_t a, b;

	arg_cpu = 0;
	arg_seed = 5;
	T_SPAWN(a, strategy_main);
	arg_seed = 6;
	T_SPAWN(b, strategy_main);
	T_EXIT(a, 0);
	T_EXIT(b, 0);
	return NULL;
}

/*
 * An FPU user's kernel calls that return straight into it keep its
 * registers live: no save each time (kernel_return ignores MF_FPU_LIVE).
 */
static int kcalls_main(void)
{
	struct cpu_stats before, after;
	struct mess_times t;
	int r;

	CHK(pin() == 0);
	fpu_load(arg_seed);
	CHK(cpu_stats_of(arg_cpu, &before) == 0);
	for (int i = 0; i < ROUNDS; i++)
		CHK(sys_times(SELF, &t) == OK);
	CHK(cpu_stats_of(arg_cpu, &after) == 0);
	if ((r = fpu_check(arg_seed)))
		return r;
	CHK(after.fpu_saves - before.fpu_saves < ROUNDS / 2);
	return 0;
}

static const char *t_kernel_calls_keep_live(void)
{
	endpoint_t c;

	arg_cpu = 0;
	arg_seed = 11;
	T_SPAWN(c, kcalls_main);
	T_EXIT(c, 0);
	return NULL;
}

static const char *t_same_cpu_yield(void) { return yield_pair(0, 0); }
static const char *t_same_cpu_ipc(void) { return ipc_pair(0, 0); }

static const char *t_cross_cpu_yield(void)
{
	const char *s = skip_one_cpu();

	return s ? s : yield_pair(0, 1);
}

static const char *t_cross_cpu_ipc(void)
{
	const char *s = skip_one_cpu();

	return s ? s : ipc_pair(0, ncpus - 1);
}

/* Hops over every CPU, checking its pattern after each move. */
static int migrant_main(void)
{
	int r;

	fpu_load(arg_seed);
	for (int i = 0; i < ROUNDS / 4; i++) {
		int cpu = (int)((i + arg_seed) % (uint32_t)ncpus);

		CHK(sys_schedctl(SELF, cpu, -1) == OK);
		CHK(my_cpu() == cpu);
		sys_yield();
		if ((r = fpu_recheck(arg_seed)))
			return r;
	}
	return 0;
}

static const char *t_migration(void)
{
	const char *s = skip_one_cpu();
	endpoint_t a, b;

	if (s)
		return s;
	arg_seed = 7;
	T_SPAWN(a, migrant_main);
	arg_seed = 8;
	T_SPAWN(b, migrant_main);
	T_EXIT(a, 0);
	T_EXIT(b, 0);
	return NULL;
}

/* The child finds the parent's pattern as it was at the fork. */
static int fork_child_main(void)
{
	return fpu_check(9);
}

static const char *t_fork_copies(void)
{
	endpoint_t c;

	fpu_load(9);
	T_SPAWN(c, fork_child_main);
	T_ASSERT_EQ(fpu_check(9), 0);		/* the parent's own, untouched */
	T_EXIT(c, 0);
	return NULL;
}

/* Loads a pattern and waits to be exec'd. */
static int exec_victim_main(void)
{
	message m;

	fpu_load(10);
	ipc_receive(self_ep, &m, NULL);
	return 1;				/* not exec'd */
}

static int own_module(void)
{
	struct bootmod_info mod;
	struct kinfo k;

	sys_getinfo(GET_KINFO, 0, &k, sizeof(k));
	for (unsigned i = 0; i < k.nr_bootmods; i++)
		if (sys_getinfo(GET_BOOTMOD, (int)i, &mod, sizeof(mod)) >= 0 &&
		    !strcmp(mod.name, "fpu_test"))
			return (int)i;
	return -1;
}

static const char *t_exec_resets(void)
{
	int mod = own_module();
	endpoint_t c;

	T_ASSERT(mod >= 0);
	T_SPAWN(c, exec_victim_main);
	T_BLOCKED(c);
	T_ASSERT_EQ(sys_exec_bootmod(c, (unsigned)mod, "fresh"), OK);
	T_EXIT(c, FRESH_OK);
	return NULL;
}

/* x87 divide by zero with the exception unmasked: #MF at the next wait. */
static int x87_div0_main(void)
{
	uint16_t cw = FCW_DEFAULT & ~4u;	/* ZM clear */
	int32_t zero = 0;

	__asm__ volatile("fninit\n\tfldcw %0\n\tfld1\n\tfidivl %1\n\tfwait" : : "m"(cw), "m"(zero));
	return 1;
}

/*
 * SSE divide by zero with the exception unmasked: #XM.  Returns
 * NO_XM_DELIVERY if the CPU only flagged it (MXCSR.ZE): QEMU's TCG (7.2)
 * does not raise SIMD exceptions.
 */
#define NO_XM_DELIVERY	2
static int sse_div0_main(void)
{
	uint32_t mx = MXCSR_DEFAULT & ~(1u << 9);	/* ZM clear */
	uint32_t one = 0x3f800000u, zero = 0;

	__asm__ volatile("ldmxcsr %0\n\tmovss %1, %%xmm0\n\tdivss %2, %%xmm0\n\tstmxcsr %0"
			 : "+m"(mx) : "m"(one), "m"(zero));
	return (mx & (1u << 2)) ? NO_XM_DELIVERY : 1;
}

static const char *t_x87_exception(void)
{
	endpoint_t c;

	T_SPAWN(c, x87_div0_main);
	T_EXIT(c, -SIGFPE);
	return NULL;
}

static const char *t_sse_exception(void)
{
	endpoint_t c;
	int32_t st;

	if (!has_sse)
		return test_skipf("no SSE");
	T_SPAWN(c, sse_div0_main);
	if ((st = reap(c)) == NO_XM_DELIVERY)
		return test_skipf("the CPU flags SIMD exceptions without raising #XM (QEMU TCG)");
	T_ASSERT_EQ(st, -SIGFPE);
	return NULL;
}

#define GUARDED(fn) static const char *fn##_g(void) { return guarded(fn); }
GUARDED(t_non_user_costs_nothing)
GUARDED(t_strategy_at_work)
GUARDED(t_kernel_calls_keep_live)
GUARDED(t_same_cpu_yield)
GUARDED(t_same_cpu_ipc)
GUARDED(t_cross_cpu_yield)
GUARDED(t_cross_cpu_ipc)
GUARDED(t_migration)
GUARDED(t_fork_copies)
GUARDED(t_exec_resets)
GUARDED(t_x87_exception)
GUARDED(t_sse_exception)

/* In this order: the first case needs a program that has not used the FPU. */
static const struct test_case cases[] = {
	{ "fpu.non_user_costs_nothing", t_non_user_costs_nothing_g },
	{ "fpu.boot_strategy", t_boot_strategy },
	{ "fpu.strategy_at_work", t_strategy_at_work_g },
	{ "fpu.kernel_calls_keep_live", t_kernel_calls_keep_live_g },
	{ "fpu.same_cpu_yield", t_same_cpu_yield_g },
	{ "fpu.same_cpu_ipc", t_same_cpu_ipc_g },
	{ "fpu.cross_cpu_yield", t_cross_cpu_yield_g },
	{ "fpu.cross_cpu_ipc", t_cross_cpu_ipc_g },
	{ "fpu.migration", t_migration_g },
	{ "fpu.fork_copies", t_fork_copies_g },
	{ "fpu.exec_resets", t_exec_resets_g },
	{ "fpu.x87_exception_sigfpe", t_x87_exception_g },
	{ "fpu.sse_exception_sigfpe", t_sse_exception_g },
};

int main(int argc, char **argv)
{
	struct kinfo k;

	if (argc > 1 && !strcmp(argv[1], "fresh"))
		return fpu_is_fresh() ? 1 : FRESH_OK;
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "mode=", 5))
			strlcpy(mode, argv[i] + 5, sizeof(mode));
	has_sse = fpu_has_sse();
	children_init();
	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0)
		ncpus = (int)k.ncpus;
	return test_run(cases, TEST_COUNT(cases));
}
