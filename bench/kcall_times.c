/*
 * bench/kcall_times.c - kcall_times: the cheapest kernel call that does
 * work, sys_times(SELF) (process times and uptime), through the library stub
 * as programs call it.
 */
#include <syslib.h>
#include "benches.h"

static void run(uint64_t n)
{
	struct mess_times t;

	for (uint64_t i = 0; i < n; i++) {
		int r = sys_times(SELF, &t);

		if (r != OK) {
			bench_error("sys_times: %d", r);
			return;
		}
	}
}

const struct bench bench_kcall_times = {
	.name = "kcall_times",
	.description = "sys_times(SELF) through the libsys stub: a kernel call that reads process times",
	.run = run,
	.unit_per = "call",
};
