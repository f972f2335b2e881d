/*
 * servers/hello/main.c - the hello service: a counter with exactly-once
 * requests (hello.h), recovered by RS with a fresh endpoint.
 *
 * Its whole state is struct hello_state; every executed request is saved
 * (sef_state_save) before it is answered, and the restart callback takes
 * the last saved state back.  A crash before the save loses the execution
 * (the client retries, the request runs again); after it, the answer is
 * remembered (the client's retry gets it).  HELLO_FAULT makes the service
 * fail in one of the ways RS must recover from.
 */
#include <string.h>
#include <stdbool.h>
#include <stdlib.h>
#include <ipc.h>
#include <sef.h>
#include <syslib.h>
#include "servers/hello/hello.h"

struct hello_state {
	uint32_t counter;
	struct {
		endpoint_t ep;		/* NONE: free */
		uint32_t seq;		/* last request executed */
		uint32_t value;		/* its answer */
	} client[HELLO_MAX_CLIENTS];
};

static struct hello_state st;
static int armed;			/* HELLO_FAULT_BEFORE/AFTER_SAVE pending */

static void crash_now(int kind)
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

static int init_fresh(int type, const struct sef_init_info *info)
{
	(void)type;
	(void)info;
	memset(&st, 0, sizeof(st));
	for (unsigned i = 0; i < HELLO_MAX_CLIENTS; i++)
		st.client[i].ep = NONE;
	return OK;
}

static int init_restart(int type, const struct sef_init_info *info)
{
	int r = sef_state_restore(&st, sizeof(st));

	if (r == 0)
		return init_fresh(type, info);
	return r == (int)sizeof(st) ? OK : EINVAL;
}

/* The client's entry, a free one for a new client, or NULL when full. */
static int client_of(endpoint_t ep)
{
	int free_slot = -1;

	for (int i = 0; i < HELLO_MAX_CLIENTS; i++) {
		if (st.client[i].ep == ep)
			return i;
		if (st.client[i].ep == NONE && free_slot < 0)
			free_slot = i;
	}
	if (free_slot >= 0) {
		st.client[free_slot].ep = ep;
		st.client[free_slot].seq = 0;
	}
	return free_slot;
}

static int count(message *m)
{
	uint32_t seq = m->words[0];
	int c = client_of(m->m_source), r;

	if (c < 0)
		return ENOSPC;
	if (seq == st.client[c].seq) {			/* a retry of an executed request */
		m->words[1] = st.client[c].value;
		return OK;
	}
	if (seq != st.client[c].seq + 1)
		return EINVAL;
	st.counter++;
	st.client[c].seq = seq;
	st.client[c].value = st.counter;
	if (armed == HELLO_FAULT_BEFORE_SAVE)
		crash_now(HELLO_FAULT_WILD);
	if ((r = sef_state_save(&st, sizeof(st))) != OK)
		return r;
	if (armed == HELLO_FAULT_AFTER_SAVE)
		crash_now(HELLO_FAULT_WILD);
	m->words[1] = st.counter;
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

	if (kind < 1 || kind > HELLO_FAULTS)
		return EINVAL;
	if (!is_system(m->m_source))
		return EPERM;
	if (kind == HELLO_FAULT_BEFORE_SAVE || kind == HELLO_FAULT_AFTER_SAVE) {
		armed = kind;
		return OK;
	}
	crash_now(kind);
	return OK;
}

int main(void)
{
	uint32_t status;
	message m;
	int r;

	sef_setcb_init_fresh(init_fresh);
	sef_setcb_init_restart(init_restart);
	if ((r = sef_startup()) != OK)
		return 1;
	for (;;) {
		if (sef_receive(ANY, &m, &status) != OK || (status & IPC_STATUS_NOTIFY))
			continue;
		switch (m.m_type) {
		case HELLO_COUNT:	r = count(&m); break;
		case HELLO_GET:		m.words[1] = st.counter; r = OK; break;
		case HELLO_FAULT:	r = fault(&m); break;
		default:		r = EINVAL; break;
		}
		m.m_type = r;
		ipc_sendnb(m.m_source, &m);
	}
}
