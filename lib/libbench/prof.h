/*
 * lib/libbench/prof.h - `prof=RATE`: the kernel's sampling profiler
 * around each benchmark's measured repetitions (prof.c).
 *
 *   prof_begin(rate)                 starts a profile; 0, or -1 with the
 *                                    reason recorded (bench_error)
 *   prof_end(name, ops, ticks)       stops it and prints it (below) for
 *                                    tools/profile/sample_report.py
 *
 * Lines, all starting `PROF `, numbers decimal but addresses hex:
 *   PROF begin <bench> rate=R ops=N ticks=T cpus=C
 *   PROF proc <endpoint> <name>              each live process
 *   PROF cpu <cpu> samples=S dropped=D cost=K    K: TSC ticks spent sampling
 *   PROF s <cpu> <endpoint> <flags> <pc> <chain...>   one per sample
 *   PROF end <bench>
 */
#ifndef LIBBENCH_PROF_H
#define LIBBENCH_PROF_H

#include <stdint.h>

#define PROF_BENCH_SAMPLES	16384	/* per CPU: 1 MiB each */

int prof_begin(unsigned rate);
void prof_end(const char *name, uint64_t ops, uint64_t ticks);

#endif /* LIBBENCH_PROF_H */
