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
 *
 * Locking (docs/locking.md): an operation holds the CPU locks of every
 * process whose state it reads or changes: caller and partner for SEND and
 * NOTIFY; for RECEIVE first the caller's alone, and every CPU's when it must
 * take a message queued by a process on another CPU.  The `senders` links
 * belong to the destination's CPU lock.  The deadlock check follows other
 * processes' send chains without their locks: a cycle of blocked senders
 * cannot change under it, so a cycle it finds is real.
 */
#include <string.h>
#include <abi/errno.h>
#include <abi/ipc.h>
#include "kernel/async.h"
#include "kernel/clock.h"
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "smp/cpulock.h"

/* Sets a notify or senda bit of p, keeping p->pending_any conservative. */
void mark_pending(uint32_t *map, unsigned bit, struct proc *p)
{
	bitmap_set(map, bit);
	p->pending_any = 1;
}

/* Recomputes p->pending_any exactly (p's CPU lock held). */
static void recompute_pending(struct proc *p)
{
	p->pending_any =
		bitmap_find_first_set(p->notify_pending, NOTIFY_SOURCES) != NOTIFY_SOURCES ||
		bitmap_find_first_set(p->senda_pending, NR_PROCS) != NR_PROCS ||
		p->async_srv.queued;
}

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
 * A buffer within one present page (the usual case) is written through
 * the direct map in one go (dst's CPU lock is held, as the callers must).
 */
int ipc_deliver(struct proc *dst, const void *msg, endpoint_t src, uint32_t status)
{
	uint32_t *to = as_message_ptr_locked(&dst->arch.as, dst->ipc_buf, true);
	message m;

	if (likely(to)) {
		to[0] = (uint32_t)src;
		arch_copy_words(to + 1, (const uint32_t *)msg + 1, MESSAGE_SIZE / 4 - 1);
	} else {
		memcpy(&m, msg, sizeof(m));
		m.m_source = src;
		if (user_copy_out(&dst->arch.as, &m, dst->ipc_buf, sizeof(m)) != OK) {
			ipc_finish(dst, EFAULT, 0, RTS_RECEIVING);
			return EFAULT;
		}
	}
	sched_ipc(src, dst, status);
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
 * SEND, SENDNB and the send half of SENDREC, with the CPU locks of caller
 * and dst held.  Returns OK when delivered, EDONTREPLY when the caller now
 * blocks, or an error.
 */
static int send_locked(struct proc *caller, unsigned op, struct proc *dst, const message *m,
		       vir_bytes buf)
{
	if (unlikely(dst->misc_flags & MF_ASYNC_REPLY) && async_sendrec_reply(caller, dst, m))
		return OK;				/* the answer to an async SENDREC */
	if (ipc_waiting_for(dst, caller))
		return ipc_deliver(dst, m, caller->endpoint, status_word(op, caller->endpoint));
	if (op == IPC_SENDNB || op == IPC_REPLYRECV)
		return ENOTREADY;
	if (send_deadlocks(caller, dst))
		return ELOCKED;
	caller->ipc_op = op;
	caller->sendto_e = dst->endpoint;
	caller->ipc_buf = buf;
	enqueue_sender(dst, caller);
	proc_block(caller, RTS_SENDING);
	return EDONTREPLY;
}

/*
 * SEND and SENDNB; for SENDREC (reply_pend) the caller also goes on to wait
 * for the reply, in the same locked section so the reply cannot slip by.
 */
static int do_send(struct proc *caller, unsigned op, endpoint_t dst_e, vir_bytes buf)
{
	struct proc *dst;
	message m;
	cpuset_t held;
	int r;

	if ((r = ipc_check_dst(caller, dst_e, &dst)) != OK)
		return r;
	if (user_copy_in(&caller->arch.as, buf, &m, sizeof(m)) != OK)
		return EFAULT;
	held = lock_procs(caller, dst, NULL);
	if (!proc_is_live(dst, dst_e)) {
		r = proc_lookup(dst_e, &dst);
	} else {
		r = send_locked(caller, op, dst, &m, buf);
		if (op == IPC_SENDREC && (r == OK || r == EDONTREPLY)) {
			caller->misc_flags |= MF_REPLY_PEND;
			caller->getfrom_e = dst_e;
			caller->ipc_buf = buf;
			proc_block(caller, RTS_RECEIVING);
			r = EDONTREPLY;
		}
	}
	cpus_unlock(held);
	return r;
}

static unsigned kernel_source_bit(endpoint_t src)
{
	return src == SYSTEM ? NOTIFY_SYSTEM_BIT : src == CLOCK ? NOTIFY_CLOCK_BIT
							     : NOTIFY_HARDWARE_BIT;
}

static bool is_kernel_source(endpoint_t e)
{
	return e == SYSTEM || e == CLOCK || e == HARDWARE;
}

/* Takes a pending notification for caller matching src; true if one was. */
static bool take_notification(struct proc *caller, endpoint_t src, endpoint_t *from)
{
	unsigned bit;

	if (src == ANY)
		bit = bitmap_find_first_set(caller->notify_pending, NOTIFY_SOURCES);
	else if (is_kernel_source(src))
		bit = kernel_source_bit(src);
	else
		bit = (unsigned)endpoint_slot(src);
	if (bit >= NOTIFY_SOURCES || !bitmap_test(caller->notify_pending, bit))
		return false;
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

static void deliver_notification(struct proc *dst, endpoint_t from)
{
	message m;

	notify_message(&m, from, dst);
	ipc_deliver(dst, &m, from, status_word(IPC_NOTIFY, from));
}

/* Delivers the first queued sender matching src to the blocked caller. */
static enum take take_queued_sender(struct proc *caller, endpoint_t src, cpuset_t held)
{
	for (struct proc *s = caller->senders; s; s = s->next_sender) {
		message m;

		if (src != ANY && s->endpoint != src)
			continue;
		if (!(held & CPUSET_OF(s->cpu)))
			return NEED_ALL_LOCKS;
		unlink_sender(caller, s);
		if (user_copy_in(&s->arch.as, s->ipc_buf, &m, sizeof(m)) != OK) {
			ipc_finish(s, EFAULT, 0, RTS_SENDING | (s->rts_flags & RTS_RECEIVING));
			return take_queued_sender(caller, src, held);
		}
		if (ipc_deliver(caller, &m, s->endpoint, status_word(s->ipc_op, s->endpoint)) == OK)
			ipc_finish(s, OK, 0, RTS_SENDING);	/* SENDREC: still receiving */
		else
			push_sender(caller, s);			/* not lost: stays first */
		return TAKEN;
	}
	return NOTHING;
}

/*
 * The receive itself, with at least the caller's CPU lock held.  On the
 * first attempt the caller is marked blocked so that the delivery helpers
 * complete it the common way; on a retry with every lock held it may have
 * been completed by a sender in between, and then nothing is left to do.
 */
static enum take receive_locked(struct proc *caller, endpoint_t src, vir_bytes buf, cpuset_t held,
				bool first)
{
	endpoint_t from;
	enum take t;

	if (first) {
		caller->getfrom_e = src;
		caller->ipc_buf = buf;
		proc_block(caller, RTS_RECEIVING);
	} else if (!(caller->rts_flags & RTS_RECEIVING)) {
		return TAKEN;
	}
	if (!(caller->misc_flags & MF_REPLY_PEND) && take_notification(caller, src, &from)) {
		deliver_notification(caller, from);
		return TAKEN;
	}
	if ((t = take_queued_sender(caller, src, held)) != NOTHING)
		return t;
	if (unlikely(caller->async_srv.queued) &&
	    (t = async_sendrec_receive(caller, src, held)) != NOTHING)
		return t;
	if (!(caller->misc_flags & MF_REPLY_PEND) &&
	    (t = ipc_receive_senda(caller, src, held)) != NOTHING)
		return t;
	recompute_pending(caller);
	return NOTHING;					/* stays blocked */
}

static int do_receive(struct proc *caller, endpoint_t src, vir_bytes buf)
{
	struct proc *sp;
	cpuset_t held;
	int r;

	if (src != ANY && !is_kernel_source(src)) {
		if ((r = proc_lookup(src, &sp)) != OK)
			return r;
		if (sp == caller)
			return EINVAL;
	}
	if (user_range_ok(buf, sizeof(message)) != OK)
		return EFAULT;
	held = lock_proc(caller);
	if (receive_locked(caller, src, buf, held, true) == NEED_ALL_LOCKS) {
		cpus_unlock(held);
		held = cpus_lock_all();
		receive_locked(caller, src, buf, held, false);
	}
	cpus_unlock(held);
	return EDONTREPLY;
}

static int do_notify(struct proc *caller, endpoint_t dst_e)
{
	struct proc *dst;
	cpuset_t held;
	int r;

	if ((r = ipc_check_dst(caller, dst_e, &dst)) != OK)
		return r;
	held = lock_procs(caller, dst, NULL);
	if (!proc_is_live(dst, dst_e))
		r = EDEADSRCDST;
	else if (notify_deliverable(dst, caller->endpoint))
		deliver_notification(dst, caller->endpoint);
	else
		mark_pending(dst->notify_pending, caller->slot, dst);
	cpus_unlock(held);
	return r;
}

/*
 * A notification from the kernel itself: src is SYSTEM, CLOCK or HARDWARE.
 * Lock: dst's CPU lock.
 */
void ipc_notify_kernel(struct proc *dst, endpoint_t src)
{
	assert(spin_held(&dst->cpu->lock));
	if (notify_deliverable(dst, src))
		deliver_notification(dst, src);
	else
		mark_pending(dst->notify_pending, kernel_source_bit(src), dst);
}

/*
 * The general path takes a register message (IPC_FLAG_REGS) from the
 * buffer: it is written there as the short message it is (words[1..]
 * zero), and the caller then waits like any other, for its answer in the
 * buffer.
 */
static int spill_regs_message(struct proc *caller, vir_bytes buf)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = (int32_t)arch_regs_msg_type(&caller->arch);
	m.words[0] = arch_regs_msg_word(&caller->arch);
	return user_copy_out(&caller->arch.as, &m, buf, sizeof(m));
}

/* The operation in %eax, checked: EBADCALL, ECALLDENIED, or OK with *op set. */
static int decode_op(struct proc *caller, uint32_t word, uint32_t *op)
{
	*op = word & ~(uint32_t)IPC_FLAG_REGS;
	if (unlikely(*op == 0 || *op >= IPC_NR_OPS ||
		     ((word & IPC_FLAG_REGS) && *op != IPC_SENDREC && *op != IPC_REPLYRECV))) {
		klog_ratelimited(KLOG_NOTICE "ipc: %s (endpoint %d): unknown operation %#x",
				 caller->name, caller->endpoint, word);
		return EBADCALL;
	}
	if (unlikely(!priv_may_trap(caller->priv, *op))) {
		klog_ratelimited(KLOG_NOTICE "ipc: %s (endpoint %d): operation %u denied",
				 caller->name, caller->endpoint, *op);
		return ECALLDENIED;
	}
	return OK;
}

void ipc_trap(struct proc *caller)
{
	endpoint_t ep = arch_ipc_endpoint(&caller->arch);
	vir_bytes buf = arch_ipc_buffer(&caller->arch);
	uint32_t word = arch_syscall_arg(&caller->arch), op;
	int r;

	caller->ipc_regs = 0;			/* the general path answers in the buffer */
	r = decode_op(caller, word, &op);
	if (r == OK && (word & IPC_FLAG_REGS) && spill_regs_message(caller, buf) != OK)
		r = EFAULT;
	if (r == OK) {
		switch (op) {
		case IPC_REPLYRECV:
			r = do_send(caller, op, ep, buf);
			if (r == OK)
				r = do_receive(caller, ANY, buf);
			break;
		case IPC_SEND:
		case IPC_SENDNB:
		case IPC_SENDREC:	r = do_send(caller, op, ep, buf); break;
		case IPC_RECEIVE:	r = do_receive(caller, ep, buf); break;
		case IPC_NOTIFY:	r = do_notify(caller, ep); break;
		default:		r = ipc_senda(caller, buf, arch_ipc_count(&caller->arch)); break;
		}
	}
	if (r != EDONTREPLY)
		arch_set_syscall_result(&caller->arch, r);
}

/*
 * p's program is replaced (SYS_EXEC): drop its blocked operation, if any.
 * Every CPU lock held (the destination it sends to may be anywhere).
 */
void ipc_cancel(struct proc *p)
{
	assert(spin_held(&p->cpu->lock));
	if (p->rts_flags & RTS_SENDING) {
		struct proc *dst;
		if (proc_lookup(p->sendto_e, &dst) == OK)
			unlink_sender(dst, p);
	}
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
 * p's program was replaced (a restart in place, every CPU lock held): the
 * SENDRECs whose message the old program took wait for a reply that will
 * not come; they end with result.  Those still queued sending to p stay:
 * the new program takes them.
 */
void ipc_fail_replies(struct proc *p, int result)
{
	for (unsigned i = 0; i < NR_PROCS; i++) {
		struct proc *q = &proc_table[i];

		if (q == p || (q->rts_flags & RTS_SLOT_FREE) ||
		    (q->rts_flags & (RTS_RECEIVING | RTS_SENDING)) != RTS_RECEIVING ||
		    !(q->misc_flags & MF_REPLY_PEND) || q->getfrom_e != p->endpoint)
			continue;
		ipc_finish(q, result, 0, RTS_RECEIVING);
	}
}

/*
 * p is dying (every CPU lock held): leave the queue it is on, fail everyone
 * blocked on it, and drop the notifications and asynchronous messages it
 * had pending anywhere.
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
	p->misc_flags &= ~MF_REPLY_PEND;
}
