/*
 * servers/hello/client.c - the hello client library (hello.h): finds the
 * service in DS (the label RS publishes for each instance it starts,
 * servers/rs/publish.c), or through RS in a boot without DS, and retries a request whose service died
 * (EDEADSRCDST, EDEADEPT) at the restarted one, with the same request
 * number, so that it is executed exactly once.  Until RS has published
 * the new instance DS still names the dead one (or, after a restart of
 * DS, nothing): the client asks again each tick.
 */
#include <string.h>
#include <abi/rs.h>
#include <ds.h>
#include <ipc.h>
#include <syslib.h>
#include "servers/hello/hello.h"

#define LOOKUP_TICKS	(30 * 100)	/* how long a client waits for the service */

void hello_client_init(struct hello_client *c)
{
	memset(c, 0, sizeof(*c));
	c->ep = c->dead = NONE;
}

/*
 * Where hello runs: DS's label entry, which RS keeps; in a boot without DS,
 * RS itself (RS_LOOKUP).  ENOENT while no instance serves.
 */
static int find(endpoint_t *ep)
{
	message m;
	int r;

	if (ds_endpoint() >= 0)
		return ds_retrieve_label("hello", ep);
	memset(&m, 0, sizeof(m));
	strlcpy(m.rs.label, "hello", sizeof(m.rs.label));
	if ((r = ipc_request(bootmod_endpoint("rs"), RS_LOOKUP, &m)) != OK)
		return r == EAGAIN ? ENOENT : r;
	*ep = m.rs.endpoint;
	return OK;
}

/* Waits (bounded) until an instance of hello other than the dead one serves. */
static int lookup(struct hello_client *c)
{
	struct mess_times t0, t;
	endpoint_t ep;
	message m;
	int r;

	sys_times(SELF, &t0);
	for (;;) {
		r = find(&ep);
		if (r == OK && ep != c->dead) {
			c->ep = ep;
			return OK;
		}
		if (r != OK && r != ENOENT)
			return r;
		sys_times(SELF, &t);
		if (t.uptime_ticks - t0.uptime_ticks > LOOKUP_TICKS)
			return EAGAIN;
		if (sys_setalarm(1, NULL) == OK)		/* a tick, then ask again */
			ipc_receive(CLOCK, &m, NULL);
	}
}

/* One request (m filled in), retried at each new instance it dies at. */
static int call(struct hello_client *c, int type, message *m)
{
	message req = *m;
	int r;

	for (;;) {
		if (c->ep == NONE && (r = lookup(c)) != OK)
			return r;
		*m = req;
		m->m_type = type;
		r = ipc_sendrec(c->ep, m);
		if (r == OK)
			return m->m_type;
		if (r != EDEADSRCDST && r != EDEADEPT)
			return r;
		c->dead = c->ep;		/* it died: ask again, same request */
		c->ep = NONE;
		c->retried++;
	}
}

int hello_count(struct hello_client *c, uint32_t *value)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.words[0] = ++c->seq;
	c->sent++;
	if ((r = call(c, HELLO_COUNT, &m)) != OK) {
		c->failed++;
		return r;
	}
	c->answered++;
	*value = m.words[1];
	return OK;
}

int hello_get(struct hello_client *c, uint32_t *value)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	if ((r = call(c, HELLO_GET, &m)) == OK)
		*value = m.words[1];
	return r;
}

int hello_fault(struct hello_client *c, int kind, endpoint_t *victim)
{
	message m;
	int r;

	if (c->ep == NONE && (r = lookup(c)) != OK)
		return r;
	*victim = c->ep;
	memset(&m, 0, sizeof(m));
	m.m_type = HELLO_FAULT;
	m.words[0] = (uint32_t)kind;
	if (kind == HELLO_FAULT_BEFORE_SAVE || kind == HELLO_FAULT_AFTER_SAVE) {
		r = ipc_sendrec(c->ep, &m);
		return r == OK ? m.m_type : r;
	}
	r = ipc_send(c->ep, &m);	/* no answer comes: it faults */
	return r;
}
