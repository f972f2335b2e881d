/*
 * tests/guest/async_util.h - the test programs' side of an async ring
 * (tests/guest/async_test.c, async_ipc_test.c): one ring per program, in
 * ring_mem, entries pushed by kind, completions popped, the kernel's
 * record counts, and the wrapper every case runs in.
 */
#ifndef TESTS_GUEST_ASYNC_UTIL_H
#define TESTS_GUEST_ASYNC_UTIL_H

#include <async.h>
#include <abi/info.h>
#include <abi/types.h>

#define PAGE		4096u
#define LONG_TICKS	100000u		/* a TIMEOUT that never fires in a case */

extern uint8_t ring_mem[4 * PAGE];	/* page-aligned */
#define ring	((struct async_ring *)ring_mem)

struct async_stats stats(void);		/* GET_ASYNC for the caller */
int ring_up(uint32_t sq, uint32_t cq, uint32_t flags);	/* ring_mem zeroed, set up */
int ring_down(void);
struct async_sqe *sqe(uint32_t op, uint32_t tag);	/* the next entry, zeroed; not pushed */
void push(uint32_t op, uint32_t tag);
void push_timeout(uint32_t tag, uint32_t ticks);
void push_cancel(uint32_t tag, uint32_t target, uint32_t flags);
void push_sendrec(uint32_t tag, endpoint_t dst, const void *request, void *reply);
int pop(struct async_cqe *out);		/* 0 and *out, or -1 if the CQ is empty */
int32_t pop_tag(uint32_t tag);		/* the next one's result; 1 if its tag is not `tag` */
int cpu_count(void);
uint32_t free_frames(void);

/*
 * Runs a case with children cleaned up (guarded), its ring torn down, and
 * the kernel's records and free memory back at their baselines.
 */
const char *checked(const char *(*body)(void));
#define CHECKED(fn) static const char *fn##_c(void) { return checked(fn); }

#endif /* TESTS_GUEST_ASYNC_UTIL_H */
