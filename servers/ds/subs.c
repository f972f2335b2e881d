/*
 * servers/ds/subs.c - subscriptions and their event queues (subs.h).
 */
#include <stdint.h>
#include "string.h"
#include <abi/endpoint.h>
#include <abi/errno.h>
#include "subs.h"

/*
 * Does key match pattern?  Greedy with one backtrack point: on a
 * mismatch after a '*', that '*' takes one more character.  Linear in
 * practice, at most |pattern| * |key| steps.
 */
bool ds_match(const char *pattern, const char *key)
{
	const char *star = NULL, *resume = NULL;

	while (*key) {
		if (*pattern == '*') {
			star = pattern++;
			resume = key;
		} else if (*pattern == '?' || *pattern == *key) {
			pattern++;
			key++;
		} else if (star) {
			pattern = star + 1;
			key = ++resume;
		} else {
			return false;
		}
	}
	while (*pattern == '*')
		pattern++;
	return *pattern == '\0';
}

void subs_init(struct ds_subs *t)
{
	memset(t, 0, sizeof(*t));
	for (unsigned i = 0; i < DS_MAX_SUBSCRIBERS; i++)
		t->subs[i].ep = NONE;
}

struct ds_sub *subs_find(struct ds_subs *t, endpoint_t ep)
{
	for (unsigned i = 0; i < DS_MAX_SUBSCRIBERS; i++)
		if (t->subs[i].ep == ep)
			return &t->subs[i];
	return NULL;
}

/*
 * Adds pattern (already checked: shorter than DS_KEY_MAX) to ep's
 * subscription, making one if needed; a pattern ep has already is not
 * added twice.  ENOSPC when every subscriber slot is taken, ep has
 * DS_SUB_PATTERNS patterns, or the saved table would pass
 * DS_SUB_STATE_MAX; nothing changes then.
 */
int subs_add(struct ds_subs *t, endpoint_t ep, const char *pattern, struct ds_sub **out)
{
	struct ds_sub *s = subs_find(t, ep);
	bool made = false;

	if (!s) {
		if (!(s = subs_find(t, NONE)))
			return ENOSPC;
		memset(s, 0, sizeof(*s));
		s->ep = ep;
		made = true;
	}
	*out = s;
	for (uint32_t i = 0; i < s->npatterns; i++)
		if (!strcmp(s->patterns[i], pattern))
			return OK;
	if (s->npatterns == DS_SUB_PATTERNS)
		return ENOSPC;	/* a new slot has none: only an existing one is full */
	memcpy(s->patterns[s->npatterns++], pattern, strlen(pattern) + 1);
	if (subs_state_size(t) > DS_SUB_STATE_MAX) {
		if (made)
			subs_remove(s);
		else
			s->npatterns--;
		return ENOSPC;
	}
	return OK;
}

void subs_remove(struct ds_sub *s)
{
	memset(s, 0, sizeof(*s));
	s->ep = NONE;
}

bool subs_matches(const struct ds_sub *s, const char *key)
{
	for (uint32_t i = 0; i < s->npatterns; i++)
		if (ds_match(s->patterns[i], key))
			return true;
	return false;
}

/* Queues ev, replacing a queued event of the same key; overflows when full. */
void subs_push(struct ds_sub *s, const struct ds_event *ev)
{
	for (uint32_t i = 0; i < s->count; i++) {
		struct ds_event *q = &s->queue[(s->head + i) % DS_SUB_QUEUE];

		if (!strcmp(q->key, ev->key)) {
			*q = *ev;
			return;
		}
	}
	if (s->count == DS_SUB_QUEUE) {
		s->overflow = true;
		return;
	}
	s->queue[(s->head + s->count++) % DS_SUB_QUEUE] = *ev;
}

/* The next event: queued ones first, then one overflow event.  ENOENT: none. */
int subs_pop(struct ds_sub *s, struct ds_event *ev)
{
	if (s->count) {
		*ev = s->queue[s->head];
		s->head = (s->head + 1) % DS_SUB_QUEUE;
		s->count--;
		return OK;
	}
	if (!s->overflow)
		return ENOENT;
	s->overflow = false;
	memset(ev, 0, sizeof(*ev));
	ev->what = DS_EV_OVERFLOW;
	ev->owner = NONE;
	return OK;
}

uint32_t subs_count(const struct ds_subs *t)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < DS_MAX_SUBSCRIBERS; i++)
		n += t->subs[i].ep != NONE;
	return n;
}

/* Bytes of one subscriber's record: endpoint, pattern count, the patterns. */
static uint32_t record_size(const struct ds_sub *s)
{
	uint32_t n = sizeof(endpoint_t) + 1;

	for (uint32_t i = 0; i < s->npatterns; i++)
		n += (uint32_t)strlen(s->patterns[i]) + 1;
	return n;
}

uint32_t subs_state_size(const struct ds_subs *t)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < DS_MAX_SUBSCRIBERS; i++)
		if (t->subs[i].ep != NONE)
			n += record_size(&t->subs[i]);
	return n;
}

/* Writes the table to buf (subs_state_size(t) bytes); returns that size. */
uint32_t subs_save(const struct ds_subs *t, uint8_t *buf)
{
	uint8_t *at = buf;

	for (unsigned i = 0; i < DS_MAX_SUBSCRIBERS; i++) {
		const struct ds_sub *s = &t->subs[i];

		if (s->ep == NONE)
			continue;
		memcpy(at, &s->ep, sizeof(s->ep));
		at += sizeof(s->ep);
		*at++ = (uint8_t)s->npatterns;
		for (uint32_t p = 0; p < s->npatterns; p++) {
			size_t n = strlen(s->patterns[p]) + 1;

			memcpy(at, s->patterns[p], n);
			at += n;
		}
	}
	return (uint32_t)(at - buf);
}

/* One record at *at (len bytes left) into s; false if it is malformed. */
static bool restore_record(struct ds_sub *s, const uint8_t **at, uint32_t *len)
{
	uint32_t n;

	if (*len < sizeof(endpoint_t) + 1)
		return false;
	memcpy(&s->ep, *at, sizeof(s->ep));
	n = (*at)[sizeof(endpoint_t)];
	*at += sizeof(endpoint_t) + 1;
	*len -= sizeof(endpoint_t) + 1;
	if (s->ep <= 0 || n == 0 || n > DS_SUB_PATTERNS)
		return false;
	for (s->npatterns = 0; s->npatterns < n; s->npatterns++) {
		size_t k = strnlen((const char *)*at, *len < DS_KEY_MAX ? *len : DS_KEY_MAX);

		if (k == 0 || k == DS_KEY_MAX || k == *len)
			return false;		/* empty, too long, or no NUL */
		memcpy(s->patterns[s->npatterns], *at, k + 1);
		*at += k + 1;
		*len -= (uint32_t)k + 1;
	}
	s->overflow = true;			/* what it watched is gone: look again */
	return true;
}

/*
 * Replaces the table with the one saved in buf[0..len).  EINVAL, with the
 * table left empty, if any byte is out of place (a record cut short, a
 * bad count or endpoint, a pattern without its NUL, an endpoint twice,
 * too many records).
 */
int subs_restore(struct ds_subs *t, const uint8_t *buf, uint32_t len)
{
	struct ds_sub s;
	unsigned i = 0;

	subs_init(t);
	while (len) {
		memset(&s, 0, sizeof(s));
		if (i == DS_MAX_SUBSCRIBERS || !restore_record(&s, &buf, &len) ||
		    subs_find(t, s.ep)) {
			subs_init(t);
			return EINVAL;
		}
		t->subs[i++] = s;
	}
	return OK;
}
