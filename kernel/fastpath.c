/*
 * kernel/fastpath.c - the IPC fast paths (fastpath.h), in seL4's shape:
 * every check first, each falling back to the general path with a counted
 * reason; then a commit point after which nothing can fail; then a direct
 * switch to the partner, without a trip through the scheduler.
 *
 * Both paths work on processes of this CPU only, under this CPU's lock
 * (the lock every other CPU takes before touching them, and the lock their
 * address spaces change under: so the buffers' pages are looked up with
 * as_message_ptr_locked, which remembers the last one).  A register
 * message (IPC_FLAG_REGS, abi/ipc.h) to a partner that waits with the flag
 * goes from frame to frame and touches no user memory; any other message
 * is copied as 16 words into the receiver's buffer through the direct map.
 * The fast paths give exactly the results of the general path: same
 * message, same status word, same states afterwards (tests/guest/ipc_test
 * and fastpath_test force every fallback and compare).
 */
#include <stddef.h>
#include <abi/errno.h>
#include <abi/ipc.h>
#include <arch/switch.h>
#include "kernel/clock.h"
#include "kernel/fastpath.h"
#include "kernel/ipc.h"
#include "kernel/iptrace.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_fast.h"
#include "smp/cpu.h"

/* Everything here is one straight line: GCC must not outline the helpers. */
#define FP_INLINE	static inline __attribute__((always_inline))

/*
 * Makes GCC keep a partner's pointer rather than recompute it from the
 * slot at every use (an imul each time, measured).
 */
#define KEEP_POINTER(p)	__asm__("" : "+r"(p))

#define slowpath(c, why)	do { IPC_TRACE_MISS(c, why); (c)->fastpath_slow[why]++; return; } while (0)
#define slowpath_unlock(c, why)	do { spin_unlock(&(c)->lock); slowpath(c, why); } while (0)

/* The partner named by an endpoint register, or NULL if malformed. */
FP_INLINE struct proc *partner_fp(endpoint_t ep)
{
	unsigned slot = (unsigned)endpoint_slot(ep);

	if (unlikely(ep <= 0 || slot >= NR_PROCS))
		return NULL;
	return &proc_table[slot];
}

/*
 * Where a message goes: src is the sender's buffer (NULL: a register
 * message), dst the receiver's (NULL: into its registers, only when both
 * use registers).  Resolved before the point of no return.
 */
struct fp_route {
	const uint32_t *src;
	uint32_t *dst;
};

/*
 * The sender's half of the route; false if its buffer needs the general
 * path.  `write`: the buffer also receives (REPLYRECV), so it must be
 * writable too.
 */
FP_INLINE bool route_from(struct fp_route *r, struct proc *from, bool regs, vir_bytes buf,
			  bool write)
{
	r->src = NULL;
	return regs || (r->src = as_message_ptr_locked(&from->arch.as, buf, write));
}

/* The receiver's half; false if its buffer needs the general path. */
FP_INLINE bool route_to(struct fp_route *r, struct proc *to)
{
	r->dst = NULL;
	if (!r->src && to->ipc_regs)
		return true;
	return (r->dst = as_message_ptr_locked(&to->arch.as, to->ipc_buf, true));
}

/*
 * Moves the message along the route, stamping the sender, and completes
 * to's receive with OK and `status`.  A register message landing in a
 * buffer is the message whose words[1..] are zero.
 */
FP_INLINE void deliver_fp(const struct fp_route *r, const struct proc *from, struct proc *to,
			  uint32_t status)
{
	uint32_t type = arch_regs_msg_type(&from->arch), word = arch_regs_msg_word(&from->arch);

	if (!r->dst) {
		arch_set_regs_msg(&to->arch, (uint32_t)from->endpoint, type, word);
		status |= IPC_STATUS_REGS;
	} else if (!r->src) {
		r->dst[0] = (uint32_t)from->endpoint;
		r->dst[1] = type;
		r->dst[2] = word;
		arch_zero_words(r->dst + 3, MESSAGE_SIZE / 4 - 3);
	} else {
		r->dst[0] = (uint32_t)from->endpoint;
		arch_copy_words(r->dst + 1, r->src + 1, MESSAGE_SIZE / 4 - 1);
	}
	arch_set_syscall_result(&to->arch, OK);
	arch_set_ipc_status(&to->arch, status);
}

/* Leaves for `to` (already made current): no scheduler, no queue walk. */
FP_INLINE _Noreturn void switch_fp(struct cpu *c, struct proc *to)
{
	IPC_TRACE_STAGE(c, IPT_SWITCH);
	c->current = to;
	c->fastpath_hits++;		/* a process change too (do_getinfo adds them) */
	spin_unlock(&c->lock);
	arch_switch_to_user_on(c, to);
}

/*
 * Leaves after an operation that does not block the caller: straight back
 * into it when kernel_return would return into it at once
 * (sched_trapper_continues, inline here; the caller is current and
 * runnable: its space is loaded, esp0 and the SYSENTER stack still point
 * past its frame), else through kernel_return, the
 * general path's own ending (a partner woken at a higher priority, work
 * another CPU left for the caller).
 */
FP_INLINE _Noreturn void return_fp(struct cpu *c, struct proc *caller)
{
	c->fastpath_stays++;
	spin_unlock(&c->lock);
	if (likely(!(caller->rts_flags | caller->misc_flags) && sched_still_first(c, caller) &&
		   arch_space_loaded(&c->arch, &caller->arch.as)))
		arch_leave_through(&caller->arch.frame, caller->arch.frame.error == SYSENTER_MARK);
	kernel_return();
}

/*
 * Ends the blocked receive of `to` (RTS_RECEIVING alone, on c) with OK and
 * `status`, and makes it runnable: ipc_finish without the queue walk.
 */
FP_INLINE void wake_receiver_fp(struct cpu *c, struct proc *to, uint32_t status)
{
	arch_set_syscall_result(&to->arch, OK);
	arch_set_ipc_status(&to->arch, status);
	to->misc_flags = 0;			/* MF_REPLY_PEND at most */
	to->rts_flags = 0;
	sched_enqueue_fp(c, to);
}

/*
 * A notification from `from` into the receive buffer `to`: what
 * notify_message builds and ipc_deliver copies (kernel/ipc.c).  `irqs`:
 * the lines fired, for one from HARDWARE; 0 otherwise.
 */
FP_INLINE void notify_into_fp(uint32_t *to, endpoint_t from, uint32_t irqs)
{
	_Static_assert(offsetof(message, notify.uptime) == 8 && offsetof(message, notify.irqs) == 12,
		       "notify_into_fp writes words 2 and 3");
	to[0] = (uint32_t)from;
	to[1] = NOTIFY_MESSAGE;
	to[2] = clock_uptime();
	to[3] = irqs;
	/* 12 stores: on hardware rep stosl's start-up costs more (docs/cycle_model.md) */
#pragma GCC unroll 12
	for (unsigned i = 4; i < MESSAGE_SIZE / 4; i++)
		to[i] = 0;
}

/* Would `to`, blocked receiving, take a message from `from` (ipc_waiting_for)? */
FP_INLINE bool waits_for_fp(const struct proc *to, const struct proc *from)
{
	return to->getfrom_e == from->endpoint ||
	       (to->getfrom_e == ANY && !(to->misc_flags & MF_REPLY_PEND));
}

FP_INLINE void fastpath_call(struct proc *caller, bool regs)
{
	struct cpu *c = caller->cpu;
	endpoint_t dst_e = arch_ipc_endpoint(&caller->arch);
	struct proc *dst = partner_fp(dst_e);
	struct fp_route route;

	IPC_TRACE_ENTRY(c, IPT_PATH_CALL, caller->endpoint, dst_e,
			regs ? arch_regs_msg_type(&caller->arch) : IPT_TYPE_MEMORY);
	if (unlikely(!dst || dst == caller))
		slowpath(c, FP_SLOW_ENDPOINT);		/* the general path reports it */
	KEEP_POINTER(dst);
	if (unlikely(!priv_may_trap(caller->priv, IPC_SENDREC)))
		slowpath(c, FP_SLOW_DENIED);
	spin_lock(&c->lock);				/* also guards caller's space */
	if (unlikely(!route_from(&route, caller, regs, arch_ipc_buffer(&caller->arch), false)))
		slowpath_unlock(c, FP_SLOW_BUFFER);
	if (unlikely(dst->endpoint != dst_e))
		slowpath_unlock(c, FP_SLOW_ENDPOINT);	/* stale or dead */
	if (unlikely(dst->cpu != c))
		slowpath_unlock(c, FP_SLOW_OTHER_CPU);
	if (unlikely(dst->rts_flags != RTS_RECEIVING ||
		     (dst->getfrom_e != ANY && dst->getfrom_e != caller->endpoint)))
		slowpath_unlock(c, (dst->rts_flags & RTS_SLOT_FREE) ? FP_SLOW_ENDPOINT	/* dead */
								    : FP_SLOW_NOT_WAITING);
	if (unlikely(dst->misc_flags | caller->misc_flags))
		slowpath_unlock(c, FP_SLOW_PENDING);	/* reply wait, resume, exit, move */
	if (unlikely(!priv_may_ipc(caller->priv, dst->priv)))
		slowpath_unlock(c, FP_SLOW_DENIED);
	if (unlikely(!route_to(&route, dst)))
		slowpath_unlock(c, FP_SLOW_BUFFER);
	if (unlikely(!sched_handoff(c, caller, dst)))
		slowpath_unlock(c, FP_SLOW_SCHED);

	/* POINT OF NO RETURN: the hand-off above already swapped the queues. */
	IPC_TRACE_STAGE(c, IPT_CHECKED);
	IPC_TRACE_TYPE(c, route.src ? route.src[1] : arch_regs_msg_type(&caller->arch));
	deliver_fp(&route, caller, dst, (uint32_t)IPC_SENDREC << IPC_STATUS_CALL_SHIFT);
	IPC_TRACE_STAGE(c, IPT_COPIED);
	dst->rts_flags = 0;
	caller->rts_flags = RTS_RECEIVING;
	caller->misc_flags = MF_REPLY_PEND;
	caller->getfrom_e = dst->endpoint;
	caller->ipc_buf = arch_ipc_buffer(&caller->arch);	/* read late: one register less to keep */
	caller->ipc_regs = regs;
	caller->ipc_op = IPC_SENDREC;
	switch_fp(c, dst);
}

FP_INLINE void fastpath_reply_recv(struct proc *server, bool regs)
{
	struct cpu *c = server->cpu;
	endpoint_t client_e = arch_ipc_endpoint(&server->arch);
	struct proc *client = partner_fp(client_e);
	struct fp_route route;

	IPC_TRACE_ENTRY(c, IPT_PATH_REPLYRECV, server->endpoint, client_e,
			regs ? arch_regs_msg_type(&server->arch) : IPT_TYPE_MEMORY);
	if (unlikely(!client || client == server))
		slowpath(c, FP_SLOW_ENDPOINT);
	KEEP_POINTER(client);
	if (unlikely(!priv_may_trap(server->priv, IPC_REPLYRECV)))
		slowpath(c, FP_SLOW_DENIED);
	spin_lock(&c->lock);
	if (unlikely(!route_from(&route, server, regs, arch_ipc_buffer(&server->arch), true)))
		slowpath_unlock(c, FP_SLOW_BUFFER);	/* it is also the receive buffer */
	if (unlikely(client->endpoint != client_e))
		slowpath_unlock(c, FP_SLOW_ENDPOINT);
	if (unlikely(client->cpu != c))
		slowpath_unlock(c, FP_SLOW_OTHER_CPU);
	if (unlikely(client->rts_flags != RTS_RECEIVING || client->misc_flags != MF_REPLY_PEND ||
		     client->getfrom_e != server->endpoint))
		slowpath_unlock(c, (client->rts_flags & RTS_SLOT_FREE) ? FP_SLOW_ENDPOINT
								       : FP_SLOW_NOT_WAITING);
	if (unlikely(server->misc_flags || server->senders || server->pending_any))
		slowpath_unlock(c, FP_SLOW_PENDING);	/* its receive would not block */
	if (unlikely(!priv_may_ipc(server->priv, client->priv)))
		slowpath_unlock(c, FP_SLOW_DENIED);
	if (unlikely(!route_to(&route, client)))
		slowpath_unlock(c, FP_SLOW_BUFFER);
	if (unlikely(!sched_handoff(c, server, client)))
		slowpath_unlock(c, FP_SLOW_SCHED);

	/* POINT OF NO RETURN */
	IPC_TRACE_STAGE(c, IPT_CHECKED);
	IPC_TRACE_TYPE(c, route.src ? route.src[1] : arch_regs_msg_type(&server->arch));
	deliver_fp(&route, server, client, (uint32_t)IPC_REPLYRECV << IPC_STATUS_CALL_SHIFT);
	IPC_TRACE_STAGE(c, IPT_COPIED);
	client->rts_flags = 0;
	client->misc_flags = 0;
	server->rts_flags = RTS_RECEIVING;
	server->getfrom_e = ANY;
	server->ipc_buf = arch_ipc_buffer(&server->arch);
	server->ipc_regs = regs;
	switch_fp(c, client);
}

/*
 * SEND and SENDNB to a receiver of this CPU already waiting for the caller
 * (or ANY): the message goes into its buffer, it becomes runnable, and the
 * caller continues (do_send, send_locked and ipc_deliver in one).  A
 * receiver waiting for the caller's SENDREC reply takes a SEND as that
 * reply, as in the general path.
 */
FP_INLINE void fastpath_send(struct proc *caller, unsigned op)
{
	struct cpu *c = caller->cpu;
	endpoint_t dst_e = arch_ipc_endpoint(&caller->arch);
	struct proc *dst = partner_fp(dst_e);
	struct fp_route route;

	if (unlikely(!dst || dst == caller))
		slowpath(c, FP_SLOW_ENDPOINT);		/* the general path reports it */
	KEEP_POINTER(dst);
	if (unlikely(!priv_may_trap(caller->priv, op)))
		slowpath(c, FP_SLOW_DENIED);
	spin_lock(&c->lock);
	if (unlikely(!route_from(&route, caller, false, arch_ipc_buffer(&caller->arch), false)))
		slowpath_unlock(c, FP_SLOW_BUFFER);
	if (unlikely(dst->endpoint != dst_e))
		slowpath_unlock(c, FP_SLOW_ENDPOINT);	/* stale or dead */
	if (unlikely(dst->cpu != c))
		slowpath_unlock(c, FP_SLOW_OTHER_CPU);
	if (unlikely(dst->rts_flags != RTS_RECEIVING || !waits_for_fp(dst, caller)))
		slowpath_unlock(c, (dst->rts_flags & RTS_SLOT_FREE) ? FP_SLOW_ENDPOINT
								    : FP_SLOW_NOT_WAITING);
	if (unlikely(dst->misc_flags & ~MF_REPLY_PEND))
		slowpath_unlock(c, FP_SLOW_PENDING);	/* resume, exit, move */
	if (unlikely(!priv_may_ipc(caller->priv, dst->priv)))
		slowpath_unlock(c, FP_SLOW_DENIED);
	if (unlikely(!route_to(&route, dst)))
		slowpath_unlock(c, FP_SLOW_BUFFER);

	/* POINT OF NO RETURN */
	if (unlikely(dst->misc_flags))
		sched_reply_fp(caller, dst);		/* a SENDREC's reply */
	deliver_fp(&route, caller, dst, op << IPC_STATUS_CALL_SHIFT);
	wake_receiver_fp(c, dst, op << IPC_STATUS_CALL_SHIFT);
	arch_set_syscall_result(&caller->arch, OK);
	return_fp(c, caller);
}

/*
 * NOTIFY to a receiver of this CPU waiting for the caller or ANY (not for
 * a reply): the notification goes into its buffer, it becomes runnable,
 * the caller continues (do_notify and deliver_notification in one).
 */
FP_INLINE void fastpath_notify(struct proc *caller)
{
	struct cpu *c = caller->cpu;
	endpoint_t dst_e = arch_ipc_endpoint(&caller->arch);
	struct proc *dst = partner_fp(dst_e);
	uint32_t *to;

	if (unlikely(!dst || dst == caller))
		slowpath(c, FP_SLOW_ENDPOINT);
	KEEP_POINTER(dst);
	if (unlikely(!priv_may_trap(caller->priv, IPC_NOTIFY)))
		slowpath(c, FP_SLOW_DENIED);
	spin_lock(&c->lock);
	if (unlikely(dst->endpoint != dst_e))
		slowpath_unlock(c, FP_SLOW_ENDPOINT);	/* stale or dead */
	if (unlikely(dst->cpu != c))
		slowpath_unlock(c, FP_SLOW_OTHER_CPU);
	if (unlikely(dst->rts_flags != RTS_RECEIVING || !waits_for_fp(dst, caller)))
		slowpath_unlock(c, (dst->rts_flags & RTS_SLOT_FREE) ? FP_SLOW_ENDPOINT	/* dead */
								    : FP_SLOW_NOT_WAITING);
	if (unlikely(dst->misc_flags))
		slowpath_unlock(c, (dst->misc_flags & MF_REPLY_PEND) ? FP_SLOW_NOT_WAITING
								     : FP_SLOW_PENDING);
	if (unlikely(!priv_may_ipc(caller->priv, dst->priv)))
		slowpath_unlock(c, FP_SLOW_DENIED);
	if (unlikely(!(to = as_message_ptr_locked(&dst->arch.as, dst->ipc_buf, true))))
		slowpath_unlock(c, FP_SLOW_BUFFER);

	/* POINT OF NO RETURN */
	notify_into_fp(to, caller->endpoint, 0);
	wake_receiver_fp(c, dst, ((uint32_t)IPC_NOTIFY << IPC_STATUS_CALL_SHIFT) | IPC_STATUS_NOTIFY);
	arch_set_syscall_result(&caller->arch, OK);
	return_fp(c, caller);
}

/* Endpoint and status bits of a pending notification's bit (take_notification). */
FP_INLINE endpoint_t notify_source_fp(unsigned bit, uint32_t *status)
{
	*status = ((uint32_t)IPC_NOTIFY << IPC_STATUS_CALL_SHIFT) | IPC_STATUS_NOTIFY;
	if (likely(bit < NR_PROCS))
		return proc_table[bit].endpoint;
	*status |= IPC_STATUS_KERNEL;
	return bit == NOTIFY_SYSTEM_BIT ? SYSTEM : bit == NOTIFY_CLOCK_BIT ? CLOCK : HARDWARE;
}

/*
 * The caller's RECEIVE got a message at once: it continues, behind the
 * others of its level, as the general path's block and wake leave it.
 */
FP_INLINE _Noreturn void received_fp(struct cpu *c, struct proc *caller, uint32_t status)
{
	caller->getfrom_e = arch_ipc_endpoint(&caller->arch);
	caller->ipc_buf = arch_ipc_buffer(&caller->arch);
	caller->ipc_regs = 0;
	arch_set_syscall_result(&caller->arch, OK);
	arch_set_ipc_status(&caller->arch, status);
	sched_requeue_fp(c, caller);
	return_fp(c, caller);
}

/*
 * RECEIVE's pending asynchronous message from a sender of this CPU (src,
 * or for ANY the first with a pending bit): the first entry for the caller
 * from the sender's cursor on, in place, goes into the caller's buffer and
 * is finished; the bit goes when no other entry is for the caller
 * (ipc_receive_senda and take_from, kernel/ipc_senda.c).  A bit without an
 * entry behind it is the general path's to clear.  Out of line: inlined,
 * it costs NOTIFY and the blocking RECEIVE registers (measured).
 */
static __attribute__((noinline)) void receive_senda_fp(struct cpu *c, struct proc *caller,
							 const struct proc *src)
{
	unsigned slot = src ? src->slot : bitmap_find_first_set(caller->senda_pending, NR_PROCS);
	asynmsg_t *e = NULL, *next;
	uint32_t i, at = 0, *to;
	bool more = false;
	struct proc *s;

	if (unlikely(slot >= NR_PROCS || !bitmap_test(caller->senda_pending, slot)))
		slowpath_unlock(c, FP_SLOW_PENDING);	/* nothing: pending_any is stale */
	s = &proc_table[slot];
	KEEP_POINTER(s);
	if (unlikely(s->cpu != c))
		slowpath_unlock(c, FP_SLOW_OTHER_CPU);
	for (i = s->senda_first; i < s->senda_count; i++) {
		next = as_user_ptr(&s->arch.as, s->senda_table + i * sizeof(asynmsg_t),
				   sizeof(asynmsg_t), true);
		if (unlikely(!next))
			slowpath_unlock(c, FP_SLOW_BUFFER);	/* copied by the general path */
		if ((next->flags & (AMF_VALID | AMF_DONE)) != AMF_VALID ||
		    next->dst != caller->endpoint)
			continue;
		if (e) {
			more = true;
			break;
		}
		e = next;
		at = i;
	}
	if (unlikely(!e))
		slowpath_unlock(c, FP_SLOW_PENDING);	/* the bit outlived the entries */
	to = as_message_ptr_locked(&caller->arch.as, arch_ipc_buffer(&caller->arch), true);
	if (unlikely(!to))
		slowpath_unlock(c, FP_SLOW_BUFFER);

	/* POINT OF NO RETURN */
	to[0] = (uint32_t)s->endpoint;
	arch_copy_words(to + 1, (const uint32_t *)&e->msg + 1, MESSAGE_SIZE / 4 - 1);
	e->result = OK;
	e->flags |= AMF_DONE;
	if (at == s->senda_first)
		s->senda_first++;
	if (e->flags & AMF_NOTIFY)
		ipc_notify_kernel(s, SYSTEM);
	if (!more)
		bitmap_clear(caller->senda_pending, slot);
	received_fp(c, caller, (uint32_t)IPC_SENDA << IPC_STATUS_CALL_SHIFT);
}

/*
 * RECEIVE from ANY or a process, with no sender queued: a pending
 * notification that matches is taken at once, else a pending asynchronous
 * message from a sender of this CPU, and the caller continues (received_fp);
 * with nothing pending it blocks in O(1) and this CPU switches to the next
 * process (do_receive and receive_locked).  Queued senders are the general
 * path's.
 */
FP_INLINE void fastpath_receive(struct proc *caller)
{
	struct cpu *c = caller->cpu;
	endpoint_t src_e = arch_ipc_endpoint(&caller->arch);
	struct proc *src = NULL, *next;

	if (src_e != ANY) {
		src = partner_fp(src_e);
		if (unlikely(!src || src == caller))
			slowpath(c, FP_SLOW_ENDPOINT);	/* a kernel source, malformed, self */
	}
	if (unlikely(!priv_may_trap(caller->priv, IPC_RECEIVE)))
		slowpath(c, FP_SLOW_DENIED);
	if (unlikely(user_range_ok(arch_ipc_buffer(&caller->arch), MESSAGE_SIZE) != OK))
		slowpath(c, FP_SLOW_BUFFER);		/* the general path says EFAULT */
	spin_lock(&c->lock);
	if (unlikely(src && (src->endpoint != src_e || (src->rts_flags & RTS_SLOT_FREE))))
		slowpath_unlock(c, FP_SLOW_ENDPOINT);	/* stale or dead */
	if (unlikely(caller->misc_flags || caller->senders))
		slowpath_unlock(c, FP_SLOW_PENDING);	/* flags, a queued sender */
	if (unlikely(!sched_heads_fp(c, caller)))
		slowpath_unlock(c, FP_SLOW_SCHED);	/* not first: it would not run */
	if (unlikely(caller->pending_any)) {
		unsigned bit = src ? src->slot
				   : bitmap_find_first_set(caller->notify_pending, NOTIFY_SOURCES);
		uint32_t status, *to;
		endpoint_t from;

		if (bit >= NOTIFY_SOURCES || !bitmap_test(caller->notify_pending, bit)) {
			receive_senda_fp(c, caller, src);
			return;				/* fell back */
		}
		to = as_message_ptr_locked(&caller->arch.as, arch_ipc_buffer(&caller->arch), true);
		if (unlikely(!to))
			slowpath_unlock(c, FP_SLOW_BUFFER);

		/* POINT OF NO RETURN: a notification, the caller continues. */
		bitmap_clear(caller->notify_pending, bit);
		from = notify_source_fp(bit, &status);
		notify_into_fp(to, from, bit == NOTIFY_HARDWARE_BIT ? caller->irq_pending : 0);
		if (bit == NOTIFY_HARDWARE_BIT)
			caller->irq_pending = 0;
		received_fp(c, caller, status);
	}

	/* POINT OF NO RETURN: nothing pending, the caller blocks. */
	caller->getfrom_e = src_e;
	caller->ipc_buf = arch_ipc_buffer(&caller->arch);
	caller->ipc_regs = 0;
	caller->rts_flags = RTS_RECEIVING;
	next = sched_block_fp(c, caller);
	if (likely(next && !(next->misc_flags & MF_KCALL_RESUME)))
		switch_fp(c, next);
	c->fastpath_stays++;		/* idle, or a kernel call to restart first */
	spin_unlock(&c->lock);
	kernel_return();
}

/*
 * SENDA of a table whose entries all lie in place (as_user_ptr: one
 * present, writable page each) and name live processes of this CPU that
 * the caller may message: each valid entry goes to its destination when
 * it waits for the caller (the entries before it may have ended its wait),
 * else the destination gets the caller's pending bit; the caller continues
 * (ipc_senda and its send_entry in one, without the locks of other CPUs).
 * A first pass checks every entry, changes nothing and keeps the
 * destinations it checked (memory shared with another process may change
 * the table meanwhile: the second pass, which sends, reads no endpoint).
 */
FP_INLINE asynmsg_t *senda_entry_fp(struct proc *caller, vir_bytes table, uint32_t i)
{
	return as_user_ptr(&caller->arch.as, table + i * sizeof(asynmsg_t), sizeof(asynmsg_t), true);
}

FP_INLINE void fastpath_senda(struct proc *caller)
{
	struct cpu *c = caller->cpu;
	vir_bytes table = arch_ipc_buffer(&caller->arch);
	uint32_t count = arch_ipc_count(&caller->arch), i;
	const uint32_t status = (uint32_t)IPC_SENDA << IPC_STATUS_CALL_SHIFT;
	struct proc *dsts[SENDA_MAX];

	if (unlikely(!priv_may_trap(caller->priv, IPC_SENDA)))
		slowpath(c, FP_SLOW_DENIED);
	if (unlikely(count - 1 >= SENDA_MAX))
		slowpath(c, FP_SLOW_BUFFER);		/* none, or too many: EINVAL */
	spin_lock(&c->lock);
	for (i = 0; i < count; i++) {
		asynmsg_t *e = senda_entry_fp(caller, table, i);
		struct proc *dst;
		endpoint_t dst_e;

		dsts[i] = NULL;
		if (unlikely(!e))
			slowpath_unlock(c, FP_SLOW_BUFFER);	/* across pages, absent, read-only */
		if ((e->flags & (AMF_VALID | AMF_DONE)) != AMF_VALID)
			continue;
		dst_e = __atomic_load_n(&e->dst, __ATOMIC_RELAXED);	/* read once: shared memory */
		dsts[i] = dst = partner_fp(dst_e);
		if (unlikely(!dst || dst == caller || dst->endpoint != dst_e ||
			     (dst->rts_flags & RTS_SLOT_FREE)))
			slowpath_unlock(c, FP_SLOW_ENDPOINT);	/* the entry gets the error */
		if (unlikely(dst->cpu != c))
			slowpath_unlock(c, FP_SLOW_OTHER_CPU);
		if (unlikely(!priv_may_ipc(caller->priv, dst->priv)))
			slowpath_unlock(c, FP_SLOW_DENIED);
		if (!(dst->rts_flags & RTS_RECEIVING) || !waits_for_fp(dst, caller) ||
		    (dst->rts_flags & RTS_SENDING))
			continue;				/* gets the pending bit */
		if (unlikely(dst->rts_flags != RTS_RECEIVING || (dst->misc_flags & ~MF_REPLY_PEND)))
			slowpath_unlock(c, FP_SLOW_PENDING);	/* also stopped, resume, move */
		if (unlikely(!as_message_ptr_locked(&dst->arch.as, dst->ipc_buf, true)))
			slowpath_unlock(c, FP_SLOW_BUFFER);
	}

	/* POINT OF NO RETURN */
	caller->senda_table = table;
	caller->senda_count = count;
	caller->senda_first = 0;
	for (i = 0; i < count; i++) {
		asynmsg_t *e = senda_entry_fp(caller, table, i);
		struct proc *dst = dsts[i];
		uint32_t *to;

		if (!dst)
			continue;
		if (dst->rts_flags != RTS_RECEIVING || !waits_for_fp(dst, caller) ||
		    !(to = as_message_ptr_locked(&dst->arch.as, dst->ipc_buf, true))) {
			mark_pending(dst->senda_pending, caller->slot, dst);
			continue;
		}
		if (unlikely(dst->misc_flags))
			sched_reply_fp(caller, dst);	/* a SENDREC's reply */
		to[0] = (uint32_t)caller->endpoint;
		arch_copy_words(to + 1, (const uint32_t *)&e->msg + 1, MESSAGE_SIZE / 4 - 1);
		wake_receiver_fp(c, dst, status);
		e->result = OK;
		e->flags |= AMF_DONE;
		if (i == caller->senda_first)
			caller->senda_first++;
		if (e->flags & AMF_NOTIFY)
			ipc_notify_kernel(caller, SYSTEM);
	}
	arch_set_syscall_result(&caller->arch, OK);
	return_fp(c, caller);
}

/*
 * The paths of the operations that are not calls, out of line: inlined
 * into ipc_entry they cost the round trip's two paths registers and a
 * dispatch through a table (measured).
 */
static __attribute__((noinline)) void fastpath_other(struct proc *caller)
{
	switch (arch_syscall_arg(&caller->arch)) {
	case IPC_RECEIVE:
		fastpath_receive(caller);
		break;
	case IPC_NOTIFY:
		fastpath_notify(caller);
		break;
	case IPC_SEND:
		fastpath_send(caller, IPC_SEND);
		break;
	case IPC_SENDNB:
		fastpath_send(caller, IPC_SENDNB);
		break;
	case IPC_SENDA:
		fastpath_senda(caller);
		break;
	}
}

/*
 * The IPC trap, from either door: SENDREC and REPLYRECV try their fast
 * path; whatever falls back, and every other operation, takes the general
 * path (ipc_trap); then the scheduler decides who runs.
 */
void ipc_entry(void)
{
	struct proc *caller = this_cpu()->current;

	/* One inlined copy per form, so `regs` is a constant in each. */
	switch (arch_syscall_arg(&caller->arch)) {
	case IPC_SENDREC:
		fastpath_call(caller, false);		/* returns only to fall back */
		break;
	case IPC_SENDREC | IPC_FLAG_REGS:
		fastpath_call(caller, true);
		break;
	case IPC_REPLYRECV:
		fastpath_reply_recv(caller, false);
		break;
	case IPC_REPLYRECV | IPC_FLAG_REGS:
		fastpath_reply_recv(caller, true);
		break;
	default:
		fastpath_other(caller);
		break;
	}
	ipc_trap(caller);
	kernel_return();
}
