/*
 * bench/kcall_yield.c - kcall_yield: sys_yield() with no other process
 * ready, so the caller is rotated to the back of its queue and picked again
 * (no switch).  Compare: Linux sched_yield alone (847 instructions, i386,
 * ../shared/anchors/linux-icount.jsonl).  The switch itself is `ctxsw`.
 */
#include <syslib.h>
#include "benches.h"

static void run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		int r = sys_yield();

		if (r != OK) {
			bench_error("sys_yield: %d", r);
			return;
		}
	}
}

const struct bench bench_kcall_yield = {
	.name = "kcall_yield",
	.description = "sys_yield() with nobody else ready: kernel call plus a scheduler rotation, no switch",
	.run = run,
	.unit_per = "call",
};
