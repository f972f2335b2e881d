/*
 * lib/libbench/prof.h - `prof=RATE`: the kernel's sampling profiler
 * around each benchmark's measured repetitions (prof.c).
 *
 *   prof_begin(rate, source)         starts a profile (PROF_SRC_*); 0, or -1
 *                                    with the reason recorded (bench_error)
 *   prof_end(name, ops, ticks)       stops it and prints it (below) for
 *                                    tools/profile/sample_report.py
 *
 * Lines, all starting `PROF `, numbers decimal but addresses hex:
 *   PROF begin <bench> rate=R ops=N ticks=T cpus=C source=timer|nmi
 *   PROF proc <endpoint> <name>              each live process
 *   PROF cpu <cpu> samples=S dropped=D cost=K    K: TSC ticks spent sampling
 *   PROF s <cpu> <endpoint> <flags> <pc> <own> <peer> <chain...>
 *                                    one per sample (abi/prof.h: chain[own..]
 *                                    is the client's, peer, when it serves one)
 *   PROF end <bench>
 *
 * `trace` (a kernel built with TRACE=1, kernel/iptrace.h): the IPC
 * tracepoints' counts over the measured repetitions, every CPU summed:
 *   trace_begin()                    takes the counts before; 0, or -1 with
 *                                    the reason recorded (ENOSYS: no
 *                                    tracepoints in this kernel)
 *   trace_end(name)                  takes them after and prints the
 *                                    difference:
 *   TRACE <bench> <path> ops=N <stage>=T ...   mean TSC ticks per operation
 *                                    from the stage before, hundredths
 *   FPPAIR <bench> <path> <src> <dst> <type> hits=H <reason>=N ...
 */
#ifndef LIBBENCH_PROF_H
#define LIBBENCH_PROF_H

#include <stdint.h>
#include <abi/info.h>

#define PROF_BENCH_SAMPLES	16384	/* per CPU: 1 MiB each */

int prof_begin(unsigned rate, unsigned source);
void prof_end(const char *name, uint64_t ops, uint64_t ticks);
extern const char *const bench_fp_reason[FP_SLOW_REASONS];	/* bench.c */

int trace_begin(void);
void trace_end(const char *name);

#endif /* LIBBENCH_PROF_H */
