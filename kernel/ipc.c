/*
 * kernel/ipc.c - SEND, RECEIVE, SENDREC, NOTIFY, SENDNB (MINIX semantics,
 * abi/ipc.h); SENDA lives in ipc_senda.c.
 *
 * A blocked sender stays queued on its destination's `senders` FIFO with
 * its message still in its own memory; the message is copied straight into
 * the receiver's buffer when the receiver takes it.  A blocked receiver
 * keeps its buffer address in ipc_buf.  Results of an operation that
 * completes later are written into the blocked process's saved registers
 * (%eax result, %ebx status word) before it is made runnable.
 */
#include <string.h>
#include <abi/errno.h>
#include <abi/ipc.h>
#include "kernel/clock.h"
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"

static uint32_t status_word(unsigned op, endpoint_t src)
{
	uint32_t s = (uint32_t)op << IPC_STATUS_CALL_SHIFT;

	if (op == IPC_NOTIFY)
		s |= IPC_STATUS_NOTIFY;
	if (src == SYSTEM || src == CLOCK || src == HARDWARE)
		s |= IPC_STATUS_KERNEL;
	return s;
}

/* Ends p's blocked operation with result (and status for receives). */
static void ipc_finish(struct proc *p, int result, uint32_t status, uint32_t flags)
{
	arch_set_syscall_result(&p->arch, result);
	arch_set_ipc_status(&p->arch, status);
	if (flags & RTS_RECEIVING)
		p->misc_flags &= ~MF_REPLY_PEND;
	proc_unblock(p, flags);
}

/*
 * Is dst blocked in a plain receive that a notification from src_e may end?
 * Never while dst waits for a SENDREC reply.
 */
static bool notify_deliverable(const struct proc *dst, endpoint_t src_e)
{
	if ((dst->rts_flags & (RTS_RECEIVING | RTS_SENDING)) != RTS_RECEIVING)
		return false;
	if (dst->misc_flags & MF_REPLY_PEND)
		return false;
	return dst->getfrom_e == ANY || dst->getfrom_e == src_e;
}

/* Is dst blocked receiving, willing to take a message from src now? */
bool ipc_waiting_for(const struct proc *dst, const struct proc *src)
{
	if ((dst->rts_flags & (RTS_RECEIVING | RTS_SENDING)) != RTS_RECEIVING)
		return false;
	if (dst->getfrom_e == src->endpoint)
		return true;
	return dst->getfrom_e == ANY && !(dst->misc_flags & MF_REPLY_PEND);
}

/*
 * Copies msg into the blocked receiver dst and wakes it.  EFAULT if dst's
 * buffer went bad: then dst is woken with EFAULT and nothing is delivered.
 */
int ipc_deliver(struct proc *dst, const void *msg, endpoint_t src, uint32_t status)
{
	message m;

	memcpy(&m, msg, sizeof(m));
	m.m_source = src;
	if (user_copy_out(&dst->arch.as, &m, dst->ipc_buf, sizeof(m)) != OK) {
		ipc_finish(dst, EFAULT, 0, RTS_RECEIVING);
		return EFAULT;
	}
	ipc_finish(dst, OK, status, RTS_RECEIVING);
	return OK;
}

/*
 * Resolves a destination for caller: the endpoint must be well formed and
 * alive, not the caller itself, and allowed by both privilege structures.
 */
int ipc_check_dst(struct proc *caller, endpoint_t dst_e, struct proc **dst)
{
	int r = proc_lookup(dst_e, dst);

	if (r != OK)
		return r;
	if (*dst == caller)
		return EINVAL;
	if (!priv_may_ipc(caller->priv, (*dst)->priv))
		return ECALLDENIED;
	return OK;
}

/* Would caller blocking on a send to dst close a cycle of blocked senders? */
static bool send_deadlocks(const struct proc *caller, struct proc *dst)
{
	struct proc *p = dst;

	for (unsigned hops = 0; hops < NR_PROCS; hops++) {
		if (!(p->rts_flags & RTS_SENDING))
			return false;
		if (p->sendto_e == caller->endpoint)
			return true;
		if (proc_lookup(p->sendto_e, &p) != OK)
			return false;
	}
	return true;
}

static void enqueue_sender(struct proc *dst, struct proc *p)
{
	struct proc **link = &dst->senders;

	while (*link)
		link = &(*link)->next_sender;
	*link = p;
	p->next_sender = NULL;
}

static void push_sender(struct proc *dst, struct proc *p)
{
	p->next_sender = dst->senders;
	dst->senders = p;
}

static void unlink_sender(struct proc *dst, struct proc *p)
{
	for (struct proc **link = &dst->senders; *link; link = &(*link)->next_sender) {
		if (*link == p) {
			*link = p->next_sender;
			p->next_sender = NULL;
			return;
		}
	}
}

/*
 * SEND, SENDNB and the send half of SENDREC.  Returns OK when delivered,
 * EDONTREPLY when the caller now blocks, or an error.
 */
static int do_send(struct proc *caller, unsigned op, endpoint_t dst_e, vir_bytes buf)
{
	struct proc *dst;
	message m;
	int r;

	if ((r = ipc_check_dst(caller, dst_e, &dst)) != OK)
		return r;
	if (user_copy_in(&caller->arch.as, buf, &m, sizeof(m)) != OK)
		return EFAULT;
	if (ipc_waiting_for(dst, caller))
		return ipc_deliver(dst, &m, caller->endpoint, status_word(op, caller->endpoint));
	if (op == IPC_SENDNB)
		return ENOTREADY;
	if (send_deadlocks(caller, dst))
		return ELOCKED;
	caller->ipc_op = op;
	caller->sendto_e = dst_e;
	caller->ipc_buf = buf;
	enqueue_sender(dst, caller);
	proc_block(caller, RTS_SENDING);
	return EDONTREPLY;
}

/* Takes a pending notification for caller matching src; true if one was. */
static bool take_notification(struct proc *caller, endpoint_t src, endpoint_t *from)
{
	unsigned bit;

	if (src == ANY) {
		bit = bitmap_find_first_set(caller->notify_pending, NOTIFY_SOURCES);
		if (bit == NOTIFY_SOURCES)
			return false;
	} else if (src == SYSTEM || src == CLOCK || src == HARDWARE) {
		bit = src == SYSTEM ? NOTIFY_SYSTEM_BIT : src == CLOCK ? NOTIFY_CLOCK_BIT
								     : NOTIFY_HARDWARE_BIT;
		if (!bitmap_test(caller->notify_pending, bit))
			return false;
	} else {
		bit = (unsigned)endpoint_slot(src);
		if (!bitmap_test(caller->notify_pending, bit))
			return false;
	}
	bitmap_clear(caller->notify_pending, bit);
	if (bit == NOTIFY_SYSTEM_BIT)
		*from = SYSTEM;
	else if (bit == NOTIFY_CLOCK_BIT)
		*from = CLOCK;
	else if (bit == NOTIFY_HARDWARE_BIT)
		*from = HARDWARE;
	else
		*from = proc_table[bit].endpoint;
	return true;
}

/* Builds the notification for dst; one from HARDWARE carries dst's fired lines. */
static void notify_message(message *m, endpoint_t from, struct proc *dst)
{
	memset(m, 0, sizeof(*m));
	m->m_source = from;
	m->m_type = NOTIFY_MESSAGE;
	m->notify.uptime = clock_uptime();
	if (from == HARDWARE) {
		m->notify.irqs = dst->irq_pending;
		dst->irq_pending = 0;
	}
}

/* Delivers a queued sender's message to caller; false if none matched. */
static bool take_queued_sender(struct proc *caller, endpoint_t src, int *result)
{
	for (struct proc *s = caller->senders; s; s = s->next_sender) {
		message m;

		if (src != ANY && s->endpoint != src)
			continue;
		unlink_sender(caller, s);
		if (user_copy_in(&s->arch.as, s->ipc_buf, &m, sizeof(m)) != OK) {
			ipc_finish(s, EFAULT, 0, RTS_SENDING | (s->rts_flags & RTS_RECEIVING));
			return take_queued_sender(caller, src, result);
		}
		*result = ipc_deliver(caller, &m, s->endpoint, status_word(s->ipc_op, s->endpoint));
		if (*result == OK)
			ipc_finish(s, OK, 0, RTS_SENDING);	/* SENDREC: still receiving */
		else
			push_sender(caller, s);			/* not lost: stays first */
		return true;
	}
	return false;
}

/*
 * RECEIVE and the receive half of SENDREC.  The caller is marked blocked
 * first so that the delivery helpers can complete it the common way.
 */
static int do_receive(struct proc *caller, endpoint_t src, vir_bytes buf)
{
	struct proc *sp;
	endpoint_t from;
	int r;

	if (src != ANY && src != SYSTEM && src != CLOCK && src != HARDWARE) {
		if ((r = proc_lookup(src, &sp)) != OK)
			return r;
		if (sp == caller)
			return EINVAL;
	}
	if (user_range_ok(buf, sizeof(message)) != OK)
		return EFAULT;
	caller->getfrom_e = src;
	caller->ipc_buf = buf;
	proc_block(caller, RTS_RECEIVING);

	if (!(caller->misc_flags & MF_REPLY_PEND)) {
		if (take_notification(caller, src, &from)) {
			message m;
			notify_message(&m, from, caller);
			ipc_deliver(caller, &m, from, status_word(IPC_NOTIFY, from));
			return EDONTREPLY;
		}
	}
	if (take_queued_sender(caller, src, &r))
		return EDONTREPLY;
	if (!(caller->misc_flags & MF_REPLY_PEND) && ipc_receive_senda(caller, src))
		return EDONTREPLY;
	return EDONTREPLY;	/* stays blocked */
}

static int do_notify(struct proc *caller, endpoint_t dst_e)
{
	struct proc *dst;
	int r;

	if ((r = ipc_check_dst(caller, dst_e, &dst)) != OK)
		return r;
	if (notify_deliverable(dst, caller->endpoint)) {
		message m;
		notify_message(&m, caller->endpoint, dst);
		ipc_deliver(dst, &m, caller->endpoint, status_word(IPC_NOTIFY, caller->endpoint));
		return OK;
	}
	bitmap_set(dst->notify_pending, caller->slot);
	return OK;
}

/* A notification from the kernel itself: src is SYSTEM, CLOCK or HARDWARE. */
void ipc_notify_kernel(struct proc *dst, endpoint_t src)
{
	unsigned bit = src == SYSTEM ? NOTIFY_SYSTEM_BIT : src == CLOCK ? NOTIFY_CLOCK_BIT
								      : NOTIFY_HARDWARE_BIT;

	if (notify_deliverable(dst, src)) {
		message m;
		notify_message(&m, src, dst);
		ipc_deliver(dst, &m, src, status_word(IPC_NOTIFY, src));
		return;
	}
	bitmap_set(dst->notify_pending, bit);
}

static int do_sendrec(struct proc *caller, endpoint_t dst_e, vir_bytes buf)
{
	int r = do_send(caller, IPC_SENDREC, dst_e, buf);

	if (r != OK && r != EDONTREPLY)
		return r;
	caller->misc_flags |= MF_REPLY_PEND;
	caller->getfrom_e = dst_e;
	caller->ipc_buf = buf;
	proc_block(caller, RTS_RECEIVING);
	return EDONTREPLY;
}

void ipc_trap(struct proc *caller)
{
	struct trap_frame *f = &caller->arch.frame;
	uint32_t op = f->eax;
	endpoint_t ep = (endpoint_t)f->ebx;
	vir_bytes buf = f->ecx;
	int r;

	if (unlikely(op == 0 || op >= IPC_NR_OPS)) {
		klog_ratelimited("ipc: %s (endpoint %d): unknown operation %u",
				 caller->name, caller->endpoint, op);
		r = EBADCALL;
	} else if (unlikely(!priv_may_trap(caller->priv, op))) {
		klog_ratelimited("ipc: %s (endpoint %d): operation %u denied",
				 caller->name, caller->endpoint, op);
		r = ECALLDENIED;
	} else {
		switch (op) {
		case IPC_SEND:
		case IPC_SENDNB:	r = do_send(caller, op, ep, buf); break;
		case IPC_RECEIVE:	r = do_receive(caller, ep, buf); break;
		case IPC_SENDREC:	r = do_sendrec(caller, ep, buf); break;
		case IPC_NOTIFY:	r = do_notify(caller, ep); break;
		default:		r = ipc_senda(caller, buf, f->edx); break;
		}
	}
	if (r != EDONTREPLY)
		arch_set_syscall_result(&caller->arch, r);
}

/* p's program is replaced (SYS_EXEC): drop its blocked operation, if any. */
void ipc_cancel(struct proc *p)
{
	struct proc *dst;

	if ((p->rts_flags & RTS_SENDING) && proc_lookup(p->sendto_e, &dst) == OK)
		unlink_sender(dst, p);
	p->misc_flags &= ~MF_REPLY_PEND;
	proc_unblock(p, p->rts_flags & (RTS_SENDING | RTS_RECEIVING));
}

/* Wakes p, blocked in an operation involving the dying `dead`, with EDEADSRCDST. */
static void fail_partner(struct proc *p, const struct proc *dead)
{
	uint32_t flags = 0;

	if ((p->rts_flags & RTS_SENDING) && p->sendto_e == dead->endpoint)
		flags |= RTS_SENDING | (p->rts_flags & RTS_RECEIVING);
	if ((p->rts_flags & RTS_RECEIVING) && p->getfrom_e == dead->endpoint)
		flags |= RTS_RECEIVING;
	if (flags)
		ipc_finish(p, EDEADSRCDST, 0, flags);
}

/*
 * p is dying: leave the queue it is on, fail everyone blocked on it, and
 * drop the notifications and asynchronous messages it had pending anywhere.
 */
void ipc_clear_endpoint(struct proc *p)
{
	struct proc *dst;

	if ((p->rts_flags & RTS_SENDING) && proc_lookup(p->sendto_e, &dst) == OK)
		unlink_sender(dst, p);
	while (p->senders) {
		struct proc *s = p->senders;
		p->senders = s->next_sender;
		s->next_sender = NULL;
	}
	for (unsigned i = 0; i < NR_PROCS; i++) {
		struct proc *q = &proc_table[i];
		if (q == p || (q->rts_flags & RTS_SLOT_FREE))
			continue;
		fail_partner(q, p);
		bitmap_clear(q->notify_pending, p->slot);
		bitmap_clear(q->senda_pending, p->slot);
	}
	memset(p->notify_pending, 0, sizeof(p->notify_pending));
	memset(p->senda_pending, 0, sizeof(p->senda_pending));
	ipc_forget_senda(p);
	p->misc_flags = 0;
}
