/*
 * tests/host/test_sef.c - libsef against a scripted RS and kernel: the
 * init exchange (callback by type, its result reported, RS's refusal),
 * the receive wrapper (heartbeats answered and hidden, signals from RS to
 * the handler, a signal manager's SYSTEM notices drained through
 * SYS_GETKSIG, look-alikes from others passed on), state by grant (with
 * RS) and state in DS, and the live-update side (the prepare request in a
 * ping's answer, the safe state checked before each receive, the state
 * handed over as regions and read back, malformed state refused).
 */
#include "tests/host/host_test.h"
#include <string.h>
#include <abi/signal.h>
#include <ds.h>
#include <grant.h>
#include <ipc.h>
#include <sef.h>
#include <syslib.h>

#define RS_EP	77
#define OTHER	99

/* ------------------------------------------------------------ the fakes */

static message inbox[8];		/* what ipc_receive delivers, in order */
static uint32_t inbox_status[8];
static unsigned inbox_n, inbox_next;
static message asked[8];		/* what sendrec sent to RS */
static unsigned asked_n;
static int rs_init_type = SEF_INIT_FRESH;	/* RS's answer to SEF_INIT_ASK */
static int rs_init_reply_answer = OK;		/* RS's answer to SEF_INIT_REPLY */
static endpoint_t ksig_targets[3] = { 5, 6, NONE };
static uint32_t ksig_masks[3] = { 1u << SIGSEGV, (1u << SIGTERM) | (1u << SIGKILL), 0 };
static unsigned ksig_next;
static int grants_live;
static void *granted;			/* the last grant's buffer */
static size_t granted_len;
static message rs_ping_answer = { .m_type = OK };	/* RS's answer to SEF_PING_REPLY */
static uint8_t rs_lu_blob[SEF_LU_BLOB_MAX];	/* what RS holds of an update */
static uint32_t rs_lu_len;

endpoint_t bootmod_endpoint(const char *name)
{
	return strcmp(name, "rs") == 0 ? RS_EP : ESRCH;
}

int ipc_sendrec(endpoint_t dst, message *m)
{
	assert_int_equal(dst, RS_EP);
	assert_true(asked_n < ARRAY_LEN(asked));
	asked[asked_n++] = *m;
	switch (m->m_type) {
	case SEF_INIT_ASK:
		memset(m, 0, sizeof(*m));
		m->m_type = rs_init_type < 0 ? rs_init_type : SEF_INIT;
		m->sef.init_type = rs_init_type;
		m->sef.restarts = 3;
		m->sef.old_ep = 1234;
		return OK;
	case SEF_INIT_REPLY:
		m->m_type = rs_init_reply_answer;
		return OK;
	case SEF_STATE_SAVE:
		m->m_type = OK;
		return OK;
	case SEF_PING_REPLY:
		*m = rs_ping_answer;
		return OK;
	case SEF_LU_READY:			/* RS takes the state; then a rollback */
		if (m->sef.result != OK) {
			m->m_type = ECANCELED;
			return OK;
		}
		assert_true(m->sef.len <= sizeof(rs_lu_blob) && m->sef.len == granted_len);
		memcpy(rs_lu_blob, granted, m->sef.len);
		rs_lu_len = m->sef.len;
		m->m_type = ECANCELED;
		return OK;
	case SEF_LU_STATE:
		assert_true(rs_lu_len <= granted_len);
		memcpy(granted, rs_lu_blob, rs_lu_len);
		m->sef.len = rs_lu_len;
		m->m_type = OK;
		return OK;
	default:
		fail_msg("unexpected request %d to RS", m->m_type);
		return EINVAL;
	}
}

int ipc_receive(endpoint_t src, message *m, uint32_t *status)
{
	(void)src;
	assert_true(inbox_next < inbox_n);
	*m = inbox[inbox_next];
	*status = inbox_status[inbox_next++];
	return OK;
}

int sys_getksig(endpoint_t *ep, uint32_t *sigmask)
{
	*ep = ksig_targets[ksig_next];
	*sigmask = ksig_masks[ksig_next++];
	return OK;
}

cp_grant_id_t cpf_grant_direct(endpoint_t grantee, vir_bytes addr, size_t len, uint32_t access)
{
	(void)access;
	assert_int_equal(grantee, RS_EP);
	/* vir_bytes is 32 bits: the high half is that of this program's data (SEF's buffer) */
	granted = (void *)(((uintptr_t)&rs_lu_blob & ~(uintptr_t)0xffffffffu) | addr);
	granted_len = len;
	grants_live++;
	return 7;
}

int cpf_revoke(cp_grant_id_t gid)
{
	assert_int_equal(gid, 7);
	grants_live--;
	return OK;
}

/* DS, for the state it keeps (sef_state.c): ESRCH while there is none. */
#define SELF_EP		55
static endpoint_t ds_ep = ESRCH;
static char ds_key_seen[DS_KEY_MAX];
static uint8_t ds_value[SEF_STATE_MAX];
static size_t ds_len;			/* 0: no entry */
static unsigned ds_deletes;

int sys_getinfo(int what, int arg, void *buf, size_t len)
{
	struct proc_info *me = buf;

	(void)arg;
	assert_int_equal(what, GET_WHOAMI);
	assert_int_equal(len, sizeof(*me));
	memset(me, 0, sizeof(*me));
	me->endpoint = SELF_EP;
	strcpy(me->name, "svc");
	return OK;
}

endpoint_t ds_endpoint(void)
{
	return ds_ep;
}

int ds_publish_mem(const char *key, const void *buf, size_t len, uint32_t flags)
{
	assert_int_equal(flags, DSF_OVERWRITE);
	assert_true(len <= sizeof(ds_value));
	strcpy(ds_key_seen, key);
	memcpy(ds_value, buf, len);
	ds_len = len;
	return OK;
}

int ds_retrieve_mem(const char *key, void *buf, size_t *len)
{
	strcpy(ds_key_seen, key);
	if (!ds_len)
		return ENOENT;
	if (ds_len > *len)
		return E2BIG;
	memcpy(buf, ds_value, ds_len);
	*len = ds_len;
	return OK;
}

int ds_delete_mem(const char *key)
{
	strcpy(ds_key_seen, key);
	ds_deletes++;
	if (!ds_len)
		return ENOENT;
	ds_len = 0;
	return OK;
}

static void reset(void)
{
	ds_ep = ESRCH;
	ds_len = 0;
	ds_deletes = 0;
	inbox_n = inbox_next = asked_n = ksig_next = 0;
	rs_ping_answer = (message){ .m_type = OK };
	rs_init_type = SEF_INIT_FRESH;
	rs_init_reply_answer = OK;
}

static void deliver(endpoint_t from, int type, uint32_t status)
{
	memset(&inbox[inbox_n], 0, sizeof(message));
	inbox[inbox_n].m_source = from;
	inbox[inbox_n].m_type = type;
	inbox_status[inbox_n++] = status;
}

/* -------------------------------------------------------------- the init */

static int fresh_calls, restart_calls, last_restarts, init_result;

static int init_fresh(int type, const struct sef_init_info *info)
{
	assert_int_equal(type, SEF_INIT_FRESH);
	assert_int_equal(info->type, SEF_INIT_FRESH);
	fresh_calls++;
	return init_result;
}

static int init_restart(int type, const struct sef_init_info *info)
{
	assert_int_equal(type, SEF_INIT_RESTART);
	assert_int_equal(info->old_ep, 1234);
	last_restarts = (int)info->restarts;
	restart_calls++;
	return init_result;
}

static void init_runs_callback_of_type(void **state)
{
	(void)state;
	reset();
	fresh_calls = restart_calls = 0;
	init_result = OK;
	sef_setcb_init_fresh(init_fresh);
	sef_setcb_init_restart(init_restart);
	assert_int_equal(sef_startup(), OK);
	assert_int_equal(fresh_calls, 1);
	assert_int_equal(restart_calls, 0);
	assert_int_equal(sef_rs_endpoint(), RS_EP);
	rs_init_type = SEF_INIT_RESTART;
	asked_n = 0;
	assert_int_equal(sef_startup(), OK);
	assert_int_equal(restart_calls, 1);
	assert_int_equal(last_restarts, 3);
	assert_int_equal(asked_n, 2);
	assert_int_equal(asked[0].m_type, SEF_INIT_ASK);
	assert_int_equal(asked[1].m_type, SEF_INIT_REPLY);
	assert_int_equal(asked[1].sef.result, OK);
}

static void init_failure_reported(void **state)
{
	(void)state;
	reset();
	init_result = ENOMEM;
	sef_setcb_init_fresh(init_fresh);
	assert_int_equal(sef_startup(), ENOMEM);
	assert_int_equal(asked_n, 2);
	assert_int_equal(asked[1].m_type, SEF_INIT_REPLY);
	assert_int_equal(asked[1].sef.result, ENOMEM);	/* RS is told */
}

static void init_refused_by_rs(void **state)
{
	(void)state;
	reset();
	init_result = OK;
	rs_init_type = EPERM;			/* not a service RS started */
	assert_int_equal(sef_startup(), EPERM);
	assert_int_equal(asked_n, 1);		/* no callback, no report */
	reset();
	rs_init_reply_answer = EINVAL;		/* RS did not expect the report */
	assert_int_equal(sef_startup(), EINVAL);
}

static void init_bad_type_refused(void **state)
{
	(void)state;
	reset();
	rs_init_type = 9;
	assert_int_equal(sef_startup(), EINVAL);
	assert_int_equal(asked_n, 1);
}

/* --------------------------------------------------------- the receiving */

static int signals_seen[4], nsignals;

static void on_signal(int signo)
{
	signals_seen[nsignals++] = signo;
}

static void ping_answered_and_hidden(void **state)
{
	message m;
	uint32_t st;

	(void)state;
	reset();
	rs_init_type = SEF_INIT_FRESH;
	init_result = OK;
	sef_setcb_init_fresh(NULL);
	assert_int_equal(sef_startup(), OK);
	deliver(RS_EP, NOTIFY_MESSAGE, IPC_STATUS_NOTIFY);
	deliver(OTHER, 42, 0);
	assert_int_equal(sef_receive(ANY, &m, &st), OK);
	assert_int_equal(m.m_source, OTHER);
	assert_int_equal(m.m_type, 42);
	assert_int_equal(asked_n, 3);			/* init ask, init reply, ping reply */
	assert_int_equal(asked[2].m_type, SEF_PING_REPLY);
}

static void notify_from_other_passed_on(void **state)
{
	message m;
	uint32_t st;

	(void)state;
	reset();
	deliver(OTHER, NOTIFY_MESSAGE, IPC_STATUS_NOTIFY);
	assert_int_equal(sef_receive(ANY, &m, &st), OK);
	assert_int_equal(m.m_source, OTHER);
	assert_true(st & IPC_STATUS_NOTIFY);
	assert_int_equal(asked_n, 0);			/* not taken for a ping */
}

static void signal_from_rs_only(void **state)
{
	message m;

	(void)state;
	reset();
	nsignals = 0;
	sef_setcb_signal_handler(on_signal);
	deliver(RS_EP, SEF_SIGNAL, 0);
	inbox[0].sef.signo = SIGTERM;
	deliver(OTHER, SEF_SIGNAL, 0);			/* a forgery */
	inbox[1].sef.signo = SIGKILL;
	assert_int_equal(sef_receive(ANY, &m, NULL), OK);
	assert_int_equal(nsignals, 1);
	assert_int_equal(signals_seen[0], SIGTERM);
	assert_int_equal(m.m_source, OTHER);		/* the service sees it */
	assert_int_equal(m.m_type, SEF_SIGNAL);
}

static endpoint_t managed_ep[4];
static int managed_sig[4], nmanaged;

static void on_managed(endpoint_t target, int signo)
{
	managed_ep[nmanaged] = target;
	managed_sig[nmanaged++] = signo;
}

static void signal_manager_drains(void **state)
{
	message m;

	(void)state;
	reset();
	nmanaged = 0;
	sef_setcb_signal_manager(on_managed);
	deliver(SYSTEM, NOTIFY_MESSAGE, IPC_STATUS_NOTIFY | IPC_STATUS_KERNEL);
	deliver(SYSTEM, NOTIFY_MESSAGE, IPC_STATUS_NOTIFY);	/* not the kernel's */
	assert_int_equal(sef_receive(ANY, &m, NULL), OK);
	assert_int_equal(nmanaged, 3);
	assert_int_equal(managed_ep[0], 5);
	assert_int_equal(managed_sig[0], SIGSEGV);
	assert_int_equal(managed_ep[1], 6);
	assert_int_equal(managed_sig[1], SIGKILL);
	assert_int_equal(managed_sig[2], SIGTERM);
	assert_int_equal(ksig_next, 3);			/* until NONE */
	assert_int_equal(inbox_next, 2);
	sef_setcb_signal_manager(NULL);
}

static void state_by_grant(void **state)
{
	static char big[SEF_STATE_MAX + 1];
	int v = 5;

	(void)state;
	reset();
	grants_live = 0;
	assert_int_equal(sef_state_save(&v, sizeof(v)), OK);
	assert_int_equal(asked[0].m_type, SEF_STATE_SAVE);
	assert_int_equal(asked[0].sef.gid, 7);
	assert_int_equal(asked[0].sef.len, sizeof(v));
	assert_int_equal(sef_state_save(big, sizeof(big)), E2BIG);
	assert_int_equal(grants_live, 0);		/* each grant revoked */
}

/*
 * With DS, the state is its entry "sef.<name>" (restored, at most len
 * bytes; none: 0), dropped by a fresh start; DS's own stays with RS.
 */
static void state_in_ds(void **state)
{
	int v = 5, w = 0;
	char c = 0;

	(void)state;
	reset();
	ds_ep = 88;
	assert_int_equal(sef_state_restore(&w, sizeof(w)), 0);		/* none saved */
	assert_int_equal(sef_state_save(&v, sizeof(v)), OK);
	assert_string_equal(ds_key_seen, "sef.svc");
	assert_int_equal(sef_state_restore(&w, sizeof(w)), sizeof(w));
	assert_int_equal(w, 5);
	assert_int_equal(sef_state_restore(&c, 1), 1);			/* at most len */
	assert_int_equal(asked_n, 0);					/* RS not asked */
	assert_int_equal(sef_startup(), OK);				/* fresh: dropped */
	assert_int_equal(ds_deletes, 1);
	assert_int_equal(sef_state_restore(&w, sizeof(w)), 0);
	ds_ep = SELF_EP;						/* we are DS */
	assert_int_equal(sef_state_save(&v, sizeof(v)), OK);
	assert_int_equal(asked[asked_n - 1].m_type, SEF_STATE_SAVE);
}

/* ------------------------------------------------------- live update */

static bool lu_ready;			/* the prepare callback's answer */
static int lu_asked_state;
static uint32_t counter = 41;
static uint16_t table[3] = { 7, 8, 9 };

static bool lu_prepare(int lu_state)
{
	lu_asked_state = lu_state;
	return lu_ready;
}

static int lu_save(void)
{
	int r = sef_lu_put(1, 1, sizeof(counter), 1, &counter);

	return r != OK ? r : sef_lu_put(2, 3, sizeof(table[0]), 3, table);
}

/* A ping's answer asks for request-free; READY only once the service says so. */
static void lu_prepare_waits_for_state(void **state)
{
	struct sef_lu_region r;
	message m;

	(void)state;
	reset();
	sef_setcb_lu_prepare(lu_prepare);
	sef_setcb_lu_state_save(lu_save);
	lu_ready = false;
	rs_ping_answer.m_type = SEF_LU_PREPARE;
	rs_ping_answer.sef.lu_state = SEF_LU_STATE_REQUEST_FREE;
	rs_ping_answer.sef.lu_id = 5;
	deliver(RS_EP, NOTIFY_MESSAGE, IPC_STATUS_NOTIFY);
	deliver(OTHER, 42, 0);
	deliver(OTHER, 43, 0);
	assert_int_equal(sef_receive(ANY, &m, NULL), OK);
	assert_int_equal(m.m_type, 42);			/* not in the state: served on */
	assert_int_equal(lu_asked_state, SEF_LU_STATE_REQUEST_FREE);
	assert_int_equal(asked_n, 1);			/* the ping reply only */
	lu_ready = true;
	grants_live = 0;
	assert_int_equal(sef_receive(ANY, &m, NULL), OK);	/* READY, rolled back, on */
	assert_int_equal(m.m_type, 43);
	assert_int_equal(asked_n, 2);
	assert_int_equal(asked[1].m_type, SEF_LU_READY);
	assert_int_equal(asked[1].sef.lu_id, 5);
	assert_int_equal(asked[1].sef.result, OK);
	assert_int_equal(grants_live, 0);
	deliver(OTHER, 44, 0);
	assert_int_equal(sef_receive(ANY, &m, NULL), OK);
	assert_int_equal(asked_n, 2);			/* asked once: no second READY */

	counter = 0;					/* the new version reads it back */
	assert_int_equal(sef_lu_state_load(), OK);
	assert_int_equal(sef_lu_region(1, &r), OK);
	assert_int_equal(r.version, 1);
	assert_int_equal(r.count, 1);
	assert_int_equal(*(const uint32_t *)r.data, 41);
	assert_int_equal(sef_lu_region(2, &r), OK);
	assert_int_equal(r.version, 3);
	assert_int_equal(r.elem_size, 2);
	assert_int_equal(r.count, 3);
	assert_int_equal(((const uint16_t *)r.data)[2], 9);
	assert_int_equal(sef_lu_region(3, &r), ENOENT);
	sef_setcb_lu_prepare(NULL);
	sef_setcb_lu_state_save(NULL);
}

/* Work-free needs no callback; the other states are never reached without one. */
static void lu_work_free_always(void **state)
{
	message m;

	(void)state;
	reset();
	rs_ping_answer.m_type = SEF_LU_PREPARE;
	rs_ping_answer.sef.lu_state = SEF_LU_STATE_EVAL;
	deliver(RS_EP, NOTIFY_MESSAGE, IPC_STATUS_NOTIFY);
	deliver(OTHER, 42, 0);
	deliver(RS_EP, NOTIFY_MESSAGE, IPC_STATUS_NOTIFY);
	deliver(OTHER, 43, 0);
	assert_int_equal(sef_receive(ANY, &m, NULL), OK);
	assert_int_equal(asked_n, 1);			/* EVAL without a callback: no */
	rs_ping_answer.sef.lu_state = SEF_LU_STATE_WORK_FREE;
	assert_int_equal(sef_receive(ANY, &m, NULL), OK);
	assert_int_equal(asked_n, 3);
	assert_int_equal(asked[2].m_type, SEF_LU_READY);
}

/* The new version refuses a blob that is not well formed. */
static void lu_malformed_state_refused(void **state)
{
	struct sef_lu_header *h = (struct sef_lu_header *)rs_lu_blob;
	struct sef_lu_desc *d = (struct sef_lu_desc *)(h + 1);
	uint32_t start = sizeof(*h) + SEF_LU_REGIONS * sizeof(*d);

	(void)state;
	reset();
	memset(rs_lu_blob, 0, sizeof(rs_lu_blob));
	*h = (struct sef_lu_header){ .magic = SEF_LU_MAGIC, .nregions = 1, .len = start + 8 };
	d[0] = (struct sef_lu_desc){ .type = 1, .version = 1, .elem_size = 4, .count = 2,
				     .offset = start };
	rs_lu_len = h->len;
	assert_int_equal(sef_lu_state_load(), OK);
	d[0].count = 3;					/* past the end */
	assert_int_equal(sef_lu_state_load(), EINVAL);
	d[0].count = 0x40000001;			/* overflows 32 bits */
	assert_int_equal(sef_lu_state_load(), EINVAL);
	d[0].count = 2;
	d[0].offset = 4;				/* inside the descriptors */
	assert_int_equal(sef_lu_state_load(), EINVAL);
	d[0].offset = start;
	h->nregions = SEF_LU_REGIONS + 1;
	assert_int_equal(sef_lu_state_load(), EINVAL);
	h->nregions = 1;
	h->magic = 0;
	assert_int_equal(sef_lu_state_load(), EINVAL);
	h->magic = SEF_LU_MAGIC;
	rs_lu_len = 3;					/* shorter than a header */
	assert_int_equal(sef_lu_state_load(), EINVAL);
}

static int lu_save_too_much(void)
{
	static uint8_t big[SEF_LU_BLOB_MAX];

	return sef_lu_put(1, 1, 1, sizeof(big), big);
}

/* A state that does not fit is not handed over: READY carries the error. */
static void lu_state_too_big(void **state)
{
	message m;

	(void)state;
	reset();
	sef_setcb_lu_state_save(lu_save_too_much);
	rs_ping_answer.m_type = SEF_LU_PREPARE;
	rs_ping_answer.sef.lu_state = SEF_LU_STATE_WORK_FREE;
	deliver(RS_EP, NOTIFY_MESSAGE, IPC_STATUS_NOTIFY);
	deliver(OTHER, 42, 0);
	assert_int_equal(sef_receive(ANY, &m, NULL), OK);
	assert_int_equal(asked[1].m_type, SEF_LU_READY);
	assert_int_equal(asked[1].sef.result, E2BIG);
	sef_setcb_lu_state_save(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("sef", "init_runs_callback_of_type", init_runs_callback_of_type),
		HOST_TEST("sef", "init_failure_reported", init_failure_reported),
		HOST_TEST("sef", "init_refused_by_rs", init_refused_by_rs),
		HOST_TEST("sef", "init_bad_type_refused", init_bad_type_refused),
		HOST_TEST("sef", "ping_answered_and_hidden", ping_answered_and_hidden),
		HOST_TEST("sef", "notify_from_other_passed_on", notify_from_other_passed_on),
		HOST_TEST("sef", "signal_from_rs_only", signal_from_rs_only),
		HOST_TEST("sef", "signal_manager_drains", signal_manager_drains),
		HOST_TEST("sef", "state_by_grant", state_by_grant),
		HOST_TEST("sef", "state_in_ds", state_in_ds),
		HOST_TEST("sef", "lu_prepare_waits_for_state", lu_prepare_waits_for_state),
		HOST_TEST("sef", "lu_work_free_always", lu_work_free_always),
		HOST_TEST("sef", "lu_malformed_state_refused", lu_malformed_state_refused),
		HOST_TEST("sef", "lu_state_too_big", lu_state_too_big),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
