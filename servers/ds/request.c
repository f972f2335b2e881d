/*
 * servers/ds/request.c - DS_PUBLISH, DS_RETRIEVE, DS_DELETE and DS_INFO:
 * values in and out through the callers' grants.
 *
 * Every field of a request is checked before anything changes; a value
 * that travels through a grant is copied into DS in full before the store
 * is touched, so a bad grant leaves the old value in place.  Refusals of
 * malformed or forbidden requests are logged (ds_refuse); the ordinary
 * answers a careful client can get (no such key, key exists, buffer too
 * small) are not.
 */
#include <string.h>
#include <grant.h>
#include <syslib.h>
#include "ds.h"

static uint8_t staging[DS_MEM_MAX];	/* a STR or MEM value on its way in */

/* The request's type: exactly one DSF_TYPE_* bit, or 0. */
static uint32_t one_type(uint32_t flags)
{
	uint32_t type = flags & DSF_TYPE_MASK;

	return type && !(type & (type - 1)) ? type : 0;
}

/* Can DS read the whole of a published range through grant gid of granter? */
static int map_probe(endpoint_t granter, cp_grant_id_t gid, uint32_t len)
{
	uint8_t b;
	int r = sys_safecopyfrom(granter, gid, 0, &b, 1);

	return r == OK ? sys_safecopyfrom(granter, gid, len - 1, &b, 1) : r;
}

static unsigned index_of(const struct ds_entry *e)
{
	return (unsigned)(e - ds_store.entries);
}

/* Takes in the value of a publication by c: checks, copies, probes. */
static int value_in(message *m, const struct ds_caller *c, uint32_t type)
{
	int r;

	switch (type) {
	case DSF_TYPE_LABEL:
		if (!c->system)
			return ds_refuse(m, EPERM, "only SYSTEM processes publish labels");
		if (!owner_alive((endpoint_t)m->ds.value))
			return ds_refuse(m, EINVAL, "the label names no live process");
		return OK;
	case DSF_TYPE_STR:
	case DSF_TYPE_MEM:
		r = sys_safecopyfrom(m->m_source, (cp_grant_id_t)m->ds.value, 0, staging, m->ds.len);
		return r == OK ? OK : ds_refuse(m, r, "cannot read the value through its grant");
	case DSF_TYPE_MAP:
		r = map_probe(m->m_source, (cp_grant_id_t)m->ds.value, m->ds.len);
		return r == OK ? OK : ds_refuse(m, r, "cannot read the range through its grant");
	default:
		return OK;
	}
}

/*
 * What a replaced or deleted entry held: a mapped range's mappings are
 * taken away, and its grant goes back to the caller (m->ds.value) when
 * the caller made it, for the library to revoke.
 */
static void release_old(message *m, const struct ds_entry *old, unsigned idx)
{
	m->ds.value = (uint32_t)GRANT_INVALID;
	if (old->key[0] && old->type == DSF_TYPE_MAP) {
		map_revoke(idx);
		if (old->owner_ep == m->m_source)
			m->ds.value = old->value;
	}
}

int do_publish(message *m)
{
	uint32_t type = one_type(m->ds.flags);
	struct ds_entry old, *e;
	struct ds_caller c;
	unsigned idx;
	int r;

	if (!store_key_ok(m->ds.key, false))
		return ds_refuse(m, EINVAL, "malformed key");
	if (!type || (m->ds.flags & ~(DSF_TYPE_MASK | DSF_OVERWRITE | DSF_NOREPLY)))
		return ds_refuse(m, EINVAL, "flags name no single type or an unknown option");
	m->ds.flags &= ~DSF_NOREPLY;		/* the loop's, not the entry's (main.c) */
	if ((r = store_check_value(type, m->ds.len)) != OK)
		return ds_refuse(m, r, "value length out of range");
	if ((r = owner_of(m->m_source, &c)) != OK)
		return r;
	if ((r = value_in(m, &c, type)) != OK)
		return r;
	e = store_find(&ds_store, m->ds.key);
	idx = e ? index_of(e) : 0;
	r = store_put(&ds_store, &(struct ds_put){ m->ds.key, c.label, c.ep, m->ds.flags,
						  m->ds.value, m->ds.len, staging }, &old);
	if (r == EPERM)
		return ds_refuse(m, r, "the key belongs to another owner");
	if (r == ENOSPC)
		return ds_refuse(m, r, "the store or the owner's share of it is full");
	if (r != OK)
		return r;
	release_old(m, &old, idx);
	notify_event(store_find(&ds_store, m->ds.key), DS_EV_UPDATE);
	return OK;
}

int do_delete(message *m)
{
	uint32_t type = one_type(m->ds.flags);
	struct ds_entry old, *e;
	struct ds_caller c;
	int r;

	if (!store_key_ok(m->ds.key, false))
		return ds_refuse(m, EINVAL, "malformed key");
	if (!type || m->ds.flags != type)
		return ds_refuse(m, EINVAL, "flags name no single type");
	if ((r = owner_of(m->m_source, &c)) != OK)
		return r;
	if (!(e = store_find(&ds_store, m->ds.key)))
		return ENOENT;
	r = store_delete(&ds_store, m->ds.key, type, c.label, &old);
	if (r == EPERM)
		return ds_refuse(m, r, "the key belongs to another owner");
	if (r != OK)
		return r;
	release_old(m, &old, index_of(e));
	notify_event(&old, DS_EV_DELETE);
	return OK;
}

/* Copies a STR or MEM value to the retriever's grant (m->ds.value, m->ds.len bytes). */
static int bytes_out(message *m, const struct ds_entry *e)
{
	int r;

	if (e->len > m->ds.len) {
		m->ds.len = e->len;		/* the room it needs */
		return E2BIG;
	}
	r = sys_safecopyto(m->m_source, (cp_grant_id_t)m->ds.value, 0, store_bytes(&ds_store, e),
			   e->len);
	return r == OK ? OK : ds_refuse(m, r, "cannot write the value through its grant");
}

int do_retrieve(message *m)
{
	uint32_t type = one_type(m->ds.flags);
	struct ds_entry *e;
	cp_grant_id_t gid;
	int r = OK;

	if (!store_key_ok(m->ds.key, false))
		return ds_refuse(m, EINVAL, "malformed key");
	if (!type || m->ds.flags != type)
		return ds_refuse(m, EINVAL, "flags name no single type");
	if (!(e = store_find(&ds_store, m->ds.key)))
		return ENOENT;
	if (e->type != type)
		return EINVAL;
	switch (type) {
	case DSF_TYPE_STR:
	case DSF_TYPE_MEM:
		r = bytes_out(m, e);
		break;
	case DSF_TYPE_MAP:
		if ((r = map_probe(e->owner_ep, (cp_grant_id_t)e->value, e->len)) != OK)
			return r;		/* the publisher has died or revoked it */
		if ((r = map_grant(index_of(e), m->m_source, &gid)) != OK)
			return ds_refuse(m, r, "no grant left for mapped ranges (or the caller's share)");
		m->ds.value = (uint32_t)gid;
		break;
	default:
		m->ds.value = e->value;
		break;
	}
	if (r != OK)
		return r;
	m->ds.len = e->len;
	m->ds.owner = e->owner_ep;
	return OK;
}

int do_info(message *m)
{
	struct mess_ds_info *i = &m->ds_info;

	memset(m->raw, 0, sizeof(m->raw));
	i->entries = store_entries(&ds_store);
	i->bytes = pool_used(&ds_store.pool);
	i->subscribers = subs_count(&ds_subs);
	i->map_grants = map_grants();
	i->max_entries = DS_MAX_ENTRIES;
	i->max_bytes = POOL_BYTES;
	i->owner_entries = DS_OWNER_ENTRIES;
	i->owner_bytes = DS_OWNER_BYTES;
	i->max_subscribers = DS_MAX_SUBSCRIBERS;
	i->sub_patterns = DS_SUB_PATTERNS;
	i->retriever_maps = DS_RETRIEVER_MAPS;
	return OK;
}
