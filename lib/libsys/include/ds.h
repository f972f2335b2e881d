/*
 * ds.h - the data store's client library (protocol: abi/ds.h, docs/ds.md).
 *
 * Every call is one SENDREC to DS and returns OK or a negative error:
 * EINVAL (a malformed key or argument, or an entry of another type),
 * ENOENT (no such key), EEXIST (publishing an existing key without
 * DSF_OVERWRITE), EPERM (another owner's key; a label from a non-SYSTEM
 * process), ENOSPC (a limit: the store, the caller's share, subscribers),
 * E2BIG (a value too long; for a retrieval, the room it needs is in *len).
 * Values that do not fit a message go through a grant the library makes
 * for the call and revokes after it.
 *
 * Mapped ranges: ds_publish_map grants [buf, buf + len) (whole pages,
 * present) to DS for as long as the entry lives; ds_retrieve_map maps it,
 * read-only, at the caller's free page-aligned addr (SYSTEM processes:
 * SAFEMAP), and sys_safeunmap(addr) removes that mapping.  DS takes every
 * mapping away when the entry is overwritten or deleted.
 *
 * Subscriptions: after ds_subscribe, DS notifies the caller (m_source DS,
 * NOTIFY_MESSAGE) when a matching entry changes; ds_check then returns
 * the events one at a time, ENOENT when none is left (ESRCH: the caller
 * has no subscription).  The server is the
 * boot module "ds", found once (ds_set_endpoint names another).
 */
#ifndef _DS_H
#define _DS_H

#include <stddef.h>
#include <stdint.h>
#include <abi/ds.h>
#include <abi/endpoint.h>

endpoint_t ds_endpoint(void);		/* the server, or ESRCH */
void ds_set_endpoint(endpoint_t ep);

/* flags: DSF_OVERWRITE or 0 */
int ds_publish_u32(const char *key, uint32_t value, uint32_t flags);
int ds_publish_label(const char *label, endpoint_t ep, uint32_t flags);
int ds_publish_str(const char *key, const char *s, uint32_t flags);
int ds_publish_mem(const char *key, const void *buf, size_t len, uint32_t flags);
int ds_publish_map(const char *key, void *buf, size_t len, uint32_t flags);

int ds_retrieve_u32(const char *key, uint32_t *value);
int ds_retrieve_label(const char *label, endpoint_t *ep);
int ds_retrieve_str(const char *key, char *buf, size_t size);
int ds_retrieve_mem(const char *key, void *buf, size_t *len);	/* in: room; out: length */
int ds_retrieve_map(const char *key, void *addr, size_t *len);	/* in: room; out: length */

int ds_delete_u32(const char *key);
int ds_delete_label(const char *label);
int ds_delete_str(const char *key);
int ds_delete_mem(const char *key);
int ds_delete_map(const char *key);

int ds_subscribe(const char *pattern, uint32_t flags);	/* flags: DSF_INITIAL or 0 */
int ds_check(char key[DS_KEY_MAX], uint32_t *type, uint32_t *event, endpoint_t *owner);
int ds_info(struct mess_ds_info *info);

#endif /* _DS_H */
