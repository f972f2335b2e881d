/*
 * servers/rs/update.c - live update (RS_UPDATE, abi/rs.h; the SEF side:
 * abi/sef.h, lib/libsef/sef_lu.c; docs/liveupdate.md).  One update at a
 * time:
 *
 *   request   the new version is a copy of a program held for RS (a boot
 *             module marked priv=service), held beside the old one; the
 *             old one is asked to reach a safe state (notified, its
 *             SEF_PING_REPLY is answered with SEF_LU_PREPARE).
 *   PREPARE   the old version, in the state, hands RS its state and waits
 *             in SENDREC(SEF_LU_READY): it receives nothing else, so its
 *             clients stay queued at the endpoint.  RS stops it and swaps
 *             the programs (SYS_UPDATE): the new version is now at the
 *             service's endpoint, with its privileges and queued senders.
 *   INIT      the new version runs its init (SEF_INIT_LU) and takes the
 *             old state (SEF_LU_STATE); its OK ends the update (the old
 *             program, now at the copy's endpoint, is cleared).
 *
 * Rollback, on a prepare timeout (maxtime), an init that fails, crashes or
 * times out: swap the programs back, clear the new one, put back the state
 * RS keeps for restarts, and answer the old version's SEF_LU_READY: it
 * goes on where it was, its clients' requests still queued.
 *
 * RS is one thread: everything here runs in its receive loop (main.c).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <abi/signal.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include "servers/rs/rs.h"

#define SWAP_TICKS	20	/* SYS_UPDATE waits for a process to leave its CPU */

static struct {
	struct service *s;		/* the service being updated; NULL: none */
	int phase;			/* RS_LU_PREPARE, RS_LU_INIT */
	uint32_t id;			/* numbers the updates (SEF_LU_READY's lu_id) */
	endpoint_t requester;		/* answered when the update is over */
	int lu_state;			/* SEF_LU_STATE_* asked for */
	uint32_t deadline;		/* tick the phase ends */
	bool prepare_sent;		/* SEF_LU_PREPARE handed to the old version */
	endpoint_t other;		/* PREPARE: the new version (held); INIT: the old program */
	endpoint_t new_image;		/* what the new version is a copy of */
	char program[RS_LABEL_LEN];
	uint64_t t_request, t_ready;
	uint32_t saved_len;		/* the restart state when the update began */
	uint8_t saved[SEF_STATE_MAX];
	uint32_t blob_len;		/* the old version's state */
	uint8_t blob[SEF_LU_BLOB_MAX];
} lu;

/* Each row's own program, copied before an update first replaces s->image. */
static endpoint_t label_image[RS_MAX_SERVICES];

static endpoint_t *label_image_of(const struct service *s)
{
	return &label_image[s - services];
}

/*
 * The image to copy the new version from: the service's own boot image,
 * or a held boot module that is no row's.  ENOENT: no such module;
 * ENOEXEC: a module that is not held for RS or is another service.
 */
static endpoint_t image_for(struct service *s, const char *program)
{
	struct bootmod_info mod;
	struct kinfo k;

	if (!strcmp(program, s->row->label))
		return *label_image_of(s) ? *label_image_of(s) : s->image;
	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return EIO;
	for (unsigned i = 0; i < k.nr_bootmods; i++) {
		if (sys_getinfo(GET_BOOTMOD, (int)i, &mod, sizeof(mod)) < 0 ||
		    strcmp(mod.name, program))
			continue;
		if (mod.status != OK || !(mod.flags & BOOTMOD_HELD) || service_by_label(program))
			return ENOEXEC;
		return mod.endpoint;
	}
	return ENOENT;
}

static void answer(int result, uint32_t rollback_us)
{
	message m;
	uint64_t now = rs_tsc();

	memset(&m, 0, sizeof(m));
	strlcpy(m.rs_lu.label, lu.s->row->label, sizeof(m.rs_lu.label));
	strlcpy(m.rs_lu.program, lu.program, sizeof(m.rs_lu.program));
	m.rs_lu.phase = result == OK ? RS_LU_DONE : lu.phase;
	m.rs_lu.rollback_us = rollback_us;
	if (result == OK) {
		m.rs_lu.update_us = rs_tsc_to_us(now - lu.t_request);
		m.rs_lu.blocked_us = rs_tsc_to_us(now - lu.t_ready);
	}
	rs_reply(lu.requester, &m, result);
}

/* Back to a service that is up (its clients never saw it otherwise). */
static void service_up_again(struct service *s)
{
	s->state = RS_STATE_UP;
	s->ping_out = false;
	s->missed = 0;
	s->next_ping = rs_now() + s->row->heartbeat;
}

/*
 * SYS_UPDATE of two stopped programs, retried while one is still leaving
 * its CPU (a stopped program that was running on another CPU goes at that
 * CPU's next switch): at most SWAP_TICKS.
 */
static int swap(endpoint_t a, endpoint_t b)
{
	uint32_t end = rs_now() + SWAP_TICKS;
	int r;

	while ((r = sys_update(a, b)) == EBUSY && (int32_t)(rs_now() - end) < 0)
		sys_yield();
	return r;
}

/* Lets the old version (at s->ep, waiting in SEF_LU_READY) go on. */
static void resume_old(struct service *s)
{
	message m;

	sys_runctl(s->ep, RC_RESUME);
	memset(&m, 0, sizeof(m));
	rs_reply(s->ep, &m, ECANCELED);
}

/*
 * Rolls the update back (why: the error the requester gets, detail: the
 * log line's reason).  In INIT the programs are swapped back; if that is
 * impossible the service is recovered as after a crash, from its old
 * image.
 */
static void rollback(int why, const char *detail)
{
	struct service *s = lu.s;
	uint64_t t_fail = rs_tsc();
	int r = OK;

	if (lu.phase == RS_LU_INIT) {
		sys_runctl(s->ep, RC_STOP);
		if ((r = swap(s->ep, lu.other)) == OK) {
			sys_clear(lu.other);		/* now the new program */
			memcpy(s->state_buf, lu.saved, lu.saved_len);
			s->state_len = lu.saved_len;
			resume_old(s);
		}
	} else {
		sys_clear(lu.other);			/* the new version never ran */
		if (lu.t_ready)
			resume_old(s);			/* it waits in SEF_LU_READY */
	}
	service_up_again(s);
	uint32_t us = rs_tsc_to_us(rs_tsc() - t_fail);
	answer(why, us);
	lu.s = NULL;
	if (r != OK) {
		rs_log("!%s: update to %s failed (%s) and cannot be rolled back (error %d)",
		       s->row->label, lu.program, detail, r);
		sys_clear(lu.other);
		service_failed(s, RS_WHY_INIT, "update not rolled back");
		return;
	}
	rs_log("%s: update to %s rolled back (%s): old version running again after %u us",
	       s->row->label, lu.program, detail, us);
}

/*
 * The prepare request is the answer to the old version's SEF_PING_REPLY:
 * RS's notification reaches a service before its queued senders do, so
 * even one that never waits for a message long hears of the update.
 */
static void prepare(message *m)
{
	memset(&m->sef, 0, sizeof(m->sef));
	m->sef.lu_state = lu.lu_state;
	m->sef.lu_id = lu.id;
	lu.prepare_sent = true;
	rs_reply(m->m_source, m, SEF_LU_PREPARE);
}

/* RS_UPDATE from a controller (request.c checked that, and that s exists). */
void lu_request(struct service *s, message *m)
{
	endpoint_t from = m->m_source, image, copy;
	int r = EBUSY;

	m->rs_lu.program[RS_LABEL_LEN - 1] = '\0';
	if (lu.s || s->state != RS_STATE_UP)
		goto refused;			/* one at a time, of a service that is up */
	r = EINVAL;
	if (m->rs_lu.state < 1 || m->rs_lu.state > SEF_LU_STATES)
		goto refused;
	if ((r = image = image_for(s, m->rs_lu.program)) < 0 || (r = copy = sys_fork_of(image)) < 0)
		goto refused;
	if (!*label_image_of(s))
		*label_image_of(s) = s->image;
	uint32_t id = lu.id + 1;

	memset(&lu, 0, offsetof(__typeof__(lu), blob));
	lu.s = s;
	lu.phase = RS_LU_PREPARE;
	lu.id = id;
	lu.requester = from;
	lu.lu_state = m->rs_lu.state;
	lu.deadline = rs_now() + (m->rs_lu.maxtime ? m->rs_lu.maxtime : RS_LU_MAXTIME);
	lu.other = copy;
	lu.new_image = image;
	strlcpy(lu.program, m->rs_lu.program, sizeof(lu.program));
	lu.t_request = rs_tsc();
	lu.saved_len = s->state_len;
	memcpy(lu.saved, s->state_buf, s->state_len);
	s->state = RS_STATE_UPDATING;
	ipc_notify(s->ep);			/* its ping reply takes the prepare request */
	return;
refused:
	rs_refusal("%s: update to %s refused: error %d", s->row->label, m->rs_lu.program, r);
	memset(&m->rs_lu, 0, sizeof(m->rs_lu));
	m->rs_lu.phase = RS_LU_REFUSED;
	rs_reply(from, m, r);
}

/* SEF_LU_READY from the old version in its safe state: take its state, swap. */
static void ready(message *m)
{
	struct service *s = lu.s;
	struct proc_info info;
	int r;

	lu.t_ready = rs_tsc();
	if (m->sef.result != OK) {
		rollback(m->sef.result, "its state could not be described");
		return;
	}
	if (m->sef.len > SEF_LU_BLOB_MAX ||
	    (r = sys_safecopyfrom(s->ep, m->sef.gid, 0, lu.blob, m->sef.len)) != OK) {
		rollback(m->sef.len > SEF_LU_BLOB_MAX ? E2BIG : r, "its state could not be copied");
		return;
	}
	lu.blob_len = m->sef.len;
	sys_runctl(s->ep, RC_STOP);
	if ((r = sys_getinfo(GET_PROC, endpoint_slot(s->ep), &info, sizeof(info))) < 0 ||
	    (r = sys_schedctl(lu.other, (int)info.cpu, -1)) != OK || (r = swap(s->ep, lu.other)) != OK) {
		rollback(r, "the programs could not be swapped");
		return;
	}
	lu.phase = RS_LU_INIT;
	lu.deadline = rs_now() + s->row->init_timeout;
	if ((r = sys_runctl(s->ep, RC_RESUME)) != OK)
		rollback(r, "the new version could not be started");
}

/* SEF_INIT_ASK, SEF_INIT_REPLY from the new version at the service's endpoint. */
static void init_message(message *m)
{
	struct service *s = lu.s;
	int result = m->sef.result;
	char why[48];

	if (m->m_type == SEF_INIT_ASK) {
		memset(&m->sef, 0, sizeof(m->sef));
		m->sef.init_type = SEF_INIT_LU;
		m->sef.restarts = s->restarts;
		m->sef.old_ep = s->ep;
		rs_reply(s->ep, m, SEF_INIT);
		return;
	}
	rs_reply(s->ep, m, OK);
	if (result != OK) {
		if (result < 0 && result > -1000)
			snprintf(why, sizeof(why), "init failed: error %d", result);
		else
			snprintf(why, sizeof(why), "init reply with no valid result (%d)", result);
		rollback(result < 0 && result > -1000 ? result : EINVAL, why);
		return;
	}
	sys_clear(lu.other);			/* the old program */
	s->image = lu.new_image;
	s->prev_ep = s->ep;
	service_up_again(s);
	answer(OK, 0);
	lu.s = NULL;
	rs_log("%s: updated to %s in %u us (endpoint %d not receiving for %u us)", s->row->label,
	       lu.program, rs_tsc_to_us(rs_tsc() - lu.t_request), s->ep,
	       rs_tsc_to_us(rs_tsc() - lu.t_ready));
}

/* SEF_LU_STATE from the new version: the old one's state. */
static void state_to_new(message *m)
{
	uint32_t len = lu.blob_len < m->sef.len ? lu.blob_len : m->sef.len;
	int r = sys_safecopyto(m->m_source, m->sef.gid, 0, lu.blob, len);

	m->sef.len = len;
	rs_reply(m->m_source, m, r);
}

bool lu_message(message *m)
{
	bool from_new = lu.s && lu.phase == RS_LU_INIT && m->m_source == lu.s->ep;

	switch (m->m_type) {
	case SEF_PING_REPLY:
		if (!lu.s || lu.phase != RS_LU_PREPARE || lu.prepare_sent || m->m_source != lu.s->ep)
			return false;
		prepare(m);
		return true;
	case SEF_LU_READY:
		if (lu.s && lu.phase == RS_LU_PREPARE && m->m_source == lu.s->ep &&
		    m->sef.lu_id == lu.id) {
			ready(m);
		} else {
			if (!service_by_ep(m->m_source))
				rs_refusal("endpoint %d sent SEF_LU_READY but is no service: refused",
					   m->m_source);
			rs_reply(m->m_source, m, ECANCELED);	/* a cancelled update's */
		}
		return true;
	case SEF_LU_STATE:
		if (from_new) {
			state_to_new(m);
		} else {
			rs_refusal("endpoint %d asked for an update's state, but no update "
				   "starts it: refused", m->m_source);
			rs_reply(m->m_source, m, EPERM);
		}
		return true;
	case SEF_INIT_ASK:
	case SEF_INIT_REPLY:
		if (!from_new)
			return false;
		init_message(m);
		return true;
	default:
		return false;
	}
}

bool lu_signal(endpoint_t target, int signo)
{
	char why[48];

	if (!lu.s || target != lu.s->ep)
		return false;
	if (!signal_ends_service(signo)) {		/* delivered once it is up again */
		lu.s->signals |= 1u << signo;
		sys_endksig(target);
		return true;
	}
	if (lu.phase == RS_LU_INIT) {
		if (signo == SIGEXIT)
			snprintf(why, sizeof(why), "the new version exited in its init");
		else
			snprintf(why, sizeof(why), "the new version crashed in its init: signal %d",
				 signo);
		rollback(EINTR, why);
		return true;
	}
	rollback(EINTR, "the old version ended while preparing");	/* then recovered */
	return false;
}

void lu_tick(uint32_t now)
{
	char why[64];

	if (!lu.s)
		return;
	if (lu.phase == RS_LU_PREPARE && !lu.prepare_sent)
		ipc_notify(lu.s->ep);		/* again, until its ping reply comes */
	if ((int32_t)(now - lu.deadline) < 0)
		return;
	if (lu.phase == RS_LU_PREPARE)
		snprintf(why, sizeof(why), "safe state %d not reached in time", lu.lu_state);
	else
		snprintf(why, sizeof(why), "init: no reply in %u ticks", lu.s->row->init_timeout);
	rollback(ETIMEDOUT, why);
}

/*
 * RS ends: the copies updates made and the held programs no service runs
 * (the instances and current images are rs_shutdown's).
 */
void lu_shutdown(void)
{
	struct bootmod_info mod;
	struct kinfo k;

	if (lu.s)
		sys_clear(lu.other);
	for (unsigned i = 0; i < nservices; i++)
		if (label_image[i] && label_image[i] != services[i].image)
			sys_clear(label_image[i]);
	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return;
	for (unsigned i = 0; i < k.nr_bootmods; i++)
		if (sys_getinfo(GET_BOOTMOD, (int)i, &mod, sizeof(mod)) >= 0 &&
		    mod.status == OK && (mod.flags & BOOTMOD_HELD) && !service_by_ep(mod.endpoint))
			sys_clear(mod.endpoint);	/* gone already: an error, harmless */
}
