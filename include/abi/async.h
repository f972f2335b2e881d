/*
 * abi/async.h - asynchronous kernel calls: the ring a process shares with
 * the kernel, its entries and completions (docs/async.md).
 *
 * A process sets up one ring (SYS_ASYNC_SETUP) in its own memory: a header,
 * then a submission queue (SQ) of sq_entries entries, then a completion
 * queue (CQ) of cq_entries completions, both powers of two.  It fills SQ
 * entries, advances sq_tail, and calls SYS_ASYNC_ENTER; the kernel takes
 * every entry from sq_head to sq_tail, advancing sq_head, and writes one
 * completion per entry, advancing cq_tail; the process reads completions
 * from cq_head and advances it.  Each side writes only its own indices;
 * the kernel keeps its own copies of everything it writes and never trusts
 * what it reads: indices that make no sense are an error, never a crash.
 *
 * Every entry gets exactly one completion, with the entry's tag: its
 * result, or EDQUOT (too many calls outstanding: the entry was refused),
 * EINVAL (unknown op, bad arguments), ECANCELED (cancelled, or its
 * process's ring was torn down).  A completion the CQ has no room for is
 * held by the kernel (`held` counts them) and written by the next ENTER
 * once the process has made room: never dropped.
 */
#ifndef ABI_ASYNC_H
#define ABI_ASYNC_H

#include <abi/types.h>

/* Operations (async_sqe.op). */
#define ASYNC_OP_NOP		0	/* completes at once with OK */
#define ASYNC_OP_SAFECOPY	1	/* SAFECOPYFROM / SAFECOPYTO (args.copy) */
#define ASYNC_OP_TIMEOUT	2	/* completes with OK after args.timeout.ticks */
#define ASYNC_OP_CANCEL		3	/* cancels outstanding calls (args.cancel) */
#define ASYNC_OP_SENDREC	4	/* a request to a server; its reply completes it (args.sendrec) */
#define ASYNC_OP_VM_MMAP	5	/* VM_MMAP through VM (args.vm: len, flags); value: the address */
#define ASYNC_OP_VM_MUNMAP	6	/* VM_MUNMAP through VM (args.vm: addr, len) */
#define ASYNC_OP_VSAFECOPY	7	/* VSAFECOPY: a vector of grant copies (args.vcopy) */
#define ASYNC_NR_OPS		8

#define ASYNC_VCOPY_MAX		8	/* elements of one VSAFECOPY entry */

/* args.copy.flags */
#define ASYNC_COPY_TO		(1u << 0)	/* caller's buffer to the grant (else from) */
/* args.cancel.flags */
#define ASYNC_CANCEL_ALL	(1u << 0)	/* every outstanding call, not just tag */

/* A submission: 32 bytes, so an entry never crosses a page. */
struct async_sqe {
	uint32_t op;		/* ASYNC_OP_* */
	uint32_t tag;		/* the caller's; comes back in the completion */
	union {
		struct {
			endpoint_t granter;
			int32_t gid;
			vir_bytes offset;	/* into the granted range */
			vir_bytes addr;		/* the caller's buffer */
			uint32_t bytes;
			uint32_t flags;		/* ASYNC_COPY_* */
		} copy;
		struct {
			uint32_t ticks;		/* 1 and up */
		} timeout;
		struct {
			uint32_t tag;		/* the call to cancel */
			uint32_t flags;		/* ASYNC_CANCEL_* */
		} cancel;
		struct {
			endpoint_t dst;		/* the server */
			vir_bytes request;	/* the message, copied in at submission */
			vir_bytes reply;	/* the server's reply is written here */
		} sendrec;
		struct {
			vir_bytes addr;		/* MUNMAP: the region */
			uint32_t len;		/* bytes */
			uint32_t flags;		/* MMAP: VM_MMAP_* (abi/vm.h) */
		} vm;
		struct {
			vir_bytes vec;		/* struct vscp_vec[count] (abi/grant.h) */
			uint32_t count;		/* at most ASYNC_VCOPY_MAX */
		} vcopy;
		uint32_t words[6];
	} args;
};

/* A completion: 16 bytes. */
struct async_cqe {
	uint32_t tag;		/* the entry's */
	int32_t result;		/* OK, a count, or a negative error */
	uint32_t op;		/* the entry's op (ASYNC_NR_OPS if it was garbage) */
	uint32_t value;		/* ASYNC_OP_VM_MMAP with OK: the address; else 0 */
};

/*
 * The ring's header, at its start (page-aligned).  sq_head, cq_tail and
 * held are written by the kernel only, sq_tail and cq_head by the process
 * only; sq_entries and cq_entries by the kernel at set-up.
 */
struct async_ring {
	uint32_t sq_head;
	uint32_t sq_tail;
	uint32_t cq_head;
	uint32_t cq_tail;
	uint32_t sq_entries;
	uint32_t cq_entries;
	uint32_t held;		/* completions held in the kernel for want of room */
	uint32_t reserved[9];
};

_Static_assert(sizeof(struct async_sqe) == 32, "an SQ entry is 32 bytes");
_Static_assert(sizeof(struct async_cqe) == 16, "a CQ entry is 16 bytes");
_Static_assert(sizeof(struct async_ring) == 64, "the ring header is 64 bytes");

#define ASYNC_MAX_ENTRIES	256	/* per queue */

/* Where the queues lie in a ring, and its size in bytes. */
#define ASYNC_SQ_OFFSET		sizeof(struct async_ring)
#define ASYNC_CQ_OFFSET(sq)	(ASYNC_SQ_OFFSET + (sq) * sizeof(struct async_sqe))
#define ASYNC_RING_BYTES(sq, cq) (ASYNC_CQ_OFFSET(sq) + (cq) * sizeof(struct async_cqe))

/* SYS_ASYNC_SETUP flags */
#define ASYNC_NOTIFY		(1u << 0)	/* each completion notifies (from SYSTEM) */

#endif /* ABI_ASYNC_H */
