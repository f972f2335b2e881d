/*
 * bench/kcall_null.c - kcall_null: the cheapest complete kernel call.
 *
 * Kestrel has no dedicated null call yet, so this is SYS_DIAGCTL with an
 * unknown code (0): the full kernel-call path - trap, copy of the 64-byte
 * message in, dispatch with the privilege check, handler, copy of the
 * message out, return - with a handler that only rejects the code
 * (EINVAL).  It takes no lock and logs nothing.  Compare: Linux getppid.
 */
#include <string.h>
#include <syslib.h>
#include "benches.h"

static void run(uint64_t n)
{
	message m;

	memset(&m, 0, sizeof(m));
	for (uint64_t i = 0; i < n; i++) {
		int r = kernel_call(SYS_DIAGCTL, &m);	/* diagctl.code 0: EINVAL */

		if (r != EINVAL) {
			bench_error("SYS_DIAGCTL(code 0) returned %d, not EINVAL", r);
			return;
		}
	}
}

const struct bench bench_kcall_null = {
	.name = "kcall_null",
	.description = "null kernel call: SYS_DIAGCTL with code 0 (trap, 64-byte message in and out, dispatch, EINVAL)",
	.run = run,
	.unit_per = "call",
};
