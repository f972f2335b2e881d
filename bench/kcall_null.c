/*
 * bench/kcall_null.c - kcall_null and kcall_null/message: the cheapest
 * complete kernel call, in both forms.
 *
 * Kestrel has no dedicated null call yet, so this is SYS_DIAGCTL with an
 * unknown code (0): the full kernel-call path - trap, dispatch with the
 * call-number and privilege checks, handler, answer, return - with a
 * handler that only rejects the code (EINVAL).  It takes no lock and logs
 * nothing.  kcall_null uses the short form (message words in registers, as
 * the sys_* stubs do for calls that fit); kcall_null/message the message
 * form, which copies the 64-byte message in and writes the result back into
 * it.  Compare: Linux getppid.
 */
#include <string.h>
#include <syslib.h>
#include "benches.h"

static void run_with(uint64_t n, int (*call)(int, message *))
{
	message m;

	memset(&m, 0, sizeof(m));
	for (uint64_t i = 0; i < n; i++) {
		int r = call(SYS_DIAGCTL, &m);	/* diagctl.code 0: EINVAL */

		if (r != EINVAL) {
			bench_error("SYS_DIAGCTL(code 0) returned %d, not EINVAL", r);
			return;
		}
	}
}

static void run_short(uint64_t n)
{
	run_with(n, _kernel_call_short);
}

static void run_message(uint64_t n)
{
	run_with(n, kernel_call);
}

const struct bench bench_kcall_null = {
	.name = "kcall_null",
	.description = "null kernel call, short form: SYS_DIAGCTL with code 0 in registers "
		       "(trap, dispatch, EINVAL)",
	.run = run_short,
	.unit_per = "call",
};

const struct bench bench_kcall_null_message = {
	.name = "kcall_null/message",
	.description = "null kernel call, message form: SYS_DIAGCTL with code 0 "
		       "(trap, 64-byte message in, dispatch, EINVAL, result written back)",
	.run = run_message,
	.unit_per = "call",
};
