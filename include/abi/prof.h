/*
 * abi/prof.h - the sampling profiler's ABI (SYS_PROFCTL, kernel/profile.c).
 *
 * While a profile runs, every CPU's local APIC timer fires at the chosen
 * rate and each of its interrupts records one struct prof_sample in that
 * CPU's buffer: the process (or idle), where it was, and the return
 * addresses of its frame-pointer chain.  The kernel runs with interrupts
 * off, so a timer sample lands in user code or in the idle loop; the
 * kernel's own code is seen only by the exact profile (docs/profiling.md).
 *
 * A buffer that fills stops recording on its CPU; later samples there are
 * counted as dropped.  Samples are read out per CPU after PROF_STOP.
 */
#ifndef ABI_PROF_H
#define ABI_PROF_H

#include <stdint.h>

/* SYS_PROFCTL codes (struct mess_profctl, abi/message.h). */
#define PROF_START	1	/* rate (Hz) and samples per CPU; EBUSY if running */
#define PROF_STOP	2	/* EINVAL if not running */
#define PROF_STATUS	3	/* one CPU's counts, and whether a profile runs */
#define PROF_READ	4	/* copy samples of one CPU out; EBUSY while running */

/* Limits of PROF_START. */
#define PROF_RATE_MIN		100		/* the clock's own rate (HZ) */
#define PROF_RATE_MAX		10000
#define PROF_SAMPLES_MAX	(1u << 16)	/* per CPU: 4 MiB each */

/* prof_sample.flags */
#define PROF_KERNEL	(1u << 0)	/* pc is in the kernel (the idle loop) */
#define PROF_IDLE	(1u << 1)	/* no process ran: endpoint is NONE */

#define PROF_CHAIN_MAX	12

/*
 * One sample, 64 bytes.  chain[0..depth) are return addresses, innermost
 * first; the walk stops at the first frame pointer that is not a plausible
 * frame of the same stack (unmapped, misaligned, not above the last one),
 * or after PROF_CHAIN_MAX.
 */
struct prof_sample {
	int32_t endpoint;	/* the process sampled; NONE when idle */
	uint32_t flags;		/* PROF_KERNEL, PROF_IDLE */
	uint32_t pc;		/* the instruction interrupted */
	uint32_t depth;		/* entries of chain used */
	uint32_t chain[PROF_CHAIN_MAX];
};

_Static_assert(sizeof(struct prof_sample) == 64, "prof_sample is 64 bytes");

#endif /* ABI_PROF_H */
