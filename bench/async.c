/*
 * bench/async.c - async_nop/N and async_safecopy/N (N = 1, 16, 256):
 * asynchronous kernel calls (kernel/async.c), per call.
 *
 * One iteration fills N entries of the bench process's ring (256 + 256,
 * page-aligned), calls SYS_ASYNC_ENTER once in short form waiting for the
 * N completions, and reads them.  The NOP row is the pure price of the
 * mechanism per call (compare kcall_null, the cheapest synchronous call);
 * the safecopy row copies 64 bytes from a forked granter per entry, the
 * same copy as safecopy/64 (compare it).  N = 1 is the latency from
 * submission to completion; as N grows the trap is spread over the batch
 * (FlexSC, OSDI 2010).  The ring is set up in setup() and torn down in
 * teardown(); every call's result is checked.
 *
 * async_sendrec/N: N requests to a forked echo server on this CPU (the
 * ipc_rtt server: REPLYRECV to each), each answer a completion; compare
 * ipc_rtt/same_cpu, the synchronous round trip.  The quota (64 for the
 * SYSTEM bench process) caps the calls in flight, so N = 256 goes in
 * batches of the quota, an ENTER each (a program can do no better).
 */
#include <string.h>
#include <async.h>
#include <grant.h>
#include <syslib.h>
#include "benches.h"

#define RING_ENTRIES	256
#define COPY_BYTES	64

static uint8_t ring_mem[ASYNC_RING_BYTES(RING_ENTRIES, RING_ENTRIES)]
	__attribute__((aligned(4096)));
static struct async_ring *const ring = (struct async_ring *)ring_mem;
static uint8_t dst[COPY_BYTES];
static message request, replies[RING_ENTRIES];

static unsigned batch, chunk;		/* calls per iteration; per ENTER */
static endpoint_t granter = NONE;	/* or the echo server */
static cp_grant_id_t gid;
static uint32_t op;

/* Fills entry i as a program would: the fields its op uses. */
static void fill(uint32_t i)
{
	struct async_sqe *e = async_sqe_at(ring, i);

	e->op = op;
	e->tag = i;
	if (op == ASYNC_OP_SAFECOPY) {
		e->args.copy.granter = granter;
		e->args.copy.gid = gid;
		e->args.copy.offset = 0;
		e->args.copy.addr = (vir_bytes)dst;
		e->args.copy.bytes = COPY_BYTES;
		e->args.copy.flags = 0;
	} else if (op == ASYNC_OP_SENDREC) {
		e->args.sendrec.dst = granter;
		e->args.sendrec.request = (vir_bytes)&request;
		e->args.sendrec.reply = (vir_bytes)&replies[i % RING_ENTRIES];
	}
}

/* N entries, one ENTER per chunk, N completions read and checked. */
static void run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		for (unsigned done = 0; done < batch; done += chunk) {
			uint32_t tail = ring->sq_tail;
			int r;

			for (unsigned e = 0; e < chunk; e++)
				fill(tail + e);
			__atomic_store_n(&ring->sq_tail, tail + chunk, __ATOMIC_RELEASE);
			if ((r = sys_async_enter(chunk)) != (int)chunk) {
				bench_error("async enter of %u: %d", chunk, r);
				return;
			}
			for (unsigned e = 0; e < chunk; e++) {
				const struct async_cqe *c = async_cqe_at(ring, ring->cq_head + e);

				if (c->result != OK) {
					bench_error("async op %u: result %d", (unsigned)c->op,
						    (int)c->result);
					return;
				}
			}
			__atomic_store_n(&ring->cq_head, ring->cq_head + chunk, __ATOMIC_RELEASE);
		}
	}
}

static void teardown(void)
{
	sys_async_setup(NULL, 0, 0, 0, NULL);
	if (granter != NONE)
		bench_stop_partner(granter);
	granter = NONE;
}

static int setup_ring(unsigned n)
{
	uint32_t quota;
	int r;

	batch = n;
	memset(ring_mem, 0, sizeof(ring_mem));
	if ((r = sys_async_setup(ring, RING_ENTRIES, RING_ENTRIES, 0, &quota)) != OK)
		return bench_fail("async setup: %d", r);
	chunk = op == ASYNC_OP_SENDREC && n > quota ? quota : n;
	run(1);
	if (bench_failed()) {
		teardown();
		return BENCH_FAIL;	/* reason set by bench_error() */
	}
	return BENCH_OK;
}

static int setup_nop(unsigned n)
{
	op = ASYNC_OP_NOP;
	return setup_ring(n);
}

/* Also checks that one copy arrives as granted. */
static int setup_copy(unsigned n)
{
	int r = bench_granter_start(COPY_BYTES, CPF_READ, &granter, &gid);

	if (r != BENCH_OK)
		return r;
	op = ASYNC_OP_SAFECOPY;
	memset(dst, 0, sizeof(dst));
	if ((r = setup_ring(n)) != BENCH_OK)
		return r;
	if (dst[0] != BENCH_GRANT_PATTERN || dst[COPY_BYTES - 1] != BENCH_GRANT_PATTERN) {
		teardown();
		return bench_fail("the async copy of %u bytes did not arrive", COPY_BYTES);
	}
	return BENCH_OK;
}

/* Also checks that an answer arrives as the echo server sent it. */
static int setup_sendrec(unsigned n)
{
	int r = bench_start_partner(&granter, bench_echo_server);

	if (r != BENCH_OK)
		return r;
	op = ASYNC_OP_SENDREC;
	memset(&request, 0, sizeof(request));
	request.m_type = BENCH_MSG_GO;
	replies[0].m_type = 0;
	if ((r = setup_ring(n)) != BENCH_OK)
		return r;
	if (replies[0].m_type != BENCH_MSG_GO || replies[0].m_source != granter) {
		teardown();
		return bench_fail("the async SENDREC's answer did not arrive");
	}
	return BENCH_OK;
}

static int setup_nop_1(void)		{ return setup_nop(1); }
static int setup_nop_16(void)		{ return setup_nop(16); }
static int setup_nop_256(void)		{ return setup_nop(256); }
static int setup_copy_1(void)		{ return setup_copy(1); }
static int setup_copy_16(void)		{ return setup_copy(16); }
static int setup_copy_256(void)		{ return setup_copy(256); }
static int setup_sendrec_1(void)	{ return setup_sendrec(1); }
static int setup_sendrec_16(void)	{ return setup_sendrec(16); }
static int setup_sendrec_256(void)	{ return setup_sendrec(256); }

#define ASYNC_BENCH(var, nm, desc, su, n)					\
	const struct bench var = {						\
		.name = nm, .description = desc, .setup = su, .run = run,	\
		.teardown = teardown, .unit_per = "call", .ops_per_iter = n,	\
	}

ASYNC_BENCH(bench_async_nop_1, "async_nop/1",
	    "one NOP submitted, ENTER waiting for it, its completion read: per call",
	    setup_nop_1, 1);
ASYNC_BENCH(bench_async_nop_16, "async_nop/16",
	    "16 NOPs submitted, one ENTER waiting for all, completions read: per call",
	    setup_nop_16, 16);
ASYNC_BENCH(bench_async_nop_256, "async_nop/256",
	    "256 NOPs submitted, one ENTER waiting for all, completions read: per call",
	    setup_nop_256, 256);
ASYNC_BENCH(bench_async_safecopy_1, "async_safecopy/1",
	    "one 64-byte SAFECOPY from a granter, ENTER waiting for it: per call",
	    setup_copy_1, 1);
ASYNC_BENCH(bench_async_safecopy_16, "async_safecopy/16",
	    "16 64-byte SAFECOPYs from a granter, one ENTER waiting for all: per call",
	    setup_copy_16, 16);
ASYNC_BENCH(bench_async_safecopy_256, "async_safecopy/256",
	    "256 64-byte SAFECOPYs from a granter, one ENTER waiting for all: per call",
	    setup_copy_256, 256);
ASYNC_BENCH(bench_async_sendrec_1, "async_sendrec/1",
	    "one SENDREC to an echo server on this CPU, ENTER waiting for its answer: per call",
	    setup_sendrec_1, 1);
ASYNC_BENCH(bench_async_sendrec_16, "async_sendrec/16",
	    "16 SENDRECs to an echo server on this CPU, one ENTER waiting for all: per call",
	    setup_sendrec_16, 16);
ASYNC_BENCH(bench_async_sendrec_256, "async_sendrec/256",
	    "256 SENDRECs to an echo server on this CPU, in batches of the quota: per call",
	    setup_sendrec_256, 256);
