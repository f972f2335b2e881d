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
#include <abi/errno.h>
#include <abi/ipc.h>
#include <arch/switch.h>
#include "kernel/fastpath.h"
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/sched_fast.h"
#include "smp/cpu.h"

/* Everything here is one straight line: GCC must not outline the helpers. */
#define FP_INLINE	static inline __attribute__((always_inline))

/*
 * Makes GCC keep a partner's pointer rather than recompute it from the
 * slot at every use (an imul each time, measured).
 */
#define KEEP_POINTER(p)	__asm__("" : "+r"(p))

#define slowpath(c, why)	do { (c)->fastpath_slow[why]++; return; } while (0)
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
	c->current = to;
	c->fastpath_hits++;		/* a process change too (do_getinfo adds them) */
	spin_unlock(&c->lock);
	arch_switch_to_user_on(c, to);
}

FP_INLINE void fastpath_call(struct proc *caller, bool regs)
{
	struct trap_frame *f = &caller->arch.frame;
	struct cpu *c = caller->cpu;
	endpoint_t dst_e = (endpoint_t)f->ebx;
	struct proc *dst = partner_fp(dst_e);
	struct fp_route route;

	if (unlikely(!dst || dst == caller))
		slowpath(c, FP_SLOW_ENDPOINT);		/* the general path reports it */
	KEEP_POINTER(dst);
	if (unlikely(!priv_may_trap(caller->priv, IPC_SENDREC)))
		slowpath(c, FP_SLOW_DENIED);
	spin_lock(&c->lock);				/* also guards caller's space */
	if (unlikely(!route_from(&route, caller, regs, f->ecx, false)))
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
	deliver_fp(&route, caller, dst, (uint32_t)IPC_SENDREC << IPC_STATUS_CALL_SHIFT);
	dst->rts_flags = 0;
	caller->rts_flags = RTS_RECEIVING;
	caller->misc_flags = MF_REPLY_PEND;
	caller->getfrom_e = dst->endpoint;
	caller->ipc_buf = f->ecx;		/* read late: one register less to keep */
	caller->ipc_regs = regs;
	caller->ipc_op = IPC_SENDREC;
	switch_fp(c, dst);
}

FP_INLINE void fastpath_reply_recv(struct proc *server, bool regs)
{
	struct trap_frame *f = &server->arch.frame;
	struct cpu *c = server->cpu;
	endpoint_t client_e = (endpoint_t)f->ebx;
	struct proc *client = partner_fp(client_e);
	struct fp_route route;

	if (unlikely(!client || client == server))
		slowpath(c, FP_SLOW_ENDPOINT);
	KEEP_POINTER(client);
	if (unlikely(!priv_may_trap(server->priv, IPC_REPLYRECV)))
		slowpath(c, FP_SLOW_DENIED);
	spin_lock(&c->lock);
	if (unlikely(!route_from(&route, server, regs, f->ecx, true)))
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
	deliver_fp(&route, server, client, (uint32_t)IPC_REPLYRECV << IPC_STATUS_CALL_SHIFT);
	client->rts_flags = 0;
	client->misc_flags = 0;
	server->rts_flags = RTS_RECEIVING;
	server->getfrom_e = ANY;
	server->ipc_buf = f->ecx;
	server->ipc_regs = regs;
	switch_fp(c, client);
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
	switch (caller->arch.frame.eax) {
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
	}
	ipc_trap(caller);
	kernel_return();
}
