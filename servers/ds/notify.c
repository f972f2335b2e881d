/*
 * servers/ds/notify.c - DS_SUBSCRIBE, DS_CHECK, and telling subscribers.
 *
 * A change queues an event for every subscriber with a matching pattern
 * (subs.c bounds the queue) and notifies it from DS; the subscriber then
 * drains its events with DS_CHECK.  A subscriber that has died is dropped
 * when a notification to it fails, and, when the table is full, before a
 * new subscriber is refused; so a dead subscriber holds nothing for long.
 * After every change the table is saved with RS (SEF state), so that a
 * restarted DS has it back.
 */
#include <stdio.h>
#include <string.h>
#include <ipc.h>
#include <sef.h>
#include "ds.h"

static bool changed;		/* the table differs from what RS keeps */

/* Saves the subscriptions with RS if they changed (none: nothing to do). */
void notify_save(void)
{
	static uint8_t state[DS_SUB_STATE_MAX];
	int r;

	if (!changed || sef_rs_endpoint() == NONE)
		return;
	if ((r = sef_state_save(state, subs_save(&ds_subs, state))) != OK)
		printf("ds: cannot save the subscriptions with RS: %d\n", r);
	else
		changed = false;
}

/* Notifies s; drops it if it is gone (a stale or dead endpoint). */
static void wake(struct ds_sub *s)
{
	int r = ipc_notify(s->ep);

	if (r == EDEADSRCDST || r == EDEADEPT || r == EBADEPT) {
		subs_remove(s);
		changed = true;
	} else if (r != OK)
		ds_log("ds: cannot notify subscriber %d: %d\n", s->ep, r);
}

static struct ds_event event_of(const struct ds_entry *e, uint32_t what)
{
	struct ds_event ev = { .type = e->type, .what = what, .owner = e->owner_ep };

	memcpy(ev.key, e->key, sizeof(ev.key));
	return ev;
}

/* Entry e was published (DS_EV_UPDATE) or deleted (DS_EV_DELETE). */
void notify_event(const struct ds_entry *e, uint32_t what)
{
	struct ds_event ev = event_of(e, what);

	for (unsigned i = 0; i < DS_MAX_SUBSCRIBERS; i++) {
		struct ds_sub *s = &ds_subs.subs[i];

		if (s->ep != NONE && subs_matches(s, e->key)) {
			subs_push(s, &ev);
			wake(s);
		}
	}
}

/* After a restart: every subscriber is told to look again (subs_restore). */
void notify_restart(void)
{
	for (unsigned i = 0; i < DS_MAX_SUBSCRIBERS; i++)
		if (ds_subs.subs[i].ep != NONE)
			wake(&ds_subs.subs[i]);
}

/* Drops subscribers that have died; true if any was. */
static bool sweep_dead(void)
{
	bool freed = false;

	for (unsigned i = 0; i < DS_MAX_SUBSCRIBERS; i++) {
		struct ds_sub *s = &ds_subs.subs[i];

		if (s->ep != NONE && !owner_alive(s->ep)) {
			subs_remove(s);
			freed = changed = true;
		}
	}
	return freed;
}

/* An event for each entry that pattern matches (DSF_INITIAL). */
static void initial_events(struct ds_sub *s, const char *pattern)
{
	bool any = false;

	for (unsigned i = 0; i < DS_MAX_ENTRIES; i++) {
		const struct ds_entry *e = &ds_store.entries[i];

		if (e->key[0] && ds_match(pattern, e->key)) {
			struct ds_event ev = event_of(e, DS_EV_UPDATE);

			subs_push(s, &ev);
			any = true;
		}
	}
	if (any)
		wake(s);
}

int do_subscribe(message *m)
{
	struct ds_sub *s;
	int r;

	if (!store_key_ok(m->ds.key, true))
		return ds_refuse(m, EINVAL, "malformed pattern");
	if (m->ds.flags & ~DSF_INITIAL)
		return ds_refuse(m, EINVAL, "unknown subscription flags");
	r = subs_add(&ds_subs, m->m_source, m->ds.key, &s);
	if (r == ENOSPC && !subs_find(&ds_subs, m->m_source) && sweep_dead())
		r = subs_add(&ds_subs, m->m_source, m->ds.key, &s);
	if (r != OK)
		return ds_refuse(m, r, "no room for another subscriber or pattern");
	changed = true;
	if (m->ds.flags & DSF_INITIAL)
		initial_events(s, m->ds.key);
	return OK;
}

/* The caller's next event: ENOENT when none is waiting, ESRCH if it never subscribed. */
int do_check(message *m)
{
	struct ds_sub *s = subs_find(&ds_subs, m->m_source);
	struct ds_event ev;
	int r;

	if (!s)
		return ESRCH;
	if ((r = subs_pop(s, &ev)) != OK)
		return r;
	memset(m->raw, 0, sizeof(m->raw));
	memcpy(m->ds.key, ev.key, sizeof(m->ds.key));
	m->ds.flags = ev.type;
	m->ds.event = ev.what;
	m->ds.owner = ev.owner;
	return OK;
}
