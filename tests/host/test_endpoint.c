/*
 * tests/host/test_endpoint.c - endpoint encoding (abi/endpoint.h): slot and
 * generation round-trip, every process endpoint is positive, special
 * endpoints are distinct from each other and from every process endpoint.
 */
#include "tests/host/host_test.h"
#include <abi/endpoint.h>

static void roundtrip(void **state)
{
	(void)state;
	for (int32_t gen = 1; gen < 5000; gen += 7) {
		for (int slot = 0; slot < ENDPOINT_MAX_SLOTS; slot += 13) {
			endpoint_t ep = endpoint_make(gen, slot);
			assert_int_equal(endpoint_slot(ep), slot);
			assert_int_equal(endpoint_gen(ep), gen);
		}
	}
}

static void positive_up_to_max_generation(void **state)
{
	(void)state;
	assert_true(endpoint_make(1, 0) > 0);
	assert_true(endpoint_make(ENDPOINT_GEN_MAX, ENDPOINT_MAX_SLOTS - 1) > 0);
	assert_int_equal(endpoint_gen(endpoint_make(ENDPOINT_GEN_MAX, 5)), ENDPOINT_GEN_MAX);
}

static void generations_differ(void **state)
{
	(void)state;
	/* the same slot in two incarnations never gives the same endpoint */
	assert_int_not_equal(endpoint_make(1, 42), endpoint_make(2, 42));
	assert_int_equal(endpoint_slot(endpoint_make(1, 42)), endpoint_slot(endpoint_make(2, 42)));
}

static void specials_distinct(void **state)
{
	const endpoint_t specials[] = { ANY, NONE, SELF, SYSTEM, CLOCK, HARDWARE };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(specials); i++) {
		assert_true(specials[i] < 0);
		for (size_t j = i + 1; j < ARRAY_LEN(specials); j++)
			assert_int_not_equal(specials[i], specials[j]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("endpoint", "roundtrip", roundtrip),
		HOST_TEST("endpoint", "positive_up_to_max_generation", positive_up_to_max_generation),
		HOST_TEST("endpoint", "generations_differ", generations_differ),
		HOST_TEST("endpoint", "specials_distinct", specials_distinct),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
