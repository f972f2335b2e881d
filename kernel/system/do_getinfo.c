/*
 * do_getinfo - SYS_GETINFO: copy kernel information to the caller.
 *
 * m->getinfo.what  GET_KINFO, GET_BOOTMOD, GET_PROC, GET_WHOAMI, GET_CPUSTATS or GET_ASYNC
 * m->getinfo.arg   module number (GET_BOOTMOD), slot (GET_PROC) or CPU
 * m->getinfo.buf   destination in the caller's address space
 * m->getinfo.len   its size; must hold the whole structure
 *
 * Returns the number of bytes copied, or EINVAL, ERANGE, EFAULT.
 */
#include <string.h>
#include <abi/errno.h>
#include <abi/info.h>
#include "kernel/boot.h"
#include "kernel/bootmods.h"
#include "kernel/cowcopy.h"
#include "kernel/kernel.h"
#include "kernel/lib/cmdline.h"
#include "kernel/mm/memory.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_balance.h"
#include "kernel/system.h"
#include "smp/cpu.h"

_Static_assert(KINFO_LIST_LEN == CMDLINE_LIST_MAX + 1, "kinfo holds a whole test= or bench= value");
_Static_assert(KINFO_TEST_ITEMS == CMDLINE_TEST_ITEMS, "one bit per test= item");

static void fill_kinfo(struct kinfo *k)
{
	memset(k, 0, sizeof(*k));
	k->ncpus = ncpus_online;
	k->nr_slots = NR_PROCS;
	k->nr_bootmods = bootmods_count();
	k->hz = HZ;
	k->total_frames = kmem_total_frames();
	k->free_frames = kmem_free_frames();
	k->cmdline_problems = boot_cmdline_problems();
	k->safecopy_cow = cowcopy_threshold();
	k->boot_tsc = arch_boot_tsc();
	k->first_user_tsc = sched_first_user_tsc();
	k->loglevel = console_level();
	k->log_suppressed = console_suppressed();
	k->free_slots = proc_free_slots();
	k->free_privs = priv_free_count();
	strlcpy(k->test, boot_opts()->test, sizeof(k->test));
	strlcpy(k->bench, boot_opts()->bench, sizeof(k->bench));
	strlcpy(k->sched, sched_policy_name(), sizeof(k->sched));
	strlcpy(k->balance, balance_name(), sizeof(k->balance));
	strlcpy(k->fpu, arch_fpu_mode_name(), sizeof(k->fpu));
}

/* A snapshot of another CPU's counters: each read is atomic, not the set. */
static void fill_cpu_stats(const struct cpu *c, struct cpu_stats *s)
{
	const struct proc *cur = c->current;

	memset(s, 0, sizeof(*s));
	s->id = (uint32_t)(c - cpus);
	s->online = cpu_index_online(s->id);
	s->ticks = c->ticks;
	s->idle_ticks = c->idle_ticks;
	s->ctx_switches = c->ctx_switches + c->fastpath_hits;	/* every hit switched */
	s->ipis_sent = c->ipis_sent;
	s->ipis_received = c->ipis_received;
	s->migrations = c->migrations;
	s->current = cur ? (uint32_t)cur->endpoint : (uint32_t)NONE;
	s->fastpath_hits = c->fastpath_hits + c->fastpath_stays;
	memcpy(s->fastpath_slow, c->fastpath_slow, sizeof(s->fastpath_slow));
	s->pf_fault_hits = c->pf_fault_hits;
	s->pf_resume_hits = c->pf_resume_hits;
	memcpy(s->pf_fault_slow, c->pf_fault_slow, sizeof(s->pf_fault_slow));
	memcpy(s->pf_resume_slow, c->pf_resume_slow, sizeof(s->pf_resume_slow));
	memcpy(s->sched_slow, c->sched_slow, sizeof(s->sched_slow));
	s->fpu_saves = c->arch.fpu.saves;
	s->fpu_restores = c->arch.fpu.restores;
	s->fpu_traps = c->arch.fpu.traps;
}

int do_getinfo(struct proc *caller, message *m)
{
	union {
		struct kinfo kinfo;
		struct bootmod_info mod;
		struct proc_info proc;
		struct cpu_stats cpu;
		struct async_stats async;
	} u;
	size_t size;
	int32_t arg = m->getinfo.arg;

	switch (m->getinfo.what) {
	case GET_KINFO:
		fill_kinfo(&u.kinfo);
		size = sizeof(u.kinfo);
		break;
	case GET_BOOTMOD:
		if (arg < 0 || (unsigned)arg >= bootmods_count())
			return ERANGE;
		u.mod = *bootmods_info((unsigned)arg);
		size = sizeof(u.mod);
		break;
	case GET_PROC:
		if (arg < 0 || arg >= NR_PROCS)
			return ERANGE;
		proc_get_info(&proc_table[arg], &u.proc);
		size = sizeof(u.proc);
		break;
	case GET_WHOAMI:
		proc_get_info(caller, &u.proc);
		size = sizeof(u.proc);
		break;
	case GET_ASYNC:
		async_get_stats(caller, &u.async);
		size = sizeof(u.async);
		break;
	case GET_CPUSTATS:
		if (arg < 0 || arg >= MAX_CPUS)
			return ERANGE;
		fill_cpu_stats(&cpus[arg], &u.cpu);
		size = sizeof(u.cpu);
		break;
	default:
		return EINVAL;
	}
	if (m->getinfo.len < size)
		return EINVAL;
	if (user_copy_out(&caller->arch.as, &u, m->getinfo.buf, size) != OK)
		return EFAULT;
	return (int)size;
}
