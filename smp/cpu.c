/*
 * smp/cpu.c - the per-CPU structures and kernel stacks, the portable
 * part of a CPU's start (boot CPU and APs), and the clock tick's hand-off
 * to CPUs that do not get to run (smp_tick).
 */
#include <stddef.h>
#include <fmt.h>
#include <arch/arch.h>
#include <arch/smp.h>
#include "kernel/clock.h"
#include "kernel/kernel.h"
#include "kernel/sched.h"
#include "smp/ap_boot.h"
#include "smp/cpu.h"

_Static_assert(offsetof(struct cpu, self) == CPU_OFF_SELF, "trap entry reads cpu->self");
_Static_assert(offsetof(struct cpu, kstack_top) == CPU_OFF_KSTACK_TOP, "trap entry reads cpu->kstack_top");
_Static_assert(offsetof(struct cpu, id) == CPU_OFF_ID, "spin_owner_id reads cpu->id");
_Static_assert(offsetof(struct cpu, frame_end) - offsetof(struct cpu, sysenter_db) == 12,
	       "a #DB at sysenter_entry pushes eip, cs, eflags below frame_end");

#define LAG_TICKS	3	/* a CPU this many ticks behind is not getting to run */

struct cpu cpus[MAX_CPUS];
unsigned ncpus_online;
uint32_t cpus_online;

static uint8_t kstacks[MAX_CPUS][KSTACK_SIZE] __attribute__((aligned(16)));
static char lock_names[MAX_CPUS][8];

/* Fills in cpus[i] before that CPU starts (immutable fields, lock, queues). */
void cpu_init_ap_struct(unsigned i, uint32_t apic_id)
{
	struct cpu *c = &cpus[i];

	c->self = c;
	c->id = i;
	c->apic_id = apic_id;
	c->kstack_top = (uint32_t)&kstacks[i][KSTACK_SIZE];
	fmt_snprintf(lock_names[i], sizeof(lock_names[i]), "cpu%u", i);
	c->lock = (struct spinlock)SPINLOCK_INIT(lock_names[i]);
	sched_init_cpu(c);
}

/* The next online CPU after c, wrapping around. */
struct cpu *cpu_next_online(struct cpu *c)
{
	struct cpu *n = cpu_online_from(c->id + 1);

	return n ? n : cpu_online_from(0);
}

/*
 * An application processor's first C code (from the trampoline, on its own
 * kernel stack, paging on).  Segments first: %fs gives this_cpu().  The
 * boot CPU marks it online once smp_ap_online reports.
 */
void ap_main(struct cpu *c)
{
	arch_cpu_init(c);
	arch_ap_init();
	smp_ap_online(c);
	kernel_return();
}

/* Sets up the boot CPU's struct cpu and segments so that this_cpu() works. */
void cpu_init_boot(void)
{
	struct cpu *c = &cpus[0];

	cpu_init_ap_struct(0, 0);
	arch_cpu_init(c);
	cpus_online = 1u << c->id;
	ncpus_online = 1;
}

/*
 * At each tick of c: if another online CPU has not taken a tick for
 * LAG_TICKS of the boot CPU's clock, PAUSE once.  On hardware every CPU
 * takes every tick and this never fires.  Under QEMU -icount one host
 * thread runs the vCPUs in turn, and QEMU 7.2 lets the first busy one use
 * all the time up to the next timer event, so a vCPU after a busy one does
 * not run, and does not take its ticks, at all; the PAUSE ends c's turn and
 * hands the rest of the time to the vCPUs after it (docs/locking.md,
 * "Waiting").  A vCPU takes its ticks only when it runs, so a lagging
 * tick_seen is exactly a vCPU left without time.
 */
void smp_tick(struct cpu *c)
{
	uint32_t now = clock_uptime();

	__atomic_store_n(&c->tick_seen, now, __ATOMIC_RELAXED);
	for_each_online_cpu(o) {
		if ((int32_t)(now - __atomic_load_n(&o->tick_seen, __ATOMIC_RELAXED)) > LAG_TICKS) {
			cpu_relax();
			return;
		}
	}
}
