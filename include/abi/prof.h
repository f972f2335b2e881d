/*
 * abi/prof.h - the sampling profiler's ABI (SYS_PROFCTL, kernel/profile.c).
 *
 * While a profile runs, every CPU is interrupted at the chosen rate and
 * each interrupt records one struct prof_sample in that CPU's buffer: the
 * process (or idle), where it was, and the return addresses of its
 * frame-pointer chain.  The source is the local APIC timer or an NMI
 * (PROF_SRC_*).  The kernel runs with interrupts off, so a timer sample
 * lands in user code or in the idle loop; NMIs sample the kernel's code
 * too, and a kernel sample of a process carries its user side after its
 * kernel chain (chain[own..depth)).
 *
 * A buffer that fills stops recording on its CPU; later samples there are
 * counted as dropped.  Samples are read out per CPU after PROF_STOP.
 */
#ifndef ABI_PROF_H
#define ABI_PROF_H

#include <stdint.h>
#include <abi/info.h>	/* FP_SLOW_REASONS */

/* SYS_PROFCTL codes (struct mess_profctl, abi/message.h). */
#define PROF_START	1	/* rate (Hz) and samples per CPU; EBUSY if running */
#define PROF_STOP	2	/* EINVAL if not running */
#define PROF_STATUS	3	/* one CPU's counts, and whether a profile runs */
#define PROF_READ	4	/* copy samples of one CPU out; EBUSY while running */
#define PROF_TRACE	5	/* copy one CPU's struct ipc_trace out; ENOSYS
				   unless the kernel was built with TRACE=1 */

/* PROF_START's sources. */
#define PROF_SRC_TIMER	0	/* each CPU's local APIC timer: user code and idle */
#define PROF_SRC_NMI	1	/* NMIs to every CPU: the kernel's code too (an
				   IOAPIC line for the PIT; ENOSYS where none) */

/* Limits of PROF_START. */
#define PROF_RATE_MIN		100		/* the clock's own rate (HZ) */
#define PROF_RATE_MAX		10000
#define PROF_SAMPLES_MAX	(1u << 16)	/* per CPU: 4 MiB each */

/* prof_sample.flags */
#define PROF_KERNEL	(1u << 0)	/* pc is in the kernel (the idle loop) */
#define PROF_IDLE	(1u << 1)	/* no process ran: endpoint is NONE */

#define PROF_CHAIN_MAX	12

/*
 * One sample, 64 bytes.  chain[0..own) are the sampled context's return
 * addresses, innermost first; the walk stops at the first frame pointer
 * that is not a plausible frame of the same stack (unmapped, misaligned,
 * not above the last one), or when the chain is full.
 *
 * A server sampled while it serves a client (the client that sent the
 * last message it received into memory still waits for its reply) names
 * it in `peer`, and chain[own..depth) is the client's side: the
 * instruction it trapped at, then its return addresses.  So one sample is
 * one stack across both address spaces: client frames, the IPC, server
 * frames.
 */
struct prof_sample {
	int32_t endpoint;	/* the process sampled; NONE when idle */
	int32_t peer;		/* the client it serves, or NONE */
	uint32_t pc;		/* the instruction interrupted */
	uint16_t flags;		/* PROF_KERNEL, PROF_IDLE */
	uint8_t depth;		/* entries of chain used */
	uint8_t own;		/* of which the sampled context's; the rest the peer's */
	uint32_t chain[PROF_CHAIN_MAX];
};

_Static_assert(sizeof(struct prof_sample) == 64, "prof_sample is 64 bytes");

/*
 * The IPC tracepoints (kernel/iptrace.h, a build option: make TRACE=1).
 * Each fast-path operation of a traced path is stamped with the TSC at
 * its stages; ticks[path][s] sums the time from stage s-1 to stage s over
 * the operations that reached IPT_EXIT (ops[path]).  The stages:
 *   IPT_ENTRY    the fast path starts its checks
 *   IPT_CHECKED  every check passed and the hand-off is done (the point
 *                of no return)
 *   IPT_COPIED   the message is in the receiver's buffer or registers
 *   IPT_SWITCH   the states are set, the switch begins
 *   IPT_EXIT     the partner's address space is loaded: SYSEXIT or iret
 * pair[] counts fast-path hits and fallbacks (by FP_SLOW_* reason) per
 * sender, receiver and message type, first come first kept; operations of
 * pairs beyond IPT_PAIRS are counted in pairs_lost.
 */
#define IPT_PATH_CALL		0	/* SENDREC */
#define IPT_PATH_REPLYRECV	1	/* REPLYRECV */
#define IPT_PATHS		2

#define IPT_ENTRY	0
#define IPT_CHECKED	1
#define IPT_COPIED	2
#define IPT_SWITCH	3
#define IPT_EXIT	4
#define IPT_STAGES	5

#define IPT_PAIRS	32
#define IPT_TYPE_MEMORY	0xffffffffu	/* a message in memory that never got read */

struct ipt_pair {
	int32_t src, dst;		/* endpoints: the caller, the partner it named */
	uint32_t path;			/* IPT_PATH_* */
	uint32_t type;			/* m_type, or IPT_TYPE_MEMORY */
	uint32_t hits;
	uint32_t slow[FP_SLOW_REASONS];
};

struct ipc_trace {
	uint32_t ops[IPT_PATHS];
	uint64_t ticks[IPT_PATHS][IPT_STAGES];
	uint32_t pairs_used, pairs_lost;
	struct ipt_pair pair[IPT_PAIRS];
};

#endif /* ABI_PROF_H */
