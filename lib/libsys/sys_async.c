/*
 * sys_async_setup, sys_async_enter - SYS_ASYNC_SETUP / SYS_ASYNC_ENTER:
 * the caller's async ring (abi/async.h; helpers in <async.h>).
 */
#include <string.h>
#include <async.h>
#include <syslib.h>

int sys_async_setup(struct async_ring *ring, uint32_t sq_entries, uint32_t cq_entries,
		    uint32_t flags, uint32_t *quota)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.async.ring = (vir_bytes)ring;
	m.async.sq_entries = sq_entries;
	m.async.cq_entries = cq_entries;
	m.async.flags = flags;
	r = kernel_call(SYS_ASYNC_SETUP, &m);
	if (r == OK && quota)
		*quota = m.async.quota;
	return r;
}

int sys_async_enter(uint32_t min_complete)
{
	message m;

	m.async_enter.min_complete = min_complete;
	return kernel_call_short(SYS_ASYNC_ENTER, &m);
}
