/*
 * servers/rs/heartbeat.c - RS's clock: every tick it checks the deadlines
 * of starting, stopping and backing-off services and pings each running
 * service whose heartbeat period is over.  A ping is a notification;
 * SEF answers with SENDREC(SEF_PING_REPLY) (sef_receive).  A service that
 * leaves a ping unanswered for HANG_PERIODS periods in which it ran (or
 * was blocked receiving) hangs: a period in which it waited for a CPU all
 * along does not count, so a loaded machine does not make RS restart
 * healthy services.  One that cannot be notified any more has gone.
 */
#include <stdio.h>
#include <ipc.h>
#include <syslib.h>
#include "servers/rs/rs.h"

#define HANG_PERIODS	2

static bool due(uint32_t now, uint32_t tick)
{
	return (int32_t)(now - tick) >= 0;
}

/*
 * Did s run, or block receiving, since the last look?  False: it waited
 * for a CPU, or blocked sending without running: its ping answer (a
 * SENDREC to RS) may be waiting in RS's own queue, which RS reads only
 * after the clock's notification.  A service blocked sending for good is
 * not hung itself; the partner that never receives is.
 */
static bool had_its_chance(struct service *s)
{
	struct proc_info info;
	uint32_t used;

	if (sys_getinfo(GET_PROC, endpoint_slot(s->ep), &info, sizeof(info)) < 0 ||
	    info.endpoint != s->ep || info.state != PROC_STATE_LIVE)
		return true;
	used = info.user_ticks + info.kernel_ticks;
	if (used == s->cpu_ticks && (info.flags == 0 || (info.flags & PROC_FLAG_SENDING)))
		return false;
	s->cpu_ticks = used;
	return true;
}

static void heartbeat(struct service *s, uint32_t now)
{
	char why[48];
	int r;

	if (!s->row->heartbeat || !due(now, s->next_ping))
		return;
	s->next_ping = now + s->row->heartbeat;
	if (s->ping_out) {
		if (had_its_chance(s) && ++s->missed >= HANG_PERIODS) {
			snprintf(why, sizeof(why), "hangs: no heartbeat for %u ticks",
				 s->missed * s->row->heartbeat);
			service_failed(s, RS_WHY_HANG, why);
		}
		return;
	}
	if ((r = ipc_notify(s->ep)) != OK) {
		snprintf(why, sizeof(why), "gone: ended by someone else (error %d)", r);
		service_failed(s, RS_WHY_GONE, why);
		return;
	}
	s->ping_out = true;
}

void rs_tick(void)
{
	uint32_t now = rs_now();

	for (unsigned i = 0; i < nservices; i++) {
		struct service *s = &services[i];
		char why[48];

		switch (s->state) {
		case RS_STATE_UP:
			service_deliver_signals(s);
			heartbeat(s, now);
			break;
		case RS_STATE_STARTING:
			if (due(now, s->deadline)) {
				snprintf(why, sizeof(why), "init failed: no reply in %u ticks",
					 s->row->init_timeout);
				service_failed(s, RS_WHY_INIT, why);
			}
			break;
		case RS_STATE_BACKOFF:
			if (due(now, s->deadline))
				service_restart_due(s);
			break;
		case RS_STATE_STOPPING:
			service_deliver_signals(s);	/* its SIGTERM, if not taken yet */
			if (due(now, s->deadline))
				service_failed(s, RS_WHY_NONE, "did not stop in time: cleared");
			break;
		default:
			break;
		}
	}
	publish_pending();
	lu_tick(now);
	sys_setalarm(1, NULL);
}

/* SEF_PING_REPLY: a service's heartbeat.  OK, or EPERM from no service. */
int rs_heartbeat_reply(endpoint_t from)
{
	struct service *s = service_by_ep(from);

	if (s && s->state == RS_STATE_UP) {
		s->ping_out = false;
		s->missed = 0;
		return OK;
	}
	if (s)				/* a ping answered late, across a restart or update */
		return OK;
	rs_refusal("heartbeat from endpoint %d, which RS did not ping: ignored", from);
	return EPERM;
}
