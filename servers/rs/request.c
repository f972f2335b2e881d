/*
 * servers/rs/request.c - requests to RS (abi/rs.h): control from the
 * `service` program and tests, status and lookup for anyone, and the
 * state a service keeps across its restarts (abi/sef.h).
 *
 * Control is for controllers only: SYSTEM processes that RS does not run.
 * A service RS runs, or a USER process, gets EPERM and a log line.
 */
#include <stdlib.h>
#include <string.h>
#include <abi/signal.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include "servers/rs/rs.h"

#define STOP_TICKS	50	/* a service asked to stop has this long */

static const char *request_name(int type)
{
	static const char *const names[] = { "up", "down", "restart", "refresh", "status",
					     "lookup", "shutdown", "update" };

	return type >= RS_UP && type <= RS_UPDATE ? names[type - RS_UP] : "an unknown request";
}

static bool is_controller(endpoint_t ep, char *name)
{
	struct proc_info info;

	if (sys_getinfo(GET_PROC, endpoint_slot(ep), &info, sizeof(info)) < 0 ||
	    info.endpoint != ep)
		return false;
	memcpy(name, info.name, PROC_NAME_LEN);
	return (info.priv_flags & PROC_PRIV_SYSTEM) && !service_by_ep(ep);
}

/*
 * Asks s to stop (SEF_SIGNAL SIGTERM).  One that is not receiving now
 * (busy on another CPU) is asked again at each tick (heartbeat.c); one
 * that has not ended after STOP_TICKS is cleared.
 */
static void stop(struct service *s)
{
	if (s->state == RS_STATE_BACKOFF || s->ep == NONE) {
		service_end_instance(s);
		s->state = RS_STATE_DOWN;
		return;
	}
	s->state = RS_STATE_STOPPING;
	s->deadline = rs_now() + STOP_TICKS;
	s->signals |= 1u << SIGTERM;
	service_deliver_signals(s);
}

static int control(struct service *s, int type)
{
	if (s->state == RS_STATE_UPDATING)
		return EBUSY;			/* update.c owns it until the update ends */
	switch (type) {
	case RS_UP:
		if (s->state != RS_STATE_DOWN && s->state != RS_STATE_FAILED)
			return EBUSY;
		s->restarts = s->window_count = 0;
		s->state = RS_STATE_DOWN;
		s->state_len = 0;
		return service_start(s, SEF_INIT_FRESH);
	case RS_DOWN:
		if (s->state == RS_STATE_DOWN || s->state == RS_STATE_FAILED)
			return EINVAL;
		stop(s);
		return OK;
	case RS_RESTART:
	case RS_REFRESH:
		if (s->state != RS_STATE_UP)
			return EBUSY;
		if (type == RS_REFRESH) {
			service_end_instance(s);
			s->restarts = s->window_count = 0;
			s->state = RS_STATE_DOWN;
			s->state_len = 0;
			rs_log("%s: refreshed", s->row->label);
			return service_start(s, SEF_INIT_FRESH);
		}
		service_failed(s, RS_WHY_REQUEST, "restart requested");
		return OK;
	default:
		return EINVAL;
	}
}

void rs_shutdown(void)
{
	lu_shutdown();
	for (unsigned i = 0; i < nservices; i++) {
		if (services[i].ep != NONE)
			sys_privctl(services[i].ep, PRIVCTL_CRITICAL, 0);	/* an asked-for end */
		service_end_instance(&services[i]);
		sys_clear(services[i].image);
		services[i].state = RS_STATE_DOWN;
	}
	rs_log("shut down: %u services stopped", nservices);
	sys_privctl(SELF, PRIVCTL_CRITICAL, 0);		/* an asked-for end */
	exit(0);
}

void rs_request(message *m)
{
	endpoint_t from = m->m_source;
	char name[PROC_NAME_LEN] = "?";
	struct service *s;
	bool serving;
	int r;

	if (m->m_type < RS_UP || m->m_type > RS_UPDATE) {
		rs_refusal("endpoint %d sent unknown request %#x: refused", from, m->m_type);
		rs_reply(from, m, EINVAL);
		return;
	}
	m->rs.label[RS_LABEL_LEN - 1] = '\0';
	s = service_by_label(m->rs.label);
	if (m->m_type != RS_STATUS && m->m_type != RS_LOOKUP && !is_controller(from, name)) {
		rs_refusal("%s (endpoint %d) may not ask %s: not a controller", name, from,
			   request_name(m->m_type));
		rs_reply(from, m, EPERM);
		return;
	}
	if (m->m_type == RS_SHUTDOWN) {
		rs_reply(from, m, OK);
		rs_shutdown();
	}
	if (!s) {
		rs_reply(from, m, ESRCH);
		return;
	}
	switch (m->m_type) {
	case RS_UPDATE:
		lu_request(s, m);	/* answered when the update is over (update.c) */
		return;
	case RS_STATUS:
	case RS_LOOKUP:
		serving = s->state == RS_STATE_UP || s->state == RS_STATE_UPDATING;	/* same ep */
		m->rs.endpoint = serving ? s->ep : NONE;
		m->rs.state = s->state;
		m->rs.restarts = s->restarts;
		m->rs.reason = s->reason;
		m->rs.recover_us = s->recover_us;
		r = m->m_type == RS_LOOKUP && !serving ? EAGAIN : OK;
		break;
	default:
		r = control(s, m->m_type);
		if (r == OK)
			rs_log("%s: %s, asked by %s", s->row->label, request_name(m->m_type), name);
		break;
	}
	rs_reply(from, m, r);
}

/* SEF_STATE_SAVE and SEF_STATE_GET from a running service. */
void rs_state(struct service *s, message *m)
{
	uint32_t len = m->sef.len;
	int r;

	if (len > SEF_STATE_MAX) {
		rs_reply(m->m_source, m, E2BIG);
		return;
	}
	if (m->m_type == SEF_STATE_SAVE) {
		r = sys_safecopyfrom(m->m_source, m->sef.gid, 0, s->state_buf, len);
		if (r == OK)
			s->state_len = len;
	} else {
		if (len > s->state_len)
			len = s->state_len;
		r = len ? sys_safecopyto(m->m_source, m->sef.gid, 0, s->state_buf, len) : OK;
		m->sef.len = len;
	}
	rs_reply(m->m_source, m, r);
}
