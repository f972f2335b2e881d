/*
 * servers/ds/store.h - DS's entries: keys, typed values, owners, limits.
 *
 * A fixed table of entries, each a key, the label that owns it, the
 * endpoint that published it last, one type and its value.  String and
 * memory values live in the pool (pool.h); a mapped range is the
 * publisher's grant, kept as a number (the server passes it on).  Only
 * the owner label may overwrite (with DSF_OVERWRITE) or delete an entry.
 * Limits: DS_MAX_ENTRIES in all and, so that no one fills the store for
 * everyone else, DS_OWNER_ENTRIES entries and DS_OWNER_BYTES pool bytes
 * per owner label.  Every refusal changes nothing.
 *
 * Pure data structure: no pointers inside (offsets into the pool), no
 * system calls (host-tested).  Identities are checked by the caller.
 */
#ifndef DS_STORE_H
#define DS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <abi/ds.h>
#include "pool.h"

#define DS_MAX_ENTRIES		128
#define DS_OWNER_ENTRIES	32
#define DS_OWNER_BYTES		(8u * 1024)
#define DS_LABEL_MAX		DS_KEY_MAX	/* a label (a LABEL key) with its NUL */

struct ds_entry {
	char key[DS_KEY_MAX];		/* "" in a free slot */
	char owner[DS_LABEL_MAX];	/* label of the publisher */
	endpoint_t owner_ep;		/* the endpoint that published it last */
	uint32_t type;			/* one DSF_TYPE_* */
	uint32_t value;			/* U32 number, LABEL endpoint, MAP grant of owner_ep */
	uint32_t len;			/* STR/MEM/MAP bytes */
	uint32_t off;			/* STR/MEM: where the bytes are in the pool */
};

struct ds_store {
	struct ds_entry entries[DS_MAX_ENTRIES];
	struct ds_pool pool;
};

/* A publication; data holds len bytes for STR and MEM. */
struct ds_put {
	const char *key;
	const char *owner;
	endpoint_t owner_ep;
	uint32_t flags;			/* one DSF_TYPE_*, maybe DSF_OVERWRITE */
	uint32_t value;
	uint32_t len;
	const void *data;
};

void store_init(struct ds_store *s);
bool store_key_ok(const char *key, bool pattern);	/* key points at DS_KEY_MAX bytes */
int store_check_value(uint32_t type, uint32_t len);	/* OK, EINVAL, E2BIG */
struct ds_entry *store_find(struct ds_store *s, const char *key);
int store_put(struct ds_store *s, const struct ds_put *put, struct ds_entry *old);
int store_delete(struct ds_store *s, const char *key, uint32_t type, const char *owner,
		 struct ds_entry *old);
const void *store_bytes(const struct ds_store *s, const struct ds_entry *e);
const char *store_label_of(const struct ds_store *s, endpoint_t ep);
uint32_t store_entries(const struct ds_store *s);

#endif /* DS_STORE_H */
