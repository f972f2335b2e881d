/*
 * tests/host/test_vm_region.c - host tests of servers/vm/region.c and
 * arena.c: region lists (insert, find, gaps, overlap refused, munmap's
 * cuts and splits, resize, fork's copy, exit's clear) and the page-array
 * arena under them.
 *
 * Page entries are filled with markers (a fake frame per page) so every
 * test can check which pages a piece kept and which ones the release
 * callback saw.  Every test ends with the arena and the region pool back
 * to full, so nothing leaks.
 */
#include <stdbool.h>
#include <string.h>
#include <abi/errno.h>
#include "tests/host/host_test.h"
#include "servers/vm/region.h"

#define NSLOTS		256u
#define NREGIONS	8u
#define P		VM_PAGE_SIZE
#define BASE		0x90000000u

static vm_page_t slots[NSLOTS];
static uint32_t used_map[ARENA_MAP_WORDS(NSLOTS)];
static struct vm_region region_slots[NREGIONS];
static struct arena arena;
static struct region_pool pool;

/* What the release callback saw. */
static struct {
	unsigned calls;
	vir_bytes va[NSLOTS];
	vm_page_t page[NSLOTS];
} released;

static void on_release(void *ctx, vir_bytes va, vm_page_t page)
{
	assert_ptr_equal(ctx, &released);
	assert_true(released.calls < NSLOTS);
	released.va[released.calls] = va;
	released.page[released.calls++] = page;
}

static int setup(void **state)
{
	(void)state;
	arena_init(&arena, slots, used_map, NSLOTS);
	region_pool_init(&pool, region_slots, NREGIONS, &arena);
	memset(&released, 0, sizeof(released));
	return 0;
}

static struct vm_space empty_space(void)
{
	return (struct vm_space){ .ep = 7, .regions = NULL, .npages = 0, .brk = 0 };
}

/* The marker of the page at va: a fake frame with VMPG_WRITE. */
static vm_page_t marker(vir_bytes va)
{
	return (va & ~VM_PAGE_MASK) | VMPG_WRITE;
}

/* Inserts a region and marks every page present. */
static struct vm_region *insert_marked(struct vm_space *s, vir_bytes start, uint32_t n)
{
	struct vm_region *r = NULL;

	assert_int_equal(region_insert(&pool, s, start, n, VMR_WRITE, &r), OK);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(r->pages[i], 0);		/* fresh pages are absent */
		r->pages[i] = marker(start + i * P);
	}
	return r;
}

/* Every page of every region still holds its own marker; regions sorted, disjoint. */
static void check_markers(const struct vm_space *s)
{
	uint32_t total = 0;
	vir_bytes last_end = 0;

	for (const struct vm_region *r = s->regions; r; r = r->next) {
		assert_true(r->start >= last_end);
		for (uint32_t i = 0; i < r->npages; i++)
			assert_int_equal(r->pages[i], marker(r->start + i * P));
		last_end = region_end(r);
		total += r->npages;
	}
	assert_int_equal(total, s->npages);
}

/* Clears s and checks that the pool and the arena are whole again. */
static void teardown_space(struct vm_space *s)
{
	region_clear_space(&pool, s, NULL, NULL);
	assert_null(s->regions);
	assert_int_equal(s->npages, 0);
	assert_int_equal(pool.nfree, NREGIONS);
	assert_int_equal(arena.nfree, NSLOTS);
}

static void test_insert_find(void **state)
{
	(void)state;
	struct vm_space s = empty_space();

	insert_marked(&s, BASE + 20 * P, 4);
	insert_marked(&s, BASE, 2);
	insert_marked(&s, BASE + 10 * P, 3);
	assert_int_equal(region_count(&s), 3);
	assert_int_equal(s.npages, 9);
	assert_int_equal(s.regions->start, BASE);			/* kept sorted */
	assert_int_equal(s.regions->next->start, BASE + 10 * P);
	assert_ptr_equal(region_find(&s, BASE), s.regions);
	assert_ptr_equal(region_find(&s, BASE + 2 * P - 1), s.regions);
	assert_null(region_find(&s, BASE + 2 * P));
	assert_null(region_find(&s, BASE - 1));
	assert_int_equal(region_find(&s, BASE + 23 * P + 5)->start, BASE + 20 * P);
	assert_null(region_find(&s, BASE + 24 * P));
	check_markers(&s);
	teardown_space(&s);
}

static void test_overlap_refused(void **state)
{
	(void)state;
	struct vm_space s = empty_space();

	insert_marked(&s, BASE + 10 * P, 4);				/* [10, 14) */
	assert_int_equal(region_insert(&pool, &s, BASE + 10 * P, 1, 0, NULL), EEXIST);
	assert_int_equal(region_insert(&pool, &s, BASE + 13 * P, 5, 0, NULL), EEXIST);
	assert_int_equal(region_insert(&pool, &s, BASE + 8 * P, 3, 0, NULL), EEXIST);
	assert_int_equal(region_insert(&pool, &s, BASE + 5 * P, 20, 0, NULL), EEXIST);	/* covers it */
	assert_int_equal(region_insert(&pool, &s, BASE + 11 * P, 1, 0, NULL), EEXIST);	/* inside */
	assert_int_equal(region_insert(&pool, &s, BASE + 3, 1, 0, NULL), EINVAL);
	assert_int_equal(region_insert(&pool, &s, BASE, 0, 0, NULL), EINVAL);
	assert_int_equal(region_insert(&pool, &s, 0xfffff000u, 2, 0, NULL), EINVAL);
	assert_int_equal(s.npages, 4);
	assert_int_equal(pool.nfree, NREGIONS - 1);
	assert_int_equal(arena.nfree, NSLOTS - 4);
	insert_marked(&s, BASE + 14 * P, 1);				/* adjacent is fine */
	insert_marked(&s, BASE + 9 * P, 1);
	check_markers(&s);
	teardown_space(&s);
}

static void test_gap(void **state)
{
	(void)state;
	struct vm_space s = empty_space();
	vir_bytes at = 0;

	assert_int_equal(region_gap(&s, 4, BASE, BASE + 16 * P, &at), OK);
	assert_int_equal(at, BASE);
	insert_marked(&s, BASE, 4);
	insert_marked(&s, BASE + 6 * P, 2);
	assert_int_equal(region_gap(&s, 2, BASE, BASE + 16 * P, &at), OK);
	assert_int_equal(at, BASE + 4 * P);				/* the hole fits */
	assert_int_equal(region_gap(&s, 3, BASE, BASE + 16 * P, &at), OK);
	assert_int_equal(at, BASE + 8 * P);				/* it does not */
	assert_int_equal(region_gap(&s, 8, BASE, BASE + 16 * P, &at), OK);
	assert_int_equal(at, BASE + 8 * P);
	assert_int_equal(region_gap(&s, 9, BASE, BASE + 16 * P, &at), ENOMEM);
	assert_int_equal(region_gap(&s, 0, BASE, BASE + 16 * P, &at), ENOMEM);
	assert_int_equal(region_gap(&s, 2, BASE + 5 * P, BASE + 16 * P, &at), OK);
	assert_int_equal(at, BASE + 8 * P);				/* lo inside a hole */
	teardown_space(&s);
}

/* munmap: whole regions, heads, tails, a middle split, and across several. */
static void test_remove_cuts_and_splits(void **state)
{
	(void)state;
	struct vm_space s = empty_space();

	insert_marked(&s, BASE, 10);					/* [0, 10) */
	insert_marked(&s, BASE + 20 * P, 5);				/* [20, 25) */
	assert_int_equal(region_remove(&pool, &s, BASE + 3 * P, 4, on_release, &released), 4);
	assert_int_equal(released.calls, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(released.va[i], BASE + (3 + i) * P);
		assert_int_equal(released.page[i], marker(BASE + (3 + i) * P));
	}
	assert_int_equal(region_count(&s), 3);				/* [0,3) [7,10) [20,25) */
	assert_non_null(region_find(&s, BASE + 2 * P));
	assert_null(region_find(&s, BASE + 3 * P));
	assert_null(region_find(&s, BASE + 6 * P));
	assert_int_equal(region_find(&s, BASE + 7 * P)->start, BASE + 7 * P);
	check_markers(&s);
	/* head of [7,10), all of nothing between, tail of [20,25) untouched */
	assert_int_equal(region_remove(&pool, &s, BASE + 6 * P, 2, on_release, &released), 1);
	assert_int_equal(region_find(&s, BASE + 8 * P)->start, BASE + 8 * P);
	/* across: tail of [0,3), all of [8,10), head of [20,25) */
	released.calls = 0;
	assert_int_equal(region_remove(&pool, &s, BASE + 2 * P, 20, on_release, &released), 1 + 2 + 2);
	assert_int_equal(released.calls, 5);
	assert_int_equal(region_count(&s), 2);				/* [0,2) [22,25) */
	assert_int_equal(s.npages, 5);
	check_markers(&s);
	assert_int_equal(region_remove(&pool, &s, BASE + 30 * P, 3, on_release, &released), 0);
	assert_int_equal(region_remove(&pool, &s, BASE + 1, 1, NULL, NULL), EINVAL);
	teardown_space(&s);
}

/* Absent pages are not handed to the release callback. */
static void test_release_only_present(void **state)
{
	(void)state;
	struct vm_space s = empty_space();
	struct vm_region *r = NULL;

	assert_int_equal(region_insert(&pool, &s, BASE, 6, VMR_WRITE, &r), OK);
	r->pages[1] = marker(BASE + P);
	r->pages[4] = marker(BASE + 4 * P);
	assert_int_equal(region_remove(&pool, &s, BASE, 6, on_release, &released), 6);
	assert_int_equal(released.calls, 2);
	assert_int_equal(released.va[1], BASE + 4 * P);
	assert_null(s.regions);
	teardown_space(&s);
}

/* A split needs a region structure; without one nothing changes. */
static void test_split_without_room(void **state)
{
	(void)state;
	struct vm_space s = empty_space();

	for (unsigned i = 0; i < NREGIONS; i++)
		insert_marked(&s, BASE + i * 10 * P, 5);
	assert_int_equal(pool.nfree, 0);
	assert_int_equal(region_remove(&pool, &s, BASE + P, 2, on_release, &released), ENOMEM);
	assert_int_equal(released.calls, 0);
	assert_int_equal(s.npages, NREGIONS * 5);
	assert_int_equal(region_insert(&pool, &s, BASE + 200 * P, 1, 0, NULL), ENOMEM);
	assert_int_equal(region_remove(&pool, &s, BASE, 2, on_release, &released), 2);	/* a cut is fine */
	check_markers(&s);
	teardown_space(&s);
}

static void test_resize(void **state)
{
	(void)state;
	struct vm_space s = empty_space();
	struct vm_region *r = insert_marked(&s, BASE, 3);

	insert_marked(&s, BASE + 10 * P, 2);
	assert_int_equal(region_resize(&pool, &s, r, 8, on_release, &released), OK);
	assert_int_equal(r->npages, 8);
	assert_int_equal(s.npages, 10);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(r->pages[i], marker(BASE + i * P));	/* kept */
	for (unsigned i = 3; i < 8; i++) {
		assert_int_equal(r->pages[i], 0);			/* new: absent */
		r->pages[i] = marker(BASE + i * P);
	}
	assert_int_equal(region_resize(&pool, &s, r, 11, NULL, NULL), EEXIST);	/* next region */
	assert_int_equal(region_resize(&pool, &s, r, 10, NULL, NULL), OK);	/* up to it */
	r->pages[8] = marker(BASE + 8 * P);
	r->pages[9] = marker(BASE + 9 * P);
	assert_int_equal(region_resize(&pool, &s, r, 2, on_release, &released), OK);
	assert_int_equal(released.calls, 8);
	assert_int_equal(s.npages, 4);
	assert_int_equal(region_resize(&pool, &s, r, 0, NULL, NULL), EINVAL);
	check_markers(&s);
	teardown_space(&s);
}

static void test_copy_and_clear(void **state)
{
	(void)state;
	struct vm_space s = empty_space(), c = empty_space();

	insert_marked(&s, BASE, 3);
	insert_marked(&s, BASE + 8 * P, 4);
	assert_int_equal(region_copy_space(&pool, &c, &s), OK);
	assert_int_equal(c.npages, 7);
	assert_int_equal(region_count(&c), 2);
	check_markers(&c);
	assert_ptr_not_equal(c.regions->pages, s.regions->pages);	/* own arrays */
	c.regions->pages[0] = 0;
	assert_int_equal(s.regions->pages[0], marker(BASE));
	region_clear_space(&pool, &c, on_release, &released);
	assert_int_equal(released.calls, 6);				/* present pages only */
	check_markers(&s);
	teardown_space(&s);
}

/* A copy that runs out of room leaves the copy empty and nothing leaked. */
static void test_copy_out_of_room(void **state)
{
	(void)state;
	struct vm_space s = empty_space(), c = empty_space();

	insert_marked(&s, BASE, 100);
	insert_marked(&s, BASE + 200 * P, 100);
	assert_int_equal(region_copy_space(&pool, &c, &s), ENOMEM);	/* 256 slots < 400 */
	assert_null(c.regions);
	assert_int_equal(arena.nfree, NSLOTS - 200);
	assert_int_equal(pool.nfree, NREGIONS - 2);
	check_markers(&s);
	teardown_space(&s);
}

static void test_arena(void **state)
{
	(void)state;
	vm_page_t *a, *b, *c, *d;

	assert_non_null(a = arena_alloc(&arena, 100));
	assert_non_null(b = arena_alloc(&arena, 100));
	assert_null(arena_alloc(&arena, 57));				/* 56 left */
	assert_null(arena_alloc(&arena, 0));
	assert_int_equal(arena_free(&arena, a + 10, 30), OK);		/* part of a run */
	assert_int_equal(arena_free(&arena, a + 20, 5), EINVAL);	/* free already */
	assert_int_equal(arena_free(&arena, slots + NSLOTS - 1, 2), EINVAL);	/* past the end */
	assert_non_null(c = arena_alloc(&arena, 30));
	assert_ptr_equal(c, b + 100);					/* from the hint on */
	assert_non_null(d = arena_alloc(&arena, 30));
	assert_ptr_equal(d, a + 10);					/* 26 left there: wraps */
	assert_int_equal(arena_free(&arena, a, 10), OK);
	assert_int_equal(arena_free(&arena, c, 30), OK);
	assert_int_equal(arena_free(&arena, d, 30), OK);
	assert_int_equal(arena_free(&arena, a + 40, 60), OK);
	assert_int_equal(arena_free(&arena, b, 100), OK);
	assert_int_equal(arena.nfree, NSLOTS);
	assert_non_null(a = arena_alloc(&arena, NSLOTS));		/* whole again */
	assert_int_equal(arena_free(&arena, a, NSLOTS), OK);
}

/* HOST_TEST with the fresh arena and pool of setup() */
#define REGION_TEST(what, fn) { "host.vm_region." what, fn, setup, NULL, NULL }

int main(void)
{
	const struct CMUnitTest tests[] = {
		REGION_TEST("insert_find", test_insert_find),
		REGION_TEST("overlap_refused", test_overlap_refused),
		REGION_TEST("gap", test_gap),
		REGION_TEST("remove_cuts_and_splits", test_remove_cuts_and_splits),
		REGION_TEST("release_only_present", test_release_only_present),
		REGION_TEST("split_without_room", test_split_without_room),
		REGION_TEST("resize", test_resize),
		REGION_TEST("copy_and_clear", test_copy_and_clear),
		REGION_TEST("copy_out_of_room", test_copy_out_of_room),
		REGION_TEST("arena", test_arena),
	};

	return cmocka_run_group_tests_name("host.vm_region", tests, NULL, NULL);
}
