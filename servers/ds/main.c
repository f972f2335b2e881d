/*
 * servers/ds/main.c - the data store: start-up, the receive loop and the
 * request table.
 *
 * DS keeps small named values for the system's services (MINIX 3's DS):
 * numbers, labels (a service's endpoint by name), strings, memory ranges
 * and mapped ranges, each owned by the label of its publisher, and tells
 * subscribers when entries matching their patterns change.  Requests are
 * DS_* messages (abi/ds.h), answered without ever blocking DS: the reply
 * goes back in the same trap that waits for the next request (REPLYRECV,
 * which does not wait for a client that is not receiving), and
 * subscribers hear of changes through notifications.  Design: docs/ds.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <ipc.h>
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
	static uint32_t window, lines;
	struct mess_times t;
	va_list ap;

	if (sys_times(SELF, &t) != OK)
		return;
	if (t.uptime_ticks / 100 != window) {
		window = t.uptime_ticks / 100;
		lines = 0;
	}
	if (lines++ >= 5)
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

int main(void)
{
	uint32_t status;
	message m;
	int r;

	store_init(&ds_store);
	subs_init(&ds_subs);
	r = ipc_receive(ANY, &m, &status);
	for (;;) {
		if (r == OK && !(status & (IPC_STATUS_NOTIFY | IPC_STATUS_KERNEL))) {
			m.m_type = dispatch(&m);
			r = ipc_replyrecv(m.m_source, &m, &status);	/* answer and wait: one trap */
			if (r == OK)
				continue;
			ds_log("ds: reply to endpoint %d not delivered: %d\n", m.m_source, r);
		}
		r = ipc_receive(ANY, &m, &status);
	}
}
