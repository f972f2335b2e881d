/*
 * tests/host/test_ds_store.c - host tests of servers/ds/store.c and
 * pool.c: keys, types and lengths, owner-only overwrite and delete, the
 * store's and each owner's limits, and that a refusal changes nothing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <abi/endpoint.h>
#include <abi/errno.h>
#include "tests/host/host_test.h"
#include "servers/ds/store.h"

static struct ds_store *new_store(void)
{
	struct ds_store *s = malloc(sizeof(*s));

	assert_non_null(s);
	store_init(s);
	return s;
}

static int put(struct ds_store *s, const char *key, const char *owner, uint32_t flags,
	       uint32_t value, uint32_t len, const void *data)
{
	struct ds_put p = { key, owner, 77, flags, value, len, data };
	struct ds_entry old;

	return store_put(s, &p, &old);
}

static void test_keys(void **state)
{
	char longest[DS_KEY_MAX], too_long[DS_KEY_MAX];

	(void)state;
	memset(longest, 'k', sizeof(longest) - 1);
	longest[DS_KEY_MAX - 1] = '\0';
	memset(too_long, 'k', sizeof(too_long));	/* no NUL within DS_KEY_MAX */
	assert_true(store_key_ok("drv.net.0", false));
	assert_true(store_key_ok(longest, false));
	assert_false(store_key_ok(too_long, false));
	assert_false(store_key_ok("", false));
	assert_false(store_key_ok("a b", false));
	assert_false(store_key_ok("a\x7f", false));
	assert_false(store_key_ok("drv.*", false));
	assert_false(store_key_ok("drv.?", false));
	assert_true(store_key_ok("drv.*", true));
	assert_true(store_key_ok("drv.?", true));
}

static void test_values(void **state)
{
	(void)state;
	assert_int_equal(store_check_value(DSF_TYPE_U32, 0), OK);
	assert_int_equal(store_check_value(DSF_TYPE_MEM, 0), EINVAL);
	assert_int_equal(store_check_value(DSF_TYPE_MEM, DS_MEM_MAX), OK);
	assert_int_equal(store_check_value(DSF_TYPE_MEM, DS_MEM_MAX + 1), E2BIG);
	assert_int_equal(store_check_value(DSF_TYPE_MAP, 4096), OK);
	assert_int_equal(store_check_value(DSF_TYPE_MAP, 4095), EINVAL);
	assert_int_equal(store_check_value(DSF_TYPE_MAP, DS_MAP_MAX + 4096), E2BIG);
	assert_int_equal(store_check_value(DSF_TYPE_U32 | DSF_TYPE_MEM, 4), EINVAL);
	assert_int_equal(store_check_value(0, 4), EINVAL);
}

/* Each type is kept as given; strings must end at their one NUL. */
static void test_put_types(void **state)
{
	struct ds_store *s = new_store();
	struct ds_entry *e;
	const char text[] = "hello";

	(void)state;
	assert_int_equal(put(s, "n", "a", DSF_TYPE_U32, 42, 0, NULL), OK);
	assert_int_equal(put(s, "l", "a", DSF_TYPE_LABEL, 1025, 0, NULL), OK);
	assert_int_equal(put(s, "s", "a", DSF_TYPE_STR, 0, sizeof(text), text), OK);
	assert_int_equal(put(s, "m", "a", DSF_TYPE_MEM, 0, 3, "xyz"), OK);
	assert_int_equal(put(s, "p", "a", DSF_TYPE_MAP, 9, 8192, NULL), OK);
	assert_int_equal(put(s, "bad", "a", DSF_TYPE_STR, 0, 3, "abc"), EINVAL);	/* no NUL */
	assert_int_equal(put(s, "bad", "a", DSF_TYPE_STR, 0, 4, "a\0bc"), EINVAL);	/* early NUL */
	assert_int_equal(put(s, "bad", "a", DSF_TYPE_U32 | (1u << 20), 1, 0, NULL), EINVAL);
	assert_int_equal(put(s, "bad*", "a", DSF_TYPE_U32, 1, 0, NULL), EINVAL);
	assert_int_equal(put(s, "bad", "", DSF_TYPE_U32, 1, 0, NULL), EINVAL);
	assert_int_equal(store_entries(s), 5);
	e = store_find(s, "n");
	assert_int_equal(e->type, DSF_TYPE_U32);
	assert_int_equal(e->value, 42);
	assert_int_equal(e->owner_ep, 77);
	e = store_find(s, "s");
	assert_string_equal(store_bytes(s, e), "hello");
	e = store_find(s, "m");
	assert_int_equal(e->len, 3);
	assert_memory_equal(store_bytes(s, e), "xyz", 3);
	e = store_find(s, "p");
	assert_int_equal(e->value, 9);
	assert_int_equal(e->len, 8192);
	assert_string_equal(store_label_of(s, 1025), "l");
	assert_null(store_label_of(s, 1026));
	assert_null(store_find(s, "bad"));
	free(s);
}

/* Only the owner label overwrites (with DSF_OVERWRITE) or deletes. */
static void test_owner_only(void **state)
{
	struct ds_store *s = new_store();
	struct ds_entry old;

	(void)state;
	assert_int_equal(put(s, "k", "a", DSF_TYPE_U32, 1, 0, NULL), OK);
	assert_int_equal(put(s, "k", "a", DSF_TYPE_U32, 2, 0, NULL), EEXIST);
	assert_int_equal(put(s, "k", "b", DSF_TYPE_U32 | DSF_OVERWRITE, 3, 0, NULL), EPERM);
	assert_int_equal(store_find(s, "k")->value, 1);
	assert_int_equal(put(s, "k", "a", DSF_TYPE_MEM | DSF_OVERWRITE, 0, 2, "hi"), OK);
	assert_int_equal(store_find(s, "k")->type, DSF_TYPE_MEM);
	assert_int_equal(store_delete(s, "k", DSF_TYPE_MEM, "b", &old), EPERM);
	assert_int_equal(store_delete(s, "k", DSF_TYPE_U32, "a", &old), EINVAL);
	assert_int_equal(store_delete(s, "nope", DSF_TYPE_U32, "a", &old), ENOENT);
	assert_int_equal(store_delete(s, "k", DSF_TYPE_MEM, "a", &old), OK);
	assert_string_equal(old.key, "k");
	assert_int_equal(old.len, 2);
	assert_null(store_find(s, "k"));
	assert_int_equal(pool_used(&s->pool), 0);
	free(s);
}

/* An overwrite hands back the old entry and its pool bytes are reused. */
static void test_overwrite_returns_old(void **state)
{
	struct ds_store *s = new_store();
	struct ds_put p = { "map", "a", 5, DSF_TYPE_MAP, 11, 4096, NULL };
	struct ds_entry old;
	static char data[100];

	(void)state;
	assert_int_equal(store_put(s, &p, &old), OK);
	assert_int_equal(old.key[0], '\0');
	p.flags |= DSF_OVERWRITE;
	p.value = 12;
	assert_int_equal(store_put(s, &p, &old), OK);
	assert_string_equal(old.key, "map");
	assert_int_equal(old.value, 11);
	assert_int_equal(old.owner_ep, 5);
	for (int i = 0; i < 100; i++)	/* overwriting does not leak pool units */
		assert_int_equal(put(s, "m", "a", DSF_TYPE_MEM | DSF_OVERWRITE, 0, 100, data), OK);
	assert_int_equal(pool_used(&s->pool), pool_size(100));
	free(s);
}

/* One owner cannot take more than its share; others still publish. */
static void test_owner_limits(void **state)
{
	struct ds_store *s = new_store();
	static char big[DS_MEM_MAX];
	char key[16];

	(void)state;
	for (int i = 0; i < DS_OWNER_ENTRIES; i++) {
		snprintf(key, sizeof(key), "f%d", i);
		assert_int_equal(put(s, key, "flood", DSF_TYPE_U32, i, 0, NULL), OK);
	}
	assert_int_equal(put(s, "one_more", "flood", DSF_TYPE_U32, 0, 0, NULL), ENOSPC);
	/* an overwrite of its own entry is not a new one */
	assert_int_equal(put(s, "f0", "flood", DSF_TYPE_U32 | DSF_OVERWRITE, 9, 0, NULL), OK);
	assert_int_equal(put(s, "other", "calm", DSF_TYPE_U32, 1, 0, NULL), OK);
	for (uint32_t i = 0; i < DS_OWNER_BYTES / DS_MEM_MAX; i++) {
		snprintf(key, sizeof(key), "b%u", i);
		assert_int_equal(put(s, key, "hog", DSF_TYPE_MEM, 0, DS_MEM_MAX, big), OK);
	}
	assert_int_equal(put(s, "b_more", "hog", DSF_TYPE_MEM, 0, 1, big), ENOSPC);
	assert_int_equal(put(s, "b0", "hog", DSF_TYPE_MEM | DSF_OVERWRITE, 0, DS_MEM_MAX, big), OK);
	assert_int_equal(put(s, "c0", "calm", DSF_TYPE_MEM, 0, DS_MEM_MAX, big), OK);
	free(s);
}

/* The whole store and the whole pool: ENOSPC, and nothing changes. */
static void test_store_full(void **state)
{
	struct ds_store *s = new_store();
	static char big[DS_MEM_MAX];
	char key[16], owner[16];
	int n = 0;

	(void)state;
	for (int o = 0; n < DS_MAX_ENTRIES; o++) {
		snprintf(owner, sizeof(owner), "o%d", o);
		for (int i = 0; i < DS_OWNER_ENTRIES && n < DS_MAX_ENTRIES; i++, n++) {
			snprintf(key, sizeof(key), "k%d", n);
			assert_int_equal(put(s, key, owner, DSF_TYPE_U32, n, 0, NULL), OK);
		}
	}
	assert_int_equal(put(s, "extra", "new", DSF_TYPE_U32, 0, 0, NULL), ENOSPC);
	assert_int_equal(store_entries(s), DS_MAX_ENTRIES);
	assert_null(store_find(s, "extra"));

	store_init(s);
	for (uint32_t i = 0; i < POOL_BYTES / DS_MEM_MAX; i++) {
		snprintf(key, sizeof(key), "m%u", i);
		snprintf(owner, sizeof(owner), "o%u", i / 2);
		assert_int_equal(put(s, key, owner, DSF_TYPE_MEM, 0, DS_MEM_MAX, big), OK);
	}
	assert_int_equal(put(s, "more", "new", DSF_TYPE_MEM, 0, 1, big), ENOSPC);
	assert_int_equal(pool_used(&s->pool), POOL_BYTES);
	free(s);
}

/* First fit over a fragmented pool; freed runs are found again. */
static void test_pool(void **state)
{
	struct ds_pool *p = malloc(sizeof(*p));
	uint32_t a, b, c, d;

	(void)state;
	pool_init(p);
	assert_int_equal(pool_alloc(p, 0, &a), ENOSPC);
	assert_int_equal(pool_alloc(p, POOL_BYTES + 1, &a), ENOSPC);
	assert_int_equal(pool_alloc(p, 1, &a), OK);
	assert_int_equal(pool_alloc(p, POOL_UNIT + 1, &b), OK);
	assert_int_equal(pool_alloc(p, 10, &c), OK);
	assert_int_equal(a, 0);
	assert_int_equal(b, POOL_UNIT);
	assert_int_equal(c, 3 * POOL_UNIT);
	assert_int_equal(pool_used(p), 4 * POOL_UNIT);
	pool_free(p, b, POOL_UNIT + 1);
	assert_int_equal(pool_alloc(p, 3 * POOL_UNIT, &d), OK);	/* does not fit the hole */
	assert_int_equal(d, 4 * POOL_UNIT);
	assert_int_equal(pool_alloc(p, 2 * POOL_UNIT, &d), OK);	/* fits it exactly */
	assert_int_equal(d, POOL_UNIT);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("ds_store", "keys", test_keys),
		HOST_TEST("ds_store", "values", test_values),
		HOST_TEST("ds_store", "put_types", test_put_types),
		HOST_TEST("ds_store", "owner_only", test_owner_only),
		HOST_TEST("ds_store", "overwrite_returns_old", test_overwrite_returns_old),
		HOST_TEST("ds_store", "owner_limits", test_owner_limits),
		HOST_TEST("ds_store", "store_full", test_store_full),
		HOST_TEST("ds_store", "pool", test_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
