/*
 * bench/main.c - the `bench` boot module: the table of benchmarks, run by
 * lib/libbench (selection, method and output are described in bench.h and
 * BENCHMARKS.md).  Needs SYSTEM privileges (the boot line marks it priv=system) to fork
 * partners and exchange messages with them.
 */
#include <bench.h>
#include "benches.h"

static const struct bench *const table[] = {
	&bench_kcall_null,
	&bench_kcall_null_message,
	&bench_kcall_times,
	&bench_kcall_yield,
	&bench_ipc_rtt_same_cpu,
	&bench_ipc_rtt_cross_cpu,
	&bench_ipc_rtt_short,
	&bench_ipc_rtt_prio_up,
	&bench_ipc_rtt_prio_down,
	&bench_ipc_rtt_same_cpu_cold,
	&bench_ctxsw,
	&bench_fpu_ctxsw_lazy,	/* each skips under the other fpu= */
	&bench_fpu_ctxsw_eager,
	&bench_ipc_notify,
	&bench_ipc_senda_1,
	&bench_ipc_senda_16,
	&bench_ipc_senda_64,
	&bench_ipc_scaling_2,
	&bench_ipc_scaling_4,
	&bench_ipc_scaling_8,
	&bench_ipc_rtt_shared_server_2,
	&bench_ipc_rtt_shared_server_4,
	&bench_safecopy_64,
	&bench_safecopy_4k,
	&bench_safecopy_64k,
	&bench_safecopy_1m,
	&bench_safemap_1,
	&bench_safemap_16,
	&bench_async_nop_1,
	&bench_async_nop_16,
	&bench_async_nop_256,
	&bench_async_safecopy_1,
	&bench_async_safecopy_16,
	&bench_async_safecopy_256,
	&bench_async_sendrec_1,
	&bench_async_sendrec_16,
	&bench_async_sendrec_256,
	&bench_async_scaling_1,
	&bench_async_scaling_4,
	&bench_fault_zero,	/* last: they start a VM server, which takes most memory */
	&bench_fault_cow,
	&bench_fault_zero_vm_remote,
	&bench_fault_cow_vm_remote,
	&bench_safecopy_cow_4k,	/* VM memory: after the VM server has started */
	&bench_safecopy_cow_16k,
	&bench_safecopy_cow_64k,
	&bench_safecopy_cow_1m,
	&bench_safecopy_cow_write_4k,
	&bench_safecopy_cow_write_16k,
	&bench_safecopy_cow_write_64k,
	&bench_safecopy_cow_write_1m,
	&bench_proc_fork,	/* PM's: the VM server runs by then */
	&bench_proc_exec,
	&bench_sig_install,
	&bench_sig_catch,
};

int main(int argc, char **argv)
{
	return bench_main(table, BENCH_COUNT(table), argc, argv);
}
