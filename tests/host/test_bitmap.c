/*
 * tests/host/test_bitmap.c - host tests of kernel/lib/bitmap.h.
 *
 * Word-boundary cases by hand, then a randomised comparison of every
 * search against a one-bool-per-bit model.
 */
#include <stdbool.h>
#include <string.h>
#include "tests/host/host_test.h"
#include "kernel/lib/bitmap.h"

#define NBITS 96

static void test_words_macro(void **state)
{
	(void)state;
	assert_int_equal(BITMAP_WORDS(0), 0);
	assert_int_equal(BITMAP_WORDS(1), 1);
	assert_int_equal(BITMAP_WORDS(32), 1);
	assert_int_equal(BITMAP_WORDS(33), 2);
	assert_int_equal(BITMAP_WORDS(64), 2);
	assert_int_equal(BITMAP_WORDS(65), 3);
}

static void test_set_clear_word_boundaries(void **state)
{
	(void)state;
	uint32_t map[BITMAP_WORDS(NBITS)] = { 0 };
	static const unsigned bits[] = { 0, 31, 32, 33, 63, 64, 95 };

	for (size_t i = 0; i < ARRAY_LEN(bits); i++)
		bitmap_set(map, bits[i]);
	assert_int_equal(map[0], 0x80000001u);
	assert_int_equal(map[1], 0x80000003u);
	assert_int_equal(map[2], 0x80000001u);
	for (unsigned b = 0; b < NBITS; b++) {
		bool want = false;

		for (size_t i = 0; i < ARRAY_LEN(bits); i++)
			want |= bits[i] == b;
		assert_int_equal(bitmap_test(map, b), want);
	}
	bitmap_clear(map, 32);
	bitmap_clear(map, 31);
	assert_int_equal(map[0], 0x00000001u);
	assert_int_equal(map[1], 0x80000002u);
	assert_false(bitmap_test(map, 32));
	assert_true(bitmap_test(map, 33));
}

static void test_find_first(void **state)
{
	(void)state;
	uint32_t map[BITMAP_WORDS(NBITS)] = { 0 };

	assert_int_equal(bitmap_find_first_set(map, NBITS), NBITS);
	assert_int_equal(bitmap_find_first_clear(map, NBITS), 0);
	bitmap_set(map, 33);
	assert_int_equal(bitmap_find_first_set(map, NBITS), 33);
	memset(map, 0xff, sizeof(map));
	assert_int_equal(bitmap_find_first_clear(map, NBITS), NBITS);
	bitmap_clear(map, 64);
	assert_int_equal(bitmap_find_first_clear(map, NBITS), 64);
}

static void test_find_next_at_and_past_end(void **state)
{
	(void)state;
	uint32_t map[BITMAP_WORDS(NBITS)] = { 0 };

	bitmap_set(map, 95);
	assert_int_equal(bitmap_find_next_set(map, NBITS, 95), 95);
	assert_int_equal(bitmap_find_next_set(map, NBITS, 96), NBITS);
	assert_int_equal(bitmap_find_next_set(map, NBITS, 1000), NBITS);
	assert_int_equal(bitmap_find_next_clear(map, NBITS, 95), NBITS);
	assert_int_equal(bitmap_find_next_clear(map, NBITS, 94), 94);
	bitmap_set(map, 31);
	assert_int_equal(bitmap_find_next_set(map, NBITS, 31), 31);
	assert_int_equal(bitmap_find_next_set(map, NBITS, 32), 95);
	assert_int_equal(bitmap_find_next_clear(map, NBITS, 31), 32);
}

static void test_bits_beyond_nbits_ignored(void **state)
{
	(void)state;
	uint32_t map[2] = { 0, 0 };

	/* nbits = 40: bits 40..63 of the last word are outside the map. */
	bitmap_set(map, 45);
	assert_int_equal(bitmap_find_first_set(map, 40), 40);
	assert_int_equal(bitmap_find_next_set(map, 40, 33), 40);
	map[0] = ~0u;
	map[1] = 0xffu;		/* bits 32..39 set, 40..63 clear */
	assert_int_equal(bitmap_find_first_clear(map, 40), 40);
	assert_int_equal(bitmap_find_next_clear(map, 40, 39), 40);
}

static void test_ranges_across_words(void **state)
{
	(void)state;
	uint32_t map[BITMAP_WORDS(NBITS)] = { 0 };

	assert_int_equal(bitmap_fill_range(map, 30, 40), 40);
	assert_int_equal(map[0], 0xc0000000u);
	assert_int_equal(map[1], 0xffffffffu);
	assert_int_equal(map[2], 0x0000003fu);
	/* Filling again changes nothing. */
	assert_int_equal(bitmap_fill_range(map, 30, 40), 0);
	assert_int_equal(bitmap_fill_range(map, 28, 4), 2);
	assert_int_equal(bitmap_clear_range(map, 31, 2), 2);
	assert_int_equal(map[0], 0x70000000u);
	assert_int_equal(map[1], 0xfffffffeu);
	assert_int_equal(bitmap_clear_range(map, 31, 2), 0);
	assert_int_equal(bitmap_clear_range(map, 0, 0), 0);
	assert_int_equal(bitmap_clear_range(map, 0, NBITS), 3 + 31 + 6);
	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		assert_int_equal(map[i], 0);
	assert_int_equal(bitmap_fill_range(map, 32, 32), 32);
	assert_int_equal(map[0], 0);
	assert_int_equal(map[1], 0xffffffffu);
	assert_int_equal(map[2], 0);
}

/* Deterministic pseudo-random numbers (LCG). */
static unsigned next_random(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

static unsigned model_next(const bool *model, unsigned nbits, unsigned start, bool value)
{
	for (unsigned b = start; b < nbits; b++) {
		if (model[b] == value)
			return b;
	}
	return nbits;
}

static void test_random_against_model(void **state)
{
	(void)state;
	enum { BITS = 200 };
	uint32_t map[BITMAP_WORDS(BITS)] = { 0 };
	bool model[BITS] = { false };
	unsigned seed = 1;

	for (int round = 0; round < 2000; round++) {
		unsigned start = next_random(&seed) % BITS;
		unsigned count = next_random(&seed) % (BITS - start + 1) % 70;
		bool set = next_random(&seed) & 1;
		unsigned changed = 0;

		for (unsigned b = start; b < start + count; b++) {
			changed += model[b] != set;
			model[b] = set;
		}
		assert_int_equal(set ? bitmap_fill_range(map, start, count)
				     : bitmap_clear_range(map, start, count), changed);
		for (unsigned s = 0; s <= BITS; s++) {
			assert_int_equal(bitmap_find_next_set(map, BITS, s), model_next(model, BITS, s, true));
			assert_int_equal(bitmap_find_next_clear(map, BITS, s), model_next(model, BITS, s, false));
		}
		for (unsigned b = 0; b < BITS; b++)
			assert_int_equal(bitmap_test(map, b), model[b]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("bitmap", "words_macro", test_words_macro),
		HOST_TEST("bitmap", "set_clear_word_boundaries", test_set_clear_word_boundaries),
		HOST_TEST("bitmap", "find_first", test_find_first),
		HOST_TEST("bitmap", "find_next_at_and_past_end", test_find_next_at_and_past_end),
		HOST_TEST("bitmap", "bits_beyond_nbits_ignored", test_bits_beyond_nbits_ignored),
		HOST_TEST("bitmap", "ranges_across_words", test_ranges_across_words),
		HOST_TEST("bitmap", "random_against_model", test_random_against_model),
	};

	return cmocka_run_group_tests_name("host.bitmap", tests, NULL, NULL);
}
