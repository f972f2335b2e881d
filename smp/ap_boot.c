/*
 * smp/ap_boot.c - starting the application processors (see ap_boot.h).
 *
 * One AP at a time: cpus[i] is prepared (cpu_init_ap_struct), the
 * trampoline's parameter block names the AP, its stack and &cpus[i], and
 * the AP gets INIT, 10 ms, STARTUP, 200 us, STARTUP, 200 us (the MP
 * start-up sequence; a second STARTUP is ignored by an AP already
 * running).  The boot CPU then waits in two steps of up to AP_TIMEOUT_US
 * each: for the AP to claim the block (its first sign of life), then for
 * it to come online.  The bound is generous because a virtual CPU may not
 * be scheduled for a long while on a busy host; it still ends, so a CPU
 * that never starts costs at most twice AP_TIMEOUT_US.
 *
 * An AP that does not answer is never waited on again:
 *   - if it never claimed the parameter block, the boot CPU takes the block
 *     back; should the AP wake later it finds another id there, parks in
 *     the trampoline and says so in the block (trampoline_params.late,
 *     reported at the end of smp_init); cpus[i] goes to the next AP;
 *   - if it claimed the block (it runs on cpus[i]'s stack) but did not
 *     report, ap_state[i] becomes AP_ABANDONED, so smp_ap_online reports
 *     it and halts it when it gets there; cpus[i] stays its, and no more
 *     APs are started.
 * ap_state[i] changes only by compare-and-swap from AP_STARTING, so the
 * AP and the boot CPU agree on which of "online" and "abandoned" won.  The
 * boot CPU alone marks an AP online (cpus_online, ncpus_online), before
 * it starts the next one or returns.
 */
#include <arch/apic.h>
#include <arch/smp.h>
#include <arch/trampoline.h>
#include "kernel/kernel.h"
#include "smp/ap_boot.h"
#include "smp/cpu.h"
#include "smp/topology.h"

#define INIT_DELAY_US		10000
#define STARTUP_DELAY_US	200
#define AP_TIMEOUT_US		2000000	/* per step: 2 s */
#define POLL_US			10

enum ap_state { AP_STARTING, AP_ONLINE, AP_ABANDONED };
enum ap_outcome { AP_UP, AP_SILENT, AP_STUCK };

static unsigned ap_state[MAX_CPUS];	/* atomic, see the file comment */

static bool ap_state_cas(unsigned i, unsigned to)
{
	unsigned expected = AP_STARTING;

	return __atomic_compare_exchange_n(&ap_state[i], &expected, to, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

void smp_ap_online(struct cpu *c)
{
	if (ap_state_cas(c->id, AP_ONLINE))
		return;
	kprintf("smp: CPU %u (APIC id %u) came up after it was left out; halted", c->id,
		c->apic_id);
	arch_halt();
}

static void send_startup_sequence(uint32_t apic_id)
{
	arch_apic_send_init(apic_id);
	arch_delay_us(INIT_DELAY_US);
	for (int n = 0; n < 2; n++) {
		arch_apic_send_startup(apic_id, TRAMP_BASE >> 12);
		arch_delay_us(STARTUP_DELAY_US);
	}
}

static bool ap_online(unsigned i)
{
	return __atomic_load_n(&ap_state[i], __ATOMIC_ACQUIRE) == AP_ONLINE;
}

static bool block_claimed(const struct trampoline_params *tp)
{
	return __atomic_load_n(&tp->apic_id, __ATOMIC_ACQUIRE) == TRAMP_CLAIMED;
}

/*
 * Polls for up to AP_TIMEOUT_US more until cpus[i] is online or, with
 * tp, has claimed the block; *waited counts the time.
 */
static void wait_for_ap(unsigned i, const struct trampoline_params *tp, unsigned *waited)
{
	for (unsigned us = 0; us < AP_TIMEOUT_US; us += POLL_US) {
		if (ap_online(i) || (tp && block_claimed(tp)))
			return;
		arch_delay_us(POLL_US);
		*waited += POLL_US;
	}
}

/* Starts the AP apic_id as cpus[i] and waits for it (see the file comment). */
static enum ap_outcome start_ap(unsigned i, uint32_t apic_id, struct trampoline_params *tp)
{
	uint32_t expected = apic_id;
	unsigned waited = 0;

	cpu_init_ap_struct(i, apic_id);
	__atomic_store_n(&ap_state[i], AP_STARTING, __ATOMIC_RELAXED);
	tp->stack = cpus[i].kstack_top;
	tp->cpu = (uint32_t)(uintptr_t)&cpus[i];
	__atomic_store_n(&tp->apic_id, apic_id, __ATOMIC_RELEASE);	/* publishes the block */
	send_startup_sequence(apic_id);

	wait_for_ap(i, tp, &waited);			/* a sign of life */
	if (block_claimed(tp))
		wait_for_ap(i, NULL, &waited);		/* then online */
	if (!ap_online(i)) {
		if (__atomic_compare_exchange_n(&tp->apic_id, &expected, TRAMP_CLAIMED, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			kprintf("smp: CPU with APIC id %u did not start in %u ms; left out",
				apic_id, waited / 1000);
			return AP_SILENT;
		}
		if (ap_state_cas(i, AP_ABANDONED)) {
			kprintf("smp: CPU with APIC id %u started but did not come online in %u ms; "
				"left out, and no further CPUs started", apic_id, waited / 1000);
			return AP_STUCK;
		}
	}
	__atomic_or_fetch(&cpus_online, 1u << i, __ATOMIC_RELEASE);
	__atomic_add_fetch(&ncpus_online, 1, __ATOMIC_RELEASE);
	kprintf("smp: CPU %u (APIC id %u) online, %u us after STARTUP", i, apic_id,
		waited + 2 * STARTUP_DELAY_US);
	return AP_UP;
}

/* APs left out that woke later and parked in the trampoline (trampoline.h). */
static void report_late(const struct trampoline_params *tp)
{
	uint32_t late = __atomic_load_n(&tp->late, __ATOMIC_ACQUIRE);

	if (late)
		kprintf("smp: %u CPU(s) left out started later and parked in the trampoline "
			"(the last: APIC id %u)", late, __atomic_load_n(&tp->late_apic_id,
									 __ATOMIC_RELAXED));
}

void smp_init(unsigned max_cpus)
{
	struct smp_topology t;
	struct trampoline_params *tp;
	unsigned want, next = 1;

	if (smp_discover(&t) != 0 || !arch_apic_init(&t)) {
		kprintf("smp: no usable APIC, which SMP needs: one CPU, 8259 PIC and PIT");
		kprintf("smp: %u CPUs online", ncpus_online);
		return;
	}
	cpus[0].apic_id = t.apic_id[0];
	want = (max_cpus && max_cpus < t.ncpus) ? max_cpus : t.ncpus;
	if (want < t.ncpus)
		kprintf("smp: cpus=%u: starting %u of %u CPUs", max_cpus, want, t.ncpus);
	else if (max_cpus > t.ncpus)
		kprintf("smp: cpus=%u: asked for %u CPUs, the machine has %u", max_cpus, max_cpus,
			t.ncpus);
	tp = arch_trampoline_install();
	for (unsigned k = 1; k < t.ncpus && next < want; k++) {
		enum ap_outcome o;

		if (t.apic_id[k] > APIC_ID_MAX) {
			kprintf("smp: CPU with APIC id %u: beyond xAPIC ids; not started",
				t.apic_id[k]);
			continue;
		}
		o = start_ap(next, t.apic_id[k], tp);
		if (o == AP_STUCK)
			break;
		if (o == AP_UP)
			next++;
	}
	report_late(tp);
	kprintf("smp: %u CPUs online", ncpus_online);
}
