/*
 * servers/hello/main.c - the hello service: a counter with exactly-once
 * requests (hello.h), recovered by RS with a fresh endpoint.
 *
 * Its whole state is struct hello_state; every executed request is saved
 * (sef_state_save) before it is answered, and the restart callback takes
 * the last saved state back.  A crash before the save loses the execution
 * (the client retries, the request runs again); after it, the answer is
 * remembered (the client's retry gets it).  HELLO_FAULT makes the service
 * fail in one of the ways RS must recover from.  lu.c is its live update
 * (the old version's state description, the new version's transfer).
 *
 * HELLO_HOLD is a request hello keeps open until a HELLO_RELEASE: while
 * one is held hello is not request-free, and a live update asking for that
 * state waits (or times out).  HELLO_GATE is its own predicate (EVAL).
 */
#include <string.h>
#include <stdbool.h>
#include <stdlib.h>
#include <ipc.h>
#include <sef.h>
#include <syslib.h>
#include "servers/hello/hello.h"
#include "servers/hello/hello_state.h"

struct hello_state hello_st;
endpoint_t hello_held = NONE;
int hello_gate = 1;
static int armed;			/* HELLO_FAULT_BEFORE/AFTER_SAVE pending */

void hello_crash_now(int kind)
{
	switch (kind) {
	case HELLO_FAULT_EXIT:
		exit(3);
	case HELLO_FAULT_LOOP:
		for (;;)
			__asm__ volatile("pause");
	default:
		*(volatile uint32_t *)0xdead0000 = 1;	/* wild pointer */
		exit(4);				/* not reached */
	}
}

void hello_state_fresh(void)
{
	memset(&hello_st, 0, sizeof(hello_st));
	for (unsigned i = 0; i < HELLO_MAX_CLIENTS; i++)
		hello_st.client[i].ep = NONE;
}

static int init_fresh(int type, const struct sef_init_info *info)
{
	(void)type;
	(void)info;
	hello_state_fresh();
	return OK;
}

static int init_restart(int type, const struct sef_init_info *info)
{
	int r = sef_state_restore(&hello_st, sizeof(hello_st));

	if (r == 0)
		return init_fresh(type, info);
	return r == (int)sizeof(hello_st) ? OK : EINVAL;
}

/* The client's entry, a free one for a new client, or NULL when full. */
static int client_of(endpoint_t ep)
{
	int free_slot = -1;

	for (int i = 0; i < HELLO_MAX_CLIENTS; i++) {
		if (hello_st.client[i].ep == ep)
			return i;
		if (hello_st.client[i].ep == NONE && free_slot < 0)
			free_slot = i;
	}
	if (free_slot >= 0) {
		hello_st.client[free_slot].ep = ep;
		hello_st.client[free_slot].seq = 0;
#if HELLO_V >= 2
		hello_st.client[free_slot].executed = 0;
#endif
	}
	return free_slot;
}

static int count(message *m)
{
	uint32_t seq = m->words[0];
	int c = client_of(m->m_source), r;

	if (c < 0)
		return ENOSPC;
	if (seq == hello_st.client[c].seq) {			/* a retry of an executed request */
		m->words[1] = hello_st.client[c].value;
		return OK;
	}
	if (seq != hello_st.client[c].seq + 1)
		return EINVAL;
	hello_st.counter++;
	hello_st.client[c].seq = seq;
	hello_st.client[c].value = hello_st.counter;
#if HELLO_V >= 2
	hello_st.client[c].executed++;
#endif
	if (armed == HELLO_FAULT_BEFORE_SAVE)
		hello_crash_now(HELLO_FAULT_WILD);
	if ((r = sef_state_save(&hello_st, sizeof(hello_st))) != OK)
		return r;
	if (armed == HELLO_FAULT_AFTER_SAVE)
		hello_crash_now(HELLO_FAULT_WILD);
	m->words[1] = hello_st.counter;
	return OK;
}

static bool is_system(endpoint_t ep)
{
	struct proc_info info;

	return sys_getinfo(GET_PROC, endpoint_slot(ep), &info, sizeof(info)) >= 0 &&
	       info.endpoint == ep && (info.priv_flags & PROC_PRIV_SYSTEM);
}

static int fault(const message *m)
{
	int kind = (int)m->words[0];

	if (kind < 1 || kind > HELLO_FAULT_LU_LAST)
		return EINVAL;
	if (!is_system(m->m_source))
		return EPERM;
	if (kind == HELLO_FAULT_BEFORE_SAVE || kind == HELLO_FAULT_AFTER_SAVE) {
		armed = kind;
		return OK;
	}
	if (kind > HELLO_FAULTS) {
		hello_lu_arm(kind);
		return OK;
	}
	hello_crash_now(kind);
	return OK;
}

static int version(message *m)
{
	uint32_t used = 0;

	for (unsigned i = 0; i < HELLO_MAX_CLIENTS; i++)
		used += hello_st.client[i].ep != NONE;
	m->words[HELLO_W_VERSION] = HELLO_V;
	m->words[HELLO_W_UPDATES] = hello_st.updates;
	m->words[HELLO_W_TABLE] = HELLO_MAX_CLIENTS;
	m->words[HELLO_W_CLIENTS] = used;
	m->words[HELLO_W_COUNTER] = hello_st.counter;
	return OK;
}

/* HELLO_RELEASE: answers the held request (EDONTREPLY: HELLO_HOLD keeps it open). */
static int release(void)
{
	message a;

	if (hello_held == NONE)
		return ENOENT;
	memset(&a, 0, sizeof(a));
	a.m_type = OK;
	a.words[1] = hello_st.counter;
	ipc_sendnb(hello_held, &a);
	hello_held = NONE;
	return OK;
}

int main(void)
{
	uint32_t status;
	message m;
	int r;

	sef_setcb_init_fresh(init_fresh);
	sef_setcb_init_restart(init_restart);
	hello_lu_setup();
	if ((r = sef_startup()) != OK)
		return 1;
	for (;;) {
		if (sef_receive(ANY, &m, &status) != OK || (status & IPC_STATUS_NOTIFY))
			continue;
		switch (m.m_type) {
		case HELLO_COUNT:	r = count(&m); break;
		case HELLO_GET:		m.words[1] = hello_st.counter; r = OK; break;
		case HELLO_FAULT:	r = fault(&m); break;
		case HELLO_VERSION:	r = version(&m); break;
		case HELLO_HOLD:	r = hello_held == NONE ? EDONTREPLY : EBUSY; break;
		case HELLO_RELEASE:	r = release(); break;
		case HELLO_GATE:	hello_gate = m.words[0] != 0; r = OK; break;
		default:		r = EINVAL; break;
		}
		if (r == EDONTREPLY) {
			hello_held = m.m_source;
			continue;
		}
		m.m_type = r;
		ipc_sendnb(m.m_source, &m);
	}
}
