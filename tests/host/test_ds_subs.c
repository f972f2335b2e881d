/*
 * tests/host/test_ds_subs.c - host tests of servers/ds/subs.c: pattern
 * matching, the subscriber and pattern limits, and the per-subscriber
 * event queue (order, one event per key, overflow).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <abi/endpoint.h>
#include <abi/errno.h>
#include "tests/host/host_test.h"
#include "servers/ds/subs.h"

static void test_match(void **state)
{
	(void)state;
	assert_true(ds_match("abc", "abc"));
	assert_false(ds_match("abc", "abcd"));
	assert_false(ds_match("abcd", "abc"));
	assert_true(ds_match("*", "anything"));
	assert_true(ds_match("drv.*", "drv."));
	assert_true(ds_match("drv.*", "drv.net.0"));
	assert_false(ds_match("drv.*", "drv"));
	assert_true(ds_match("a?c", "abc"));
	assert_false(ds_match("a?c", "ac"));
	assert_true(ds_match("*.0", "drv.net.0"));
	assert_false(ds_match("*.0", "drv.net.01"));
	assert_true(ds_match("a*b*c", "axxbyybzc"));	/* backtracks past the first 'b' */
	assert_false(ds_match("a*b*c", "axxbyy"));
	assert_true(ds_match("**x", "x"));
	assert_true(ds_match("*?", "z"));
	assert_false(ds_match("*?", ""));
}

static struct ds_event ev(const char *key, uint32_t what)
{
	struct ds_event e = { .type = DSF_TYPE_U32, .what = what, .owner = 5 };

	strncpy(e.key, key, sizeof(e.key) - 1);
	return e;
}

/* Slots and patterns run out with ENOSPC; a repeated pattern takes none. */
static void test_limits(void **state)
{
	struct ds_subs t;
	struct ds_sub *s;
	char pat[16];

	(void)state;
	subs_init(&t);
	for (int i = 0; i < DS_SUB_PATTERNS; i++) {
		snprintf(pat, sizeof(pat), "p%d*", i);
		assert_int_equal(subs_add(&t, 100, pat, &s), OK);
	}
	assert_int_equal(subs_add(&t, 100, "p0*", &s), OK);
	assert_int_equal(s->npatterns, DS_SUB_PATTERNS);
	assert_int_equal(subs_add(&t, 100, "new", &s), ENOSPC);
	for (int i = 1; i < DS_MAX_SUBSCRIBERS; i++)
		assert_int_equal(subs_add(&t, 100 + i, "x", &s), OK);
	assert_int_equal(subs_count(&t), DS_MAX_SUBSCRIBERS);
	assert_int_equal(subs_add(&t, 999, "x", &s), ENOSPC);
	assert_null(subs_find(&t, 999));
	subs_remove(subs_find(&t, 105));
	assert_int_equal(subs_count(&t), DS_MAX_SUBSCRIBERS - 1);
	assert_int_equal(subs_add(&t, 999, "x", &s), OK);
	assert_int_equal(s->ep, 999);
	assert_int_equal(s->count, 0);		/* a reused slot starts empty */
	assert_true(subs_matches(subs_find(&t, 100), "p3abc"));
	assert_false(subs_matches(subs_find(&t, 100), "q"));
}

/* Events come out in order; a newer event of a queued key replaces it. */
static void test_queue(void **state)
{
	struct ds_subs t;
	struct ds_sub *s;
	struct ds_event e;

	(void)state;
	subs_init(&t);
	assert_int_equal(subs_add(&t, 7, "*", &s), OK);
	assert_int_equal(subs_pop(s, &e), ENOENT);
	e = ev("a", DS_EV_UPDATE);
	subs_push(s, &e);
	e = ev("b", DS_EV_UPDATE);
	subs_push(s, &e);
	e = ev("a", DS_EV_DELETE);
	subs_push(s, &e);
	assert_int_equal(s->count, 2);
	assert_int_equal(subs_pop(s, &e), OK);
	assert_string_equal(e.key, "a");
	assert_int_equal(e.what, DS_EV_DELETE);
	assert_int_equal(subs_pop(s, &e), OK);
	assert_string_equal(e.key, "b");
	assert_int_equal(subs_pop(s, &e), ENOENT);
}

/* Past DS_SUB_QUEUE keys: the queue drains, then one overflow event. */
static void test_overflow(void **state)
{
	struct ds_subs t;
	struct ds_sub *s;
	struct ds_event e;
	char key[16];

	(void)state;
	subs_init(&t);
	assert_int_equal(subs_add(&t, 7, "*", &s), OK);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < DS_SUB_QUEUE + 5; i++) {
			snprintf(key, sizeof(key), "k%d", i);
			e = ev(key, DS_EV_UPDATE);
			subs_push(s, &e);
		}
		for (int i = 0; i < DS_SUB_QUEUE; i++) {
			assert_int_equal(subs_pop(s, &e), OK);
			snprintf(key, sizeof(key), "k%d", i);
			assert_string_equal(e.key, key);
		}
		assert_int_equal(subs_pop(s, &e), OK);
		assert_int_equal(e.what, DS_EV_OVERFLOW);
		assert_int_equal(e.owner, NONE);
		assert_int_equal(subs_pop(s, &e), ENOENT);	/* the ring wraps for round 2 */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("ds_subs", "match", test_match),
		HOST_TEST("ds_subs", "limits", test_limits),
		HOST_TEST("ds_subs", "queue", test_queue),
		HOST_TEST("ds_subs", "overflow", test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
