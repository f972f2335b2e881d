/*
 * smp/cpu.c - the per-CPU structures and kernel stacks, and the portable
 * part of a CPU's start (boot CPU and APs).
 */
#include <stddef.h>
#include <fmt.h>
#include <arch/smp.h>
#include "kernel/kernel.h"
#include "kernel/sched.h"
#include "smp/ap_boot.h"
#include "smp/cpu.h"

_Static_assert(offsetof(struct cpu, self) == CPU_OFF_SELF, "trap entry reads cpu->self");
_Static_assert(offsetof(struct cpu, kstack_top) == CPU_OFF_KSTACK_TOP, "trap entry reads cpu->kstack_top");
_Static_assert(offsetof(struct cpu, id) == CPU_OFF_ID, "spin_owner_id reads cpu->id");

struct cpu cpus[MAX_CPUS];
unsigned ncpus_online;

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
	do {
		c = c + 1 < &cpus[MAX_CPUS] ? c + 1 : &cpus[0];
	} while (!c->online);
	return c;
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
	c->online = true;
	ncpus_online = 1;
}
