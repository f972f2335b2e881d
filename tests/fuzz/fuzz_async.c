/*
 * tests/fuzz/fuzz_async.c - the campaign's asynchronous calls (abi/async.h,
 * docs/async.md): one ring of its own, set up, fed and torn down at
 * random, and set-ups with bad arguments.
 *
 * Entries are NOPs, SAFECOPYs through the campaign's grant table (good
 * and bad grants, buffers, sizes), TIMEOUTs of a tick or three, CANCELs
 * of a pending tag or of all, and garbage ops.  Now and then the
 * campaign scribbles on its own indices or unmaps the ring with calls in
 * flight; the kernel must answer with an error, never a crash.
 *
 * While the ring is clean every completion must name a pending tag, once,
 * and carry a result the ABI allows: a completion for no call, or a second
 * one for the same call, is a violation.  The ring stops being clean when
 * the campaign scribbles on its indices, when a random kernel call of
 * fuzz_ops.c sets up or tears down a ring (fuzz_async_disturbed), or when
 * the ring's page stops holding the sizes set up (a random munmap, brk or
 * VMCTL took it away); it is clean again after its next set-up.  An ENTER that waits asks only for completions that must
 * come (at most the calls pending), so the campaign never blocks for good.
 */
#include <string.h>
#include <stdio.h>
#include <async.h>
#include <syslib.h>
#include <vm.h>
#include <abi/callnr.h>
#include "tests/fuzz/fuzz.h"

#define PAGE		4096u
#define MAX_PENDING	256	/* tags remembered: more than any quota */
#define MAX_TICKS	3	/* a TIMEOUT's longest wait */

static struct async_ring *ring;		/* the mapped page, NULL: none */
static bool set_up;			/* the kernel holds it as our ring */
static bool dirty;			/* not clean (above): no accounting */
static bool unknown;			/* a random call may have set up or torn down a ring */
static uint32_t sq_size, cq_size;	/* the sizes set up */
static uint32_t next_tag = 1;
static uint32_t pending[MAX_PENDING];	/* tags submitted, not completed (0: free) */
static unsigned npending;

static bool forget(uint32_t tag)
{
	for (unsigned i = 0; i < MAX_PENDING; i++)
		if (tag && pending[i] == tag) {
			pending[i] = 0;
			npending--;
			return true;
		}
	return false;
}

static bool remember(uint32_t tag)
{
	for (unsigned i = 0; i < MAX_PENDING; i++)
		if (!pending[i]) {
			pending[i] = tag;
			npending++;
			return true;
		}
	return false;
}

static void forget_all(void)
{
	memset(pending, 0, sizeof(pending));
	npending = 0;
}

static uint32_t some_pending_tag(void)
{
	for (unsigned i = fuzz_below(MAX_PENDING), n = 0; n < MAX_PENDING; n++, i = (i + 1) % MAX_PENDING)
		if (pending[i])
			return pending[i];
	return next_tag;	/* none: a tag with nothing outstanding */
}

/* A power of two from 1 to max, or (bad) anything. */
static uint32_t gen_entries(uint32_t max, bool bad)
{
	if (bad)
		return fuzz_chance(50) ? gen_word() : fuzz_below(2 * ASYNC_MAX_ENTRIES + 2);
	return 1u << fuzz_below(__builtin_ctz(max) + 1);
}

static void teardown(void)
{
	int r = sys_async_setup(NULL, 0, 0, 0, NULL);

	fuzz_note("async teardown", r);
	if (r != OK)
		fuzz_violation("async teardown", r);
	set_up = dirty = false;
	forget_all();
}

/* A random SYS_ASYNC_SETUP of fuzz_ops.c succeeded: which ring is ours? */
void fuzz_async_disturbed(void)
{
	dirty = unknown = true;
}

/*
 * A page for the ring below the big region (the slot make_arena left
 * free), or none this time.  Anywhere above, the campaign's own pointers
 * and grants may reach it on purpose (the hole, a grant running off the
 * arena's end): their writes would look like completions for no call.
 */
static struct async_ring *map_ring(void)
{
	uint8_t *p = vm_mmap(PAGE);

	if (p && p + PAGE <= fz.big)
		return (struct async_ring *)p;
	if (p)
		(void)vm_munmap(p, PAGE);	/* an operation's region took the slot */
	return NULL;
}

/* A ring on a fresh page (both sizes fit in it), or a set-up that must fail. */
static void op_setup(void)
{
	uint32_t sq = gen_entries(64, false), cq = gen_entries(128, false);
	int r;

	if (unknown) {			/* whatever ring there is goes */
		r = sys_async_setup(NULL, 0, 0, 0, NULL);
		fuzz_note("async teardown (unknown)", r);
		set_up = dirty = unknown = false;
		forget_all();
	}

	if (fuzz_chance(30)) {		/* bad arguments: refused, our ring (if any) untouched */
		uint32_t bsq = gen_entries(0, true), bcq = gen_entries(0, true);
		vir_bytes where = fuzz_chance(50) ? gen_pointer(PAGE) : gen_bad_pointer();

		r = sys_async_setup((struct async_ring *)where, bsq, bcq,
				    fuzz_chance(80) ? 0 : gen_word(), NULL);
		fuzz_note("async setup (bad)", r);
		if (r == OK) {		/* the arguments happened to be good: it is ours now */
			if (set_up)
				fuzz_violation("async setup over a ring", r);
			teardown();
		}
		return;
	}
	if (set_up)
		teardown();
	if (!ring && !(ring = map_ring()))
		return;
	memset(ring, 0, PAGE);		/* present and writable, as set-up requires */
	while (ASYNC_RING_BYTES(sq, cq) > PAGE)
		cq >>= 1;
	r = sys_async_setup(ring, sq, cq, 0, NULL);
	fuzz_note("async setup", r);
	if (r == OK) {
		set_up = true;
		sq_size = sq;
		cq_size = cq;
	} else if (r != ENOSPC && r != EBUSY) {
		/* ENOSPC: children hold the pool's records; EBUSY: a server still owes
		 * the answer to a SENDREC of an earlier ring (a garbage entry's op
		 * may be ASYNC_OP_SENDREC), docs/async.md */
		fuzz_violation("async setup", r);
	}
}

static void fill_entry(struct async_sqe *e, uint32_t tag)
{
	memset(e, 0, sizeof(*e));
	e->tag = tag;
	switch (fuzz_below(10)) {
	case 0: case 1:
		e->op = ASYNC_OP_NOP;
		break;
	case 2: case 3: case 4:
		e->op = ASYNC_OP_SAFECOPY;
		e->args.copy.granter = fuzz_chance(70) ? fz.self : gen_endpoint();
		e->args.copy.gid = (int32_t)(fuzz_chance(80) ? fuzz_below(8) : gen_word());
		e->args.copy.offset = fuzz_chance(80) ? fuzz_below(PAGE) : gen_word();
		e->args.copy.bytes = gen_len();
		e->args.copy.addr = gen_pointer(e->args.copy.bytes);
		e->args.copy.flags = fuzz_chance(90) ? fuzz_below(2) : gen_word();
		break;
	case 5: case 6:
		e->op = ASYNC_OP_TIMEOUT;
		/* a short wait, or one refused (0, past 2^24): never a long one, which
		 * a waiting ENTER would sit out */
		e->args.timeout.ticks = fuzz_chance(90) ? 1 + fuzz_below(MAX_TICKS)
				      : fuzz_chance(50) ? 0 : (1u << 24) + 1 + fuzz_below(1000);
		break;
	case 7: case 8:
		e->op = ASYNC_OP_CANCEL;
		e->args.cancel.tag = some_pending_tag();
		e->args.cancel.flags = fuzz_chance(20) ? ASYNC_CANCEL_ALL : 0;
		break;
	default:
		e->op = fuzz_chance(50) ? ASYNC_NR_OPS + fuzz_below(4) : gen_word();
		for (unsigned i = 0; i < 6; i++)
			e->args.words[i] = gen_word();
		break;
	}
}

/* Reads every completion, checking each against what is pending. */
static void drain(void)
{
	uint32_t head = ring->cq_head;

	for (unsigned n = 0; head != ring->cq_tail && n < 2 * ASYNC_MAX_ENTRIES; n++, head++) {
		struct async_cqe *c = async_cqe_at(ring, head);

		if (dirty)
			continue;
		if (!forget(c->tag))
			fuzz_violation("async completion for no pending call", (int)c->tag);
		else if (c->result < 0 && !fuzz_known_result(c->result) && c->result != EDQUOT &&
			 c->result != ECANCELED)
			fuzz_violation("async completion result", c->result);
	}
	ring->cq_head = head;
}

/* Submits a batch and enters, waiting for some of it now and then. */
static void op_submit(void)
{
	uint32_t n = 1 + fuzz_below(sq_size), wait = 0;
	int r;

	if (ring->sq_entries != sq_size || ring->cq_entries != cq_size)
		dirty = true;		/* the page is not the ring any more */

	for (uint32_t i = 0; i < n && ring->sq_tail - ring->sq_head < sq_size; i++) {
		uint32_t tag = next_tag++;

		if (!remember(tag))
			break;
		fill_entry(async_sqe_at(ring, ring->sq_tail), tag);
		ring->sq_tail++;
	}
	if (fuzz_chance(5)) {		/* scribble on our own indices */
		dirty = true;
		if (fuzz_chance(50))
			ring->sq_tail = gen_word();
		else
			ring->cq_head = gen_word();
	}
	if (!dirty && fuzz_chance(30)) {
		/* completions that must come: what is ready, or the calls that end by
		 * themselves (a NOP, a refusal, a copy, a short TIMEOUT) */
		wait = npending < cq_size ? npending : cq_size;
		wait = fuzz_below(wait + 1);
	} else if (fuzz_chance(5)) {
		wait = 2 * ASYNC_MAX_ENTRIES + gen_word() % 1000;	/* can never come: EINVAL */
	}
	r = sys_async_enter(wait);
	fuzz_note("async enter", r);
	if (r < 0 && r != EINVAL && r != EFAULT)
		fuzz_violation("async enter", r);
	/* every entry taken (none left for want of CQ room), so all pending are
	 * outstanding or ready: a wait within them can be met */
	if (r == EINVAL && !dirty && ring->sq_head == ring->sq_tail && wait <= npending &&
	    wait <= cq_size)
		fuzz_violation("async enter refused a wait that can be met", r);
	if (r >= 0 && (uint32_t)r < wait)
		fuzz_violation("async enter returned before its completions", r);
	drain();
}

void fuzz_async(void)
{
	uint32_t pick = fuzz_below(100);

	if (!set_up || pick < 8) {
		op_setup();
	} else if (pick < 11) {
		teardown();
	} else if (pick < 13 && ring) {	/* unmapped with calls in flight */
		int r = vm_munmap(ring, PAGE);

		fuzz_note("async unmap ring", r);
		ring = NULL;
		r = sys_async_enter(0);
		if (r != EFAULT && r != OK && r != EINVAL)
			fuzz_violation("async enter on an unmapped ring", r);
		teardown();
	} else {
		op_submit();
	}
}

/* In a forked child: the kernel gave it no ring (its copy is just memory). */
void fuzz_async_forked(void)
{
	set_up = dirty = unknown = false;
	forget_all();
}

/* The end of a campaign: the ring goes, the pool gets its records back. */
void fuzz_async_release(void)
{
	if (set_up || unknown)
		(void)sys_async_setup(NULL, 0, 0, 0, NULL);
	set_up = dirty = unknown = false;
	forget_all();
	if (ring)
		(void)vm_munmap(ring, PAGE);
	ring = NULL;
}
