/*
 * smp/cpu.c - the per-CPU structures and kernel stacks.
 */
#include <stddef.h>
#include "smp/cpu.h"

_Static_assert(offsetof(struct cpu, self) == CPU_OFF_SELF, "trap entry reads cpu->self");
_Static_assert(offsetof(struct cpu, kstack_top) == CPU_OFF_KSTACK_TOP, "trap entry reads cpu->kstack_top");

struct cpu cpus[MAX_CPUS];
unsigned ncpus_online;

static uint8_t kstacks[MAX_CPUS][KSTACK_SIZE] __attribute__((aligned(16)));

/* Sets up the boot CPU's struct cpu and segments so that this_cpu() works. */
void cpu_init_boot(void)
{
	struct cpu *c = &cpus[0];

	c->self = c;
	c->id = 0;
	c->kstack_top = (uint32_t)&kstacks[0][KSTACK_SIZE];
	sched_init_cpu(c);
	arch_cpu_init(c);
	ncpus_online = 1;
}
