/*
 * tools/profile/test_callstack.c - host test of the exact profiler's
 * shadow call stacks (callstack.c): calls and rets, the rets it cannot
 * match, traps from user mode (site and trap frames), the return to the
 * process that trapped or to another one (parked stacks), interrupts in
 * the kernel, faults, and stacks deeper than CS_MAX_DEPTH.
 */
#include "../../tests/host/host_test.h"
#include <stdlib.h>
#include "callstack.h"

#define K_FN	0x00101000u	/* kernel addresses */
#define K_ENTRY	0x00102000u
#define K_IRQ	0x00103000u
#define U_MAIN	0x40000100u	/* user addresses */
#define U_STUB	0x40000200u
#define U_FN	0x40000300u

static struct callstack *new_stack(void)
{
	struct callstack *cs = malloc(sizeof(*cs));

	assert_non_null(cs);
	cs_init(cs);
	return cs;
}

static void free_stack(struct callstack *cs)
{
	free(cs->nodes);
	free(cs->node_index.keys);
	free(cs->node_index.values);
	free(cs);
}

/* The entry and kind of the frame `up` frames below the top. */
static void assert_frame(const struct callstack *cs, unsigned up, uint32_t entry,
			 enum cs_kind kind)
{
	const struct cs_node *n;

	assert_true(cs->depth > up);
	n = &cs->nodes[cs->frames[cs->depth - 1 - up].node];
	assert_int_equal(n->entry, entry);
	assert_int_equal(n->kind, kind);
}

static void test_call_ret(void **state)
{
	struct callstack *cs = new_stack();
	uint32_t node;

	(void)state;
	cs_step(cs, K_FN, 5, FLOW_CALL, K_FN + 0x100);
	assert_int_equal(cs->depth, 1);
	assert_frame(cs, 0, K_FN + 0x100, CS_CALL);
	node = cs_node(cs);
	cs_step(cs, K_FN + 0x110, 1, FLOW_RET, K_FN + 5);
	assert_int_equal(cs->depth, 0);
	assert_int_equal(cs_node(cs), 0);
	/* the same call again reaches the same node */
	cs_step(cs, K_FN, 5, FLOW_CALL, K_FN + 0x100);
	assert_int_equal(cs_node(cs), node);
	/* `call 1f; 1:` reads the pc and pushes nothing */
	cs_step(cs, K_FN + 0x100, 5, FLOW_CALL, K_FN + 0x105);
	assert_int_equal(cs->depth, 1);
	/* a ret to no frame's return address leaves the stack */
	cs_step(cs, K_FN + 0x110, 1, FLOW_RET, K_FN + 0x999);
	assert_int_equal(cs->depth, 1);
	assert_int_equal(cs->diag.unmatched_rets, 1);
	free_stack(cs);
}

static void test_ret_skips_frames(void **state)
{
	struct callstack *cs = new_stack();

	(void)state;
	cs_step(cs, K_FN, 5, FLOW_CALL, K_FN + 0x100);
	cs_step(cs, K_FN + 0x100, 5, FLOW_CALL, K_FN + 0x200);
	cs_step(cs, K_FN + 0x200, 5, FLOW_CALL, K_FN + 0x300);
	assert_int_equal(cs->depth, 3);
	cs_step(cs, K_FN + 0x310, 1, FLOW_RET, K_FN + 5);	/* to the outermost caller */
	assert_int_equal(cs->depth, 0);
	free_stack(cs);
}

/* main calls the stub, which traps with sysenter at U_STUB + 0x10. */
static void enter_from_user(struct callstack *cs)
{
	cs_step(cs, U_MAIN, 5, FLOW_CALL, U_STUB);
	cs_step(cs, U_STUB + 0x10, 2, FLOW_TRAP, K_ENTRY);
}

static void test_trap_and_return(void **state)
{
	struct callstack *cs = new_stack();
	uint32_t user_node;

	(void)state;
	cs_step(cs, U_MAIN, 5, FLOW_CALL, U_STUB);
	user_node = cs_node(cs);
	cs_step(cs, U_STUB + 0x10, 2, FLOW_TRAP, K_ENTRY);
	assert_int_equal(cs->depth, 3);
	assert_frame(cs, 0, K_ENTRY, CS_TRAP);
	assert_frame(cs, 1, U_STUB + 0x10, CS_SITE);
	assert_frame(cs, 2, U_STUB, CS_CALL);
	cs_step(cs, K_ENTRY + 8, 5, FLOW_CALL, K_FN);
	assert_int_equal(cs->depth, 4);
	/* sysexit straight from the called function: the kernel frames go */
	cs_step(cs, K_FN + 0x40, 2, FLOW_EXIT, U_STUB + 0x12);
	assert_int_equal(cs->depth, 1);
	assert_int_equal(cs_node(cs), user_node);
	assert_int_equal(cs->diag.unmatched_resumes, 0);
	free_stack(cs);
}

static void test_fault_retries(void **state)
{
	struct callstack *cs = new_stack();

	(void)state;
	cs_step(cs, U_MAIN, 5, FLOW_CALL, U_FN);
	cs_step(cs, U_FN + 4, 3, FLOW_NEXT, K_ENTRY);		/* a fault at U_FN + 4 */
	assert_frame(cs, 0, K_ENTRY, CS_TRAP);
	cs_step(cs, K_ENTRY + 0x20, 1, FLOW_EXIT, U_FN + 4);	/* iret: retried */
	assert_int_equal(cs->depth, 1);
	assert_frame(cs, 0, U_FN, CS_CALL);
	free_stack(cs);
}

/* Process A traps; the kernel resumes B, then A again. */
static void test_switch_between_processes(void **state)
{
	struct callstack *cs = new_stack();
	uint32_t a_node;

	(void)state;
	enter_from_user(cs);				/* A: main -> stub, sysenter */
	a_node = cs->frames[0].node;
	cs_step(cs, K_ENTRY + 0x40, 2, FLOW_EXIT, U_FN + 0x22);	/* B resumes: unknown */
	assert_int_equal(cs->depth, 0);
	assert_int_equal(cs->diag.unmatched_resumes, 1);
	cs_step(cs, U_FN + 0x30, 5, FLOW_CALL, U_FN + 0x80);	/* B calls, then traps */
	cs_step(cs, U_FN + 0x90, 2, FLOW_TRAP, K_ENTRY);
	cs_step(cs, K_ENTRY + 0x40, 2, FLOW_EXIT, U_STUB + 0x12);	/* A resumes */
	assert_int_equal(cs->depth, 1);
	assert_int_equal(cs_node(cs), a_node);
	cs_step(cs, U_STUB + 0x20, 2, FLOW_TRAP, K_ENTRY);	/* A traps again */
	cs_step(cs, K_ENTRY + 0x40, 2, FLOW_EXIT, U_FN + 0x92);	/* B resumes: parked */
	assert_int_equal(cs->depth, 1);
	assert_frame(cs, 0, U_FN + 0x80, CS_CALL);
	assert_int_equal(cs->diag.unmatched_resumes, 1);
	free_stack(cs);
}

static void test_interrupt_in_kernel(void **state)
{
	struct callstack *cs = new_stack();

	(void)state;
	enter_from_user(cs);
	cs_step(cs, K_ENTRY + 8, 5, FLOW_CALL, K_FN);
	cs_step(cs, K_FN + 0x10, 3, FLOW_NEXT, K_IRQ);		/* interrupted */
	assert_int_equal(cs->depth, 5);
	assert_frame(cs, 0, K_IRQ, CS_TRAP);
	cs_step(cs, K_IRQ, 5, FLOW_CALL, K_IRQ + 0x100);
	cs_step(cs, K_IRQ + 0x110, 1, FLOW_RET, K_IRQ + 5);
	cs_step(cs, K_IRQ + 0x20, 1, FLOW_EXIT, K_FN + 0x13);	/* iret into the kernel */
	assert_int_equal(cs->depth, 4);
	assert_frame(cs, 0, K_FN, CS_CALL);
	/* a rep string instruction runs at its own address again: no trap */
	cs_step(cs, K_FN + 0x20, 2, FLOW_REP, K_FN + 0x20);
	cs_step(cs, K_FN + 0x20, 2, FLOW_REP, K_FN + 0x22);
	assert_int_equal(cs->depth, 4);
	free_stack(cs);
}

static void test_too_deep(void **state)
{
	struct callstack *cs = new_stack();

	(void)state;
	for (unsigned i = 0; i < CS_MAX_DEPTH + 2; i++)
		cs_step(cs, K_FN + 0x10 * i, 5, FLOW_CALL, K_FN + 0x10 * (i + 1));
	assert_int_equal(cs->depth, CS_MAX_DEPTH);
	assert_int_equal(cs->diag.lost_frames, 2);
	/* the two lost frames' rets pop nothing; the next pops the top frame */
	cs_step(cs, 0x200000, 1, FLOW_RET, 0x123);
	cs_step(cs, 0x200000, 1, FLOW_RET, 0x123);
	assert_int_equal(cs->depth, CS_MAX_DEPTH);
	cs_step(cs, 0x200000, 1, FLOW_RET, K_FN + 0x10 * (CS_MAX_DEPTH - 1) + 5);
	assert_int_equal(cs->depth, CS_MAX_DEPTH - 1);
	assert_int_equal(cs->diag.unmatched_rets, 0);
	free_stack(cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("profile_callstack", "call_ret", test_call_ret),
		HOST_TEST("profile_callstack", "ret_skips_frames", test_ret_skips_frames),
		HOST_TEST("profile_callstack", "trap_and_return", test_trap_and_return),
		HOST_TEST("profile_callstack", "fault_retries", test_fault_retries),
		HOST_TEST("profile_callstack", "switch_between_processes",
			  test_switch_between_processes),
		HOST_TEST("profile_callstack", "interrupt_in_kernel", test_interrupt_in_kernel),
		HOST_TEST("profile_callstack", "too_deep", test_too_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
