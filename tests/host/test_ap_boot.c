/*
 * tests/host/test_ap_boot.c - starting the APs (smp/ap_boot.c) against
 * simulated ones: an AP slower than the old 100 ms bound is accepted, one
 * that never starts is left out within the bound and the next takes its
 * place, one that wakes after being left out parks and is reported, one
 * that started but comes online too late is halted and reported, and a
 * cpus= above the machine's count is logged.
 *
 * The platform is stubbed: arch_delay_us advances a clock and, at the
 * times a script gives, plays each AP's part (the trampoline's claim of
 * the parameter block, then smp_ap_online); arch_halt returns to the
 * simulation by longjmp.
 */
#include <stdio.h>
#include <string.h>
#include "tests/host/host_test.h"
#include <arch/apic.h>
#include <arch/smp.h>
#include <arch/trampoline.h>
#include "kernel/kernel.h"
#include "smp/ap_boot.h"
#include "smp/cpu.h"
#include "smp/topology.h"

#define NEVER	UINT64_MAX
#define MS	1000ull

struct cpu cpus[MAX_CPUS];
unsigned ncpus_online;
uint32_t cpus_online;

/* One simulated AP: when (after its STARTUP) it claims the block, and how long it then needs. */
struct sim_ap {
	uint32_t apic_id;
	uint64_t claim_after_us;	/* NEVER: it never runs */
	uint64_t online_after_us;	/* after the claim; NEVER: stuck */
	uint64_t started_at;		/* clock at its STARTUP; NEVER before */
	bool claimed, done;
	struct cpu *cpu;		/* from the block it claimed */
};

static struct sim_ap aps[4];
static unsigned naps;
static uint64_t now_us;
static struct trampoline_params block;
static char log_text[4096];
static jmp_buf halt_env;
static unsigned halts;

int smp_discover(struct smp_topology *t)
{
	memset(t, 0, sizeof(*t));
	t->ncpus = naps + 1;
	for (unsigned k = 0; k < naps; k++)
		t->apic_id[k + 1] = aps[k].apic_id;
	return 0;
}

bool arch_apic_init(const struct smp_topology *t)
{
	(void)t;
	return true;
}

struct trampoline_params *arch_trampoline_install(void)
{
	memset(&block, 0, sizeof(block));
	block.apic_id = TRAMP_CLAIMED;
	return &block;
}

void cpu_init_ap_struct(unsigned i, uint32_t apic_id)
{
	memset(&cpus[i], 0, sizeof(cpus[i]));
	cpus[i].id = i;
	cpus[i].apic_id = apic_id;
}

void arch_apic_send_init(uint32_t apic_id)
{
	(void)apic_id;
}

void arch_apic_send_startup(uint32_t apic_id, uint32_t page)
{
	(void)page;
	for (unsigned k = 0; k < naps; k++)
		if (aps[k].apic_id == apic_id && aps[k].started_at == NEVER)
			aps[k].started_at = now_us;
}

_Noreturn void arch_halt(void)
{
	halts++;
	longjmp(halt_env, 1);
}

void kprintf(const char *fmt, ...)
{
	size_t used = strlen(log_text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(log_text + used, sizeof(log_text) - used, fmt, ap);
	va_end(ap);
	strncat(log_text, "\n", sizeof(log_text) - strlen(log_text) - 1);
}

/* The trampoline's claim (trampoline.S): swap our id for CLAIMED, or park late. */
static void claim(struct sim_ap *a)
{
	uint32_t expected = a->apic_id;

	a->claimed = true;
	if (__atomic_compare_exchange_n(&block.apic_id, &expected, TRAMP_CLAIMED, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		a->cpu = (struct cpu *)&cpus[0];
		for (unsigned i = 0; i < MAX_CPUS; i++)
			if ((uint32_t)(uintptr_t)&cpus[i] == block.cpu)
				a->cpu = &cpus[i];
		return;
	}
	block.late++;
	block.late_apic_id = a->apic_id;
	a->done = true;
}

/* Runs ap's remaining steps that are due. */
static void play(struct sim_ap *a)
{
	if (a->done || a->started_at == NEVER || a->claim_after_us == NEVER)
		return;
	if (!a->claimed && now_us >= a->started_at + a->claim_after_us)
		claim(a);
	if (a->claimed && !a->done && a->online_after_us != NEVER &&
	    now_us >= a->started_at + a->claim_after_us + a->online_after_us) {
		a->done = true;
		if (!setjmp(halt_env))
			smp_ap_online(a->cpu);
	}
}

void arch_delay_us(unsigned us)
{
	now_us += us;
	for (unsigned k = 0; k < naps; k++)
		play(&aps[k]);
}

static void machine(unsigned n, const struct sim_ap *script)
{
	memset(cpus, 0, sizeof(cpus));
	for (unsigned i = 0; i < MAX_CPUS; i++)
		cpus[i].id = i;
	ncpus_online = 1;
	cpus_online = 1;
	naps = n;
	for (unsigned k = 0; k < n; k++) {
		aps[k] = script[k];
		aps[k].started_at = NEVER;
	}
	now_us = 0;
	log_text[0] = '\0';
	halts = 0;
}

static void slow_ap_accepted(void **state)
{
	const struct sim_ap script[] = { { .apic_id = 1, .claim_after_us = 150 * MS,
					   .online_after_us = 10 * MS } };

	(void)state;
	machine(1, script);
	smp_init(0);
	assert_int_equal(ncpus_online, 2);
	assert_true(cpu_index_online(1));
	assert_non_null(strstr(log_text, "smp: CPU 1 (APIC id 1) online"));
}

static void dead_ap_left_out_within_bound(void **state)
{
	const struct sim_ap script[] = {
		{ .apic_id = 1, .claim_after_us = NEVER },
		{ .apic_id = 2, .claim_after_us = 1 * MS, .online_after_us = 1 * MS },
	};

	(void)state;
	machine(2, script);
	smp_init(0);
	assert_int_equal(ncpus_online, 2);
	assert_int_equal(cpus[1].apic_id, 2);		/* the next AP took its place */
	assert_true(cpu_index_online(1));
	assert_non_null(strstr(log_text, "CPU with APIC id 1 did not start in 2000 ms; left out"));
	assert_true(now_us < 2100 * MS);		/* the bound ends */
	assert_null(strstr(log_text, "parked"));
}

static void late_ap_parked_and_reported(void **state)
{
	const struct sim_ap script[] = {
		{ .apic_id = 1, .claim_after_us = 2005 * MS, .online_after_us = 1 * MS },
		{ .apic_id = 2, .claim_after_us = 20 * MS, .online_after_us = 1 * MS },
	};

	(void)state;
	machine(2, script);
	smp_init(0);
	assert_int_equal(ncpus_online, 2);
	assert_int_equal(cpus[1].apic_id, 2);
	assert_true(aps[0].claimed);			/* woke while AP 2 was starting */
	assert_int_equal(block.late, 1);
	assert_int_equal(halts, 0);			/* it never reached the kernel */
	assert_non_null(strstr(log_text, "1 CPU(s) left out started later and parked in the "
				   "trampoline (the last: APIC id 1)"));
}

static void stuck_ap_halted_when_it_comes(void **state)
{
	const struct sim_ap script[] = {
		{ .apic_id = 1, .claim_after_us = 1 * MS, .online_after_us = NEVER },
		{ .apic_id = 2, .claim_after_us = 1 * MS, .online_after_us = 1 * MS },
	};

	(void)state;
	machine(2, script);
	smp_init(0);
	assert_int_equal(ncpus_online, 1);		/* no further CPUs started */
	assert_false(cpu_index_online(1));
	assert_int_equal(aps[1].started_at, NEVER);
	assert_non_null(strstr(log_text, "started but did not come online in "));
	if (!setjmp(halt_env))
		smp_ap_online(&cpus[1]);		/* it gets there after all */
	assert_int_equal(halts, 1);
	assert_int_equal(ncpus_online, 1);
	assert_non_null(strstr(log_text, "smp: CPU 1 (APIC id 1) came up after it was left out; halted"));
}

static void cpus_above_machine_logged(void **state)
{
	const struct sim_ap script[] = { { .apic_id = 1, .claim_after_us = 1 * MS,
					   .online_after_us = 1 * MS } };

	(void)state;
	machine(1, script);
	smp_init(8);
	assert_int_equal(ncpus_online, 2);
	assert_non_null(strstr(log_text, "smp: cpus=8: asked for 8 CPUs, the machine has 2"));
	machine(1, script);
	smp_init(2);
	assert_null(strstr(log_text, "asked for"));
}

/* The online set after the starts: what for_each_online_cpu visits, in order. */
static uint32_t visited(void)
{
	uint32_t set = 0;
	unsigned last = 0;

	for_each_online_cpu(c) {
		assert_true(set == 0 || c->id > last);
		set |= 1u << c->id;
		last = c->id;
	}
	return set;
}

static void online_set_is_what_loops_visit(void **state)
{
	const struct sim_ap script[] = {
		{ .apic_id = 1, .claim_after_us = NEVER },
		{ .apic_id = 2, .claim_after_us = 1 * MS, .online_after_us = 1 * MS },
	};

	(void)state;
	machine(2, script);
	assert_int_equal(visited(), 1);
	smp_init(0);
	assert_int_equal(cpus_online, 3);		/* the dead AP's place taken */
	assert_int_equal(visited(), 3);
	assert_false(cpu_index_online(2));
	assert_false(cpu_index_online(MAX_CPUS));
	cpus_online = 1u | 1u << 5 | 1u << (MAX_CPUS - 1);	/* a sparse set */
	assert_int_equal(visited(), cpus_online);
	assert_ptr_equal(cpu_online_from(1), &cpus[5]);
	assert_ptr_equal(cpu_online_from(MAX_CPUS), NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("ap_boot", "slow_ap_accepted", slow_ap_accepted),
		HOST_TEST("ap_boot", "dead_ap_left_out_within_bound", dead_ap_left_out_within_bound),
		HOST_TEST("ap_boot", "late_ap_parked_and_reported", late_ap_parked_and_reported),
		HOST_TEST("ap_boot", "stuck_ap_halted_when_it_comes", stuck_ap_halted_when_it_comes),
		HOST_TEST("ap_boot", "cpus_above_machine_logged", cpus_above_machine_logged),
		HOST_TEST("ap_boot", "online_set_is_what_loops_visit", online_set_is_what_loops_visit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
