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

/* The saved table comes back as it was, each subscriber told to look again. */
static void test_save_restore(void **state)
{
	static struct ds_subs t, back;
	static uint8_t buf[DS_SUB_STATE_MAX];
	struct ds_sub *s;
	uint32_t n;

	(void)state;
	subs_init(&t);
	assert_int_equal(subs_state_size(&t), 0);
	assert_int_equal(subs_add(&t, 1025, "drv.*", &s), OK);
	assert_int_equal(subs_add(&t, 1025, "net?", &s), OK);
	assert_int_equal(subs_add(&t, 2050, "*", &s), OK);
	subs_remove(subs_find(&t, 1025));
	assert_int_equal(subs_add(&t, 3075, "x", &s), OK);	/* takes the freed slot */
	assert_int_equal(subs_add(&t, 3075, "y.*", &s), OK);
	n = subs_save(&t, buf);
	assert_int_equal(n, subs_state_size(&t));
	assert_int_equal(n, (4 + 1 + 2) + (4 + 1 + 2 + 4));
	assert_int_equal(subs_restore(&back, buf, n), OK);
	assert_int_equal(subs_count(&back), 2);
	s = subs_find(&back, 3075);
	assert_non_null(s);
	assert_int_equal(s->npatterns, 2);
	assert_string_equal(s->patterns[1], "y.*");
	assert_true(subs_matches(subs_find(&back, 2050), "anything"));
	assert_true(s->overflow);
	assert_int_equal(s->count, 0);
	assert_int_equal(subs_restore(&back, buf, 0), OK);	/* nothing saved */
	assert_int_equal(subs_count(&back), 0);
}

/* Every malformed saved table is refused and leaves the table empty. */
static void test_restore_malformed(void **state)
{
	static struct ds_subs t, back;
	static uint8_t buf[DS_SUB_STATE_MAX], bad[DS_SUB_STATE_MAX];
	struct ds_sub *s;
	uint32_t n;
	endpoint_t neg = -5;

	(void)state;
	subs_init(&t);
	assert_int_equal(subs_add(&t, 1025, "drv.*", &s), OK);
	assert_int_equal(subs_add(&t, 2050, "a", &s), OK);
	n = subs_save(&t, buf);
	for (uint32_t cut = 1; cut < n; cut++) {		/* every truncation */
		assert_int_equal(subs_restore(&back, buf, cut), cut == 11 ? OK : EINVAL);
		if (cut != 11)
			assert_int_equal(subs_count(&back), 0);
	}
	memcpy(bad, buf, n);
	bad[4] = DS_SUB_PATTERNS + 1;				/* too many patterns */
	assert_int_equal(subs_restore(&back, bad, n), EINVAL);
	memcpy(bad, buf, n);
	bad[4] = 0;						/* none */
	assert_int_equal(subs_restore(&back, bad, n), EINVAL);
	memcpy(bad, buf, n);
	memcpy(bad, &neg, sizeof(neg));				/* not a process */
	assert_int_equal(subs_restore(&back, bad, n), EINVAL);
	memcpy(bad, buf, n);
	memcpy(bad + 11, buf, 4);				/* the same endpoint twice */
	assert_int_equal(subs_restore(&back, bad, n), EINVAL);
	memset(bad, 'a', sizeof(bad));				/* a pattern without its NUL */
	memcpy(bad, buf, 5);
	assert_int_equal(subs_restore(&back, bad, 5 + DS_KEY_MAX + 1), EINVAL);
	assert_int_equal(subs_count(&back), 0);
}

/* A pattern that would make the saved table too big is refused. */
static void test_state_budget(void **state)
{
	static struct ds_subs t;
	struct ds_sub *s;
	char pat[DS_KEY_MAX];
	int added = 0, r = OK;

	(void)state;
	subs_init(&t);
	memset(pat, 'p', DS_KEY_MAX - 1);
	pat[DS_KEY_MAX - 1] = '\0';
	for (int ep = 1; r == OK; ep++) {
		for (int i = 0; i < DS_SUB_PATTERNS && r == OK; i++) {
			pat[0] = (char)('a' + i);
			if ((r = subs_add(&t, ep, pat, &s)) == OK)
				added++;
		}
	}
	assert_int_equal(r, ENOSPC);
	assert_true(subs_state_size(&t) <= DS_SUB_STATE_MAX);
	assert_true(subs_state_size(&t) + 4 + 1 + DS_KEY_MAX > DS_SUB_STATE_MAX);
	assert_true(added < DS_MAX_SUBSCRIBERS * DS_SUB_PATTERNS);
	assert_int_equal(subs_count(&t), (uint32_t)(added + DS_SUB_PATTERNS - 1) / DS_SUB_PATTERNS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("ds_subs", "match", test_match),
		HOST_TEST("ds_subs", "limits", test_limits),
		HOST_TEST("ds_subs", "queue", test_queue),
		HOST_TEST("ds_subs", "overflow", test_overflow),
		HOST_TEST("ds_subs", "save_restore", test_save_restore),
		HOST_TEST("ds_subs", "restore_malformed", test_restore_malformed),
		HOST_TEST("ds_subs", "state_budget", test_state_budget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
