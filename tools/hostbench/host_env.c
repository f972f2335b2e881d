/*
 * tools/hostbench/host_env.c - host stand-ins for the parts of the kernel
 * that the kernel sources linked into hostbench expect, and the state they
 * work on: the CPUs, the process table, user memory.
 *
 * user_copy_in reads a host array in which a vir_bytes is an offset;
 * spin_lock_wait spins without serving TLB shootdowns (smp/spinlock.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <abi/errno.h>
#include "kernel/proc.h"
#include "smp/cpu.h"
#include "smp/spinlock.h"
#include "hb_env.h"
#include "hostbench.h"

struct cpu cpus[MAX_CPUS];
struct proc proc_table[NR_PROCS];
uint8_t hb_user_memory[1 << 16];

static _Thread_local int owner_id;

void hb_set_cpu(int id)
{
	owner_id = id;
}

int spin_owner_id(void)
{
	return owner_id;
}

void spin_lock_wait(struct spinlock *l, uint16_t ticket)
{
	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != ticket)
		__builtin_ia32_pause();
}

int user_copy_in(const struct addr_space *as, vir_bytes src, void *dst, size_t len)
{
	(void)as;
	if (src > sizeof(hb_user_memory) || len > sizeof(hb_user_memory) - src)
		return EFAULT;
	__builtin_memcpy(dst, hb_user_memory + src, len);
	return OK;
}

/*
 * Two online CPUs and every slot free but `live` processes in slots
 * 1..live, generation 1, on CPU 0, priority SCHED_USER_PRIO, not queued.
 */
void hb_env_reset(unsigned live)
{
	__builtin_memset(cpus, 0, sizeof(cpus));
	for (unsigned i = 0; i < 2; i++) {
		cpus[i].self = &cpus[i];
		cpus[i].id = i;
		cpus[i].lock = (struct spinlock)SPINLOCK_INIT("cpu");
		cpus[i].online = true;
	}
	__builtin_memset(proc_table, 0, sizeof(proc_table));
	for (unsigned s = 0; s < NR_PROCS; s++) {
		struct proc *p = &proc_table[s];

		p->slot = s;
		p->cpu = &cpus[0];
		sched_set_priority(p, SCHED_USER_PRIO);
		p->quantum = p->ticks_left = SCHED_DEFAULT_QUANTUM;
		p->endpoint = endpoint_make(1, (int)s);
		if (s == 0 || s > live)
			p->rts_flags = RTS_SLOT_FREE;
	}
	owner_id = 0;
}

void hb_require(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "hostbench: setup check failed: %s\n", what);
		exit(1);
	}
}
