/*
 * bench/benches.h - every benchmark of the `bench` program, one file each
 * (a file may define a small parameter matrix); the table is in main.c.
 */
#ifndef BENCH_BENCHES_H
#define BENCH_BENCHES_H

#include <bench.h>

extern const struct bench bench_kcall_null;
extern const struct bench bench_kcall_times;
extern const struct bench bench_kcall_yield;
extern const struct bench bench_ipc_rtt_same_cpu;
extern const struct bench bench_ipc_rtt_cross_cpu;
extern const struct bench bench_ctxsw;
extern const struct bench bench_ipc_notify;
extern const struct bench bench_ipc_senda_1;
extern const struct bench bench_ipc_senda_16;
extern const struct bench bench_ipc_senda_64;
extern const struct bench bench_ipc_scaling_2;
extern const struct bench bench_ipc_scaling_4;
extern const struct bench bench_ipc_scaling_8;

/* ipc_rtt.c: the echo server used by the round-trip benchmarks. */
int bench_echo_server(endpoint_t client);

#endif /* BENCH_BENCHES_H */
