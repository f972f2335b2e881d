/*
 * servers/ds/store.c - entries, owners and limits (store.h).
 */
#include "string.h"
#include <abi/errno.h>
#include "store.h"

#define PAGE	4096u

void store_init(struct ds_store *s)
{
	memset(s->entries, 0, sizeof(s->entries));
	pool_init(&s->pool);
}

/*
 * A key (or, with pattern, a pattern) is 1 to DS_KEY_MAX - 1 printable
 * characters without space, NUL-terminated within DS_KEY_MAX bytes; only
 * a pattern may hold the wildcards '*' and '?'.
 */
bool store_key_ok(const char *key, bool pattern)
{
	size_t n = strnlen(key, DS_KEY_MAX);

	if (n == 0 || n == DS_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (key[i] <= ' ' || key[i] > '~')
			return false;
		if (!pattern && (key[i] == '*' || key[i] == '?'))
			return false;
	}
	return true;
}

/* Is len right for a value of type (exactly one DSF_TYPE_* bit)? */
int store_check_value(uint32_t type, uint32_t len)
{
	switch (type) {
	case DSF_TYPE_U32:
	case DSF_TYPE_LABEL:
		return OK;
	case DSF_TYPE_STR:
	case DSF_TYPE_MEM:
		return len == 0 ? EINVAL : len > DS_MEM_MAX ? E2BIG : OK;
	case DSF_TYPE_MAP:
		return len == 0 || len % PAGE ? EINVAL : len > DS_MAP_MAX ? E2BIG : OK;
	default:
		return EINVAL;
	}
}

static bool in_pool(uint32_t type)
{
	return type == DSF_TYPE_STR || type == DSF_TYPE_MEM;
}

struct ds_entry *store_find(struct ds_store *s, const char *key)
{
	for (unsigned i = 0; i < DS_MAX_ENTRIES; i++)
		if (s->entries[i].key[0] && !strcmp(s->entries[i].key, key))
			return &s->entries[i];
	return NULL;
}

/* Entries and pool bytes of owner, not counting skip. */
static void owner_usage(const struct ds_store *s, const char *owner, const struct ds_entry *skip,
			uint32_t *entries, uint32_t *bytes)
{
	*entries = *bytes = 0;
	for (unsigned i = 0; i < DS_MAX_ENTRIES; i++) {
		const struct ds_entry *e = &s->entries[i];

		if (!e->key[0] || e == skip || strcmp(e->owner, owner))
			continue;
		(*entries)++;
		if (in_pool(e->type))
			*bytes += pool_size(e->len);
	}
}

/* Is put's value acceptable: type, length, and a string's single NUL at its end? */
static int check_put(const struct ds_put *put)
{
	uint32_t type = put->flags & DSF_TYPE_MASK;
	int r;

	if (put->flags & ~(DSF_TYPE_MASK | DSF_OVERWRITE))
		return EINVAL;
	if ((r = store_check_value(type, put->len)) != OK)
		return r;
	if (type == DSF_TYPE_STR && strnlen(put->data, put->len) != put->len - 1)
		return EINVAL;
	return OK;
}

/*
 * Publishes put (its owner label already established).  On OK, *old is
 * the entry it replaced (key "" when it is new), for the caller to release
 * what that value referred to; its pool bytes are already free.  Errors,
 * with nothing changed: EINVAL, E2BIG (the value), EEXIST (the key exists
 * and DSF_OVERWRITE is not set), EPERM (another owner's key), ENOSPC (the
 * store, the pool, or the owner's share of either is full).
 */
int store_put(struct ds_store *s, const struct ds_put *put, struct ds_entry *old)
{
	uint32_t type = put->flags & DSF_TYPE_MASK, n, bytes, off = 0;
	struct ds_entry *e;
	int r;

	if (!store_key_ok(put->key, false) || !put->owner[0] ||
	    strnlen(put->owner, DS_LABEL_MAX) == DS_LABEL_MAX)
		return EINVAL;
	if ((r = check_put(put)) != OK)
		return r;
	e = store_find(s, put->key);
	if (e && strcmp(e->owner, put->owner))
		return EPERM;
	if (e && !(put->flags & DSF_OVERWRITE))
		return EEXIST;
	owner_usage(s, put->owner, e, &n, &bytes);
	if (n >= DS_OWNER_ENTRIES || (in_pool(type) && bytes + pool_size(put->len) > DS_OWNER_BYTES))
		return ENOSPC;
	for (unsigned i = 0; !e && i < DS_MAX_ENTRIES; i++)
		if (!s->entries[i].key[0])
			e = &s->entries[i];
	if (!e)
		return ENOSPC;
	if (in_pool(type) && (r = pool_alloc(&s->pool, put->len, &off)) != OK)
		return r;
	/* Nothing can fail from here on. */
	*old = *e;
	if (old->key[0] && in_pool(old->type))
		pool_free(&s->pool, old->off, old->len);
	if (in_pool(type))
		memcpy(s->pool.bytes + off, put->data, put->len);
	memset(e, 0, sizeof(*e));
	memcpy(e->key, put->key, strlen(put->key) + 1);		/* both checked above */
	memcpy(e->owner, put->owner, strlen(put->owner) + 1);
	e->owner_ep = put->owner_ep;
	e->type = type;
	e->value = put->value;
	e->len = in_pool(type) || type == DSF_TYPE_MAP ? put->len : 0;
	e->off = off;
	return OK;
}

/*
 * Deletes key, an entry of type owned by owner; *old is what it held.
 * ENOENT (no such key), EINVAL (another type), EPERM (another owner).
 */
int store_delete(struct ds_store *s, const char *key, uint32_t type, const char *owner,
		 struct ds_entry *old)
{
	struct ds_entry *e = store_find(s, key);

	if (!e)
		return ENOENT;
	if (e->type != type)
		return EINVAL;
	if (strcmp(e->owner, owner))
		return EPERM;
	*old = *e;
	if (in_pool(e->type))
		pool_free(&s->pool, e->off, e->len);
	memset(e, 0, sizeof(*e));
	return OK;
}

const void *store_bytes(const struct ds_store *s, const struct ds_entry *e)
{
	return s->pool.bytes + e->off;
}

/* The label published for endpoint ep (the first LABEL entry naming it), or NULL. */
const char *store_label_of(const struct ds_store *s, endpoint_t ep)
{
	for (unsigned i = 0; i < DS_MAX_ENTRIES; i++) {
		const struct ds_entry *e = &s->entries[i];

		if (e->key[0] && e->type == DSF_TYPE_LABEL && (endpoint_t)e->value == ep)
			return e->key;
	}
	return NULL;
}

uint32_t store_entries(const struct ds_store *s)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < DS_MAX_ENTRIES; i++)
		n += s->entries[i].key[0] != 0;
	return n;
}
