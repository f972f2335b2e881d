/*
 * servers/rs/start.c - making instances of a service and their init.
 *
 * A service's boot module is held stopped by the kernel (priv=service).
 * RS copies it once, before it ever ran, into a held pristine image
 * (SYS_FORK of a stopped process is stopped), and every later instance is
 * a copy of that image: a restart starts from the program as it was booted.
 * An instance gets its privileges from the row (start_instance), then runs
 * and asks for its init (SEF, abi/sef.h); its report ends the start.
 *
 * Restart at the same endpoint (SF_SAME_EP): the fresh copy and the dead
 * instance swap programs (SYS_UPDATE; privileges, queued senders and
 * pending notifications stay with the endpoint), then the copy's endpoint,
 * now holding the dead program, is cleared, and the clients whose request
 * the dead program had taken get ERESTART (RC_RESTARTED).
 */
#include <stdio.h>
#include <string.h>
#include <abi/signal.h>
#include <ipc.h>
#include <syslib.h>
#include <vm.h>
#include "servers/rs/rs.h"

#define UPDATE_TRIES	200	/* SYS_UPDATE waits for the old one to leave its CPU */

static bool lists(const char *const *labels, const char *label)
{
	for (; *labels; labels++)
		if (!strcmp(*labels, label))
			return true;
	return false;
}

/*
 * Gives ep the privileges of its row; RS is its signal manager.  A fresh
 * SYSTEM structure is a copy of RS's (every partner); a row with a partner
 * list keeps only those (and RS), and no other service may reach a
 * service whose row has a list without it.
 */
static int set_privileges(const struct service *s, endpoint_t ep)
{
	const struct rs_row *row = s->row;
	bool allowed[NR_SYS_CALLS] = { false };
	int r;

	if ((r = sys_privctl(ep, PRIVCTL_SET_SYS, 0)) != OK)
		return r;
	for (const int *c = row->calls; *c >= 0; c++)
		if (*c < NR_SYS_CALLS)
			allowed[*c] = true;
	for (int c = 0; c < NR_SYS_CALLS; c++)
		if (!allowed[c] && (r = sys_privctl(ep, PRIVCTL_DENY_CALL, c)) != OK)
			return r;
	for (unsigned i = 0; i < nservices; i++) {		/* others' partner lists */
		const struct service *t = &services[i];

		/* a held boot module (DOWN) is still USER: its structure is everyone's */
		if (t != s && t->row->ipc && t->ep != NONE && t->state != RS_STATE_DOWN &&
		    !lists(t->row->ipc, row->label) &&
		    (r = sys_privctl(ep, PRIVCTL_DENY_IPC, t->ep)) != OK)
			return r;
	}
	if (row->ipc) {
		if ((r = sys_privctl(ep, PRIVCTL_CLEAR_IPC, 0)) != OK)
			return r;
		for (const char *const *l = row->ipc; *l; l++) {
			struct service *peer = service_by_label(*l);

			if (peer && peer->ep != NONE &&
			    (r = sys_privctl(ep, PRIVCTL_ALLOW_IPC, peer->ep)) != OK)
				return r;
		}
	}
	if ((r = sys_privctl(ep, PRIVCTL_SET_SIGMGR, rs_self)) != OK ||
	    (r = sys_privctl(ep, PRIVCTL_EXIT_TO_MGR, 1)) != OK)
		return r;
	/* VM enforces the VM call mask; a boot without VM has nothing to ask */
	if ((r = vm_set_callmask(ep, row->vm_calls)) != OK && r != ESRCH)
		return r;
	if (row->flags & SF_CRITICAL)
		r = sys_privctl(ep, PRIVCTL_CRITICAL, 1);
	return r;
}

/* Lets an instance with its privileges run; it will ask for its init. */
static int release(struct service *s, endpoint_t ep, int init_type)
{
	int r = sys_runctl(ep, RC_RESUME);

	if (r != OK)
		return r;
	s->ep = ep;
	s->init_type = init_type;
	s->state = RS_STATE_STARTING;
	s->deadline = rs_now() + s->row->init_timeout;
	s->ping_out = false;
	s->missed = 0;
	s->cpu_ticks = 0;
	s->signals = 0;
	return OK;
}

/* The first instance is the boot module itself; its copy is the image. */
int service_boot(struct service *s, endpoint_t module)
{
	endpoint_t image = sys_fork_of(module);

	if (image < 0) {
		rs_log("!%s: cannot copy its boot image: error %d", s->row->label, image);
		sys_clear(module);
		return image;
	}
	s->image = image;
	s->ep = module;		/* held, not yet released: service_start does */
	return OK;
}

/* Ends the running instance, if any (its clients see EDEADSRCDST). */
void service_end_instance(struct service *s)
{
	if (s->ep == NONE)
		return;
	sys_clear(s->ep);
	s->prev_ep = s->ep;
	s->ep = NONE;
}

/* Same endpoint: swaps a fresh copy in for the dead instance.  OK or why not. */
static int swap_in(struct service *s, endpoint_t fresh)
{
	struct proc_info old;
	int r = EBUSY;

	if (sys_getinfo(GET_PROC, endpoint_slot(s->ep), &old, sizeof(old)) < 0 ||
	    old.endpoint != s->ep || old.state != PROC_STATE_LIVE)
		return EDEADSRCDST;
	sys_runctl(s->ep, RC_STOP);
	if ((r = sys_schedctl(fresh, (int)old.cpu, -1)) != OK)
		return r;
	for (int i = 0; i < UPDATE_TRIES && (r = sys_update(s->ep, fresh)) == EBUSY; i++)
		sys_yield();
	if (r != OK)
		return r;
	sys_clear(fresh);		/* now the dead program */
	sys_runctl(s->ep, RC_RESTARTED);	/* its taken requests: ERESTART */
	return OK;
}

/*
 * Starts an instance of s (init_type says what SEF_INIT tells it): the
 * held boot module the first time, else a copy of the image, swapped in
 * at the old endpoint for SF_SAME_EP.  On failure s is FAILED.
 */
int service_start(struct service *s, int init_type)
{
	bool boot_module = s->state == RS_STATE_DOWN && s->ep != NONE;	/* held since boot */
	endpoint_t ep = s->ep;
	int r;

	if (!boot_module) {
		if ((ep = sys_fork_of(s->image)) < 0) {
			r = ep;
			goto failed;
		}
		if ((s->row->flags & SF_SAME_EP) && s->ep != NONE) {
			if ((r = swap_in(s, ep)) == OK) {
				s->prev_ep = s->ep;
				if ((r = release(s, s->ep, init_type)) == OK)
					return OK;
				goto failed;
			}
			rs_log("%s: restart at endpoint %d impossible (error %d): a fresh endpoint",
			       s->row->label, s->ep, r);
		}
		service_end_instance(s);
	}
	if ((r = set_privileges(s, ep)) != OK || (r = release(s, ep, init_type)) != OK) {
		sys_clear(ep);
		goto failed;
	}
	return OK;
failed:
	rs_log("!%s: cannot start an instance: error %d", s->row->label, r);
	service_end_instance(s);
	s->state = RS_STATE_FAILED;
	return r;
}

/* SEF_INIT_ASK from the instance being started: its init. */
void service_init_ask(struct service *s, message *m)
{
	memset(&m->sef, 0, sizeof(m->sef));
	m->sef.init_type = s->init_type;
	m->sef.restarts = s->restarts;
	m->sef.old_ep = s->init_type == SEF_INIT_FRESH ? NONE : s->prev_ep;
	rs_reply(s->ep, m, SEF_INIT);
}

/* SEF_INIT_REPLY: the result of its init callback. */
void service_init_reply(struct service *s, message *m)
{
	int result = m->sef.result;

	if (result != OK) {
		char why[48];

		/* an error code, or a lie: anything else is not a result */
		rs_reply(s->ep, m, OK);
		if (result < 0 && result > -1000)
			snprintf(why, sizeof(why), "init failed: error %d", result);
		else
			snprintf(why, sizeof(why), "init reply with no valid result (%d)", result);
		service_failed(s, RS_WHY_INIT, why);
		return;
	}
	rs_reply(s->ep, m, OK);
	s->state = RS_STATE_UP;
	s->ping_out = false;
	s->next_ping = rs_now() + s->row->heartbeat;
	if (s->fail_tsc) {
		s->recover_us = rs_tsc_to_us(rs_tsc() - s->fail_tsc);
		s->fail_tsc = 0;
		rs_log("%s: up again as endpoint %d, %u us after the failure (restart %u)",
		       s->row->label, s->ep, s->recover_us, s->restarts);
	} else {
		rs_log("%s: up as endpoint %d", s->row->label, s->ep);
	}
	publish_up(s);
}
