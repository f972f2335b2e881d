/*
 * tests/guest/ds_test.c - ds.*: the data store (servers/ds, docs/ds.md)
 * as its clients see it: each type published, retrieved, overwritten and
 * deleted; owner-only overwrite and delete; labels; memory ranges through
 * grants and mapped ranges through safemap; subscriptions by pattern with
 * their change, delete and overflow events; the limits; garbage requests
 * and bad grants; a flood that does not starve others; dead subscribers
 * cleaned up.  Every case ends with DS holding what it held before.
 *
 * Boots with the VM server and DS before it (tests/guest/ds.mk).
 * Children are forked (children.c); one that must be a different owner is
 * given a label of its own first (a LABEL entry naming its endpoint, as
 * RS publishes for the services it starts).
 */
#include <string.h>
#include <stdio.h>
#include <ds.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <abi/signal.h>
#include "children.h"
#include "guest_util.h"

#define PAGE	4096u
#define HOLE	MAP_HOLE

static endpoint_t ds;
static struct mess_ds_info base;		/* DS's counters when a case starts */
#define MAP_PAGES	12
static uint8_t mapbuf[MAP_PAGES * PAGE] __attribute__((aligned(4096)));	/* a child's */
static uint8_t buf[DS_MEM_MAX + 2];

static struct mess_ds_info info(void)
{
	struct mess_ds_info i;

	memset(&i, 0xff, sizeof(i));
	ds_info(&i);
	return i;
}

/* Does DS hold what it held when the case started? */
#define T_DS_CLEAN()								\
	do {									\
		struct mess_ds_info i_ = info();				\
		T_ASSERT_EQ(i_.entries, base.entries);				\
		T_ASSERT_EQ(i_.bytes, base.bytes);				\
		T_ASSERT_EQ(i_.map_grants, base.map_grants);			\
	} while (0)

/* Waits (bounded) for a notification from DS: 1 if it came. */
static int notified(void)
{
	uint32_t status, rem;
	message m;

	sys_setalarm(WAIT_TICKS, NULL);
	while (ipc_receive(ANY, &m, &status) == OK) {
		if (m.m_source == ds && (status & IPC_STATUS_NOTIFY)) {
			sys_setalarm(0, &rem);
			return 1;
		}
		if (m.m_source == CLOCK)
			return 0;
	}
	return 0;
}

/* The next event: its key in key, OK or ds_check's error. */
static int next_event(char key[DS_KEY_MAX], uint32_t *event, endpoint_t *owner)
{
	uint32_t type;

	return ds_check(key, &type, event, owner);
}

static void drain_events(void)
{
	char key[DS_KEY_MAX];
	uint32_t event;
	endpoint_t owner;

	while (next_event(key, &event, &owner) == OK)
		;
}

/* Children that must act as another owner wait for T_GO (their label). */
static int await_go(void)
{
	message m;

	return ipc_receive(self_ep, &m, NULL);
}

/* Forks fn as a child known to DS by label (published for it before it runs). */
static endpoint_t spawn_labeled(int (*fn)(void), const char *label)
{
	endpoint_t kid = spawn(fn);

	if (kid > 0 && (ds_publish_label(label, kid, DSF_OVERWRITE) != OK ||
			send_type(kid, T_GO) != NULL))
		return -1;
	return kid;
}

/* ------------------------------------------------------------ ds.u32 */

static const char *t_u32(void)
{
	uint32_t v = 0;
	char s[8];

	T_ASSERT_EQ(ds_publish_u32("t.u32", 7, 0), OK);
	T_ASSERT_EQ(ds_retrieve_u32("t.u32", &v), OK);
	T_ASSERT_EQ(v, 7);
	T_ASSERT_EQ(info().entries, base.entries + 1);
	T_ASSERT_EQ(ds_publish_u32("t.u32", 8, 0), EEXIST);
	T_ASSERT_EQ(ds_publish_u32("t.u32", 8, DSF_OVERWRITE), OK);
	T_ASSERT_EQ(ds_retrieve_u32("t.u32", &v), OK);
	T_ASSERT_EQ(v, 8);
	T_ASSERT_EQ(ds_retrieve_str("t.u32", s, sizeof(s)), EINVAL);	/* another type */
	T_ASSERT_EQ(ds_delete_str("t.u32"), EINVAL);
	T_ASSERT_EQ(ds_delete_u32("t.u32"), OK);
	T_ASSERT_EQ(ds_retrieve_u32("t.u32", &v), ENOENT);
	T_ASSERT_EQ(ds_delete_u32("t.u32"), ENOENT);
	T_DS_CLEAN();
	return NULL;
}

/* A publication flagged DSF_NOREPLY (RS's) is made without an answer: sent, not SENDREC. */
static const char *t_noreply(void)
{
	uint32_t v = 0;
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = DS_PUBLISH;
	strlcpy(m.ds.key, "t.noreply", sizeof(m.ds.key));
	m.ds.flags = DSF_TYPE_U32 | DSF_NOREPLY;
	m.ds.value = 9;
	T_ASSERT_EQ(ipc_send(ds_endpoint(), &m), OK);
	T_ASSERT_EQ(ds_retrieve_u32("t.noreply", &v), OK);	/* an answer to this one */
	T_ASSERT_EQ(v, 9);
	T_ASSERT_EQ(ds_delete_u32("t.noreply"), OK);
	T_DS_CLEAN();
	return NULL;
}

/* ------------------------------------------------------------ ds.str */

static const char *t_str(void)
{
	char s[64], tiny[4];

	T_ASSERT_EQ(ds_publish_str("t.str", "hello, store", 0), OK);
	T_ASSERT_EQ(ds_retrieve_str("t.str", s, sizeof(s)), OK);
	T_ASSERT_STREQ(s, "hello, store");
	T_ASSERT_EQ(ds_retrieve_str("t.str", tiny, sizeof(tiny)), E2BIG);
	T_ASSERT_EQ(ds_publish_str("t.str", "a longer string than before", DSF_OVERWRITE), OK);
	T_ASSERT_EQ(ds_retrieve_str("t.str", s, sizeof(s)), OK);
	T_ASSERT_STREQ(s, "a longer string than before");
	memset(buf, 'a', DS_MEM_MAX);
	buf[DS_MEM_MAX] = '\0';				/* DS_MEM_MAX + 1 bytes with the NUL */
	T_ASSERT_EQ(ds_publish_str("t.long", (char *)buf, 0), E2BIG);
	buf[DS_MEM_MAX - 1] = '\0';
	T_ASSERT_EQ(ds_publish_str("t.long", (char *)buf, 0), OK);
	T_ASSERT_EQ(ds_delete_str("t.long"), OK);
	T_ASSERT_EQ(ds_delete_str("t.str"), OK);
	T_DS_CLEAN();
	return NULL;
}

/* ------------------------------------------------------------ ds.mem */

static const char *t_mem(void)
{
	size_t len;

	pattern_fill(buf, 3000, 5, 0);
	T_ASSERT_EQ(ds_publish_mem("t.mem", buf, 3000, 0), OK);
	memset(buf, 0, sizeof(buf));
	len = sizeof(buf);
	T_ASSERT_EQ(ds_retrieve_mem("t.mem", buf, &len), OK);
	T_ASSERT_EQ(len, 3000);
	T_ASSERT(pattern_matches(buf, 3000, 5, 0));
	T_ASSERT_EQ(buf[3000], 0);			/* nothing past the value */
	len = 100;
	T_ASSERT_EQ(ds_retrieve_mem("t.mem", buf, &len), E2BIG);
	T_ASSERT_EQ(len, 3000);				/* the room it needs */
	T_ASSERT_EQ(ds_publish_mem("t.big", buf, DS_MEM_MAX + 1, 0), E2BIG);
	T_ASSERT_EQ(ds_publish_mem("t.big", buf, 0, 0), EINVAL);
	T_ASSERT_EQ(ds_retrieve_mem("t.big", buf, &len), ENOENT);
	T_ASSERT_EQ(ds_delete_mem("t.mem"), OK);
	T_DS_CLEAN();
	return NULL;
}

/* ------------------------------------------------------------ ds.label */

/* A USER process may use DS but not publish labels. */
static int user_main(void)
{
	CHK(sys_privctl(SELF, PRIVCTL_SET_USER, 0) == OK);
	CHK(ds_publish_label("t.fake", self_ep, 0) == EPERM);
	CHK(ds_publish_u32("t.user", 1, 0) == OK);
	CHK(ds_delete_u32("t.user") == OK);
	return 0;
}

static const char *t_label(void)
{
	endpoint_t kid, ep = NONE;

	T_SPAWN(kid, wait_go_exit_main);
	T_ASSERT_EQ(ds_publish_label("t.kid", kid, 0), OK);
	T_ASSERT_EQ(ds_retrieve_label("t.kid", &ep), OK);
	T_ASSERT_EQ(ep, kid);
	T_SEND(kid, T_GO);
	T_EXIT(kid, 0);
	T_ASSERT_EQ(ds_publish_label("t.dead", kid, 0), EINVAL);	/* no live process */
	T_ASSERT_EQ(ds_publish_label("t.bad", BAD_SLOT_EP, 0), EINVAL);
	T_ASSERT_EQ(ds_delete_label("t.kid"), OK);
	T_SPAWN(kid, user_main);
	T_EXIT(kid, 0);
	T_DS_CLEAN();
	return NULL;
}

/* ------------------------------------------------------------ ds.owner */

/* Labelled "t.intruder": another owner's key is out of reach, its own is not. */
static int intruder_main(void)
{
	uint32_t v;

	CHK(await_go() == OK);
	CHK(ds_retrieve_u32("t.owned", &v) == OK && v == 1);	/* anyone reads */
	CHK(ds_publish_u32("t.owned", 2, DSF_OVERWRITE) == EPERM);
	CHK(ds_publish_u32("t.owned", 2, 0) == EPERM);
	CHK(ds_delete_u32("t.owned") == EPERM);
	CHK(ds_publish_u32("t.kid_own", 3, 0) == OK);
	return 0;
}

/* A later process with the same label (a restarted service) owns it again. */
static int heir_main(void)
{
	CHK(await_go() == OK);
	CHK(ds_publish_u32("t.kid_own", 4, DSF_OVERWRITE) == OK);
	CHK(ds_delete_u32("t.kid_own") == OK);
	return 0;
}

static const char *t_owner(void)
{
	endpoint_t kid;
	uint32_t v = 0;

	T_ASSERT_EQ(ds_publish_u32("t.owned", 1, 0), OK);
	T_ASSERT((kid = spawn_labeled(intruder_main, "t.intruder")) > 0);
	T_EXIT(kid, 0);
	T_ASSERT_EQ(ds_retrieve_u32("t.owned", &v), OK);
	T_ASSERT_EQ(v, 1);
	T_ASSERT_EQ(ds_delete_u32("t.kid_own"), EPERM);		/* the kid's label owns it */
	T_ASSERT_EQ(ds_publish_u32("t.kid_own", 9, DSF_OVERWRITE), EPERM);
	T_ASSERT((kid = spawn_labeled(heir_main, "t.intruder")) > 0);
	T_EXIT(kid, 0);
	T_ASSERT_EQ(ds_retrieve_u32("t.kid_own", &v), ENOENT);
	T_ASSERT_EQ(ds_delete_label("t.intruder"), OK);
	T_ASSERT_EQ(ds_delete_u32("t.owned"), OK);
	T_DS_CLEAN();
	return NULL;
}

/* ------------------------------------------------------------ ds.subscribe */

static int publish_ev_c_main(void)
{
	return ds_publish_u32("ev.c", 3, 0);
}

static const char *t_subscribe(void)
{
	char key[DS_KEY_MAX];
	uint32_t event = 0;
	endpoint_t owner = NONE, kid;

	drain_events();
	T_ASSERT_EQ(ds_publish_u32("ev.old", 1, 0), OK);
	T_ASSERT_EQ(ds_subscribe("ev.*", DSF_INITIAL), OK);
	T_ASSERT(notified());
	T_ASSERT_EQ(next_event(key, &event, &owner), OK);		/* what was there */
	T_ASSERT_STREQ(key, "ev.old");
	T_ASSERT_EQ(event, DS_EV_UPDATE);
	T_ASSERT_EQ(owner, self_ep);
	T_ASSERT_EQ(next_event(key, &event, &owner), ENOENT);
	T_ASSERT_EQ(ds_publish_u32("other", 1, 0), OK);		/* no match: no event */
	T_ASSERT_EQ(next_event(key, &event, &owner), ENOENT);
	T_ASSERT_EQ(ds_publish_u32("ev.a", 2, 0), OK);
	T_ASSERT(notified());
	T_ASSERT_EQ(next_event(key, &event, &owner), OK);
	T_ASSERT_STREQ(key, "ev.a");
	T_ASSERT_EQ(event, DS_EV_UPDATE);
	/* a publication and a deletion before the check: one event, the deletion */
	T_ASSERT_EQ(ds_publish_u32("ev.b", 2, 0), OK);
	T_ASSERT_EQ(ds_delete_u32("ev.b"), OK);
	T_ASSERT(notified());
	T_ASSERT_EQ(next_event(key, &event, &owner), OK);
	T_ASSERT_STREQ(key, "ev.b");
	T_ASSERT_EQ(event, DS_EV_DELETE);
	T_ASSERT_EQ(next_event(key, &event, &owner), ENOENT);
	/* another process's change, with its endpoint */
	T_SPAWN(kid, publish_ev_c_main);
	T_EXIT(kid, OK);
	T_ASSERT(notified());
	T_ASSERT_EQ(next_event(key, &event, &owner), OK);
	T_ASSERT_STREQ(key, "ev.c");
	T_ASSERT_EQ(owner, kid);
	T_ASSERT_EQ(ds_subscribe("ev.*", 0), OK);			/* again: no second copy */
	T_ASSERT_EQ(ds_delete_u32("ev.c"), OK);	/* same process name, same owner */
	T_ASSERT_EQ(ds_delete_u32("ev.a"), OK);
	T_ASSERT_EQ(ds_delete_u32("ev.old"), OK);
	T_ASSERT_EQ(ds_delete_u32("other"), OK);
	T_ASSERT(notified());
	for (int i = 0; i < 3; i++) {
		T_ASSERT_EQ(next_event(key, &event, &owner), OK);
		T_ASSERT_EQ(event, DS_EV_DELETE);
	}
	T_ASSERT_EQ(next_event(key, &event, &owner), ENOENT);
	T_DS_CLEAN();
	return NULL;
}

/* ------------------------------------------------------------ ds.overflow */

static const char *t_overflow(void)
{
	char key[DS_KEY_MAX], want[DS_KEY_MAX];
	uint32_t event = 0;
	endpoint_t owner;
	int n = 18;		/* more keys than a subscriber's queue (16) holds */

	drain_events();
	T_ASSERT_EQ(ds_subscribe("of.*", 0), OK);
	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "of.%d", i);
		T_ASSERT_EQ(ds_publish_u32(key, (uint32_t)i, 0), OK);
	}
	T_ASSERT(notified());
	for (int i = 0; ; i++) {
		T_ASSERT_EQ(next_event(key, &event, &owner), OK);
		if (event == DS_EV_OVERFLOW)
			break;
		snprintf(want, sizeof(want), "of.%d", i);
		T_ASSERT_STREQ(key, want);
	}
	T_ASSERT_EQ(owner, NONE);
	T_ASSERT_EQ(next_event(key, &event, &owner), ENOENT);
	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "of.%d", i);
		T_ASSERT_EQ(ds_delete_u32(key), OK);
	}
	drain_events();
	T_DS_CLEAN();
	return NULL;
}

/* ------------------------------------------------------------ ds.map */

#define MAP_LEN		(2 * PAGE)		/* "t.map": the first two pages */

enum { C_FILL, C_DELETE, C_PAGES, C_UNPAGES };

/* "t.p<i>": page i of mapbuf, published one by one. */
static void page_key(char key[DS_KEY_MAX], unsigned i)
{
	snprintf(key, DS_KEY_MAX, "t.p%u", i);
}

static int32_t map_cmd(const message *m)
{
	char key[DS_KEY_MAX];
	int r = OK;

	switch (m->words[0]) {
	case C_FILL:
		pattern_fill(mapbuf, MAP_LEN, m->words[1], 0);
		return OK;
	case C_DELETE:
		return ds_delete_map("t.map");
	case C_PAGES:
		pattern_fill(mapbuf, sizeof(mapbuf), 3, 0);
		/* fall through */
	case C_UNPAGES:
		for (unsigned i = 0; i < m->words[1] && r == OK; i++) {
			page_key(key, i);
			r = m->words[0] == C_PAGES ? ds_publish_map(key, mapbuf + i * PAGE, PAGE, 0)
						   : ds_delete_map(key);
		}
		return r;
	default:
		return EINVAL;
	}
}

/* Publishes the first MAP_LEN bytes of mapbuf (pattern 3) as "t.map", then obeys map_cmd. */
static int map_publisher_main(void)
{
	pattern_fill(mapbuf, sizeof(mapbuf), 3, 0);
	CHK(ds_publish_map("t.map", mapbuf, MAP_LEN, 0) == OK);
	return obey_commands(map_cmd);
}

static int map_then_exit_main(void)
{
	pattern_fill(mapbuf, MAP_LEN, 3, 0);
	return ds_publish_map("t.map2", mapbuf, MAP_LEN, 0);
}

/* One retriever holds at most its share of DS's grants for mapped ranges. */
static const char *map_share(endpoint_t kid)
{
	uint32_t share = base.retriever_maps;
	char key[DS_KEY_MAX];
	size_t len;

	T_ASSERT(share < MAP_PAGES);
	T_ASSERT_EQ(child_cmd(kid, C_PAGES, share + 1, 0, 0, 0), OK);
	for (uint32_t i = 0; i <= share; i++) {
		page_key(key, i);
		len = PAGE;
		T_ASSERT_EQ(ds_retrieve_map(key, (void *)(HOLE + i * PAGE), &len),
			    i < share ? OK : ENOSPC);
	}
	T_ASSERT(pattern_matches((uint8_t *)HOLE, share * PAGE, 3, 0));
	T_ASSERT_EQ(info().map_grants, base.map_grants + share);
	T_ASSERT_EQ(child_cmd(kid, C_UNPAGES, share + 1, 0, 0, 0), OK);
	for (uint32_t i = 0; i < share; i++)
		T_ASSERT_EQ(sys_safeunmap((void *)(HOLE + i * PAGE)), ENOENT);
	return NULL;
}

static const char *t_map(void)
{
	const char *why;
	endpoint_t kid;
	size_t len = PAGE;

	T_SPAWN(kid, map_publisher_main);
	for (uint32_t end = uptime() + WAIT_TICKS; ds_retrieve_map("t.map", (void *)HOLE, &len) ==
	     ENOENT && uptime() < end; len = PAGE)
		nap(1);
	T_ASSERT_EQ(len, MAP_LEN);			/* E2BIG: the room it needs */
	T_ASSERT_EQ(ds_retrieve_map("t.map", (void *)HOLE, &len), OK);
	T_ASSERT(pattern_matches((uint8_t *)HOLE, MAP_LEN, 3, 0));
	T_ASSERT_EQ(info().map_grants, base.map_grants + 1);
	T_ASSERT_EQ(child_cmd(kid, C_FILL, 4, 0, 0, 0), OK);		/* shared, not copied */
	T_ASSERT(pattern_matches((uint8_t *)HOLE, MAP_LEN, 4, 0));
	T_ASSERT_EQ(child_cmd(kid, C_DELETE, 0, 0, 0, 0), OK);
	T_ASSERT_EQ(sys_safeunmap((void *)HOLE), ENOENT);		/* DS took it away */
	T_ASSERT_EQ(info().map_grants, base.map_grants);
	T_ASSERT_EQ(ds_retrieve_map("t.map", (void *)HOLE, &len), ENOENT);
	if ((why = map_share(kid)) || (why = stop_child(kid)))
		return why;
	/* a range whose publisher has died cannot be mapped */
	T_SPAWN(kid, map_then_exit_main);
	T_EXIT(kid, OK);
	len = MAP_LEN;
	T_ASSERT(ds_retrieve_map("t.map2", (void *)HOLE, &len) < 0);
	T_ASSERT_EQ(ds_delete_map("t.map2"), OK);
	T_DS_CLEAN();
	return NULL;
}

/* ------------------------------------------------------------ ds.limits */

/*
 * Labelled "t.flood": fills its share of the store, says T_HELLO, and
 * empties it again on T_GO.
 */
static int flooder_main(void)
{
	char key[DS_KEY_MAX];
	int n = 0, r;

	CHK(await_go() == OK);
	memset(buf, 1, sizeof(buf));
	CHK(ds_publish_mem("fl.m0", buf, DS_MEM_MAX, 0) == OK);
	CHK(ds_publish_mem("fl.m1", buf, DS_MEM_MAX, 0) == OK);
	CHK(ds_publish_mem("fl.m2", buf, 1, 0) == ENOSPC);		/* its bytes */
	for (;;) {
		snprintf(key, sizeof(key), "fl.%d", n);
		if ((r = ds_publish_u32(key, (uint32_t)n, 0)) != OK)
			break;
		n++;
	}
	CHK(r == ENOSPC);						/* its entries */
	CHK(n + 2 == (int)info().owner_entries);
	CHK(hello_main() == OK);
	CHK(await_go() == OK);
	while (n--) {
		snprintf(key, sizeof(key), "fl.%d", n);
		CHK(ds_delete_u32(key) == OK);
	}
	CHK(ds_delete_mem("fl.m0") == OK && ds_delete_mem("fl.m1") == OK);
	return 0;
}

static int patterns_main(void)
{
	char pat[DS_KEY_MAX];
	struct mess_ds_info i = info();

	for (uint32_t p = 0; p < i.sub_patterns; p++) {
		snprintf(pat, sizeof(pat), "pat%u.*", p);
		CHK(ds_subscribe(pat, 0) == OK);
	}
	CHK(ds_subscribe("pat.more", 0) == ENOSPC);
	return 0;
}

static const char *t_limits(void)
{
	endpoint_t kid;
	uint32_t v = 0;
	message m;

	T_ASSERT((kid = spawn_labeled(flooder_main, "t.flood")) > 0);
	T_ASSERT_EQ(ipc_receive(kid, &m, NULL), OK);		/* full */
	T_ASSERT_EQ(info().entries, base.entries + 1 + base.owner_entries);	/* label too */
	T_ASSERT_EQ(ds_publish_u32("t.calm", 1, 0), OK);	/* other owners still can */
	T_ASSERT_EQ(ds_retrieve_u32("t.calm", &v), OK);
	T_ASSERT_EQ(ds_delete_u32("t.calm"), OK);
	T_SEND(kid, T_GO);
	T_EXIT(kid, 0);
	T_ASSERT_EQ(ds_delete_label("t.flood"), OK);
	T_SPAWN(kid, patterns_main);
	T_EXIT(kid, 0);
	T_DS_CLEAN();
	return NULL;
}

/* ------------------------------------------------------------ ds.flood */

#define FLOOD_TICKS	50

/*
 * Labelled "t.flood": fills its share, then for FLOOD_TICKS keeps asking
 * for more and sending garbage as fast as DS answers; then cleans up.
 */
static int hammer_main(void)
{
	char key[DS_KEY_MAX];
	uint32_t end;
	message m;
	int n = 0;

	CHK(await_go() == OK);
	for (;; n++) {
		snprintf(key, sizeof(key), "fl.%d", n);
		if (ds_publish_u32(key, 0, 0) != OK)
			break;
	}
	for (end = uptime() + FLOOD_TICKS; uptime() < end; ) {
		CHK(ds_publish_u32("fl.more", 0, 0) == ENOSPC);
		clear_msg(&m, DS_RQ_BASE + 0x77);
		CHK(ipc_sendrec(ds, &m) == OK && m.m_type == ENOSYS);
	}
	while (n--) {
		snprintf(key, sizeof(key), "fl.%d", n);
		CHK(ds_delete_u32(key) == OK);
	}
	return 0;
}

/* Others are served while one client floods DS (on every CPU count). */
static const char *t_flood(void)
{
	endpoint_t kid;
	uint32_t v = 0;
	int rounds = 0;

	T_ASSERT((kid = spawn_labeled(hammer_main, "t.flood")) > 0);
	while (is_alive(kid)) {
		T_ASSERT_EQ(ds_publish_u32("t.calm", (uint32_t)rounds, 0), OK);
		T_ASSERT_EQ(ds_retrieve_u32("t.calm", &v), OK);
		T_ASSERT_EQ(v, (uint32_t)rounds);
		T_ASSERT_EQ(ds_delete_u32("t.calm"), OK);
		rounds++;
	}
	T_EXIT(kid, 0);
	test_diag("%d rounds of ours during the flood", rounds);
	T_ASSERT(rounds > 0);
	T_ASSERT_EQ(ds_delete_label("t.flood"), OK);
	T_DS_CLEAN();
	return NULL;
}

/* ------------------------------------------------------------ ds.garbage */

/* One raw request: its answer's m_type. */
static int raw(int type, const char *key, size_t keylen, uint32_t flags, uint32_t value,
	       uint32_t len)
{
	message m;
	int r;

	clear_msg(&m, type);
	memcpy(m.ds.key, key, keylen);
	m.ds.flags = flags;
	m.ds.value = value;
	m.ds.len = len;
	if ((r = ipc_sendrec(ds, &m)) != OK)
		return r;
	return m.m_type;
}

static int check_unsubscribed_main(void)
{
	char key[DS_KEY_MAX];
	uint32_t event;
	endpoint_t owner;

	return next_event(key, &event, &owner) == ESRCH ? 0 : __LINE__;
}

static const char *t_garbage(void)
{
	char nonul[DS_KEY_MAX];
	cp_grant_id_t g;
	endpoint_t kid;
	message m;

	memset(nonul, 'a', sizeof(nonul));
	memset(buf, 'x', sizeof(buf));
	T_ASSERT_EQ(raw(DS_RQ_BASE + DS_NR_RQS, "k", 2, DSF_TYPE_U32, 0, 0), ENOSYS);
	T_ASSERT_EQ(raw(DS_RQ_BASE - 1, "k", 2, DSF_TYPE_U32, 0, 0), ENOSYS);
	T_ASSERT_EQ(raw(DS_PUBLISH, nonul, sizeof(nonul), DSF_TYPE_U32, 0, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_RETRIEVE, nonul, sizeof(nonul), DSF_TYPE_U32, 0, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_DELETE, nonul, sizeof(nonul), DSF_TYPE_U32, 0, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_SUBSCRIBE, nonul, sizeof(nonul), 0, 0, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_PUBLISH, "", 1, DSF_TYPE_U32, 0, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_PUBLISH, "a b", 4, DSF_TYPE_U32, 0, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_PUBLISH, "a*", 3, DSF_TYPE_U32, 0, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_PUBLISH, "k", 2, 0, 0, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_PUBLISH, "k", 2, DSF_TYPE_U32 | DSF_TYPE_MEM, 0, 4), EINVAL);
	T_ASSERT_EQ(raw(DS_PUBLISH, "k", 2, DSF_TYPE_U32 | (1u << 20), 0, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_RETRIEVE, "k", 2, DSF_TYPE_U32 | DSF_OVERWRITE, 0, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_SUBSCRIBE, "k*", 3, DSF_OVERWRITE, 0, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_SUBSCRIBE, "k *", 4, 0, 0, 0), EINVAL);
	/* grants: none, someone else's, too short, without the access */
	T_ASSERT(raw(DS_PUBLISH, "k", 2, DSF_TYPE_MEM, 0x12345, 16) < 0);
	T_ASSERT(raw(DS_PUBLISH, "k", 2, DSF_TYPE_MEM, (uint32_t)GRANT_INVALID, 16) < 0);
	T_ASSERT((g = cpf_grant_direct(self_ep, (vir_bytes)buf, 16, CPF_READ)) >= 0);
	T_ASSERT_EQ(raw(DS_PUBLISH, "k", 2, DSF_TYPE_MEM, (uint32_t)g, 16), EPERM);
	T_ASSERT_EQ(cpf_revoke(g), OK);
	T_ASSERT((g = cpf_grant_direct(ds, (vir_bytes)buf, 10, CPF_READ)) >= 0);
	T_ASSERT_EQ(raw(DS_PUBLISH, "k", 2, DSF_TYPE_MEM, (uint32_t)g, 100), EPERM);
	T_ASSERT_EQ(raw(DS_PUBLISH, "k", 2, DSF_TYPE_MEM, (uint32_t)g, 0), EINVAL);
	T_ASSERT_EQ(raw(DS_PUBLISH, "k", 2, DSF_TYPE_MEM, (uint32_t)g, DS_MEM_MAX + 1), E2BIG);
	T_ASSERT_EQ(raw(DS_PUBLISH, "k", 2, DSF_TYPE_MAP, (uint32_t)g, 100), EINVAL);
	T_ASSERT_EQ(raw(DS_PUBLISH, "k", 2, DSF_TYPE_STR, (uint32_t)g, 10), EINVAL);	/* no NUL */
	T_ASSERT_EQ(ds_publish_mem("k", buf, 10, 0), OK);
	T_ASSERT_EQ(raw(DS_RETRIEVE, "k", 2, DSF_TYPE_MEM, (uint32_t)g, 10), EPERM);	/* read-only */
	T_ASSERT_EQ(cpf_revoke(g), OK);
	T_ASSERT((g = cpf_grant_direct(ds, (vir_bytes)buf, PAGE, CPF_WRITE)) >= 0);
	T_ASSERT_EQ(raw(DS_PUBLISH, "k2", 3, DSF_TYPE_MAP, (uint32_t)g, PAGE), EPERM);	/* unreadable */
	T_ASSERT_EQ(cpf_revoke(g), OK);
	T_ASSERT_EQ(ds_delete_mem("k"), OK);
	/* a request sent without waiting for the answer does not hold DS up */
	clear_msg(&m, DS_INFO);
	T_ASSERT_EQ(ipc_send(ds, &m), OK);
	T_SPAWN(kid, check_unsubscribed_main);
	T_EXIT(kid, 0);
	T_DS_CLEAN();
	return NULL;
}

/* ------------------------------------------------------------ ds.dead_subscriber */

static int subscribe_exit_main(void)
{
	return ds_subscribe("dead.*", 0);
}

static const char *t_dead_subscriber(void)
{
	char key[DS_KEY_MAX];
	uint32_t event, subs = info().subscribers, me;
	endpoint_t kid, owner;

	drain_events();
	me = next_event(key, &event, &owner) != ESRCH;	/* are we a subscriber? */
	T_SPAWN(kid, subscribe_exit_main);
	T_EXIT(kid, OK);
	T_ASSERT_EQ(info().subscribers, subs + 1);
	T_ASSERT_EQ(ds_publish_u32("dead.x", 1, 0), OK);	/* its notification fails */
	T_ASSERT_EQ(info().subscribers, subs);
	/* a full table makes room by dropping the dead */
	while (info().subscribers < base.max_subscribers) {
		T_SPAWN(kid, subscribe_exit_main);
		T_EXIT(kid, OK);
	}
	T_SPAWN(kid, subscribe_exit_main);
	T_EXIT(kid, OK);
	T_ASSERT_EQ(info().subscribers, me + 1);		/* only the live and the new */
	T_ASSERT_EQ(ds_delete_u32("dead.x"), OK);
	T_ASSERT_EQ(info().subscribers, me);
	T_DS_CLEAN();
	return NULL;
}

/* Each case runs guarded, from DS's counters at its start. */
#define DS_CASE(fn)							\
	static const char *fn##_case(void)				\
	{								\
		base = info();						\
		return guarded(fn);					\
	}
DS_CASE(t_u32)
DS_CASE(t_str)
DS_CASE(t_mem)
DS_CASE(t_label)
DS_CASE(t_owner)
DS_CASE(t_subscribe)
DS_CASE(t_overflow)
DS_CASE(t_map)
DS_CASE(t_limits)
DS_CASE(t_flood)
DS_CASE(t_garbage)
DS_CASE(t_dead_subscriber)
DS_CASE(t_noreply)

static const struct test_case cases[] = {
	{ "ds.u32", t_u32_case },
	{ "ds.str", t_str_case },
	{ "ds.mem", t_mem_case },
	{ "ds.label", t_label_case },
	{ "ds.owner", t_owner_case },
	{ "ds.subscribe", t_subscribe_case },
	{ "ds.overflow", t_overflow_case },
	{ "ds.map", t_map_case },
	{ "ds.limits", t_limits_case },
	{ "ds.flood", t_flood_case },
	{ "ds.garbage", t_garbage_case },
	{ "ds.dead_subscriber", t_dead_subscriber_case },
	{ "ds.publish_noreply", t_noreply_case },
};

int main(void)
{
	int failed;

	if (children_init() < 0 || (ds = ds_endpoint()) < 0)
		return 1;
	failed = test_run(cases, TEST_COUNT(cases));
	sys_kill(ds, SIGTERM);		/* no RS to stop it: the boot ends with us */
	return failed;
}
