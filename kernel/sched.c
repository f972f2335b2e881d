/*
 * kernel/sched.c - policy selection and the return to user mode.
 *
 * kernel_return() is where every trap ends: it picks the next process on
 * this CPU (the current one if it is still the best) and switches to it, or
 * idles.  It runs on this CPU's kernel stack and never returns.
 */
#include <string.h>
#include <abi/errno.h>
#include <arch/arch.h>
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/system.h"
#include "smp/cpu.h"

static const struct sched_policy *const policies[] = { &sched_mlfq };
static const struct sched_policy *policy = &sched_mlfq;
static uint64_t first_user_tsc;

int sched_select(const char *name)
{
	for (unsigned i = 0; i < ARRAY_SIZE(policies); i++) {
		if (strcmp(policies[i]->name, name) == 0) {
			policy = policies[i];
			return OK;
		}
	}
	return ENOENT;
}

const char *sched_policy_name(void)
{
	return policy->name;
}

void sched_init_cpu(struct cpu *c)
{
	memset(&c->rq, 0, sizeof(c->rq));
}

void sched_init_proc(struct proc *p)
{
	p->priority = SCHED_USER_PRIO;
	p->quantum = SCHED_DEFAULT_QUANTUM;
	p->ticks_left = p->quantum;
	p->next_ready = NULL;
}

void sched_enqueue(struct proc *p)
{
	policy->enqueue(p->cpu, p);
}

void sched_dequeue(struct proc *p)
{
	policy->dequeue(p->cpu, p);
}

void sched_tick(struct cpu *c)
{
	if (c->current)
		policy->tick(c, c->current);
}

void sched_yield(struct proc *p)
{
	policy->yield(p->cpu, p);
}

uint64_t sched_first_user_tsc(void)
{
	return first_user_tsc;
}

static void note_first_user_entry(void)
{
	first_user_tsc = arch_timestamp();
	kprintf("boot: first user instruction %llu TSC ticks after kernel entry",
		(unsigned long long)(first_user_tsc - arch_boot_tsc()));
}

void kernel_return(void)
{
	struct cpu *c = this_cpu();
	struct proc *next;

	for (;;) {
		next = policy->pick(c);
		if (!next) {
			c->current = NULL;
			arch_idle();
		}
		if (likely(!(next->misc_flags & MF_KCALL_RESUME)))
			break;
		kernel_call_resume(next);	/* may suspend it again */
	}
	if (next != c->current) {
		c->ctx_switches++;
		c->current = next;
	}
	if (unlikely(!first_user_tsc))
		note_first_user_entry();
	arch_switch_to_user(next);
}
