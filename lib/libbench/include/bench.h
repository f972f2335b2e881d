/*
 * bench.h - in-guest microbenchmarks (HelenOS hbench style, sel4bench
 * method).
 *
 * A benchmark is one `struct bench` in its own file under bench/: setup()
 * prepares (forks a partner process, ...), run(n) performs n iterations of
 * the measured operation, teardown() undoes setup (the partner must exit:
 * the machine powers off only when the last process is gone).
 *
 * The harness (bench_main) times whole run(n) calls with a serialised TSC
 * read (bench_now: `lfence; rdtsc`, or `cpuid; rdtsc` on a CPU without
 * SSE2), subtracts the measured timer overhead, scales n until one run lasts
 * at least the mode's target of TSC ticks (under QEMU -icount shift=0 a
 * tick is one guest instruction), warms up, takes R samples and prints per
 * operation median, mean, p10, p90, p99, min and max, all in integer
 * arithmetic (no FPU in user space).  Output, one benchmark at a time:
 *
 *   BENCH_INFO {"mode":"full","reps":31,...,"timer_overhead":11,"timer_fence":"lfence",...}
 *   1..K
 *   BENCH {"name":"ipc_rtt/same_cpu","unit":"round trip",...,"median":426.00,...,
 *          "fastpath":{"ops":48360,"hits":96720,"hits_per_op":2.00,"slow":{},...},...}
 *   ok 1 bench.ipc_rtt/same_cpu
 *
 * "fastpath": the kernel's IPC fast-path counters (GET_CPUSTATS of every
 * online CPU, summed) read before and after the measured repetitions,
 * outside the timed runs: hits and fallbacks by reason over `ops`
 * operations (every process's IPC in that time counts, partners included).
 *
 * Selection: the kernel option `bench=ITEMS` and the module's arguments
 * (`bench ITEMS...`), items separated by ',' ':' or blanks.  An item is a
 * benchmark name, a `prefix*`, `all`, or a word: `full` (default), `quick`,
 * `tiny` (smallest counts, for `make test`), `force` (run the multi-CPU
 * benchmarks even on one CPU, to test their code), `list` (print names
 * only), `trace` (the IPC tracepoints' counts over the measured
 * repetitions: a kernel built with TRACE=1; lib/libbench/prof.h),
 * `prof=RATE` (with `nmi`: from NMIs) (the kernel's sampling profiler at RATE Hz around
 * each benchmark's measured repetitions, printed as `PROF` lines:
 * lib/libbench/prof.h; `make profile`).  No name selects all.  A name item
 * that selects no benchmark is an error: one `Bail out!` line per such
 * item, and nothing runs.
 */
#ifndef _BENCH_H
#define _BENCH_H

#include <stdint.h>
#include <abi/endpoint.h>
#include <abi/message.h>

struct bench {
	const char *name;		/* "area/variant": [a-z0-9_/] */
	const char *description;	/* one line: what one operation is */
	int (*setup)(void);		/* BENCH_OK, bench_skip() or bench_fail(); may be NULL */
	void (*run)(uint64_t n);	/* n iterations; errors via bench_error() */
	void (*teardown)(void);		/* may be NULL; runs whenever setup returned BENCH_OK */
	const char *unit_per;		/* what one reported operation is: "round trip" */
	unsigned ops_per_iter;		/* operations per run() iteration; 0 means 1 */
};

#define BENCH_COUNT(t)	(sizeof(t) / sizeof((t)[0]))

/* setup() results. */
#define BENCH_OK	0
#define BENCH_SKIP	1
#define BENCH_FAIL	(-1)

/* Runs the selected benchmarks of table[n]; returns the number that failed. */
int bench_main(const struct bench *const *table, unsigned n, int argc, char **argv);

/*
 * For setup(): record why and return BENCH_SKIP / BENCH_FAIL.
 * bench_setup_error(err, ...) is for a call that failed with err: out of
 * memory (ENOMEM) is a skip ("out of memory: " and the reason: the machine
 * is too small for this benchmark), anything else a failure.
 */
int bench_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int bench_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int bench_setup_error(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* For run(): record the first error; the harness stops the benchmark. */
void bench_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int bench_failed(void);

/* Guest facts, valid once bench_main runs. */
unsigned bench_ncpus(void);		/* CPUs online */
int bench_forced(void);			/* `force` given: ignore CPU-count skips */
endpoint_t bench_self(void);		/* this process's endpoint */

/*
 * The timer: a TSC read (instructions under -icount shift=0) that waits
 * for the instructions before it.  LFENCE does that where the CPU has SSE2;
 * a Pentium II or III lacks it and gets CPUID, which serialises completely
 * and costs more.  bench_main chooses (bench_timer_lfence) before its first
 * measurement and names the choice in BENCH_INFO ("timer_fence"); until
 * then CPUID, which every CPU the kernel runs on has.
 */
extern int bench_timer_lfence;

static inline uint64_t bench_now(void)
{
	uint32_t lo, hi;

	if (bench_timer_lfence)
		__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	else
		__asm__ volatile("cpuid; rdtsc" : "=a"(lo), "=d"(hi) : "a"(0) : "ebx", "ecx", "memory");
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Partner processes.  bench_fork_partner forks; the child calls body(parent)
 * and exits with its return value, the parent gets the child's endpoint (or
 * a negative error).  A partner waits for its orders with
 * bench_partner_receive, which returns 0 for an order, 1 when told to stop
 * (or when the parent is gone).  bench_stop_partner tells it to stop and
 * waits until it has exited (killing it if it does not).  bench_reap(ep)
 * is for a process that takes no orders from us (a partner's own partner,
 * stopped by it): it waits until ep has exited, killing it if it does not.
 */
endpoint_t bench_fork_partner(int (*body)(endpoint_t parent));
int bench_partner_receive(endpoint_t from, message *m);
int bench_stop_partner(endpoint_t ep);
int bench_reap(endpoint_t ep);

/*
 * The usual setup and teardown around one partner: fork it into *partner
 * (BENCH_OK, or bench_fail with the reason) / stop it and forget it.
 */
int bench_start_partner(endpoint_t *partner, int (*body)(endpoint_t parent));
void bench_end_partner(endpoint_t *partner);
int bench_partner_cpu(endpoint_t ep);	/* CPU the process runs on, or an error */

#define BENCH_MSG_STOP	0x4253		/* m_type: partner, exit now */
#define BENCH_MSG_GO	0x4254		/* m_type: an order, words[0] = count */

#endif /* _BENCH_H */
