/*
 * bench/benches.h - every benchmark of the `bench` program, one file each
 * (a file may define a small parameter matrix); the table is in main.c.
 */
#ifndef BENCH_BENCHES_H
#define BENCH_BENCHES_H

#include <bench.h>

extern const struct bench bench_kcall_null;
extern const struct bench bench_kcall_null_message;
extern const struct bench bench_kcall_times;
extern const struct bench bench_kcall_yield;
extern const struct bench bench_ipc_rtt_same_cpu;
extern const struct bench bench_ipc_rtt_cross_cpu;
extern const struct bench bench_ipc_rtt_short;
extern const struct bench bench_ipc_rtt_prio_up;
extern const struct bench bench_ipc_rtt_prio_down;
extern const struct bench bench_ctxsw;
extern const struct bench bench_fpu_ctxsw_lazy;
extern const struct bench bench_fpu_ctxsw_eager;
extern const struct bench bench_ipc_notify;
extern const struct bench bench_ipc_senda_1;
extern const struct bench bench_ipc_senda_16;
extern const struct bench bench_ipc_senda_64;
extern const struct bench bench_ipc_scaling_2;
extern const struct bench bench_ipc_scaling_4;
extern const struct bench bench_ipc_scaling_8;
extern const struct bench bench_fault_zero;
extern const struct bench bench_fault_cow;
extern const struct bench bench_fault_zero_vm_remote;
extern const struct bench bench_fault_cow_vm_remote;
extern const struct bench bench_ipc_rtt_same_cpu_cold;
extern const struct bench bench_ipc_rtt_shared_server_2;
extern const struct bench bench_ipc_rtt_shared_server_4;
extern const struct bench bench_safecopy_64;
extern const struct bench bench_safecopy_4k;
extern const struct bench bench_safecopy_64k;
extern const struct bench bench_safecopy_1m;
extern const struct bench bench_safecopy_cow_4k;
extern const struct bench bench_safecopy_cow_16k;
extern const struct bench bench_safecopy_cow_64k;
extern const struct bench bench_safecopy_cow_1m;
extern const struct bench bench_safecopy_cow_write_4k;
extern const struct bench bench_safecopy_cow_write_16k;
extern const struct bench bench_safecopy_cow_write_64k;
extern const struct bench bench_safecopy_cow_write_1m;
extern const struct bench bench_safemap_1;
extern const struct bench bench_safemap_16;
extern const struct bench bench_async_nop_1;
extern const struct bench bench_async_nop_16;
extern const struct bench bench_async_nop_256;
extern const struct bench bench_async_safecopy_1;
extern const struct bench bench_async_safecopy_16;
extern const struct bench bench_async_safecopy_256;
extern const struct bench bench_async_sendrec_1;
extern const struct bench bench_async_sendrec_16;
extern const struct bench bench_async_sendrec_256;
extern const struct bench bench_async_scaling_1;
extern const struct bench bench_async_scaling_4;
extern const struct bench bench_proc_fork;
extern const struct bench bench_proc_exec;
extern const struct bench bench_sig_install;
extern const struct bench bench_sig_catch;

/* ipc_rtt.c: the echo server used by the round-trip benchmarks. */
int bench_echo_server(endpoint_t client);

/*
 * fault_zero.c: a VM server to fault against (the boot module "vm", or a
 * forked one); moving it to the next CPU (remote 1) or back to ours (0).
 */
int bench_vm_start(void);
int bench_vm_remote(int remote);

/* servers/vm/main.c, linked in by bench.mk: the VM server's loop; does not return. */
_Noreturn int vm_server_main(void);

/*
 * safecopy.c: forks a partner that grants the first `size` bytes (at most
 * BENCH_GRANT_MAX) of its page-aligned buffer, filled with
 * BENCH_GRANT_PATTERN, to us with `access` (CPF_*); BENCH_OK or fail.
 */
#define BENCH_GRANT_MAX		(1u << 20)
#define BENCH_GRANT_PATTERN	0x5a
int bench_granter_start(uint32_t size, uint32_t access, endpoint_t *granter, int32_t *gid);

#endif /* BENCH_BENCHES_H */
