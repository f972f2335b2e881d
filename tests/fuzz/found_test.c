/*
 * tests/fuzz/found_test.c - found.*: what the fuzzer found, each replayed
 * as a fixed case (docs/fuzzing.md lists the finds).
 *
 *   found.sysenter_tf  SYSENTER with TF set: the single-step trap came in
 *                      ring 0 at sysenter_entry, its frame pushed over the
 *                      CPU's own data (struct cpu), and the kernel
 *                      panicked ("kernel debug").  The call must complete
 *                      and the caller go on, without TF.
 *   found.sysenter_nt  SYSENTER with NT (and AC) set, in a receive that
 *                      blocks: the kernel kept NT and its IRET to the next
 *                      process became a task return (a kernel fault).
 *
 * Each runs in a child, so that a kernel that gets it wrong in a way that
 * only ends the caller fails the case instead of the program.
 */
#include <stdio.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <abi/callnr.h>
#include <abi/ipc.h>
#include "tests/fuzz/fuzz.h"
#include "tests/guest/children.h"

/* Child: a short SYS_YIELD through SYSENTER with TF set. */
static int sysenter_tf_main(void)
{
	struct fuzz_regs r;

	memset(&r, 0, sizeof(r));
	r.door = FUZZ_DOOR_SYSENTER;
	r.eax = SYSENTER_KERNEL_CALL_SHORT + SYS_YIELD;
	r.eflags = 0x202 | FUZZ_EFLAGS_TF;
	fuzz_trap(&r);
	CHK(r.eax == OK);
	CHK(!(r.eflags & FUZZ_EFLAGS_TF));	/* the kernel's flags, not ours */
	return 0;
}

static const char *t_sysenter_tf(void)
{
	endpoint_t c;

	T_SPAWN(c, sysenter_tf_main);
	T_EXIT(c, 0);
	return NULL;
}

/* Child: RECEIVE from us through SYSENTER with NT and AC set; blocks. */
static int sysenter_nt_main(void)
{
	struct fuzz_regs r;
	message m;

	memset(&r, 0, sizeof(r));
	r.door = FUZZ_DOOR_SYSENTER;
	r.eax = IPC_RECEIVE;
	r.ebx = (uint32_t)self_ep;
	r.esi = (uint32_t)&m;
	r.eflags = 0x202 | FUZZ_EFLAGS_NT | FUZZ_EFLAGS_AC;
	fuzz_trap(&r);
	CHK(r.eax == OK);
	CHK(m.m_type == T_GO);
	CHK(!(r.eflags & (FUZZ_EFLAGS_NT | FUZZ_EFLAGS_AC)));
	return 0;
}

/*
 * The child blocks on our CPU while we poll it with yields (children.h),
 * so the kernel goes from its receive straight to us through IRET.
 */
static const char *t_sysenter_nt(void)
{
	endpoint_t c;

	T_SPAWN(c, sysenter_nt_main);
	T_BLOCKED(c);
	T_SEND(c, T_GO);
	T_EXIT(c, 0);
	return NULL;
}

static const char *t_sysenter_tf_g(void)
{
	return guarded(t_sysenter_tf);
}

static const char *t_sysenter_nt_g(void)
{
	return guarded(t_sysenter_nt);
}

static const struct test_case cases[] = {
	{ "found.sysenter_tf", t_sysenter_tf_g },
	{ "found.sysenter_nt", t_sysenter_nt_g },
};

int main(void)
{
	if (children_init() < 0)
		return 1;
	if (!libsys_uses_sysenter()) {
		printf("1..0 # SKIP no SYSENTER on this CPU\n");
		return 0;
	}
	return test_run(cases, TEST_COUNT(cases));
}
