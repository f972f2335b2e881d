/*
 * tests/host/test_priv.c - privilege structures (kernel/priv.c): the USER
 * call and trap masks, SYSTEM structures, symmetric IPC bits, release,
 * exhaustion, copying from a template, I/O ranges, the boot table.
 */
#include <string.h>
#include "tests/host/host_test.h"
#include <abi/errno.h>
#include <abi/ipc.h>
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "smp/spinlock.h"

static struct proc procs[NR_PRIVS + 1];

/* kernel/priv.c serialises with a spinlock: one thread, CPU 0. */
int spin_owner_id(void) { return 0; }
void spin_lock_wait(struct spinlock *l, uint16_t ticket) { (void)l; (void)ticket; }

static int setup(void **state)
{
	(void)state;
	memset(procs, 0, sizeof(procs));
	priv_init();
	for (unsigned i = 0; i < ARRAY_LEN(procs); i++)
		procs[i].priv = priv_user();	/* as proc_init: never NULL */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (unsigned i = 0; i < ARRAY_LEN(procs); i++)
		priv_release(&procs[i]);
	return 0;
}

static void user_calls(void **state)
{
	const struct priv *u = priv_user();

	(void)state;
	assert_true(priv_may_call(u, SYS_DIAGCTL));
	assert_true(priv_may_call(u, SYS_EXIT));
	assert_true(priv_may_call(u, SYS_SETALARM));
	assert_false(priv_may_call(u, SYS_ABORT));
	assert_false(priv_may_call(u, SYS_FORK));
	assert_false(priv_may_call(u, SYS_PRIVCTL));
	assert_false(priv_may_call(u, SYS_VIRCOPY));
	assert_true(priv_may_trap(u, IPC_SENDREC));
	assert_false(priv_may_trap(u, IPC_SENDA));
}

static void system_structure(void **state)
{
	struct proc *a = &procs[0];

	(void)state;
	assert_int_equal(priv_assign_system(a, NULL), OK);
	assert_int_not_equal(a->priv->id, USER_PRIV_ID);
	assert_true(a->priv->flags & PRIV_SYSTEM);
	for (unsigned c = 0; c < NR_SYS_CALLS; c++)
		assert_true(priv_may_call(a->priv, c));
	assert_true(priv_may_trap(a->priv, IPC_SENDA));
	assert_int_equal(a->priv->sig_mgr, NONE);
}

static void ipc_symmetric(void **state)
{
	struct proc *a = &procs[0], *b = &procs[1], *u = &procs[2], *v = &procs[3];

	(void)state;
	assert_int_equal(priv_assign_system(a, NULL), OK);
	assert_int_equal(priv_assign_system(b, NULL), OK);
	assert_true(priv_may_ipc(a->priv, b->priv) && priv_may_ipc(b->priv, a->priv));
	assert_true(priv_may_ipc(u->priv, a->priv) && priv_may_ipc(a->priv, u->priv));
	assert_false(priv_may_ipc(u->priv, v->priv));	/* users never talk to users */
	priv_set_ipc(a->priv, b->priv, false);
	assert_false(priv_may_ipc(a->priv, b->priv));
	assert_false(priv_may_ipc(b->priv, a->priv));
	assert_true(priv_may_ipc(a->priv, u->priv));
}

static void release_clears_bits(void **state)
{
	struct proc *a = &procs[0], *b = &procs[1];
	unsigned a_id;

	(void)state;
	assert_int_equal(priv_assign_system(a, NULL), OK);
	assert_int_equal(priv_assign_system(b, NULL), OK);
	a_id = a->priv->id;
	priv_release(a);
	assert_ptr_equal(a->priv, priv_user());	/* never NULL: read unlocked */
	assert_false(bitmap_test(b->priv->ipc_to, a_id));
	assert_false(bitmap_test(priv_user()->ipc_to, a_id));
}

static void exhaustion(void **state)
{
	unsigned i;

	(void)state;
	for (i = 0; i < NR_PRIVS - 1; i++)
		assert_int_equal(priv_assign_system(&procs[i], NULL), OK);
	assert_int_equal(priv_assign_system(&procs[i], NULL), ENOSPC);
	assert_ptr_equal(procs[i].priv, priv_user());		/* unchanged */
	priv_release(&procs[0]);
	assert_int_equal(priv_assign_system(&procs[i], NULL), OK);
}

static void template_copy(void **state)
{
	struct proc *a = &procs[0], *b = &procs[1], *c = &procs[2];

	(void)state;
	assert_int_equal(priv_assign_system(a, NULL), OK);
	assert_int_equal(priv_assign_system(b, NULL), OK);
	bitmap_clear(a->priv->call_mask, SYS_ABORT);
	a->priv->sig_mgr = 12345;
	a->priv->io[a->priv->nr_io++] = (struct io_range){ 0x3f8, 0x3ff };
	priv_set_ipc(a->priv, b->priv, false);
	assert_int_equal(priv_assign_system(c, a->priv), OK);
	assert_false(priv_may_call(c->priv, SYS_ABORT));
	assert_true(priv_may_call(c->priv, SYS_FORK));
	assert_int_equal(c->priv->sig_mgr, 12345);
	assert_true(priv_may_io(c->priv, 0x3f8, 1));
	assert_true(priv_may_ipc(c->priv, a->priv) && priv_may_ipc(a->priv, c->priv));
	assert_false(priv_may_ipc(c->priv, b->priv));		/* a could not, so c cannot */
}

/* Regression: a copy of a copy could not talk to its origin (fork of a fork). */
static void copy_of_copy(void **state)
{
	struct proc *a = &procs[0], *c = &procs[1], *g = &procs[2];

	(void)state;
	assert_int_equal(priv_assign_system(a, NULL), OK);
	assert_int_equal(priv_assign_system(c, a->priv), OK);
	assert_int_equal(priv_assign_system(g, c->priv), OK);
	assert_true(priv_may_ipc(g->priv, c->priv) && priv_may_ipc(c->priv, g->priv));
	assert_true(priv_may_ipc(g->priv, a->priv));
	assert_true(priv_may_ipc(g->priv, priv_user()));
}

static void io_ranges(void **state)
{
	struct proc *a = &procs[0];

	(void)state;
	assert_int_equal(priv_assign_system(a, NULL), OK);
	assert_false(priv_may_io(a->priv, 0x3f8, 1));
	a->priv->io[a->priv->nr_io++] = (struct io_range){ 0x3f8, 0x3ff };
	assert_true(priv_may_io(a->priv, 0x3f8, 1));
	assert_true(priv_may_io(a->priv, 0x3fc, 4));
	assert_false(priv_may_io(a->priv, 0x3fe, 4));		/* runs past the range */
	assert_false(priv_may_io(a->priv, 0x3f7, 1));
	assert_false(priv_may_io(a->priv, 0x400, 1));
}

/* A copy keeps the class but not the per-process flags (RS's own CRITICAL). */
static void per_process_flags_not_copied(void **state)
{
	struct proc *a = &procs[0], *b = &procs[1];

	(void)state;
	assert_int_equal(priv_assign_system(a, NULL), OK);
	a->priv->flags |= PRIV_CRITICAL | PRIV_EXIT_TO_MGR;
	assert_int_equal(priv_assign_system(b, a->priv), OK);
	assert_int_equal(b->priv->flags, PRIV_SYSTEM);
}

/* CLEAR_IPC: no partner left but the one kept, in both directions. */
static void clear_ipc_keeps_one(void **state)
{
	struct proc *a = &procs[0], *b = &procs[1], *k = &procs[2], *u = &procs[3];

	(void)state;
	assert_int_equal(priv_assign_system(a, NULL), OK);
	assert_int_equal(priv_assign_system(b, NULL), OK);
	assert_int_equal(priv_assign_system(k, NULL), OK);
	priv_assign_user(u);
	priv_clear_ipc(a->priv, k->priv);
	assert_false(priv_may_ipc(a->priv, b->priv) || priv_may_ipc(b->priv, a->priv));
	assert_false(priv_may_ipc(a->priv, u->priv) || priv_may_ipc(u->priv, a->priv));
	assert_true(priv_may_ipc(a->priv, k->priv) && priv_may_ipc(k->priv, a->priv));
	assert_true(priv_may_ipc(b->priv, k->priv));		/* others untouched */
}

#define PRIV_TEST(what, fn) { "host.priv." what, fn, setup, teardown, NULL }

int main(void)
{
	const struct CMUnitTest tests[] = {
		PRIV_TEST("user_calls", user_calls),
		PRIV_TEST("system_structure", system_structure),
		PRIV_TEST("ipc_symmetric", ipc_symmetric),
		PRIV_TEST("release_clears_bits", release_clears_bits),
		PRIV_TEST("exhaustion", exhaustion),
		PRIV_TEST("template_copy", template_copy),
		PRIV_TEST("copy_of_copy", copy_of_copy),
		PRIV_TEST("io_ranges", io_ranges),
		PRIV_TEST("per_process_flags_not_copied", per_process_flags_not_copied),
		PRIV_TEST("clear_ipc_keeps_one", clear_ipc_keeps_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
