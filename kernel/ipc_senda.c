/*
 * kernel/ipc_senda.c - SENDA: asynchronous sends from a table in the
 * sender's memory (abi/ipc.h, MINIX's mini_senda).
 *
 * The kernel remembers one table per sender (a new SENDA replaces it).  An
 * entry whose destination is waiting is delivered at once; otherwise the
 * destination gets the sender's bit in senda_pending and takes the entry
 * when it next receives.  Every entry ends with `result` and AMF_DONE
 * written back into the sender's table.
 *
 * Locks: each entry is sent holding the sender's and its destination's
 * CPU locks; a receiver takes an entry holding the sender's CPU lock (it
 * asks for every lock when the sender is on another CPU).
 */
#include <stddef.h>
#include <abi/errno.h>
#include <abi/ipc.h>
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "smp/cpulock.h"

static int read_entry(struct proc *s, vir_bytes table, uint32_t i, asynmsg_t *e)
{
	return user_copy_in(&s->arch.as, table + i * sizeof(*e), e, sizeof(*e));
}

/* Writes result and AMF_DONE back; notifies the sender if it asked. */
static void finish_entry(struct proc *s, vir_bytes table, uint32_t i, asynmsg_t *e, int result)
{
	vir_bytes at = table + i * sizeof(*e);

	e->result = result;
	e->flags |= AMF_DONE;
	if (user_copy_out(&s->arch.as, &e->result, at + offsetof(asynmsg_t, result),
			  sizeof(e->result)) != OK ||
	    user_copy_out(&s->arch.as, &e->flags, at + offsetof(asynmsg_t, flags),
			  sizeof(e->flags)) != OK)
		return;
	if (e->flags & AMF_NOTIFY)
		ipc_notify_kernel(s, SYSTEM);
}

static uint32_t senda_status(void)
{
	return (uint32_t)IPC_SENDA << IPC_STATUS_CALL_SHIFT;
}

int ipc_senda(struct proc *caller, vir_bytes table, uint32_t count)
{
	if (count > SENDA_MAX)
		return EINVAL;
	if (user_range_ok(table, count * sizeof(asynmsg_t)) != OK)
		return EFAULT;
	cpuset_t mine = lock_proc(caller);
	caller->senda_table = table;
	caller->senda_count = count;
	cpus_unlock(mine);
	for (uint32_t i = 0; i < count; i++) {
		asynmsg_t e;
		struct proc *dst;
		int r;

		if (read_entry(caller, table, i, &e) != OK)
			return EFAULT;
		if ((e.flags & (AMF_VALID | AMF_DONE)) != AMF_VALID)
			continue;
		cpuset_t held;

		if ((r = ipc_check_dst(caller, e.dst, &dst)) != OK) {
			held = lock_proc(caller);
			finish_entry(caller, table, i, &e, r);
			cpus_unlock(held);
			continue;
		}
		held = lock_procs(caller, dst, NULL);
		if (dst->endpoint != e.dst || (dst->rts_flags & RTS_SLOT_FREE))
			finish_entry(caller, table, i, &e, EDEADSRCDST);
		else if (ipc_waiting_for(dst, caller) &&
			 ipc_deliver(dst, &e.msg, caller->endpoint, senda_status()) == OK)
			finish_entry(caller, table, i, &e, OK);
		else
			mark_pending(dst->senda_pending, caller->slot, dst);
		cpus_unlock(held);
	}
	return OK;
}

/*
 * Delivers one pending asynchronous message from sender s to the blocked
 * receiver r.  Clears r's pending bit for s once s has nothing more for it.
 */
static bool take_from(struct proc *r, struct proc *s)
{
	bool delivered = false, more = false;

	for (uint32_t i = 0; i < s->senda_count; i++) {
		asynmsg_t e;

		if (read_entry(s, s->senda_table, i, &e) != OK)
			break;
		if ((e.flags & (AMF_VALID | AMF_DONE)) != AMF_VALID || e.dst != r->endpoint)
			continue;
		if (delivered) {
			more = true;
			break;
		}
		if (ipc_deliver(r, &e.msg, s->endpoint, senda_status()) != OK)
			return true;	/* r woken with EFAULT; the entry stays */
		finish_entry(s, s->senda_table, i, &e, OK);
		delivered = true;
	}
	if (!more)
		bitmap_clear(r->senda_pending, s->slot);
	return delivered;
}

/* RECEIVE: takes a pending asynchronous message from src (or ANY). */
enum take ipc_receive_senda(struct proc *caller, endpoint_t src, uint32_t held_cpus)
{
	for (unsigned slot = bitmap_find_first_set(caller->senda_pending, NR_PROCS);
	     slot < NR_PROCS;
	     slot = bitmap_find_next_set(caller->senda_pending, NR_PROCS, slot + 1)) {
		struct proc *s = &proc_table[slot];

		if (src != ANY && s->endpoint != src)
			continue;
		if (!(held_cpus & CPUSET_OF(s->cpu)))
			return NEED_ALL_LOCKS;
		if (take_from(caller, s))
			return TAKEN;
	}
	return NOTHING;
}

void ipc_forget_senda(struct proc *p)
{
	p->senda_table = 0;
	p->senda_count = 0;
}
