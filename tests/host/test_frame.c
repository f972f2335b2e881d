/*
 * tests/host/test_frame.c - host tests of kernel/mm/frame.c.
 *
 * A pool of NPAGES frames starting at an unaligned frame number; every
 * test checks nfree against what the pool actually hands out.
 */
#include <stdbool.h>
#include <string.h>
#include <abi/errno.h>
#include "tests/host/host_test.h"
#include "kernel/lib/bitmap.h"
#include "kernel/mm/frame.h"

#define NPAGES 100u
#define BASE_PFN 0x103u
#define BASE_ADDR ((uint64_t)BASE_PFN << FRAME_SHIFT)
#define END_ADDR (BASE_ADDR + (uint64_t)NPAGES * FRAME_SIZE)

static uint32_t bitmap[BITMAP_WORDS(NPAGES)];

/* A pool with every frame free. */
static void init_free_pool(struct frame_pool *p)
{
	frame_pool_init(p, bitmap, BASE_PFN, NPAGES);
	frame_pool_add_free(p, BASE_ADDR, END_ADDR);
}

/* Byte address of frame index i of the pool. */
static uint64_t addr_of(uint32_t i)
{
	return BASE_ADDR + (uint64_t)i * FRAME_SIZE;
}

/*
 * Allocates until ENOMEM; marks each frame in taken[] (by index), failing
 * on any frame outside the pool or handed out twice.  Returns the count.
 */
static uint32_t drain(struct frame_pool *p, bool taken[NPAGES])
{
	uint32_t n = 0, pfn;

	while (frame_alloc(p, &pfn) == OK) {
		assert_in_range(pfn, BASE_PFN, BASE_PFN + NPAGES - 1);
		assert_false(taken[pfn - BASE_PFN]);
		taken[pfn - BASE_PFN] = true;
		n++;
	}
	assert_int_equal(frame_pool_free_count(p), 0);
	return n;
}

static void test_init_all_used(void **state)
{
	(void)state;
	struct frame_pool p;
	uint32_t pfn;

	memset(bitmap, 0, sizeof(bitmap));
	frame_pool_init(&p, bitmap, BASE_PFN, NPAGES);
	assert_int_equal(frame_pool_free_count(&p), 0);
	assert_int_equal(frame_alloc(&p, &pfn), ENOMEM);
	assert_int_equal(frame_alloc_contig(&p, 1, 1, &pfn), ENOMEM);
}

static void test_never_twice(void **state)
{
	(void)state;
	struct frame_pool p;
	bool taken[NPAGES] = { false };
	uint32_t pfn;

	init_free_pool(&p);
	assert_int_equal(frame_pool_free_count(&p), NPAGES);
	assert_int_equal(drain(&p, taken), NPAGES);
	assert_int_equal(frame_alloc(&p, &pfn), ENOMEM);
}

static void test_free_and_realloc(void **state)
{
	(void)state;
	struct frame_pool p;
	bool taken[NPAGES] = { false };
	uint32_t pfn;

	init_free_pool(&p);
	drain(&p, taken);
	assert_int_equal(frame_free(&p, BASE_PFN + 42), OK);
	assert_int_equal(frame_pool_free_count(&p), 1);
	assert_int_equal(frame_alloc(&p, &pfn), OK);
	assert_int_equal(pfn, BASE_PFN + 42);
	assert_int_equal(frame_alloc(&p, &pfn), ENOMEM);
}

static void test_hint_rotates(void **state)
{
	(void)state;
	struct frame_pool p;
	uint32_t a, b;

	init_free_pool(&p);
	assert_int_equal(frame_alloc(&p, &a), OK);
	assert_int_equal(frame_free(&p, a), OK);
	/* A freed frame is not handed out again at once. */
	assert_int_equal(frame_alloc(&p, &b), OK);
	assert_int_not_equal(a, b);
}

static void test_double_free_rejected(void **state)
{
	(void)state;
	struct frame_pool p;
	uint32_t pfn;

	init_free_pool(&p);
	assert_int_equal(frame_alloc(&p, &pfn), OK);
	assert_int_equal(frame_free(&p, pfn), OK);
	assert_int_equal(frame_pool_free_count(&p), NPAGES);
	assert_int_equal(frame_free(&p, pfn), EINVAL);
	assert_int_equal(frame_pool_free_count(&p), NPAGES);
	assert_int_equal(frame_free(&p, BASE_PFN - 1), EINVAL);
	assert_int_equal(frame_free(&p, BASE_PFN + NPAGES), EINVAL);
	assert_int_equal(frame_free(&p, 0), EINVAL);
	assert_int_equal(frame_pool_free_count(&p), NPAGES);
}

static void test_add_free_rounds_inward(void **state)
{
	(void)state;
	struct frame_pool p;
	bool taken[NPAGES] = { false };

	frame_pool_init(&p, bitmap, BASE_PFN, NPAGES);
	/* [frame 1 + 1 byte, frame 4): only frames 2 and 3 are whole. */
	frame_pool_add_free(&p, addr_of(1) + 1, addr_of(4));
	assert_int_equal(frame_pool_free_count(&p), 2);
	/* Less than a frame, and empty or reversed ranges, free nothing. */
	frame_pool_add_free(&p, addr_of(10) + 1, addr_of(11) + FRAME_SIZE - 1);
	frame_pool_add_free(&p, addr_of(20), addr_of(20));
	frame_pool_add_free(&p, addr_of(30), addr_of(20));
	assert_int_equal(frame_pool_free_count(&p), 2);
	assert_int_equal(drain(&p, taken), 2);
	assert_true(taken[2] && taken[3]);
}

static void test_reserve_rounds_outward(void **state)
{
	(void)state;
	struct frame_pool p;
	bool taken[NPAGES] = { false };

	init_free_pool(&p);
	/* One byte on each side of the boundary between frames 5 and 6. */
	frame_pool_reserve(&p, addr_of(6) - 1, addr_of(6) + 1);
	assert_int_equal(frame_pool_free_count(&p), NPAGES - 2);
	assert_int_equal(drain(&p, taken), NPAGES - 2);
	assert_false(taken[5]);
	assert_false(taken[6]);
}

static void test_ranges_clipped_to_pool(void **state)
{
	(void)state;
	struct frame_pool p;

	frame_pool_init(&p, bitmap, BASE_PFN, NPAGES);
	frame_pool_add_free(&p, 0, UINT64_C(1) << 40);
	assert_int_equal(frame_pool_free_count(&p), NPAGES);
	frame_pool_reserve(&p, 0, addr_of(3));
	assert_int_equal(frame_pool_free_count(&p), NPAGES - 3);
	frame_pool_reserve(&p, addr_of(NPAGES - 1), UINT64_MAX);
	assert_int_equal(frame_pool_free_count(&p), NPAGES - 4);
	/* Entirely outside: nothing changes. */
	frame_pool_add_free(&p, 0, BASE_ADDR);
	frame_pool_reserve(&p, END_ADDR, END_ADDR + 0x100000);
	assert_int_equal(frame_pool_free_count(&p), NPAGES - 4);
}

static void test_reserved_never_handed_out(void **state)
{
	(void)state;
	struct frame_pool p;
	bool taken[NPAGES] = { false };
	uint32_t pfn;

	init_free_pool(&p);
	frame_pool_reserve(&p, addr_of(0), addr_of(10));
	frame_pool_reserve(&p, addr_of(31), addr_of(33));
	frame_pool_reserve(&p, addr_of(99), addr_of(100));
	assert_int_equal(drain(&p, taken), NPAGES - 13);
	for (uint32_t i = 0; i < NPAGES; i++)
		assert_int_equal(taken[i], !(i < 10 || i == 31 || i == 32 || i == 99));
	/* Nor by the contiguous allocator. */
	for (uint32_t i = 10; i < 31; i++)
		assert_int_equal(frame_free(&p, BASE_PFN + i), OK);
	assert_int_equal(frame_alloc_contig(&p, 22, 1, &pfn), ENOMEM);
	assert_int_equal(frame_alloc_contig(&p, 21, 1, &pfn), OK);
	assert_int_equal(pfn, BASE_PFN + 10);
}

static void test_overlapping_regions_exact(void **state)
{
	(void)state;
	struct frame_pool p;
	bool taken[NPAGES] = { false };

	frame_pool_init(&p, bitmap, BASE_PFN, NPAGES);
	frame_pool_add_free(&p, addr_of(0), addr_of(40));
	frame_pool_add_free(&p, addr_of(20), addr_of(60));	/* overlaps 20..39 */
	frame_pool_add_free(&p, addr_of(10), addr_of(30));	/* inside */
	assert_int_equal(frame_pool_free_count(&p), 60);
	frame_pool_reserve(&p, addr_of(50), addr_of(70));	/* half free */
	assert_int_equal(frame_pool_free_count(&p), 50);
	frame_pool_reserve(&p, addr_of(45), addr_of(55));	/* overlaps the last */
	assert_int_equal(frame_pool_free_count(&p), 45);
	frame_pool_reserve(&p, addr_of(45), addr_of(55));	/* again */
	assert_int_equal(frame_pool_free_count(&p), 45);
	assert_int_equal(drain(&p, taken), 45);
	for (uint32_t i = 0; i < NPAGES; i++)
		assert_int_equal(taken[i], i < 45);
}

static void test_contig_alignment(void **state)
{
	(void)state;
	struct frame_pool p;
	bool taken[NPAGES] = { false };
	uint32_t pfn;

	init_free_pool(&p);
	assert_int_equal(frame_alloc_contig(&p, 5, 8, &pfn), OK);
	assert_int_equal(pfn % 8, 0);
	assert_in_range(pfn, BASE_PFN, BASE_PFN + NPAGES - 5);
	assert_int_equal(frame_pool_free_count(&p), NPAGES - 5);
	uint32_t first = pfn;

	assert_int_equal(frame_alloc_contig(&p, 16, 16, &pfn), OK);
	assert_int_equal(pfn % 16, 0);
	assert_true(pfn >= first + 5 || pfn + 16 <= first);
	assert_int_equal(frame_pool_free_count(&p), NPAGES - 21);
	/* The single-frame allocator never returns frames of either run. */
	assert_int_equal(drain(&p, taken), NPAGES - 21);
	for (uint32_t i = 0; i < 5; i++)
		assert_false(taken[first - BASE_PFN + i]);
	for (uint32_t i = 0; i < 16; i++)
		assert_false(taken[pfn - BASE_PFN + i]);
}

static void test_contig_fragmented(void **state)
{
	(void)state;
	struct frame_pool p;
	uint32_t pfn;

	frame_pool_init(&p, bitmap, BASE_PFN, NPAGES);
	/* Free runs: 3 frames at index 1, 4 at index 7, 6 at index 50. */
	frame_pool_add_free(&p, addr_of(1), addr_of(4));
	frame_pool_add_free(&p, addr_of(7), addr_of(11));
	frame_pool_add_free(&p, addr_of(50), addr_of(56));
	assert_int_equal(frame_alloc_contig(&p, 7, 1, &pfn), ENOMEM);
	assert_int_equal(frame_alloc_contig(&p, 4, 1, &pfn), OK);
	assert_int_equal(pfn, BASE_PFN + 7);
	/*
	 * Left: pfns 0x104..0x106 and 0x135..0x13a.  No 4-aligned run of 4
	 * (0x107 and 0x13b are used); runs of 2 at 0x104, then at 0x138.
	 */
	assert_int_equal(frame_alloc_contig(&p, 4, 4, &pfn), ENOMEM);
	assert_int_equal(frame_alloc_contig(&p, 2, 4, &pfn), OK);
	assert_int_equal(pfn, 0x104);
	assert_int_equal(frame_alloc_contig(&p, 2, 4, &pfn), OK);
	assert_int_equal(pfn, 0x138);
	assert_int_equal(frame_pool_free_count(&p), 3 + 6 - 4);
	/* Left: 0x106, 0x135..0x137, 0x13a. */
	assert_int_equal(frame_alloc_contig(&p, 3, 0, &pfn), OK);
	assert_int_equal(pfn, 0x135);
	assert_int_equal(frame_alloc_contig(&p, 2, 1, &pfn), ENOMEM);
	assert_int_equal(frame_pool_free_count(&p), 2);
}

static void test_contig_bad_arguments(void **state)
{
	(void)state;
	struct frame_pool p;
	uint32_t pfn;

	init_free_pool(&p);
	assert_int_equal(frame_alloc_contig(&p, 0, 1, &pfn), EINVAL);
	assert_int_equal(frame_alloc_contig(&p, 1, 3, &pfn), EINVAL);
	assert_int_equal(frame_alloc_contig(&p, NPAGES + 1, 1, &pfn), ENOMEM);
	assert_int_equal(frame_alloc_contig(&p, 4, 128, &pfn), ENOMEM);
	assert_int_equal(frame_pool_free_count(&p), NPAGES);
	assert_int_equal(frame_alloc_contig(&p, NPAGES, 1, &pfn), OK);
	assert_int_equal(pfn, BASE_PFN);
	assert_int_equal(frame_pool_free_count(&p), 0);
}

static void test_pool_at_top_of_pfn_space(void **state)
{
	(void)state;
	struct frame_pool p;
	bool taken[NPAGES] = { false };
	const uint32_t base = 0xffffffffu - NPAGES + 1;	/* last frame is 2^32 - 1 */
	uint32_t pfn;

	frame_pool_init(&p, bitmap, base, NPAGES);
	frame_pool_add_free(&p, (uint64_t)base << FRAME_SHIFT, UINT64_MAX);
	assert_int_equal(frame_pool_free_count(&p), NPAGES);
	assert_int_equal(frame_alloc_contig(&p, 16, 16, &pfn), OK);
	assert_int_equal(pfn % 16, 0);
	assert_true(pfn >= base);
	assert_int_equal(frame_alloc_contig(&p, 1, 1u << 31, &pfn), ENOMEM);
	assert_int_equal(frame_free(&p, 0xffffffffu), EINVAL);	/* still free */
	frame_pool_init(&p, bitmap, base, NPAGES);
	frame_pool_add_free(&p, (uint64_t)base << FRAME_SHIFT, UINT64_MAX);
	uint32_t n = 0;

	while (frame_alloc(&p, &pfn) == OK) {
		assert_true(pfn >= base);
		assert_false(taken[pfn - base]);
		taken[pfn - base] = true;
		n++;
	}
	assert_int_equal(n, NPAGES);
	assert_int_equal(frame_free(&p, 0xffffffffu), OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("frame", "init_all_used", test_init_all_used),
		HOST_TEST("frame", "never_twice", test_never_twice),
		HOST_TEST("frame", "free_and_realloc", test_free_and_realloc),
		HOST_TEST("frame", "hint_rotates", test_hint_rotates),
		HOST_TEST("frame", "double_free_rejected", test_double_free_rejected),
		HOST_TEST("frame", "add_free_rounds_inward", test_add_free_rounds_inward),
		HOST_TEST("frame", "reserve_rounds_outward", test_reserve_rounds_outward),
		HOST_TEST("frame", "ranges_clipped_to_pool", test_ranges_clipped_to_pool),
		HOST_TEST("frame", "reserved_never_handed_out", test_reserved_never_handed_out),
		HOST_TEST("frame", "overlapping_regions_exact", test_overlapping_regions_exact),
		HOST_TEST("frame", "contig_alignment", test_contig_alignment),
		HOST_TEST("frame", "contig_fragmented", test_contig_fragmented),
		HOST_TEST("frame", "contig_bad_arguments", test_contig_bad_arguments),
		HOST_TEST("frame", "pool_at_top_of_pfn_space", test_pool_at_top_of_pfn_space),
	};

	return cmocka_run_group_tests_name("host.frame", tests, NULL, NULL);
}
