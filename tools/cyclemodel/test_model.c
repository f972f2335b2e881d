/*
 * tools/cyclemodel/test_model.c - host test of the cycle model (model.h,
 * cache.h, costs.h) on synthetic instruction streams: the LRU arrays, the
 * class costs, rep strings, exceptions seen in the flow, L1/L2 misses,
 * TLB misses and walks with CR3 writes sparing global pages, and the
 * calibration of docs/cycle_model.md (seL4-shaped loops against seL4's
 * published Haswell cycles).
 */
#include "../../tests/host/host_test.h"
#include <arch/layout.h>
#include "model.h"

#define BIT(c)		(1u << (c))
#define KCODE		0x00100000u	/* kernel text: direct map, global */
#define KDATA		0x00200000u
#define UCODE		0x40001000u	/* user text: every program at the same address */
#define USTACK		0xeffef000u
#define UBUF		0x40100000u

static const struct cm_costs *k = &cm_haswell;

static struct cm_insn insn(uint32_t pc, uint8_t size, enum insn_flow flow, uint32_t classes)
{
	return (struct cm_insn){ .pc = pc, .size = size, .flow = flow, .classes = classes,
				 .code = pc };
}

/* One instruction alone: the cycles it adds. */
static double exec_cost(struct cm_cpu *c, const struct cm_insn *i)
{
	double before = cm_cycles(&c->t);

	cm_exec(c, i);
	return cm_cycles(&c->t) - before;
}

static double access_cost(struct cm_cpu *c, uint32_t va, bool store)
{
	double before = cm_cycles(&c->t);

	cm_access(c, va, va, store);
	return cm_cycles(&c->t) - before;
}

static void test_cache_lru(void **state)
{
	struct cache c;

	(void)state;
	assert_int_equal(cache_init(&c, 8, 2), 0);	/* 4 sets of 2 */
	assert_false(cache_access(&c, 1, false));
	assert_false(cache_access(&c, 5, false));	/* same set */
	assert_true(cache_access(&c, 1, false));	/* 1 is now the newer */
	assert_false(cache_access(&c, 9, false));	/* evicts 5, not 1 */
	assert_true(cache_holds(&c, 1));
	assert_false(cache_holds(&c, 5));
	assert_true(cache_holds(&c, 9));
	cache_free(&c);
	assert_int_equal(cache_init(&c, 12, 4), -1);	/* 3 sets: not a power of two */
}

static void test_cache_flush_sticky(void **state)
{
	struct cache c;

	(void)state;
	assert_int_equal(cache_init(&c, 16, 4), 0);
	cache_access(&c, 1, true);
	cache_access(&c, 2, false);
	cache_flush(&c, false);
	assert_true(cache_holds(&c, 1));
	assert_false(cache_holds(&c, 2));
	cache_flush(&c, true);
	assert_false(cache_holds(&c, 1));
	cache_free(&c);
}

static void test_class_costs(void **state)
{
	struct cm_cpu c;
	struct cm_insn first = insn(KCODE, 2, FLOW_NEXT, 0);
	struct cm_insn add = insn(KCODE + 2, 2, FLOW_NEXT, 0);
	struct cm_insn cr3 = insn(KCODE + 4, 3, FLOW_NEXT,
				  BIT(IC_CR3_WRITE) | BIT(IC_CR_WRITE) | BIT(IC_SERIALIZING));
	struct cm_insn seg = insn(KCODE + 7, 2, FLOW_NEXT, BIT(IC_SEG_LOAD));
	struct cm_insn call = insn(KCODE + 9, 5, FLOW_CALL, BIT(IC_CALL));

	(void)state;
	assert_int_equal(cm_cpu_init(&c, k), 0);
	cm_exec(&c, &first);		/* fills the iTLB and the line */
	assert_true(exec_cost(&c, &add) == k->insn);
	assert_true(exec_cost(&c, &cr3) == k->cls[IC_CR3_WRITE]);	/* the largest class */
	assert_true(exec_cost(&c, &seg) == k->cls[IC_SEG_LOAD]);
	assert_true(exec_cost(&c, &call) == k->insn);
	assert_int_equal(c.t.count[CM_CR3_WRITES], 1);
	assert_true(c.t.cycles[CM_SPECIAL] == k->cls[IC_CR3_WRITE] + k->cls[IC_SEG_LOAD]);
	cm_cpu_free(&c);
}

/* rep movsl of 16 words: 17 passes (the last finds the count zero). */
static void test_rep_string(void **state)
{
	struct cm_cpu c;
	struct cm_insn before = insn(KCODE, 2, FLOW_NEXT, 0);
	struct cm_insn rep = insn(KCODE + 2, 2, FLOW_REP, BIT(IC_REP_STRING));
	struct cm_insn next = insn(KCODE + 4, 1, FLOW_NEXT, 0);
	double total = 0;

	(void)state;
	assert_int_equal(cm_cpu_init(&c, k), 0);
	cm_exec(&c, &before);		/* the line and page in */
	cm_access(&c, KDATA, KDATA, false);
	for (int pass = 0; pass < 17; pass++)
		total += exec_cost(&c, &rep);
	assert_true(total == k->rep_start + 16 * k->rep_iter);
	assert_true(total == 28);	/* the host's 64-byte rep movsl (costs.c) */
	assert_int_equal(c.t.count[CM_INSNS], 18);	/* passes count, as icount counts them */
	assert_int_equal(c.t.count[CM_EVENTS], 0);
	/* a load of a rep pass streams: a cold line costs stream_l3, not l3_hit */
	assert_true(access_cost(&c, KDATA + 64, false) == k->stream_l3);
	cm_exec(&c, &next);
	assert_true(access_cost(&c, KDATA + 128, false) == k->l3_hit);
	assert_int_equal(c.t.count[CM_EVENTS], 0);
	cm_cpu_free(&c);
}

static void test_events(void **state)
{
	struct cm_cpu c;
	struct cm_insn u1 = insn(UCODE, 2, FLOW_NEXT, 0);
	struct cm_insn u2 = insn(UCODE + 2, 2, FLOW_BRANCH, 0);
	struct cm_insn sys = insn(UCODE + 4, 2, FLOW_TRAP, BIT(IC_SYSENTER));
	struct cm_insn kentry = insn(KCODE, 1, FLOW_NEXT, 0);
	struct cm_insn kother = insn(KCODE + 0x40, 1, FLOW_NEXT, 0);

	(void)state;
	assert_int_equal(cm_cpu_init(&c, k), 0);
	cm_exec(&c, &u1);
	cm_exec(&c, &u2);		/* falls through: no event */
	cm_exec(&c, &sys);		/* a branch to the next: no event */
	cm_exec(&c, &kentry);		/* a trap: no event */
	assert_int_equal(c.t.count[CM_EVENTS], 0);
	cm_exec(&c, &kother);		/* not where kentry falls through: an interrupt */
	assert_int_equal(c.t.count[CM_EVENTS], 1);
	cm_exec(&c, &u2);		/* kernel to user by a plain instruction: an event too */
	cm_exec(&c, &kentry);		/* a user branch cannot reach the kernel: a fault */
	assert_int_equal(c.t.count[CM_EVENTS], 3);
	assert_true(c.t.cycles[CM_EVENT] == 3 * k->event);
	cm_cpu_free(&c);
}

static void test_caches(void **state)
{
	struct cm_cpu c;
	unsigned l1_sets = k->l1d.entries / k->l1d.ways;
	struct cm_insn ld = insn(KCODE, 2, FLOW_NEXT, 0);

	(void)state;
	assert_int_equal(cm_cpu_init(&c, k), 0);
	cm_exec(&c, &ld);
	cm_access(&c, KDATA + 0x1000, KDATA + 0x1000, false);		/* the TLB entry in */
	assert_true(access_cost(&c, KDATA, false) == k->l3_hit);	/* cold */
	assert_true(access_cost(&c, KDATA + 4, false) == 0);		/* same line */
	/* ways more lines of the same L1 set push it out to L2 */
	for (unsigned w = 1; w <= k->l1d.ways; w++)
		access_cost(&c, KDATA + 0x2000 + w * l1_sets * 64, false);
	assert_true(access_cost(&c, KDATA, false) == k->l2_hit);
	/* stores never wait, but fill: the load after finds the line */
	assert_true(access_cost(&c, KDATA + 0x10000, true) == 0);
	assert_true(access_cost(&c, KDATA + 0x10000, false) == 0);
	assert_int_equal(c.t.count[CM_L1D_MISS], k->l1d.ways + 4);
	cm_cpu_free(&c);
}

static void test_fetch_across_lines(void **state)
{
	struct cm_cpu c;
	struct cm_insn across = insn(KCODE + 62, 5, FLOW_NEXT, 0);

	(void)state;
	assert_int_equal(cm_cpu_init(&c, k), 0);
	cm_exec(&c, &across);
	assert_int_equal(c.t.count[CM_L1I_MISS], 2);
	assert_true(c.t.cycles[CM_ICACHE] == 2 * k->l3_hit);
	cm_cpu_free(&c);
}

static void test_tlb_cr3_spares_global(void **state)
{
	struct cm_cpu c;
	struct cm_insn k1 = insn(KCODE, 2, FLOW_NEXT, 0);
	struct cm_insn cr3 = insn(KCODE + 2, 3, FLOW_NEXT, BIT(IC_CR3_WRITE) | BIT(IC_CR_WRITE));

	(void)state;
	assert_int_equal(cm_cpu_init(&c, k), 0);
	cm_exec(&c, &k1);
	cm_access(&c, UBUF, 0x500000, false);
	cm_access(&c, KDATA, KDATA, false);
	/* kernel text (iTLB), the user page, kernel data (dTLB): the
	 * kernel's two share a 4 MiB page, so the STLB has it for the second */
	assert_int_equal(c.t.count[CM_TLB_MISS], 3);
	assert_int_equal(c.t.count[CM_WALKS], 2);
	cm_access(&c, UBUF + 8, 0x500008, false);
	assert_int_equal(c.t.count[CM_TLB_MISS], 3);
	cm_exec(&c, &cr3);
	cm_access(&c, KDATA + 64, KDATA + 64, false);	/* global: still there */
	assert_int_equal(c.t.count[CM_TLB_MISS], 3);
	{
		double before = cm_cycles(&c.t);

		cm_access(&c, UBUF + 16, 0x500010, false);	/* the line is there: the walk alone */
		assert_true(cm_cycles(&c.t) - before == k->stlb_hit + k->walk);
	}
	assert_int_equal(c.t.count[CM_WALKS], 3);
	/* one 4 MiB entry covers the whole direct-map page */
	cm_access(&c, KDATA + 0x1ff000, KDATA + 0x1ff000, false);
	assert_int_equal(c.t.count[CM_TLB_MISS], 4);
	cm_cpu_free(&c);
}

/*
 * The calibration (docs/cycle_model.md): seL4-shaped loops run warm
 * through the model against seL4's published ia32 Haswell cycles.  A
 * round trip (Call + ReplyRecv, 0 words, two address spaces: 419
 * instructions under icount) is two halves of: the sender's user code
 * with its stack and IPC buffer, SYSENTER, the kernel path reading its
 * data, a CR3 write, SYSEXIT, the receiver's user code (its pages miss
 * the TLB after the CR3 write).  Published: 511 + 374 = 885 cycles.
 */
static void user_code(struct cm_cpu *c, struct cm_insn *u, unsigned n, uint64_t space)
{
	for (unsigned i = 0; i < n; i++) {
		cm_exec(c, &u[i]);
		if (i % 4 == 0)
			cm_access(c, i % 8 ? USTACK : UBUF, space + i * 4, i % 8 == 0);
	}
}

static void kernel_code(struct cm_cpu *c, struct cm_insn *kc, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		cm_exec(c, &kc[i]);
		if (i % 3 == 0)
			cm_access(c, KDATA + i * 8, KDATA + i * 8, i % 6 == 0);
	}
}

#define USER_N		30	/* user instructions between two SYSENTERs */
#define KERNEL_N	176

static double sel4_round_trip(struct cm_cpu *c, unsigned rounds)
{
	static struct cm_insn user[2][USER_N], kern[KERNEL_N], sysenter[2], cr3, sysexit;
	double before = 0;

	for (int s = 0; s < 2; s++) {
		for (unsigned i = 0; i < USER_N; i++) {
			user[s][i] = insn(UCODE + 2 * i, 2, FLOW_NEXT, 0);
			user[s][i].code = (uint64_t)(s + 1) << 32 | (UCODE + 2 * i);
		}
		sysenter[s] = insn(UCODE + 2 * USER_N, 2, FLOW_TRAP, BIT(IC_SYSENTER));
		sysenter[s].code = (uint64_t)(s + 1) << 32 | (UCODE + 2 * USER_N);
	}
	for (unsigned i = 0; i < KERNEL_N; i++)
		kern[i] = insn(KCODE + 3 * i, 3, FLOW_NEXT, 0);
	cr3 = insn(KCODE + 3 * KERNEL_N, 3, FLOW_NEXT, BIT(IC_CR3_WRITE) | BIT(IC_CR_WRITE));
	sysexit = insn(KCODE + 3 * KERNEL_N + 3, 2, FLOW_EXIT, BIT(IC_SYSEXIT));
	for (unsigned r = 0; r < rounds; r++) {
		if (r == rounds - 1)
			before = cm_cycles(&c->t);
		for (int s = 0; s < 2; s++) {
			user_code(c, user[s], USER_N, (uint64_t)(s + 1) << 24);
			cm_exec(c, &sysenter[s]);
			kernel_code(c, kern, KERNEL_N);
			cm_exec(c, &cr3);
			cm_exec(c, &sysexit);
		}
	}
	return cm_cycles(&c->t) - before;
}

/* A null system call: 15 user instructions (a loop), SYSENTER, 40 kernel ones, SYSEXIT. */
static double sel4_null_syscall(struct cm_cpu *c, unsigned rounds)
{
	static struct cm_insn user[15], kern[40], sysenter, sysexit;
	double before = 0;

	for (unsigned i = 0; i < 15; i++)
		user[i] = insn(UCODE + 2 * i, 2, i == 14 ? FLOW_BRANCH : FLOW_NEXT, 0);
	for (unsigned i = 0; i < 40; i++)
		kern[i] = insn(KCODE + 3 * i, 3, FLOW_NEXT, 0);
	sysenter = insn(UCODE + 20, 2, FLOW_TRAP, BIT(IC_SYSENTER));
	sysexit = insn(KCODE + 120, 2, FLOW_EXIT, BIT(IC_SYSEXIT));
	for (unsigned r = 0; r < rounds; r++) {
		if (r == rounds - 1)
			before = cm_cycles(&c->t);
		user_code(c, user, 10, 0);
		cm_exec(c, &sysenter);
		kernel_code(c, kern, 40);
		cm_exec(c, &sysexit);
		user_code(c, user + 10, 5, 0);
	}
	return cm_cycles(&c->t) - before;
}

static void test_calibration(void **state)
{
	struct cm_cpu c;
	double rtt, null;

	(void)state;
	assert_int_equal(cm_cpu_init(&c, k), 0);
	rtt = sel4_round_trip(&c, 10);
	assert_int_equal(c.t.count[CM_INSNS] / 10, 2 * (USER_N + KERNEL_N + 3));
	assert_int_equal(c.t.count[CM_EVENTS], 0);
	print_message("seL4-shaped round trip: %.1f modeled cycles (published 885)\n", rtt);
	assert_true(rtt > 885 * 0.9 && rtt < 885 * 1.1);
	cm_cpu_free(&c);
	assert_int_equal(cm_cpu_init(&c, k), 0);
	null = sel4_null_syscall(&c, 10);
	assert_int_equal(c.t.count[CM_EVENTS], 0);
	print_message("seL4-shaped null syscall: %.1f modeled cycles (published 142)\n", null);
	assert_true(null > 142 * 0.9 && null < 142 * 1.1);
	cm_cpu_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("cyclemodel", "cache_lru", test_cache_lru),
		HOST_TEST("cyclemodel", "cache_flush_sticky", test_cache_flush_sticky),
		HOST_TEST("cyclemodel", "class_costs", test_class_costs),
		HOST_TEST("cyclemodel", "rep_string", test_rep_string),
		HOST_TEST("cyclemodel", "events", test_events),
		HOST_TEST("cyclemodel", "caches", test_caches),
		HOST_TEST("cyclemodel", "fetch_across_lines", test_fetch_across_lines),
		HOST_TEST("cyclemodel", "tlb_cr3_spares_global", test_tlb_cr3_spares_global),
		HOST_TEST("cyclemodel", "calibration", test_calibration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
