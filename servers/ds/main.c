/*
 * servers/ds/main.c - the data store: start-up, the receive loop and the
 * request table.
 *
 * DS keeps small named values for the system's services (MINIX 3's DS):
 * numbers, labels (a service's endpoint by name), strings, memory ranges
 * and mapped ranges, each owned by the label of its publisher, and tells
 * subscribers when entries matching their patterns change.  Requests are
 * DS_* messages (abi/ds.h), answered without ever blocking DS: the reply
 * is a SENDNB (a client that is not waiting for it loses it; a publication
 * flagged DSF_NOREPLY, RS's, gets none), and
 * subscribers hear of changes through notifications.
 *
 * DS is a service of RS's (SEF): a fresh start has an empty store; after
 * a restart the subscriptions come back from the state SEF keeps with RS
 * and every subscriber is told to look again.  Without RS (DS as a boot
 * module on its own) it starts fresh.  Design: docs/ds.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <ipc.h>
#include <sef.h>
#include <syslib.h>
#include "ds.h"

struct ds_store ds_store;
struct ds_subs ds_subs;

static const struct {
	const char *name;
	int (*handler)(message *m);
} requests[DS_NR_RQS] = {
	[DS_PUBLISH - DS_RQ_BASE]	= { "publish", do_publish },
	[DS_RETRIEVE - DS_RQ_BASE]	= { "retrieve", do_retrieve },
	[DS_DELETE - DS_RQ_BASE]	= { "delete", do_delete },
	[DS_SUBSCRIBE - DS_RQ_BASE]	= { "subscribe", do_subscribe },
	[DS_CHECK - DS_RQ_BASE]		= { "check", do_check },
	[DS_INFO - DS_RQ_BASE]		= { "info", do_info },
};

/*
 * A log line about what a process did, at most 5 per second: no process
 * can flood the console through DS.
 */
void ds_log(const char *fmt, ...)
{
	static struct log_limit limit;
	va_list ap;

	if (!log_limit_ok(&limit, 5))
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* Logs the refusal of request m with error r and why; returns r. */
int ds_refuse(const message *m, int r, const char *why)
{
	ds_log("ds: %s from endpoint %d refused (%d): %s\n",
	       requests[m->m_type - DS_RQ_BASE].name, m->m_source, r, why);
	return r;
}

static int dispatch(message *m)
{
	unsigned i = (unsigned)(m->m_type - DS_RQ_BASE);

	if (i >= DS_NR_RQS) {
		ds_log("ds: unknown request %d from endpoint %d refused\n", m->m_type, m->m_source);
		return ENOSYS;
	}
	return requests[i].handler(m);
}

static int init_fresh(int type, const struct sef_init_info *info)
{
	store_init(&ds_store);
	subs_init(&ds_subs);
	return OK;
}

/* A restart (or live update): the subscriptions saved with RS, no entries. */
static int init_restart(int type, const struct sef_init_info *info)
{
	static uint8_t saved[DS_SUB_STATE_MAX];
	int n;

	init_fresh(type, info);
	if ((n = sef_state_restore(saved, sizeof(saved))) < 0)
		return n;
	if (subs_restore(&ds_subs, saved, (uint32_t)n) != OK)
		printf("ds: the saved subscriptions are malformed: starting without them\n");
	printf("ds: restarted (%u before): %u subscribers restored\n", info->restarts,
	       subs_count(&ds_subs));
	notify_restart();
	return OK;
}

int main(void)
{
	uint32_t status;
	message m;
	int r;

	sef_setcb_init_fresh(init_fresh);
	sef_setcb_init_restart(init_restart);
	sef_setcb_init_lu(init_restart);
	if ((r = sef_startup()) == ESRCH)		/* no RS: on its own */
		r = init_fresh(SEF_INIT_FRESH, NULL);
	if (r != OK) {
		printf("ds: cannot start: %d\n", r);
		exit(1);
	}
	for (;;) {
		bool answer;

		if (sef_receive(ANY, &m, &status) != OK || (status & IPC_STATUS_NOTIFY))
			continue;
		answer = m.m_type != DS_PUBLISH || !(m.ds.flags & DSF_NOREPLY);
		m.m_type = dispatch(&m);
		notify_save();
		if (answer && (r = ipc_sendnb(m.m_source, &m)) != OK)
			ds_log("ds: reply to endpoint %d not delivered: %d\n", m.m_source, r);
	}
}
