/*
 * tools/hostbench/hostbench.h - host microbenchmarks of the kernel's
 * portable hot paths (BENCHMARKS.md, "Host microbenchmarks").
 *
 * Each benchmark is C: run(n) performs n operations, against the kernel's
 * own sources compiled for the host (kernel/lib/bitmap.h, kernel/sched_mlfq.c,
 * smp/cpulock.c with smp/spinlock.h, kernel/grant.c, kernel/mm/frame.c,
 * abi/endpoint.h, the fast path's message copy), with host stand-ins for
 * the rest of the kernel (host_env.c).  shim.cc registers every entry of
 * hostbench_table with Google Benchmark, which picks n and times run(n).
 * Results are host nanoseconds, not guest instructions: they say what the
 * portable code itself costs, without traps, TLB or emulation.
 */
#ifndef HOSTBENCH_H
#define HOSTBENCH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hostbench {
	const char *name;		/* "area/variant" */
	const char *label;		/* what one operation is */
	const char *(*check)(void);	/* NULL, or why it cannot run here (skipped) */
	void (*setup)(void);		/* may be NULL; untimed, before each run */
	void (*run)(uint64_t n);	/* n operations */
};

extern const struct hostbench *const hostbench_table[];
extern const unsigned hostbench_count;

/* Keeps x (and everything in memory) alive: the loop cannot be optimised away. */
#define HB_KEEP(x)	__asm__ volatile("" : : "g"(x) : "memory")

/* Stops the program when a benchmark's own check fails (a broken setup). */
void hb_require(int ok, const char *what);

#ifdef __cplusplus
}
#endif

#endif /* HOSTBENCH_H */
