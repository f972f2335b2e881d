/*
 * servers/ds/ds.h - the data store server's state and request handlers.
 *
 * DS is single-threaded: everything here belongs to its one receive loop
 * (main.c) and needs no locking.  The store (store.c) and the
 * subscriptions (subs.c) are pure data; the files here connect them to
 * processes: who a caller is (owner.c), values through grants
 * (request.c), grants for mapped ranges (map.c), events (notify.c).
 * Protocol: abi/ds.h; design: docs/ds.md.
 */
#ifndef DS_DS_H
#define DS_DS_H

#include <stdbool.h>
#include <abi/errno.h>
#include <abi/message.h>
#include <abi/grant.h>
#include "store.h"
#include "subs.h"

/* Grants DS keeps for retrievers of mapped ranges (libsys has 64 in all). */
#define DS_MAP_GRANTS		32
#define DS_RETRIEVER_MAPS	8	/* of which one retriever may hold */

extern struct ds_store ds_store;
extern struct ds_subs ds_subs;

/* main.c */
void ds_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ds_refuse(const message *m, int r, const char *why);

/* owner.c: identities */
struct ds_caller {
	endpoint_t ep;
	char label[DS_LABEL_MAX];	/* its published label, else its process name */
	bool system;			/* a SYSTEM-class process */
};
int owner_of(endpoint_t ep, struct ds_caller *c);
bool owner_alive(endpoint_t ep);

/* request.c: DS_PUBLISH, DS_RETRIEVE, DS_DELETE, DS_INFO */
int do_publish(message *m);
int do_retrieve(message *m);
int do_delete(message *m);
int do_info(message *m);

/* notify.c: DS_SUBSCRIBE, DS_CHECK, and events for subscribers */
int do_subscribe(message *m);
int do_check(message *m);
void notify_event(const struct ds_entry *e, uint32_t what);
void notify_restart(void);
void notify_save(void);

/* map.c: grants for retrievers of mapped ranges */
int map_grant(unsigned idx, endpoint_t retriever, cp_grant_id_t *gid);
void map_revoke(unsigned idx);
uint32_t map_grants(void);

#endif /* DS_DS_H */
