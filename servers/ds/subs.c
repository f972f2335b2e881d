/*
 * servers/ds/subs.c - subscriptions and their event queues (subs.h).
 */
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
 * Adds pattern (already checked: shorter than DS_KEY_MAX) to ep's subscription, making one if
 * needed; a pattern ep has already is not added twice.  ENOSPC when
 * every subscriber slot is taken or ep has DS_SUB_PATTERNS patterns.
 */
int subs_add(struct ds_subs *t, endpoint_t ep, const char *pattern, struct ds_sub **out)
{
	struct ds_sub *s = subs_find(t, ep);

	if (!s) {
		if (!(s = subs_find(t, NONE)))
			return ENOSPC;
		memset(s, 0, sizeof(*s));
		s->ep = ep;
	}
	*out = s;
	for (uint32_t i = 0; i < s->npatterns; i++)
		if (!strcmp(s->patterns[i], pattern))
			return OK;
	if (s->npatterns == DS_SUB_PATTERNS)
		return ENOSPC;	/* a new slot has none: only an existing one is full */
	memcpy(s->patterns[s->npatterns++], pattern, strlen(pattern) + 1);
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
