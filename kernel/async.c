/*
 * kernel/async.c - asynchronous kernel calls (kernel/async.h, abi/async.h,
 * docs/async.md): ring set-up and teardown, ENTER (take the submissions,
 * wait for completions), the operations, completions, and the pool of
 * call records.
 *
 * A record is in exactly one place: the pool, its process's free list, the
 * timer list of its process's CPU (TIMEOUT in flight), its process's parked
 * list (a SAFECOPY that stopped at an absent page), vm_wait (that copy
 * while VM pages it in), or its process's held list (a completion the CQ
 * had no room for).  Every place but the pool is under the lock of the
 * owner's CPU, and the end of a ring (async_exit, async_abort) empties all
 * of them with every CPU lock held, so nothing is written to a dead space
 * and every record goes back.
 */
#include <stddef.h>
#include <abi/async.h>
#include <abi/errno.h>
#include "kernel/async.h"
#include "kernel/async_call.h"
#include "kernel/clock.h"
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "kernel/vmreq.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"
#include "smp/spinlock.h"

#define ASYNC_POOL		1024	/* records for every process together */
#define ASYNC_QUOTA_USER	16	/* calls a USER process may have outstanding */
#define ASYNC_QUOTA_SYSTEM	64	/* and a SYSTEM one */
#define ASYNC_MAX_TICKS		(1u << 24)	/* longest TIMEOUT (about 46 h at 100 Hz) */
#define ASYNC_SPARE		1	/* records past the quota: for CANCEL */


/* The pool: async_pool_lock, inside the CPU locks. */
static struct spinlock async_pool_lock = SPINLOCK_INIT("async_pool");
static struct async_call pool[ASYNC_POOL];
static struct async_call *pool_free;	/* records given back */
static unsigned pool_fresh;		/* pool[pool_fresh..] never handed out */
static unsigned pool_free_count = ASYNC_POOL;

/* n records from the pool as a list, or NULL (and none taken) if it has fewer. */
static struct async_call *pool_take(unsigned n)
{
	struct async_call *list = NULL;

	spin_lock(&async_pool_lock);
	if (n <= pool_free_count) {
		pool_free_count -= n;
		for (unsigned i = 0; i < n; i++) {
			struct async_call *c = pool_free ? pool_free : &pool[pool_fresh++];

			if (c == pool_free)
				pool_free = c->next;
			c->next = list;
			list = c;
		}
	}
	spin_unlock(&async_pool_lock);
	return list;
}

void async_pool_give(struct async_call *c)
{
	spin_lock(&async_pool_lock);
	c->next = pool_free;
	pool_free = c;
	pool_free_count++;
	spin_unlock(&async_pool_lock);
}

/* Bad input from p: the error, with a log line saying why. */
static int refuse(const struct proc *p, int r, const char *why)
{
	klog_ratelimited(KLOG_NOTICE "async: %s (endpoint %d): %s", p->name, p->endpoint, why);
	return r;
}

/* --- The ring: every access walks p's page tables under p's CPU lock. --- */

/* The entry of `len` bytes at user address va (never across a page), or NULL. */
static inline __attribute__((always_inline)) void *view_entry(struct view *v, vir_bytes va,
							      size_t len, bool write)
{
	vir_bytes page = va & ~(vir_bytes)(PAGE_SIZE - 1);

	if (page != v->page) {
		v->kva = as_user_ptr(&v->p->arch.as, page, 1, write);
		if (!v->kva)
			return NULL;
		v->page = page;
	}
	return v->kva + (va - page);
}

/*
 * Completions in the CQ that the process has not read, or -1 if the ring
 * is unmapped or its cq_head makes no sense.
 */
static int cq_ready(const struct view *v)
{
	const struct async_state *a = &v->p->async;
	uint32_t n;

	if (!v->h)
		return -1;
	n = a->cq_tail - __atomic_load_n(&v->h->cq_head, __ATOMIC_ACQUIRE);
	return n <= a->cq_entries ? (int)n : -1;
}

/*
 * Writes one completion if the CQ has room and is mapped; false if not.
 * The room is read from cq_head only when the last count ran out.
 */
static bool cq_write(struct view *v, uint32_t tag, int32_t result, uint32_t op, uint32_t value)
{
	struct async_state *a = &v->p->async;
	struct async_cqe *e;

	if (!v->cq_room) {
		int ready = cq_ready(v);

		if (ready < 0 || (uint32_t)ready >= a->cq_entries)
			return false;
		v->cq_room = a->cq_entries - (uint32_t)ready;
	}
	e = view_entry(v, a->ring + ASYNC_CQ_OFFSET(a->sq_entries) +
		       (a->cq_tail & (a->cq_entries - 1)) * sizeof(*e), sizeof(*e), true);
	if (!e)
		return false;
	e->tag = tag;
	e->result = result;
	e->op = op;
	e->value = value;
	__atomic_store_n(&v->h->cq_tail, ++a->cq_tail, __ATOMIC_RELEASE);	/* after the entry */
	v->cq_room--;
	return true;
}

static void set_held_count(struct view *v, uint32_t n)
{
	v->p->async.held_count = n;
	if (v->h)
		__atomic_store_n(&v->h->held, n, __ATOMIC_RELAXED);
}

/* A record of p whose completion is written, on no server's list: back on p's free list. */
static void release(struct proc *p, struct async_call *c)
{
	p->async.outstanding--;
	c->next = p->async.free;
	p->async.free = c;
}

/*
 * The completion of c is written: release it, unless it is a cancelled
 * SENDREC whose server has still to answer (it is on the server's list):
 * that one is freed when the answer comes (async_sendrec.c).
 */
static void written(struct proc *p, struct async_call *c)
{
	if (unlikely(c->sr.server)) {
		p->async.outstanding--;
		c->sr.written = true;
		return;
	}
	release(p, c);
}

/* c's completion is held for room in the CQ. */
static void hold(struct view *v, struct async_call *c, int32_t result, uint32_t value)
{
	struct async_state *a = &v->p->async;

	c->result = result;
	c->value = value;
	c->next = NULL;
	*a->held_tail = c;
	a->held_tail = &c->next;
	set_held_count(v, a->held_count + 1);
}

/*
 * The write-back phase: c's completion (value 0), into the CQ or held for
 * room.  c is on no server's list (async_finish is for those that may be).
 */
static void finish(struct view *v, struct async_call *c, int32_t result)
{
	if (likely(!v->p->async.held && cq_write(v, c->tag, result, c->op, 0)))
		release(v->p, c);
	else
		hold(v, c, result, 0);
}

/* finish for kernel/async_sendrec.c: with a value, c maybe still on a server's list. */
void async_finish(struct view *v, struct async_call *c, int32_t result, uint32_t value)
{
	if (!v->p->async.held && cq_write(v, c->tag, result, c->op, value))
		written(v->p, c);
	else
		hold(v, c, result, value);
}

/* Writes held completions, oldest first, while the CQ has room. */
static void flush_held(struct view *v)
{
	struct async_state *a = &v->p->async;
	uint32_t n = a->held_count;

	while (a->held && cq_write(v, a->held->tag, a->held->result, a->held->op,
				      a->held->value)) {
		struct async_call *c = a->held;

		a->held = c->next;
		written(v->p, c);
		n--;
	}
	if (!a->held)
		a->held_tail = &a->held;
	if (n != a->held_count)
		set_held_count(v, n);
}

/* Restarts p's ENTER, blocked waiting (RTS_ASYNC), through kernel_call_resume. */
static void wake(struct proc *p)
{
	p->async.wait_min = 0;
	p->vmreq.result = OK;
	p->misc_flags |= MF_KCALL_RESUME;
	proc_unblock(p, RTS_ASYNC);
}

/*
 * After completions that came outside the process's own ENTER (a timer):
 * wake its ENTER if it now has what it waits for (or its ring went bad:
 * ENTER reports that), else notify it if it asked to be.
 */
void async_completed(struct view *v)
{
	struct proc *p = v->p;
	int ready;

	if (p->async.wait_min) {
		ready = cq_ready(v);
		if (ready < 0 || (uint32_t)ready >= p->async.wait_min)
			wake(p);
	} else if (p->async.flags & ASYNC_NOTIFY) {
		ipc_notify_kernel(p, SYSTEM);
	}
}

/* --- Operations: execution on the record only. --- */

/*
 * Cancels the outstanding calls: `tag`, or every one with ASYNC_CANCEL_ALL.
 * With SENDRECs out, every CPU lock is taken first (*held; the view made
 * again): they lie on their servers' lists.
 */
static int cancel(struct view *v, uint32_t tag, uint32_t flags, cpuset_t *held)
{
	struct proc *p = v->p;
	bool all = flags & ASYNC_CANCEL_ALL;
	struct async_call **lists[] = { &p->cpu->async_timers, &p->async.parked };
	int n = 0;

	if (flags & ~ASYNC_CANCEL_ALL)
		return EINVAL;
	if (p->async_srv.owed) {
		cpus_unlock(*held);
		*held = cpus_lock_all();
		view_open(v, p);
		n = sendrec_cancel(v, tag, all);
		lists[0] = &p->cpu->async_timers;
	}
	for (unsigned i = 0; i < 2; i++) {
		struct async_call **link = lists[i];

		while (*link) {
			struct async_call *c = *link;

			if (c->owner == p && (all || c->tag == tag)) {
				*link = c->next;
				finish(v, c, ECANCELED);
				n++;
			} else {
				link = &c->next;
			}
		}
	}
	return n || all ? n : ENOENT;
}

/*
 * The execution phase of the copies on `list`, all in one release of p's
 * CPU lock (*held is released and taken again, and the view made again:
 * safecopy takes the locks it needs), then their write-back.  p runs this
 * ENTER on its own CPU, so it can neither end nor move meanwhile (both
 * wait for it to leave the kernel), and no timer of its CPU fires
 * (interrupts are off); the records on `list` are the ENTER's alone.  A
 * copy that stops at a page VM could provide is parked (ENTER asks VM when
 * it would wait anyway); the others finish.
 */
static void run_copies(struct view *v, struct async_call *list, cpuset_t *held)
{
	struct proc *p = v->p;

	cpus_unlock(*held);
	for (struct async_call *c = list; c; c = c->next) {
		c->stop.target = NONE;
		c->result = c->op == ASYNC_OP_VSAFECOPY ? vcopy_run(p, c) :
			    safecopy(p, c->copy.granter, c->copy.gid, c->copy.offset,
				     c->copy.addr, c->copy.bytes, c->copy.flags & ASYNC_COPY_TO,
				     false, &c->stop);
		assert(c->result != EDONTREPLY);
	}
	*held = lock_proc(p);
	view_open(v, p);
	for (struct async_call *c = list, *next; c; c = next) {
		next = c->next;
		if (c->result == EFAULT && c->stop.target != NONE) {
			c->next = p->async.parked;
			p->async.parked = c;
		} else {
			finish(v, c, c->result);
		}
	}
}

/* A word of the process's entry, read once (it may change it meanwhile). */
#define ARG(e, field)	__atomic_load_n(&(e)->args.field, __ATOMIC_RELAXED)

/* The calls of one ENTER that run after its last entry is taken (submit). */
struct batch {
	struct async_call *copies, **copies_tail;	/* run_copies */
	struct async_call *sendrecs, **sendrecs_tail;	/* sendrec_run */
	struct view *sq;			/* submit's view of the SQ */
};

static void batch_add(struct async_call ***tail, struct async_call *c)
{
	c->next = NULL;
	**tail = c;
	*tail = &c->next;
}

/*
 * The copy-in phase of c's entry e (in the process's memory: each word
 * is read once, into c or a local) and the call's start; a copy or a
 * SENDREC goes on the batch, to run after the last entry.  A CANCEL may
 * take more locks (*held, and the view made again).
 */
static void start(struct view *v, struct async_call *c, const struct async_sqe *e,
		  struct batch *b, cpuset_t *held)
{
	struct proc *p = v->p;
	uint32_t ticks;
	int r;

	switch (c->op) {
	case ASYNC_OP_NOP:
		finish(v, c, OK);
		break;
	case ASYNC_OP_TIMEOUT:
		ticks = ARG(e, timeout.ticks);
		if (ticks == 0 || ticks > ASYNC_MAX_TICKS) {
			finish(v, c, EINVAL);
			break;
		}
		c->deadline = clock_uptime() + ticks;
		c->next = p->cpu->async_timers;
		p->cpu->async_timers = c;
		break;
	case ASYNC_OP_CANCEL:
		r = cancel(v, ARG(e, cancel.tag), ARG(e, cancel.flags), held);
		*b->sq = *v;			/* it may have released the lock */
		finish(v, c, r);
		break;
	case ASYNC_OP_VSAFECOPY:
		if ((r = vcopy_copy_in(p, c, e)) != OK)
			finish(v, c, r);
		else
			batch_add(&b->copies_tail, c);
		break;
	case ASYNC_OP_SENDREC:
	case ASYNC_OP_VM_MMAP:
	case ASYNC_OP_VM_MUNMAP:
		if ((r = sendrec_copy_in(p, c, e)) != OK)
			finish(v, c, r);
		else
			batch_add(&b->sendrecs_tail, c);
		break;
	case ASYNC_OP_SAFECOPY:
		c->copy.granter = ARG(e, copy.granter);
		c->copy.gid = ARG(e, copy.gid);
		c->copy.offset = ARG(e, copy.offset);
		c->copy.addr = ARG(e, copy.addr);
		c->copy.bytes = ARG(e, copy.bytes);
		c->copy.flags = ARG(e, copy.flags);
		if (c->copy.flags & ~ASYNC_COPY_TO)
			finish(v, c, EINVAL);
		else
			batch_add(&b->copies_tail, c);
		break;
	default:
		finish(v, c, EINVAL);
		break;
	}
}

/*
 * Takes the submissions, at most one ring's worth (another process
 * sharing the ring cannot keep it here).  Stops early, leaving entries in
 * the SQ, only when a refusal (EDQUOT) would have nowhere to go.  OK, or
 * EFAULT (ring unmapped) or EINVAL (sq_tail makes no sense).  The SQ is
 * read through its own view (the CQ's writes use v).  The copies taken
 * run together after the last entry, or when they have used up the quota
 * (run_copies): the seed's three phases for a whole batch, one release of
 * the lock; then the SENDRECs go to their servers (sendrec_run).
 */
static int submit(struct view *v, cpuset_t *held)
{
	struct async_state *a = &v->p->async;
	struct view sq = *v;
	struct batch b = { .copies_tail = &b.copies, .sendrecs_tail = &b.sendrecs, .sq = &sq };
	int r = OK;

	for (uint32_t n = 0; n < a->sq_entries; n++) {
		const struct async_sqe *u;
		struct async_call *c;
		uint32_t tail, op, tag;

		if (a->outstanding >= a->quota && b.copies) {
			run_copies(v, b.copies, held);	/* gives records back */
			b.copies = NULL;
			b.copies_tail = &b.copies;
			sq = *v;
		}
		if (!v->h) {
			r = refuse(v->p, EFAULT, "ring unmapped");
			break;
		}
		tail = __atomic_load_n(&v->h->sq_tail, __ATOMIC_ACQUIRE);
		if (tail == a->sq_head)
			break;
		if (unlikely(tail - a->sq_head > a->sq_entries)) {
			r = refuse(v->p, EINVAL, "sq_tail makes no sense");
			break;
		}
		u = view_entry(&sq, a->ring + ASYNC_SQ_OFFSET +
			       (a->sq_head & (a->sq_entries - 1)) * sizeof(*u), sizeof(*u), false);
		if (!u) {
			r = refuse(v->p, EFAULT, "SQ page unmapped");
			break;
		}
		op = __atomic_load_n(&u->op, __ATOMIC_RELAXED);
		op = op < ASYNC_NR_OPS ? op : ASYNC_NR_OPS;
		tag = __atomic_load_n(&u->tag, __ATOMIC_RELAXED);
		c = a->outstanding < a->quota || op == ASYNC_OP_CANCEL ? a->free : NULL;
		if (!c && (a->held || !cq_write(v, tag, EDQUOT, op, 0)))
			break;			/* no room for the refusal: the entry stays */
		__atomic_store_n(&v->h->sq_head, ++a->sq_head, __ATOMIC_RELEASE);
		if (!c)
			continue;
		a->free = c->next;
		a->outstanding++;
		c->owner = v->p;
		c->tag = tag;
		c->op = op;
		start(v, c, u, &b, held);
	}
	if (b.copies)
		run_copies(v, b.copies, held);
	if (b.sendrecs)
		sendrec_run(v, b.sendrecs, held);
	return r;
}

/*
 * Retries the parked copies; the first that stops again at an absent page
 * suspends the ENTER until VM has provided it (EDONTREPLY), and ENTER,
 * restarted, goes on from there.  p's CPU lock is released (and *held
 * taken again, the view made again, unless EDONTREPLY).
 */
static int page_in(struct view *v, cpuset_t *held)
{
	struct proc *p = v->p;
	struct async_state *a = &p->async;

	while (a->parked) {
		struct async_call *c = a->parked;
		struct copy_fault fault;
		struct proc *target;

		a->parked = c->next;
		c->next = NULL;
		run_copies(v, c, held);
		if (a->parked != c)
			continue;		/* it finished */
		a->parked = c->next;
		if (proc_lookup(c->stop.target, &target) != OK) {
			finish(v, c, EFAULT);
			continue;
		}
		fault.as = &target->arch.as;
		fault.addr = c->stop.addr;
		fault.write = c->stop.write;
		fault.present = false;
		a->vm_wait = c;
		cpus_unlock(*held);
		if (vmreq_suspend(p, &fault, target, c->copy.bytes))
			return EDONTREPLY;
		*held = lock_proc(p);
		view_open(v, p);
		a->vm_wait = NULL;
		finish(v, c, EFAULT);		/* no VM to ask */
	}
	return OK;
}

/*
 * The copy VM was asked for: VM's answer is p->vmreq.result.  Back on the
 * parked list to be retried (OK), or finished with EFAULT.
 */
static void vm_answered(struct view *v)
{
	struct proc *p = v->p;
	struct async_call *c = p->async.vm_wait;

	p->async.vm_wait = NULL;
	if (p->vmreq.result != OK) {
		finish(v, c, EFAULT);
		return;
	}
	c->next = p->async.parked;
	p->async.parked = c;
}

/*
 * ENTER for p, the caller: write held completions, take the submissions,
 * then return the completions ready in the CQ if there are min_complete,
 * else wait for them (EDONTREPLY: p blocks RTS_ASYNC, and is restarted by
 * async_completed() or, after a page-in, by VM's answer).
 */
int async_enter(struct proc *p, uint32_t min_complete)
{
	struct async_state *a = &p->async;
	cpuset_t held = lock_proc(p);
	struct view v;
	int r, ready;

	if (unlikely(!a->ring)) {
		r = a->aborted ? ECANCELED : refuse(p, EINVAL, "enter without a ring");
		a->aborted = false;
		goto out;
	}
	view_open(&v, p);
	if (unlikely(a->vm_wait))
		vm_answered(&v);
	if (unlikely(a->held))
		flush_held(&v);
	if ((r = submit(&v, &held)) != OK)
		goto out;
	if ((ready = cq_ready(&v)) < 0) {
		r = v.h ? refuse(p, EINVAL, "cq_head makes no sense")
			: refuse(p, EFAULT, "ring unmapped");
		goto out;
	}
	r = ready;
	if ((uint32_t)ready >= min_complete)
		goto out;
	if (min_complete > a->cq_entries || min_complete > (uint32_t)ready + a->outstanding) {
		r = refuse(p, EINVAL, "waits for more completions than can come");
		goto out;
	}
	if (a->parked) {
		if ((r = page_in(&v, &held)) == EDONTREPLY)
			return r;
		ready = cq_ready(&v);
		if (ready < 0 || (uint32_t)ready >= min_complete) {
			r = ready < 0 ? EFAULT : ready;
			goto out;
		}
	}
	a->wait_min = min_complete;
	proc_block(p, RTS_ASYNC);
	r = EDONTREPLY;
out:
	cpus_unlock(held);
	return r;
}

/* --- Set-up and teardown. --- */

static bool is_pow2_entries(uint32_t n)
{
	return n >= 1 && n <= ASYNC_MAX_ENTRIES && (n & (n - 1)) == 0;
}

/* Every page of p's ring [ring, ring+bytes) present and writable?  p's lock. */
static bool ring_mapped(struct proc *p, vir_bytes ring, uint32_t bytes)
{
	for (vir_bytes va = ring; va < ring + bytes; va += PAGE_SIZE)
		if (!as_user_ptr(&p->arch.as, va, 1, true))
			return false;
	return true;
}

/*
 * Frees everything of p's ring: timers, parked, held, vm_wait and free
 * records go back to the pool without a completion (no write-back); its
 * SENDRECs too, but those a live server still has to answer while p lives
 * on (not `dead`), which stay as orphans (sendrec_end).  A record on a
 * server's list (a cancelled SENDREC's held ECANCELED) is sendrec_end's
 * to count and free, after these lists.  Every CPU lock held (and the
 * pool lock taken inside them).
 */
static void teardown(struct proc *p, bool dead)
{
	struct async_state *a = &p->async;
	struct async_call *lists[] = { a->free, a->parked, a->held, a->vm_wait };
	struct async_call **link = &p->cpu->async_timers;
	unsigned n = 0;

	while (*link) {
		struct async_call *c = *link;

		if (c->owner == p) {
			*link = c->next;
			async_pool_give(c);
			n++;
		} else {
			link = &c->next;
		}
	}
	if (a->vm_wait)
		a->vm_wait->next = NULL;
	for (unsigned i = 0; i < 4; i++) {
		for (struct async_call *c = lists[i], *next; c; c = next) {
			next = c->next;
			if (c->sr.server)
				continue;
			async_pool_give(c);
			n++;
		}
	}
	n += sendrec_end(p, dead);
	assert(n == a->quota + ASYNC_SPARE);
	*a = (struct async_state){ .held_tail = &a->held };
}

int async_setup(struct proc *p, const struct mess_async *req, uint32_t *quota)
{
	struct async_state *a = &p->async;
	uint32_t bytes = ASYNC_RING_BYTES(req->sq_entries, req->cq_entries);
	uint32_t want = (p->priv->flags & PRIV_SYSTEM) ? ASYNC_QUOTA_SYSTEM : ASYNC_QUOTA_USER;
	struct async_call *records;
	cpuset_t held;
	int r = OK;

	if (req->ring == 0 && req->sq_entries == 0 && req->cq_entries == 0) {
		held = cpus_lock_all();		/* its SENDRECs lie on servers' lists */
		if (a->ring)
			teardown(p, false);
		cpus_unlock(held);
		*quota = 0;
		return OK;
	}
	if (!is_pow2_entries(req->sq_entries) || !is_pow2_entries(req->cq_entries) ||
	    (req->flags & ~ASYNC_NOTIFY))
		return refuse(p, EINVAL, "ring sizes or flags");
	if ((req->ring & (PAGE_SIZE - 1)) || user_range_ok(req->ring, bytes) != OK)
		return refuse(p, EFAULT, "ring address not page-aligned or outside user space");
	if (!(records = pool_take(want + ASYNC_SPARE)))
		return refuse(p, ENOSPC, "no records left for a ring");
	held = lock_proc(p);
	if (a->ring) {
		r = refuse(p, EBUSY, "a ring is set up already");
	} else if (p->async_srv.owed) {
		/* orphans hold records past any quota: one ring's worth at most */
		r = refuse(p, EBUSY, "servers still owe answers to its last ring");
	} else if (!ring_mapped(p, req->ring, bytes)) {
		r = refuse(p, EFAULT, "a page of the ring is absent or read-only");
	} else {
		struct async_ring *h;

		*a = (struct async_state){ .ring = req->ring, .sq_entries = req->sq_entries,
					   .cq_entries = req->cq_entries, .flags = req->flags,
					   .quota = want, .free = records, .held_tail = &a->held };
		records = NULL;
		h = as_user_ptr(&p->arch.as, a->ring, sizeof(*h), true);	/* ring_mapped: present */
		*h = (struct async_ring){ .sq_entries = req->sq_entries,
					  .cq_entries = req->cq_entries };
	}
	cpus_unlock(held);
	while (records) {
		struct async_call *c = records;

		records = c->next;
		async_pool_give(c);
	}
	*quota = r == OK ? want : 0;
	return r;
}

/*
 * Ends p's ring, its calls dropped without a completion: a live update put
 * another program behind the slot (`tell`: an ENTER of the program now in
 * the slot that waits for completions, or for VM's page-in, fails with
 * ECANCELED when restarted; the update calls this after the swap, so the
 * waiting program is the one in the slot, ring or none), or exec starts a
 * new program (not `tell`: a waiting ENTER just ends, the new program never
 * sees it).  Every CPU lock held.
 */
void async_abort(struct proc *p, bool tell)
{
	bool waiting = p->async.vm_wait || (p->rts_flags & RTS_ASYNC);

	if ((p->rts_flags & RTS_ASYNC) && tell)
		wake(p);
	proc_unblock(p, RTS_ASYNC);
	if (p->async.ring)
		teardown(p, false);
	p->async.aborted = tell && waiting;
	sendrec_fix_flag(p);		/* an update swapped misc_flags */
}

/*
 * p ends (every CPU lock held): its calls are dropped, nothing written,
 * orphaned SENDRECs of earlier rings too; as a server, the SENDRECs sent
 * to it complete with EDEADSRCDST.
 */
void async_exit(struct proc *p)
{
	if (p->async.ring)
		teardown(p, true);
	else
		sendrec_end(p, true);
	sendrec_server_exit(p);
	p->async.aborted = false;
}

/* p moves to `to` (both CPUs' locks held): its timers move along. */
void async_move(struct proc *p, struct cpu *to)
{
	struct async_call **link = &p->cpu->async_timers;

	if (!p->async.ring)
		return;
	while (*link) {
		struct async_call *c = *link;

		if (c->owner == p) {
			*link = c->next;
			c->next = to->async_timers;
			to->async_timers = c;
		} else {
			link = &c->next;
		}
	}
}

/* The clock tick on c: TIMEOUTs whose time has come complete with OK. */
void async_tick(struct cpu *c)
{
	uint32_t now = clock_uptime();
	struct async_call **link;

	if (!__atomic_load_n(&c->async_timers, __ATOMIC_RELAXED))
		return;
	spin_lock(&c->lock);
	link = &c->async_timers;
	while (*link) {
		struct async_call *t = *link;

		if ((int32_t)(now - t->deadline) >= 0) {
			struct view v;

			*link = t->next;
			view_open(&v, t->owner);
			finish(&v, t, OK);
			async_completed(&v);
		} else {
			link = &t->next;
		}
	}
	spin_unlock(&c->lock);
}

/* GET_ASYNC for p (an unlocked snapshot, as GET_PROC). */
void async_get_stats(struct proc *p, struct async_stats *s)
{
	s->pool_size = ASYNC_POOL;
	s->pool_free = __atomic_load_n(&pool_free_count, __ATOMIC_RELAXED);
	s->quota = p->async.quota;
	s->outstanding = p->async.outstanding;
}
