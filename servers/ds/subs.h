/*
 * servers/ds/subs.h - DS's subscribers: their key patterns and the events
 * waiting for them.
 *
 * A subscriber is an endpoint with up to DS_SUB_PATTERNS patterns ('*'
 * matches any run of characters, '?' one) and one queue of events.  The
 * queue holds at most one event per key: a newer event for a queued key
 * replaces it in place (the subscriber looks at the entry's present state
 * anyway), so DS_SUB_QUEUE distinct keys fit; past that the subscriber is
 * marked overflowed and, once its queue is drained, gets one
 * DS_EV_OVERFLOW event telling it to look at every key again.  Nothing a
 * subscriber does or fails to do can make DS's memory grow.
 *
 * The table survives a restart of DS through SEF's saved state (RS keeps
 * it): subs_save writes it compactly (endpoint, pattern count, the
 * patterns with their NULs), subs_restore reads it back, checking every
 * byte, with each subscriber marked overflowed (the entries did not
 * survive: it must look again).  A pattern is refused (ENOSPC) when the
 * saved table would no longer fit DS_SUB_STATE_MAX.
 *
 * Pure data structure (host-tested); the server notifies and finds the
 * dead.
 */
#ifndef DS_SUBS_H
#define DS_SUBS_H

#include <stdbool.h>
#include <abi/ds.h>
#include <abi/sef.h>

#define DS_MAX_SUBSCRIBERS	16
#define DS_SUB_PATTERNS		4
#define DS_SUB_QUEUE		16
#define DS_SUB_STATE_MAX	SEF_STATE_MAX	/* bytes of the saved table */

struct ds_event {
	char key[DS_KEY_MAX];
	uint32_t type;			/* DSF_TYPE_* of the entry */
	uint32_t what;			/* DS_EV_* */
	endpoint_t owner;		/* the entry's publisher */
};

struct ds_sub {
	endpoint_t ep;			/* NONE: a free slot */
	uint32_t npatterns;
	char patterns[DS_SUB_PATTERNS][DS_KEY_MAX];
	struct ds_event queue[DS_SUB_QUEUE];	/* ring: head, count */
	uint32_t head, count;
	bool overflow;			/* events were dropped since the last drain */
};

struct ds_subs {
	struct ds_sub subs[DS_MAX_SUBSCRIBERS];
};

bool ds_match(const char *pattern, const char *key);
void subs_init(struct ds_subs *t);
struct ds_sub *subs_find(struct ds_subs *t, endpoint_t ep);
int subs_add(struct ds_subs *t, endpoint_t ep, const char *pattern, struct ds_sub **out);
void subs_remove(struct ds_sub *s);
bool subs_matches(const struct ds_sub *s, const char *key);
void subs_push(struct ds_sub *s, const struct ds_event *ev);
int subs_pop(struct ds_sub *s, struct ds_event *ev);
uint32_t subs_count(const struct ds_subs *t);
uint32_t subs_state_size(const struct ds_subs *t);
uint32_t subs_save(const struct ds_subs *t, uint8_t *buf);	/* buf: subs_state_size bytes */
int subs_restore(struct ds_subs *t, const uint8_t *buf, uint32_t len);

#endif /* DS_SUBS_H */
