/*
 * async.h - the user side of asynchronous kernel calls (abi/async.h): the
 * two kernel calls and the ring's entries by index.
 *
 * A ring of sq SQ and cq CQ entries takes ASYNC_RING_BYTES(sq, cq) bytes at
 * a page-aligned address, every page touched (present) before set-up.
 * Fill async_sqe_at(r, r->sq_tail) and advance sq_tail (async_sq_push),
 * call sys_async_enter, read async_cqe_at(r, r->cq_head) while cq_head !=
 * cq_tail and advance cq_head (async_cq_pop).
 */
#ifndef _ASYNC_H
#define _ASYNC_H

#include <abi/async.h>
#include <abi/types.h>

int sys_async_setup(struct async_ring *ring, uint32_t sq_entries, uint32_t cq_entries,
		    uint32_t flags, uint32_t *quota);
int sys_async_enter(uint32_t min_complete);	/* completions ready, or an error */

static inline struct async_sqe *async_sqe_at(struct async_ring *r, uint32_t i)
{
	return (struct async_sqe *)((char *)r + ASYNC_SQ_OFFSET) + (i & (r->sq_entries - 1));
}

static inline struct async_cqe *async_cqe_at(struct async_ring *r, uint32_t i)
{
	return (struct async_cqe *)((char *)r + ASYNC_CQ_OFFSET(r->sq_entries)) +
	       (i & (r->cq_entries - 1));
}

/* The next free SQ entry, to fill and then publish with async_sq_push. */
static inline struct async_sqe *async_sq_next(struct async_ring *r)
{
	return async_sqe_at(r, r->sq_tail);
}

static inline void async_sq_push(struct async_ring *r)
{
	__atomic_store_n(&r->sq_tail, r->sq_tail + 1, __ATOMIC_RELEASE);	/* after the entry */
}

/* The oldest unread completion, or NULL; async_cq_pop when done with it. */
static inline struct async_cqe *async_cq_peek(struct async_ring *r)
{
	if (__atomic_load_n(&r->cq_tail, __ATOMIC_ACQUIRE) == r->cq_head)
		return 0;
	return async_cqe_at(r, r->cq_head);
}

static inline void async_cq_pop(struct async_ring *r)
{
	__atomic_store_n(&r->cq_head, r->cq_head + 1, __ATOMIC_RELEASE);
}

#endif /* _ASYNC_H */
