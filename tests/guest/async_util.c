/*
 * tests/guest/async_util.c - the test programs' side of an async ring
 * (async_util.h).
 */
#include <string.h>
#include <async.h>
#include <syslib.h>
#include <test.h>
#include "async_util.h"
#include "children.h"

uint8_t ring_mem[4 * PAGE] __attribute__((aligned(4096)));

struct async_stats stats(void)
{
	struct async_stats s;

	memset(&s, 0xff, sizeof(s));
	sys_getinfo(GET_ASYNC, 0, &s, sizeof(s));
	return s;
}

int ring_up(uint32_t sq, uint32_t cq, uint32_t flags)
{
	memset(ring_mem, 0, sizeof(ring_mem));
	return sys_async_setup(ring, sq, cq, flags, NULL);
}

int ring_down(void)
{
	return sys_async_setup(NULL, 0, 0, 0, NULL);
}

struct async_sqe *sqe(uint32_t op, uint32_t tag)
{
	struct async_sqe *e = async_sq_next(ring);

	memset(e, 0, sizeof(*e));
	e->op = op;
	e->tag = tag;
	return e;
}

void push(uint32_t op, uint32_t tag)
{
	sqe(op, tag);
	async_sq_push(ring);
}

void push_timeout(uint32_t tag, uint32_t ticks)
{
	sqe(ASYNC_OP_TIMEOUT, tag)->args.timeout.ticks = ticks;
	async_sq_push(ring);
}

void push_cancel(uint32_t tag, uint32_t target, uint32_t flags)
{
	struct async_sqe *e = sqe(ASYNC_OP_CANCEL, tag);

	e->args.cancel.tag = target;
	e->args.cancel.flags = flags;
	async_sq_push(ring);
}

void push_sendrec(uint32_t tag, endpoint_t dst, const void *request, void *reply)
{
	struct async_sqe *e = sqe(ASYNC_OP_SENDREC, tag);

	e->args.sendrec.dst = dst;
	e->args.sendrec.request = (vir_bytes)request;
	e->args.sendrec.reply = (vir_bytes)reply;
	async_sq_push(ring);
}

int pop(struct async_cqe *out)
{
	struct async_cqe *c = async_cq_peek(ring);

	if (!c)
		return -1;
	*out = *c;
	async_cq_pop(ring);
	return 0;
}

int32_t pop_tag(uint32_t tag)
{
	struct async_cqe c;

	if (pop(&c) < 0 || c.tag != tag)
		return 1;
	return c.result;
}

int cpu_count(void)
{
	struct kinfo k;

	return sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0 ? (int)k.ncpus : 1;
}

uint32_t free_frames(void)
{
	struct kinfo k;

	return sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0 ? k.free_frames : 0;
}

const char *checked(const char *(*body)(void))
{
	uint32_t frames = free_frames(), pool = stats().pool_free;
	const char *why = guarded(body);

	ring_down();
	if (!why && stats().pool_free != pool)
		why = test_failf("async records free: %u before, %u after", pool, stats().pool_free);
	if (!why && free_frames() != frames)
		why = test_failf("free frames %u before, %u after", frames, free_frames());
	return why;
}
