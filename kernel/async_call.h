/*
 * kernel/async_call.h - the record of one asynchronous call and what
 * kernel/async.c shares with the operations kept in files of their own
 * (kernel/async_sendrec.c).  Internal to kernel/async*.c.
 *
 * A record is in exactly one of: the pool, its owner's free list, the
 * timer list of its owner's CPU, its owner's parked list, vm_wait, its
 * owner's held list (all through `next`); a SENDREC is, besides, on its
 * server's queued or delivered list (through `srv_next`, under the
 * server's CPU lock) from submission until the server answers or one of
 * the two ends; sr.server is NULL whenever it is on none.  Such a record
 * goes back to a free list or the pool only once it is off the server's
 * list (async_sendrec.c).
 */
#ifndef KERNEL_ASYNC_CALL_H
#define KERNEL_ASYNC_CALL_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/async.h>
#include <abi/grant.h>
#include <abi/message.h>
#include "kernel/async.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

struct async_call {
	struct async_call *next;	/* link in the one owner-side list it is on */
	struct proc *owner;
	uint32_t op, tag;		/* op ASYNC_NR_OPS: it was not a valid one */
	int32_t result;			/* while held */
	uint32_t value;			/* while held: the completion's value */
	uint32_t deadline;		/* TIMEOUT: uptime tick */
	struct {			/* SAFECOPY: the copied-in arguments */
		endpoint_t granter;
		int32_t gid;
		vir_bytes offset, addr;
		uint32_t bytes, flags;
	} copy;
	struct copy_stop stop;		/* parked: the page it stopped at */
	struct {			/* SENDREC, VM_MMAP, VM_MUNMAP (kernel/async_sendrec.c);
					   server NULL for every other op */
		struct async_call *srv_next;	/* link on the server's list */
		struct proc *server;	/* whose list it is on; NULL: none */
		endpoint_t server_e;
		endpoint_t owner_e;	/* the submitter, as the server answers it */
		vir_bytes reply;	/* where the reply is written (SENDREC) */
		bool delivered;		/* received by the server: on its delivered list */
		bool dropped;		/* completed already (cancelled): the reply is dropped */
		bool orphan;		/* its ring ended: to the pool once off the list */
		bool written;		/* its ECANCELED is written: it waits for the reply only */
	} sr;
	union {				/* copied in at submission */
		message msg;		/* SENDREC, VM_*: the request */
		struct {		/* VSAFECOPY (kernel/async_vcopy.c) */
			struct vscp_vec v[ASYNC_VCOPY_MAX];
			uint32_t count;
			uint32_t next;	/* elements before it are done */
		} vec;
	} in;
};

/*
 * The ring of p as one section under p's CPU lock sees it (kernel/async.c):
 * valid only until that lock is released; view_open makes it again.
 */
struct view {
	struct proc *p;
	struct async_ring *h;
	uint32_t cq_room;		/* free CQ entries at least (the process only adds) */
	vir_bytes page;			/* user page of kva, or 1: none */
	uint8_t *kva;
};

/* Makes v for p's ring (after every release of p's CPU lock). */
static inline void view_open(struct view *v, struct proc *p)
{
	assert(spin_held(&p->cpu->lock));
	v->p = p;
	v->h = as_user_ptr(&p->arch.as, p->async.ring, sizeof(struct async_ring), true);
	v->cq_room = 0;
	v->page = v->h ? p->async.ring : 1;	/* the header's page: page-aligned */
	v->kva = (uint8_t *)v->h;
}

/* kernel/async.c */
void async_finish(struct view *v, struct async_call *c, int32_t result, uint32_t value);
void async_completed(struct view *v);
void async_pool_give(struct async_call *c);

/* kernel/async_vcopy.c */
int vcopy_copy_in(struct proc *p, struct async_call *c, const struct async_sqe *e);
int vcopy_run(struct proc *p, struct async_call *c);

/* kernel/async_sendrec.c */
int sendrec_copy_in(struct proc *p, struct async_call *c, const struct async_sqe *e);
void sendrec_run(struct view *v, struct async_call *list, cpuset_t *held);
int sendrec_cancel(struct view *v, uint32_t tag, bool all);
unsigned sendrec_end(struct proc *p, bool dead);
void sendrec_server_exit(struct proc *s);
void sendrec_fix_flag(struct proc *p);

#endif /* KERNEL_ASYNC_CALL_H */
