/*
 * servers/rs/recover.c - what RS does when a service fails: one log line
 * with the reason, the restart policy of its row (restart at once, then
 * with a doubling backoff; at most max_restarts in a window, else give up
 * loudly), and the restart of the services that depend on it.
 */
#include <stdio.h>
#include <string.h>
#include <abi/signal.h>
#include <ipc.h>
#include <syslib.h>
#include "servers/rs/rs.h"

#define BACKOFF_MAX_SHIFT	8

/* Do the deps of t name label? */
static bool depends_on(const struct service *t, const char *label)
{
	for (const char *const *d = t->row->deps; d && *d; d++)
		if (!strcmp(*d, label))
			return true;
	return false;
}

/* Restarts the running services that depend on s (rest_for_one). */
static void restart_dependents(const struct service *s)
{
	char why[48];

	snprintf(why, sizeof(why), "restarted: it depends on %s", s->row->label);
	for (unsigned i = 0; i < nservices; i++)
		if (services[i].state == RS_STATE_UP && depends_on(&services[i], s->row->label))
			service_failed(&services[i], RS_WHY_DEPEND, why);
}

/* Counts a restart in s's window; false when that is one too many. */
static bool window_allows(struct service *s, uint32_t now)
{
	if (now - s->window_start >= s->row->window) {
		s->window_start = now;
		s->window_count = 0;
	}
	return ++s->window_count <= s->row->max_restarts;
}

void service_failed(struct service *s, int why, const char *detail)
{
	const struct rs_row *row = s->row;
	uint32_t now = rs_now(), delay;

	if (s->state == RS_STATE_STOPPING) {		/* taken down: its end was asked for */
		service_end_instance(s);
		s->state = RS_STATE_DOWN;
		rs_log("%s: down (%s)", row->label, detail);
		return;
	}
	if (s->state != RS_STATE_UP && s->state != RS_STATE_STARTING)
		return;					/* already being recovered */
	rs_log("%s (endpoint %d): %s", row->label, s->ep, detail);
	if (!s->fail_tsc)
		s->fail_tsc = rs_tsc();
	s->reason = why;
	if (row->flags & SF_SAME_EP)
		sys_runctl(s->ep, RC_STOP);		/* held for the swap */
	else
		service_end_instance(s);		/* clients learn now: EDEADSRCDST */
	if (why != RS_WHY_REQUEST && !window_allows(s, now)) {
		service_end_instance(s);
		s->state = RS_STATE_FAILED;
		s->fail_tsc = 0;
		rs_log("!%s: %u restarts in %u ticks: giving up%s", row->label, row->max_restarts,
		       row->window, (row->flags & SF_CRITICAL) ? "; CRITICAL service lost" : "");
		return;
	}
	s->restarts++;
	delay = s->window_count <= 1 || why == RS_WHY_REQUEST ? 0 :
		row->backoff << (s->window_count - 2 < BACKOFF_MAX_SHIFT ? s->window_count - 2
									  : BACKOFF_MAX_SHIFT);
	s->state = RS_STATE_BACKOFF;
	s->deadline = now + delay;
	if (delay)
		rs_log("%s: restart %u in %u ticks (backoff)", row->label, s->restarts, delay);
	else
		service_restart_due(s);
	restart_dependents(s);
}

void service_restart_due(struct service *s)
{
	service_start(s, SEF_INIT_RESTART);
}

/* Signals that end a service (a fault, SIGKILL, its exit); others are its own. */
bool signal_ends_service(int signo)
{
	return signo == SIGILL || signo == SIGTRAP || signo == SIGABRT || signo == SIGBUS ||
	       signo == SIGFPE || signo == SIGKILL || signo == SIGSEGV || signo == SIGEXIT;
}

/* Hands s its pending signals (SEF_SIGNAL); those it does not take now wait. */
void service_deliver_signals(struct service *s)
{
	message m;

	for (int sig = 0; s->signals && sig < NR_SIGNALS; sig++) {
		if (!(s->signals & (1u << sig)))
			continue;
		memset(&m, 0, sizeof(m));
		m.m_type = SEF_SIGNAL;
		m.sef.signo = sig;
		if (ipc_sendnb(s->ep, &m) != OK)
			return;			/* not receiving: the next tick tries again */
		s->signals &= ~(1u << sig);
	}
}

/*
 * The signal manager's callback (SEF): a fault, SIGKILL or an exit ends
 * the instance (RS recovers it); any other signal (SIGTERM from SYS_KILL,
 * say) lets it run on and reaches it as SEF_SIGNAL, its signal handler's.
 */
void rs_signal(endpoint_t target, int signo)
{
	struct service *s = service_by_ep(target);
	struct proc_info info;
	char detail[48];

	if (lu_signal(target, signo))
		return;
	if (!s) {
		rs_log("signal %d for endpoint %d, which is no service of RS: ignored", signo,
		       target);
		return;
	}
	if (!signal_ends_service(signo)) {
		if (s->state == RS_STATE_UP || s->state == RS_STATE_STARTING) {
			s->signals |= 1u << signo;
			sys_endksig(target);
			service_deliver_signals(s);
		}
		return;
	}
	if (signo == SIGEXIT) {
		if (sys_getinfo(GET_PROC, endpoint_slot(target), &info, sizeof(info)) < 0)
			info.exit_status = 0;
		snprintf(detail, sizeof(detail), "exited with status %d", info.exit_status);
		service_failed(s, RS_WHY_EXIT, detail);
	} else {
		snprintf(detail, sizeof(detail), "crashed: signal %d", signo);
		service_failed(s, RS_WHY_SIGNAL, detail);
	}
}
