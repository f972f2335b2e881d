/*
 * tests/host/test_vm_frames.c - host tests of servers/vm/frames.c: the VM
 * server's frames, reference counts and commitment.
 *
 * Two ranges of frames with a gap between them; every test checks the free
 * count against what the allocator actually hands out, and that no frame
 * is ever handed out while it is still held.
 */
#include <stdbool.h>
#include <string.h>
#include <abi/errno.h>
#include "tests/host/host_test.h"
#include "servers/vm/page.h"
#include "servers/vm/frames.h"

#define CAP	64u
#define A_BASE	0x00200000u
#define A_COUNT	10u
#define B_BASE	0x00900000u
#define B_COUNT	7u
#define TOTAL	(A_COUNT + B_COUNT)

static uint16_t refs[CAP];
static uint32_t stack[CAP];

static void setup_two_ranges(struct frames *f)
{
	memset(refs, 0xee, sizeof(refs));
	frames_init(f, refs, stack, CAP);
	assert_int_equal(frames_add_range(f, A_BASE, A_COUNT), OK);
	assert_int_equal(frames_add_range(f, B_BASE, B_COUNT), OK);
}

/* Index 0..TOTAL-1 of a frame address, or -1 if it is not in a range. */
static int index_of(phys_bytes pa)
{
	if (pa & VM_PAGE_MASK)
		return -1;
	if (pa >= A_BASE && pa < A_BASE + A_COUNT * VM_PAGE_SIZE)
		return (int)((pa - A_BASE) / VM_PAGE_SIZE);
	if (pa >= B_BASE && pa < B_BASE + B_COUNT * VM_PAGE_SIZE)
		return (int)(A_COUNT + (pa - B_BASE) / VM_PAGE_SIZE);
	return -1;
}

static void test_alloc_all_distinct(void **state)
{
	(void)state;
	struct frames f;
	bool taken[TOTAL] = { false };
	phys_bytes pa;

	setup_two_ranges(&f);
	assert_int_equal(f.total, TOTAL);
	assert_int_equal(f.nfree, TOTAL);
	for (unsigned n = 0; n < TOTAL; n++) {
		assert_int_equal(frames_alloc(&f, &pa), OK);
		int i = index_of(pa);
		assert_true(i >= 0);
		assert_false(taken[i]);
		taken[i] = true;
		assert_int_equal(frames_refs(&f, pa), 1);
	}
	assert_int_equal(f.nfree, 0);
	assert_int_equal(frames_alloc(&f, &pa), ENOMEM);
}

static void test_order_and_reuse(void **state)
{
	(void)state;
	struct frames f;
	phys_bytes a, b, c;

	setup_two_ranges(&f);
	assert_int_equal(frames_alloc(&f, &a), OK);
	assert_int_equal(a, B_BASE);			/* newest range first, lowest frame first */
	assert_int_equal(frames_alloc(&f, &b), OK);
	assert_int_equal(b, B_BASE + VM_PAGE_SIZE);
	assert_int_equal(frames_unref(&f, a), 0);
	assert_int_equal(frames_refs(&f, a), 0);
	assert_int_equal(frames_alloc(&f, &c), OK);
	assert_int_equal(c, a);			/* the frame just freed comes back first */
	assert_int_equal(f.nfree, TOTAL - 2);
}

static void test_refcount(void **state)
{
	(void)state;
	struct frames f;
	phys_bytes pa;

	setup_two_ranges(&f);
	assert_int_equal(frames_alloc(&f, &pa), OK);
	assert_int_equal(frames_ref(&f, pa), OK);
	assert_int_equal(frames_ref(&f, pa), OK);
	assert_int_equal(frames_refs(&f, pa), 3);
	assert_int_equal(frames_unref(&f, pa), 2);
	assert_int_equal(frames_unref(&f, pa), 1);
	assert_int_equal(f.nfree, TOTAL - 1);	/* still held */
	assert_int_equal(frames_unref(&f, pa), 0);
	assert_int_equal(f.nfree, TOTAL);
	refs[index_of(pa)] = FRAMES_MAX_REFS;	/* saturated: refused, not wrapped */
	assert_int_equal(frames_ref(&f, pa), ERANGE);
}

static void test_double_free_rejected(void **state)
{
	(void)state;
	struct frames f;
	phys_bytes pa;

	setup_two_ranges(&f);
	assert_int_equal(frames_alloc(&f, &pa), OK);
	assert_int_equal(frames_unref(&f, pa), 0);
	assert_int_equal(frames_unref(&f, pa), EINVAL);		/* twice */
	assert_int_equal(f.nfree, TOTAL);
	assert_int_equal(frames_ref(&f, pa), EINVAL);		/* a free frame */
	assert_int_equal(frames_unref(&f, A_BASE - VM_PAGE_SIZE), EINVAL);	/* not ours */
	assert_int_equal(frames_unref(&f, B_BASE + B_COUNT * VM_PAGE_SIZE), EINVAL);
	assert_int_equal(frames_unref(&f, A_BASE + 12), EINVAL);	/* misaligned */
	assert_int_equal(frames_refs(&f, 0x12345000), 0);
	assert_int_equal(f.nfree, TOTAL);
}

static void test_add_range_checks(void **state)
{
	(void)state;
	struct frames f;

	frames_init(&f, refs, stack, CAP);
	assert_int_equal(frames_add_range(&f, A_BASE + 8, 4), EINVAL);	/* misaligned */
	assert_int_equal(frames_add_range(&f, A_BASE, 0), EINVAL);
	assert_int_equal(frames_add_range(&f, 0, 4), EINVAL);		/* frame 0 means "absent" */
	assert_int_equal(frames_add_range(&f, 0xfffff000u, 2), EINVAL);	/* past 4 GiB */
	assert_int_equal(frames_add_range(&f, A_BASE, 4), OK);
	assert_int_equal(frames_add_range(&f, A_BASE + 3 * VM_PAGE_SIZE, 4), EINVAL);	/* overlap */
	assert_int_equal(frames_add_range(&f, A_BASE - VM_PAGE_SIZE, 2), EINVAL);
	assert_int_equal(frames_add_range(&f, A_BASE + 4 * VM_PAGE_SIZE, 4), OK);	/* adjacent */
	assert_int_equal(frames_add_range(&f, B_BASE, CAP), ENOSPC);	/* arrays too small */
	for (unsigned i = f.nranges; i < FRAMES_MAX_RANGES; i++)
		assert_int_equal(frames_add_range(&f, B_BASE + i * 2 * VM_PAGE_SIZE, 1), OK);
	assert_int_equal(frames_add_range(&f, 0x01000000, 1), ENOSPC);	/* table full */
	assert_int_equal(f.total, 8 + FRAMES_MAX_RANGES - 2);
	assert_int_equal(f.commit_limit, f.total);
}

static void test_commit(void **state)
{
	(void)state;
	struct frames f;

	setup_two_ranges(&f);
	assert_int_equal(f.commit_limit, TOTAL);
	assert_int_equal(frames_commit(&f, TOTAL - 2), OK);
	assert_int_equal(frames_commit(&f, 3), ENOMEM);
	assert_int_equal(f.committed, TOTAL - 2);		/* unchanged by the failure */
	assert_int_equal(frames_commit(&f, 2), OK);
	assert_int_equal(frames_commit(&f, 1), ENOMEM);
	frames_uncommit(&f, 5);
	assert_int_equal(f.committed, TOTAL - 5);
	frames_uncommit(&f, 100);				/* clamps */
	assert_int_equal(f.committed, 0);
	assert_int_equal(frames_commit(&f, 0xffffffffu), ENOMEM);
}

/* Random allocs, refs and unrefs against a model: nothing handed out twice. */
static void test_never_twice_churn(void **state)
{
	(void)state;
	struct frames f;
	unsigned model[TOTAL] = { 0 }, held = 0;
	uint32_t seed = 12345;

	setup_two_ranges(&f);
	for (unsigned step = 0; step < 20000; step++) {
		seed = seed * 1103515245u + 12345u;
		unsigned what = (seed >> 16) % 3, i = (seed >> 8) % TOTAL;
		phys_bytes pa = i < A_COUNT ? A_BASE + i * VM_PAGE_SIZE
					   : B_BASE + (i - A_COUNT) * VM_PAGE_SIZE;

		if (what == 0) {
			int r = frames_alloc(&f, &pa);
			if (held == TOTAL) {
				assert_int_equal(r, ENOMEM);
				continue;
			}
			assert_int_equal(r, OK);
			i = (unsigned)index_of(pa);
			assert_int_equal(model[i], 0);
			model[i] = 1;
			held++;
		} else if (what == 1) {
			assert_int_equal(frames_ref(&f, pa), model[i] ? OK : EINVAL);
			if (model[i])
				model[i]++;
		} else {
			int r = frames_unref(&f, pa);
			if (!model[i]) {
				assert_int_equal(r, EINVAL);
				continue;
			}
			assert_int_equal(r, (int)--model[i]);
			if (!model[i])
				held--;
		}
		assert_int_equal(f.nfree, TOTAL - held);
		assert_int_equal(frames_refs(&f, pa), model[index_of(pa)]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("vm_frames", "alloc_all_distinct", test_alloc_all_distinct),
		HOST_TEST("vm_frames", "order_and_reuse", test_order_and_reuse),
		HOST_TEST("vm_frames", "refcount", test_refcount),
		HOST_TEST("vm_frames", "double_free_rejected", test_double_free_rejected),
		HOST_TEST("vm_frames", "add_range_checks", test_add_range_checks),
		HOST_TEST("vm_frames", "commit", test_commit),
		HOST_TEST("vm_frames", "never_twice_churn", test_never_twice_churn),
	};

	return cmocka_run_group_tests_name("host.vm_frames", tests, NULL, NULL);
}
