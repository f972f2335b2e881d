/*
 * do_async_setup - SYS_ASYNC_SETUP: set up the caller's async ring, or tear
 * it down (kernel/async.h, abi/async.h).
 *
 * m->async.ring        page-aligned, in the caller's memory, every page
 *                      present and writable; 0 (with both sizes 0) tears
 *                      the ring down, its outstanding calls dropped
 * m->async.sq_entries  SQ entries: a power of two up to ASYNC_MAX_ENTRIES
 * m->async.cq_entries  CQ entries: likewise
 * m->async.flags       ASYNC_NOTIFY: completions that come while the
 *                      caller is not in ENTER notify it (from SYSTEM)
 * m->async.quota       out: calls it may have outstanding
 *
 * Errors: EINVAL (sizes, flags), EFAULT (address, unmapped page), EBUSY (a
 * ring is set up already, or servers have still to answer SENDRECs of the
 * caller's last ring), ENOSPC (the kernel's records are all taken).
 */
#include "kernel/async.h"
#include "kernel/proc.h"
#include "kernel/system.h"

int do_async_setup(struct proc *caller, message *m)
{
	return async_setup(caller, &m->async, &m->async.quota);
}
