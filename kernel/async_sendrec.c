/*
 * kernel/async_sendrec.c - ASYNC_OP_SENDREC: a request to a server whose
 * answer becomes a completion (kernel/async_call.h, docs/async.md); and
 * ASYNC_OP_VM_MMAP / VM_MUNMAP, the same with a request the kernel builds
 * for VM from the entry's words and an answer that goes into the
 * completion itself (result: VM's m_type; value: the address).
 *
 * Seed 003's three phases: copy-in at submission (the request into the
 * record, the reply buffer checked); execution on the record: it goes on
 * the server's queued list, or straight into the server's buffer if the
 * server waits, as a message from the submitter sent by SENDREC, so the
 * server sees a normal request and answers the submitter's endpoint; the
 * server's RECEIVE takes it like a queued sender (ipc.c, receive_locked),
 * and it waits on the server's delivered list; write-back: the server's
 * next SEND, SENDNB or REPLYRECV to the submitter is the answer (ipc.c,
 * send_locked), copied into the reply buffer, and the call completes with
 * OK (EFAULT if that buffer went bad).  A submitter has at most one request
 * delivered to a given server at a time, as a synchronous client has, so
 * an answer belongs to exactly one call; the rest wait queued.
 *
 * The ends, each exactly once:
 *   the server ends        queued and delivered calls complete EDEADSRCDST
 *   CANCEL of a queued one  it leaves the queue, completes ECANCELED
 *   CANCEL of a delivered   it completes ECANCELED at once (`dropped`); the
 *                           record waits for the answer, which is dropped:
 *                           the server's SEND succeeds, it is never wedged
 *   the ring ends (exec, update, teardown): queued records go back to the
 *                           pool; delivered ones stay, orphans, until their
 *                           answer comes and is dropped (the program then
 *                           in the slot never sees it)
 *   the submitter ends     every record goes back; the server's answer
 *                           finds a dead endpoint (EDEADSRCDST), as to any
 *                           dead client
 *
 * While a process has records on some server's list (owed), MF_ASYNC_REPLY
 * is set: every IPC fast path that would deliver to it falls back to the
 * general path (they deliver only to processes whose misc_flags are at most
 * MF_REPLY_PEND), where send_locked looks for the call first.
 *
 * Locking (docs/locking.md): a server's lists (p->async_srv) and the sr
 * fields of the records on them are under the server's CPU lock, as its
 * `senders` are; owed and MF_ASYNC_REPLY under the submitter's.  Submission
 * holds both CPUs' locks, RECEIVE the server's and the submitter's (every
 * CPU's, retried, when they differ: as for a queued sender), the answer
 * both (send_locked), CANCEL and every end all of them.  The answer does
 * not call the scheduler's IPC hook (sched_ipc): a passive EDF server
 * keeps a submitter's budget until its next request.
 */
#include <string.h>
#include <abi/async.h>
#include <abi/errno.h>
#include <abi/ipc.h>
#include <abi/vm.h>
#include "kernel/async_call.h"
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/vmreq.h"

#define SENDREC_STATUS	((uint32_t)IPC_SENDREC << IPC_STATUS_CALL_SHIFT)

/* Sets MF_ASYNC_REPLY from owed (after a change, or a live update's swap). */
void sendrec_fix_flag(struct proc *p)
{
	if (p->async_srv.owed)
		p->misc_flags |= MF_ASYNC_REPLY;
	else
		p->misc_flags &= ~MF_ASYNC_REPLY;
}

static void owe(struct proc *p, int delta)
{
	p->async_srv.owed += (uint32_t)delta;
	sendrec_fix_flag(p);
}

/* Has p a request delivered to s that s has not answered? */
static bool has_delivered(const struct proc *s, const struct proc *p)
{
	for (const struct async_call *c = s->async_srv.delivered; c; c = c->sr.srv_next)
		if (c->owner == p)
			return true;
	return false;
}

/* Takes *link (on s's queued list) off it. */
static void unqueue(struct proc *s, struct async_call **link)
{
	struct async_call *c = *link;

	*link = c->sr.srv_next;
	if (!*link)
		s->async_srv.queued_tail = link;
}

/* Into s's buffer (s waits), then on its delivered list; false if s's buffer was bad. */
static bool deliver(struct proc *s, struct async_call *c)
{
	if (ipc_deliver(s, &c->in.msg, c->sr.owner_e, SENDREC_STATUS) != OK)
		return false;
	c->sr.delivered = true;
	c->sr.srv_next = s->async_srv.delivered;
	s->async_srv.delivered = c;
	return true;
}

/*
 * c is off its server's list for good: to its owner's free list if its
 * completion was written already, to the pool if its ring ended; if its
 * ECANCELED is still held, the ring frees it when that is written.
 */
static void detached(struct async_call *c)
{
	struct proc *p = c->owner;

	c->sr.server = NULL;
	owe(p, -1);
	if (c->sr.orphan) {
		async_pool_give(c);
	} else if (c->sr.written) {
		c->next = p->async.free;
		p->async.free = c;
	}
}

#define ARG(e, field)	__atomic_load_n(&(e)->args.field, __ATOMIC_RELAXED)

/*
 * The copy-in phase of entry e (each word read once): the request into
 * the record, a SENDREC's from the process's memory, a VM call's built
 * here.  OK, or the error the call completes with.
 */
int sendrec_copy_in(struct proc *p, struct async_call *c, const struct async_sqe *e)
{
	c->sr.server = NULL;
	c->sr.delivered = c->sr.dropped = c->sr.orphan = c->sr.written = false;
	if (c->op != ASYNC_OP_SENDREC) {
		memset(&c->in.msg, 0, sizeof(c->in.msg));
		c->in.msg.m_type = c->op == ASYNC_OP_VM_MMAP ? VM_MMAP : VM_MUNMAP;
		c->in.msg.vm.addr = c->op == ASYNC_OP_VM_MMAP ? 0 : ARG(e, vm.addr);
		c->in.msg.vm.len = ARG(e, vm.len);
		c->in.msg.vm.flags = c->op == ASYNC_OP_VM_MMAP ? ARG(e, vm.flags) : 0;
		c->sr.server_e = vmreq_server_endpoint();
		c->sr.reply = 0;
		return c->sr.server_e == NONE ? ESRCH : OK;
	}
	c->sr.server_e = ARG(e, sendrec.dst);
	c->sr.reply = ARG(e, sendrec.reply);
	if (user_copy_in(&p->arch.as, ARG(e, sendrec.request), &c->in.msg, sizeof(c->in.msg)) != OK ||
	    user_range_ok(c->sr.reply, sizeof(message)) != OK)
		return EFAULT;
	return OK;
}

/*
 * The execution phase of the SENDRECs on `list` (p's CPU lock held, in
 * *held): each goes to its server, taking that server's CPU lock too
 * (*held grows; the view is made again after every release).  A server
 * that is not there, or that p may not call, completes it at once.
 */
void sendrec_run(struct view *v, struct async_call *list, cpuset_t *held)
{
	struct proc *p = v->p;

	for (struct async_call *c = list, *next; c; c = next) {
		struct proc *s = NULL;
		int r;

		next = c->next;
		c->next = NULL;
		r = priv_may_trap(p->priv, IPC_SENDREC) ? ipc_check_dst(p, c->sr.server_e, &s)
							  : ECALLDENIED;
		/* s->cpu read unlocked: if it is a CPU we hold, it cannot change */
		if (r == OK && !(*held & CPUSET_OF(__atomic_load_n(&s->cpu, __ATOMIC_RELAXED)))) {
			cpus_unlock(*held);
			*held = lock_procs(p, s, NULL);
			view_open(v, p);
		}
		if (r == OK && !proc_is_live(s, c->sr.server_e))
			r = EDEADSRCDST;
		if (r != OK) {
			async_finish(v, c, r, 0);
			continue;
		}
		c->owner = p;
		c->sr.owner_e = p->endpoint;
		c->sr.server = s;
		owe(p, 1);
		if (!has_delivered(s, p) && ipc_waiting_for(s, p) && deliver(s, c))
			continue;
		c->sr.srv_next = NULL;
		*s->async_srv.queued_tail = c;
		s->async_srv.queued_tail = &c->sr.srv_next;
		s->pending_any = 1;		/* the RECEIVE fast path leaves it to receive_locked */
	}
}

/*
 * s RECEIVEs from src (or ANY) holding the CPU locks `held` (s's at
 * least): the first queued request it may take (from src; from a
 * submitter with nothing delivered to s yet) is delivered.  TAKEN (also
 * when s's buffer was bad: then s is woken with EFAULT and the request
 * stays first), NOTHING, or NEED_ALL_LOCKS when its submitter is on a CPU
 * whose lock is not held (the delivery's scheduling hook, sched_ipc,
 * reads the submitter, as for a queued sender).
 */
enum take async_sendrec_receive(struct proc *s, endpoint_t src, uint32_t held)
{
	for (struct async_call **link = &s->async_srv.queued; *link; link = &(*link)->sr.srv_next) {
		struct async_call *c = *link;

		if ((src != ANY && c->sr.owner_e != src) || has_delivered(s, c->owner))
			continue;
		if (!(held & CPUSET_OF(c->owner->cpu)))
			return NEED_ALL_LOCKS;
		unqueue(s, link);
		if (!deliver(s, c)) {
			c->sr.srv_next = s->async_srv.queued;
			s->async_srv.queued = c;
			if (!c->sr.srv_next)
				s->async_srv.queued_tail = &c->sr.srv_next;
		}
		return TAKEN;
	}
	return NOTHING;
}

/*
 * s sends m to p, and p has SENDRECs out (MF_ASYNC_REPLY); both CPU locks
 * held, p live.  If p has one delivered to s, m is its answer: written
 * back and completed (or dropped, if the call was cancelled or its ring
 * ended), and the send is done.  False: m is an ordinary message.
 */
bool async_sendrec_reply(struct proc *s, struct proc *p, const message *m)
{
	struct async_call **link = &s->async_srv.delivered, *c;
	struct view v;
	message reply;
	uint32_t value = 0;
	int r;

	while (*link && (*link)->owner != p)
		link = &(*link)->sr.srv_next;
	if (!(c = *link))
		return false;
	*link = c->sr.srv_next;
	if (c->sr.dropped || c->sr.orphan) {
		detached(c);
		return true;
	}
	if (c->op == ASYNC_OP_SENDREC) {
		reply = *m;
		reply.m_source = s->endpoint;
		r = user_copy_out(&p->arch.as, &reply, c->sr.reply, sizeof(reply)) == OK ? OK : EFAULT;
	} else {
		r = m->m_type;			/* VM's answer: OK or an error */
		value = c->op == ASYNC_OP_VM_MMAP && r == OK ? m->vm.addr : 0;
	}
	c->sr.server = NULL;
	owe(p, -1);
	view_open(&v, p);
	async_finish(&v, c, r, value);
	async_completed(&v);
	return true;
}

/*
 * CANCEL of p's SENDRECs (tag, or all), every CPU lock held: queued ones
 * leave their queue, delivered ones are marked to drop their answer; each
 * completes ECANCELED.  The number cancelled.
 */
int sendrec_cancel(struct view *v, uint32_t tag, bool all)
{
	struct proc *p = v->p;
	int n = 0;

	for (unsigned i = 0; i < NR_PROCS && p->async_srv.owed; i++) {
		struct proc *s = &proc_table[i];
		struct async_call **link = &s->async_srv.queued, *c;

		while ((c = *link)) {
			if (c->owner == p && (all || c->tag == tag)) {
				unqueue(s, link);
				c->sr.server = NULL;
				owe(p, -1);
				async_finish(v, c, ECANCELED, 0);
				n++;
			} else {
				link = &c->sr.srv_next;
			}
		}
		for (c = s->async_srv.delivered; c; c = c->sr.srv_next) {
			if (c->owner == p && !c->sr.dropped && !c->sr.orphan && (all || c->tag == tag)) {
				c->sr.dropped = true;
				async_finish(v, c, ECANCELED, 0);
				n++;
			}
		}
	}
	return n;
}

/*
 * p's ring ends (every CPU lock held): its SENDRECs go back to the pool
 * without a completion, but those delivered to a live server, while p
 * lives on (not `dead`), which stay as orphans until the answer comes.
 * The number of records of the ring this accounts for (orphans of an
 * earlier ring are not).
 */
unsigned sendrec_end(struct proc *p, bool dead)
{
	unsigned n = 0;

	for (unsigned i = 0; i < NR_PROCS && p->async_srv.owed; i++) {
		struct proc *s = &proc_table[i];
		struct async_call **lists[] = { &s->async_srv.queued, &s->async_srv.delivered };

		for (unsigned l = 0; l < 2; l++) {
			struct async_call **link = lists[l], *c;

			while ((c = *link)) {
				if (c->owner != p) {
					link = &c->sr.srv_next;
					continue;
				}
				n += !c->sr.orphan;
				if (!dead && c->sr.delivered) {
					c->sr.orphan = true;
					link = &c->sr.srv_next;
					continue;
				}
				if (l == 0)
					unqueue(s, link);
				else
					*link = c->sr.srv_next;
				c->sr.server = NULL;
				owe(p, -1);
				async_pool_give(c);
			}
		}
	}
	return n;
}

/* Server s ends (every CPU lock held): every call on its lists ends, EDEADSRCDST. */
void sendrec_server_exit(struct proc *s)
{
	struct async_call *lists[] = { s->async_srv.queued, s->async_srv.delivered };

	s->async_srv.queued = s->async_srv.delivered = NULL;
	s->async_srv.queued_tail = &s->async_srv.queued;
	for (unsigned l = 0; l < 2; l++) {
		for (struct async_call *c = lists[l], *next; c; c = next) {
			struct view v;

			next = c->sr.srv_next;
			if (c->sr.dropped || c->sr.orphan) {
				detached(c);
				continue;
			}
			c->sr.server = NULL;
			owe(c->owner, -1);
			view_open(&v, c->owner);
			async_finish(&v, c, EDEADSRCDST, 0);
			async_completed(&v);
		}
	}
}
