/*
 * servers/rs/main.c - RS's start and its receive loop.
 *
 * RS is a boot module marked priv=system.  It makes itself critical (the
 * kernel reports its end as an error: nothing recovers services then),
 * runs above the services' priority,
 * takes the signals of the services it runs (SEF signal manager), finds
 * the held boot module of each row of its table and starts them in table
 * order, waiting for the init of those flagged SF_SYNC_INIT.  Then it
 * serves: heartbeats on its clock, SEF's init and state messages, control
 * requests (request.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <abi/signal.h>
#include <ipc.h>
#include <sef.h>
#include <syslib.h>
#include "servers/rs/rs.h"

/*
 * Above the services and programs (level 8): a service that spins must
 * not delay the heartbeat that finds it hung.
 */
#define RS_PRIORITY	2

struct service services[RS_MAX_SERVICES];
unsigned nservices;
endpoint_t rs_self = NONE;
static uint64_t boot_tsc;

uint32_t rs_now(void)
{
	struct mess_times t;

	return sys_times(SELF, &t) == OK ? t.uptime_ticks : 0;
}

uint64_t rs_tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* TSC ticks to microseconds, the TSC's rate measured against the clock since boot. */
uint32_t rs_tsc_to_us(uint64_t delta)
{
	struct mess_times t;
	uint64_t hz;

	if (sys_times(SELF, &t) != OK || t.uptime_ticks == 0)
		return 0;
	hz = (rs_tsc() - boot_tsc) * 100 / t.uptime_ticks;	/* HZ = 100 (struct kinfo) */
	return hz ? (uint32_t)(delta * 1000000 / hz) : 0;
}

/* One log line (the kernel prefixes "rs: ") at notice level; error when fmt starts with '!'. */
void rs_log(const char *fmt, ...)
{
	char line[160];
	unsigned level = 5;
	va_list ap;
	int n;

	if (*fmt == '!') {
		level = 3;
		fmt++;
	}
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line))
		n = (int)sizeof(line) - 1;
	sys_diag_log(level, line, (size_t)n);
}

/*
 * A line about bad input from another process: at most REFUSALS_PER_S a
 * second, so that a flood of bad requests cannot flood the console; the
 * next line says how many were left out.
 */
#define REFUSALS_PER_S	10

void rs_refusal(const char *fmt, ...)
{
	static struct log_limit limit;
	char line[160];
	va_list ap;

	if (!log_limit_ok(&limit, REFUSALS_PER_S))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (limit.left_out)
		rs_log("%s (and %u such lines left out)", line, limit.left_out);
	else
		rs_log("%s", line);
	limit.left_out = 0;
}

/* Answers a process waiting in SENDREC; never blocks RS. */
void rs_reply(endpoint_t to, message *m, int result)
{
	m->m_type = result;
	ipc_sendnb(to, m);
}

struct service *service_by_label(const char *label)
{
	for (unsigned i = 0; i < nservices; i++)
		if (!strncmp(services[i].row->label, label, RS_LABEL_LEN))
			return &services[i];
	return NULL;
}

struct service *service_by_ep(endpoint_t ep)
{
	for (unsigned i = 0; i < nservices; i++)
		if (services[i].ep == ep && ep != NONE)
			return &services[i];
	return NULL;
}

/* The held boot module of each row; rows without one are not in this boot. */
static void find_services(void)
{
	struct bootmod_info mod;
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return;
	for (unsigned r = 0; r < rs_table_len && nservices < RS_MAX_SERVICES; r++) {
		const struct rs_row *row = &rs_table[r];
		endpoint_t module = NONE;

		for (unsigned i = 0; i < k.nr_bootmods; i++)
			if (sys_getinfo(GET_BOOTMOD, (int)i, &mod, sizeof(mod)) >= 0 &&
			    mod.status == OK && !strcmp(mod.name, row->label) &&
			    (mod.flags & BOOTMOD_HELD))
				module = mod.endpoint;
		if (module == NONE)
			continue;
		struct service *s = &services[nservices++];
		memset(s, 0, sizeof(*s));
		s->row = row;
		s->ep = s->image = s->prev_ep = NONE;
		if (service_boot(s, module) != OK)
			s->state = RS_STATE_FAILED;
	}
}

static void dispatch(message *m, uint32_t status)
{
	struct service *s;

	if (status & IPC_STATUS_NOTIFY) {
		if (m->m_source == CLOCK)
			rs_tick();
		else
			rs_refusal("notification from endpoint %d, which is no heartbeat: ignored",
				   m->m_source);
		return;
	}
	if (lu_message(m))		/* a live update's (update.c) */
		return;
	switch (m->m_type) {
	case SEF_INIT_ASK:
	case SEF_INIT_REPLY:
		if (!(s = service_by_ep(m->m_source)) || s->state != RS_STATE_STARTING) {
			rs_refusal("endpoint %d sent an init message (%#x) while RS starts no such "
				   "instance: refused", m->m_source, m->m_type);
			rs_reply(m->m_source, m, EPERM);
		} else if (m->m_type == SEF_INIT_ASK) {
			service_init_ask(s, m);
		} else {
			service_init_reply(s, m);
		}
		return;
	case SEF_PING_REPLY:
		rs_reply(m->m_source, m, rs_heartbeat_reply(m->m_source));
		return;
	case SEF_STATE_SAVE:
	case SEF_STATE_GET:
		if (!(s = service_by_ep(m->m_source))) {
			rs_refusal("endpoint %d asked for service state but is no service: refused",
				   m->m_source);
			rs_reply(m->m_source, m, EPERM);
		} else {
			rs_state(s, m);
		}
		return;
	default:
		rs_request(m);
	}
}

/* Serves until the services in the boot order before `until` are past their start. */
static void serve(const struct service *until)
{
	message m;
	uint32_t status;

	while (!until || until->state == RS_STATE_STARTING || until->state == RS_STATE_BACKOFF)
		if (sef_receive(ANY, &m, &status) == OK)
			dispatch(&m, status);
}

int main(void)
{
	struct proc_info me;
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0 ||
	    sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) < 0)
		return 1;
	boot_tsc = k.boot_tsc;
	rs_self = me.endpoint;
	sys_privctl(SELF, PRIVCTL_CRITICAL, 1);
	sys_schedctl(SELF, -1, RS_PRIORITY);
	sef_setcb_signal_manager(rs_signal);
	sys_setalarm(1, NULL);
	find_services();
	for (unsigned i = 0; i < nservices; i++) {
		struct service *s = &services[i];

		if (s->state == RS_STATE_FAILED)
			continue;
		service_start(s, SEF_INIT_FRESH);
		if (s->row->flags & SF_SYNC_INIT)
			serve(s);
	}
	rs_log("%u services started", nservices);
	serve(NULL);
	return 0;
}
