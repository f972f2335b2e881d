/*
 * kernel/fastpath.c - the IPC fast paths (fastpath.h), in seL4's shape:
 * every check first, each falling back to the general path with a counted
 * reason; then a commit point after which nothing can fail; then a direct
 * switch to the partner, without a trip through the scheduler.
 *
 * Both paths work on processes of this CPU only, under this CPU's lock
 * (the lock every other CPU takes before touching them).  Messages are
 * copied as 16 words between the two buffers through the direct map.
 * The fast paths give exactly the results of the general path: same
 * message, same status word, same states afterwards (tests/guest/ipc_test
 * forces every fallback and compares).
 */
#include <abi/errno.h>
#include <abi/ipc.h>
#include "kernel/fastpath.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "smp/cpu.h"

#define slowpath(c, why)	do { (c)->fastpath_slow[why]++; return; } while (0)
#define slowpath_unlock(c, why)	do { spin_unlock(&(c)->lock); slowpath(c, why); } while (0)

/* The partner named by an endpoint register, or NULL if malformed. */
static inline struct proc *partner_fp(endpoint_t ep)
{
	unsigned slot = (unsigned)endpoint_slot(ep);

	if (unlikely(ep <= 0 || slot >= NR_PROCS))
		return NULL;
	return &proc_table[slot];
}

/* Copies a message between two resolved buffers, stamping the sender. */
static inline void copy_message_fp(uint32_t *to, const uint32_t *from, endpoint_t src)
{
	to[0] = (uint32_t)src;
	arch_copy_words(to + 1, from + 1, MESSAGE_SIZE / 4 - 1);
}

/* Leaves for `to` (already made current): no scheduler, no queue walk. */
static _Noreturn void switch_fp(struct cpu *c, struct proc *to)
{
	c->current = to;
	c->ctx_switches++;
	c->fastpath_hits++;
	spin_unlock(&c->lock);
	arch_switch_to_user(to);
}

void fastpath_call(struct proc *caller)
{
	struct trap_frame *f = &caller->arch.frame;
	struct cpu *c = caller->cpu;
	endpoint_t dst_e = (endpoint_t)f->ebx;
	vir_bytes buf = f->ecx;
	struct proc *dst = partner_fp(dst_e);
	const uint32_t *src_msg;
	uint32_t *dst_msg;

	if (unlikely(!dst || dst == caller))
		slowpath(c, FP_SLOW_ENDPOINT);		/* the general path reports it */
	if (unlikely(!priv_may_trap(caller->priv, IPC_SENDREC)))
		slowpath(c, FP_SLOW_DENIED);
	if (unlikely(!(src_msg = as_message_ptr(&caller->arch.as, buf, false))))
		slowpath(c, FP_SLOW_BUFFER);
	spin_lock(&c->lock);
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
	if (unlikely(!(dst_msg = as_message_ptr(&dst->arch.as, dst->ipc_buf, true))))
		slowpath_unlock(c, FP_SLOW_BUFFER);
	if (unlikely(!sched_handoff(c, caller, dst)))
		slowpath_unlock(c, FP_SLOW_SCHED);

	/* POINT OF NO RETURN: the hand-off above already swapped the queues. */
	copy_message_fp(dst_msg, src_msg, caller->endpoint);
	arch_set_syscall_result(&dst->arch, OK);
	arch_set_ipc_status(&dst->arch, (uint32_t)IPC_SENDREC << IPC_STATUS_CALL_SHIFT);
	dst->rts_flags = 0;
	caller->rts_flags = RTS_RECEIVING;
	caller->misc_flags = MF_REPLY_PEND;
	caller->getfrom_e = dst_e;
	caller->ipc_buf = buf;
	caller->ipc_op = IPC_SENDREC;
	switch_fp(c, dst);
}

void fastpath_reply_recv(struct proc *server)
{
	struct trap_frame *f = &server->arch.frame;
	struct cpu *c = server->cpu;
	endpoint_t client_e = (endpoint_t)f->ebx;
	vir_bytes buf = f->ecx;
	struct proc *client = partner_fp(client_e);
	const uint32_t *src_msg;
	uint32_t *dst_msg;

	if (unlikely(!client || client == server))
		slowpath(c, FP_SLOW_ENDPOINT);
	if (unlikely(!priv_may_trap(server->priv, IPC_REPLYRECV)))
		slowpath(c, FP_SLOW_DENIED);
	if (unlikely(!(src_msg = as_message_ptr(&server->arch.as, buf, true))))
		slowpath(c, FP_SLOW_BUFFER);		/* it is also the receive buffer */
	spin_lock(&c->lock);
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
	if (unlikely(!(dst_msg = as_message_ptr(&client->arch.as, client->ipc_buf, true))))
		slowpath_unlock(c, FP_SLOW_BUFFER);
	if (unlikely(!sched_handoff(c, server, client)))
		slowpath_unlock(c, FP_SLOW_SCHED);

	/* POINT OF NO RETURN */
	copy_message_fp(dst_msg, src_msg, server->endpoint);
	arch_set_syscall_result(&client->arch, OK);
	arch_set_ipc_status(&client->arch, (uint32_t)IPC_REPLYRECV << IPC_STATUS_CALL_SHIFT);
	client->rts_flags = 0;
	client->misc_flags = 0;
	server->rts_flags = RTS_RECEIVING;
	server->getfrom_e = ANY;
	server->ipc_buf = buf;
	switch_fp(c, client);
}
