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
 * Entries are used in place, through the direct map (entry_at), when one
 * lies in a present, writable page: the message goes from the table
 * straight into the receiver's buffer and the result is stored into the
 * entry; an entry across pages (or in a page that is not writable) is
 * copied in and out as before.  A per-sender cursor, senda_first, skips
 * the entries already done: a receiver looks for its next entry from
 * there, not from entry 0.  The kernel reads the table only after SENDA
 * has named it, so an entry made valid again counts from the next SENDA.
 *
 * Locks: each entry is sent holding the sender's and its destination's
 * CPU locks; a receiver takes an entry holding the sender's CPU lock (it
 * asks for every lock when the sender is on another CPU).  A pointer from
 * entry_at is used only under the sender's CPU lock, the lock its address
 * space changes under; the peek at an entry's destination before the
 * locks are taken is checked again under them.
 */
#include <stddef.h>
#include <abi/errno.h>
#include <abi/ipc.h>
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "smp/cpulock.h"

/* Entry i of s's table in place, or NULL if it must be copied. */
static asynmsg_t *entry_at(struct proc *s, vir_bytes table, uint32_t i)
{
	return as_user_ptr(&s->arch.as, table + i * sizeof(asynmsg_t), sizeof(asynmsg_t), true);
}

static int read_entry(struct proc *s, vir_bytes table, uint32_t i, asynmsg_t *e)
{
	return user_copy_in(&s->arch.as, table + i * sizeof(*e), e, sizeof(*e));
}

/*
 * Entry i, in place or else copied into *copy (false: unreadable).  Lock:
 * s's CPU lock, while the entry is used.
 */
static bool get_entry(struct proc *s, vir_bytes table, uint32_t i, asynmsg_t *copy,
		      asynmsg_t **e)
{
	if ((*e = entry_at(s, table, i)))
		return true;
	*e = copy;
	return read_entry(s, table, i, copy) == OK;
}

/*
 * Ends entry i with `result` and AMF_DONE (written back: in place, or
 * copied out), advances the cursor past it when it is the first, and
 * notifies the sender if the entry asks.  Lock: s's CPU lock.
 */
static void finish_entry(struct proc *s, vir_bytes table, uint32_t i, asynmsg_t *e,
			 const asynmsg_t *copy, int result)
{
	vir_bytes at = table + i * sizeof(*e);

	e->result = result;
	e->flags |= AMF_DONE;
	if (e == copy &&
	    (user_copy_out(&s->arch.as, &e->result, at + offsetof(asynmsg_t, result),
			   sizeof(e->result)) != OK ||
	     user_copy_out(&s->arch.as, &e->flags, at + offsetof(asynmsg_t, flags),
			   sizeof(e->flags)) != OK))
		return;
	if (i == s->senda_first)
		s->senda_first++;
	if (e->flags & AMF_NOTIFY)
		ipc_notify_kernel(s, SYSTEM);
}

static uint32_t senda_status(void)
{
	return (uint32_t)IPC_SENDA << IPC_STATUS_CALL_SHIFT;
}

/*
 * The destination entry i names now, read without a lock (send_entry
 * checks it again under the locks): OK to send it, ENOENT if it is not
 * to be sent, EFAULT if it cannot be read.
 */
static int peek_entry(struct proc *s, vir_bytes table, uint32_t i, endpoint_t *dst)
{
	asynmsg_t *e = entry_at(s, table, i), copy;

	if (!e) {
		if (read_entry(s, table, i, &copy) != OK)
			return EFAULT;
		e = &copy;
	}
	*dst = e->dst;
	return (e->flags & (AMF_VALID | AMF_DONE)) == AMF_VALID ? OK : ENOENT;
}

/* Sends entry i (to dst_e, by the peek) holding the locks; false to retry it. */
static bool send_entry(struct proc *caller, vir_bytes table, uint32_t i, endpoint_t dst_e)
{
	asynmsg_t copy, *e;
	struct proc *dst;
	cpuset_t held;
	int r;

	if ((r = ipc_check_dst(caller, dst_e, &dst)) != OK)
		dst = caller;				/* finished with r below */
	held = lock_procs(caller, dst, NULL);
	if (!get_entry(caller, table, i, &copy, &e) ||
	    (e->flags & (AMF_VALID | AMF_DONE)) != AMF_VALID) {
		cpus_unlock(held);
		return true;				/* changed meanwhile: not to send */
	}
	if (e->dst != dst_e) {
		cpus_unlock(held);
		return false;				/* changed meanwhile: again */
	}
	if (r != OK)
		finish_entry(caller, table, i, e, &copy, r);
	else if (dst->endpoint != dst_e || (dst->rts_flags & RTS_SLOT_FREE))
		finish_entry(caller, table, i, e, &copy, EDEADSRCDST);
	else if (ipc_waiting_for(dst, caller) &&
		 ipc_deliver(dst, &e->msg, caller->endpoint, senda_status()) == OK)
		finish_entry(caller, table, i, e, &copy, OK);
	else
		mark_pending(dst->senda_pending, caller->slot, dst);
	cpus_unlock(held);
	return true;
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
	caller->senda_first = 0;
	cpus_unlock(mine);
	for (uint32_t i = 0; i < count; i++) {
		endpoint_t dst_e;
		int r = peek_entry(caller, table, i, &dst_e);

		if (r == EFAULT)
			return EFAULT;
		if (r != OK)
			continue;			/* not valid, or done */
		if (!send_entry(caller, table, i, dst_e))
			i--;				/* its destination changed: again */
	}
	return OK;
}

/*
 * Delivers one pending asynchronous message from sender s to the blocked
 * receiver r, looking from s's cursor on.  Clears r's pending bit for s
 * once s has nothing more for it.  Lock: s's CPU lock (and r's).
 */
static bool take_from(struct proc *r, struct proc *s)
{
	bool delivered = false, more = false;

	for (uint32_t i = s->senda_first; i < s->senda_count; i++) {
		asynmsg_t copy, *e;

		if (!get_entry(s, s->senda_table, i, &copy, &e))
			break;
		if ((e->flags & (AMF_VALID | AMF_DONE)) != AMF_VALID) {
			if (i == s->senda_first)
				s->senda_first++;	/* done: never looked at again */
			continue;
		}
		if (e->dst != r->endpoint)
			continue;
		if (delivered) {
			more = true;
			break;
		}
		if (ipc_deliver(r, &e->msg, s->endpoint, senda_status()) != OK)
			return true;	/* r woken with EFAULT; the entry stays */
		finish_entry(s, s->senda_table, i, e, &copy, OK);
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
	p->senda_first = 0;
}
