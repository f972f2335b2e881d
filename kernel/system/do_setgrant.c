/*
 * do_setgrant - SYS_SETGRANT: tell the kernel where the caller's grant
 * table is (abi/grant.h).
 *
 * m->setgrant.table  struct grant_entry[count] in the caller's memory
 * m->setgrant.count  entries, at most GRANT_MAX_ENTRIES; 0 removes the table
 */
#include <abi/errno.h>
#include <abi/grant.h>
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

int do_setgrant(struct proc *caller, message *m)
{
	uint32_t count = m->setgrant.count;
	cpuset_t held;

	if (count > GRANT_MAX_ENTRIES)
		return EINVAL;
	if (user_range_ok(m->setgrant.table, count * sizeof(struct grant_entry)) != OK)
		return EFAULT;
	held = lock_proc(caller);
	caller->grant_table = count ? m->setgrant.table : 0;
	caller->grant_count = count;
	cpus_unlock(held);
	return OK;
}
