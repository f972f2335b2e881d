/*
 * tests/guest/children.c - child processes for in-guest tests (children.h).
 */
#include <string.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "children.h"
#include "guest_util.h"

#define MAX_KIDS	64

endpoint_t self_ep;
endpoint_t arg_ep;
static endpoint_t kids[MAX_KIDS];	/* children of the running case */
static unsigned nkids;
static endpoint_t wd_victim;		/* watchdog_start's victim, copied by fork */

int children_init(void)
{
	struct proc_info me;

	if (sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) < 0)
		return -1;
	self_ep = me.endpoint;
	return 0;
}

/* Blocks for `ticks` clock ticks (an alarm and a receive from CLOCK). */
void nap(uint32_t ticks)
{
	message m;

	if (sys_setalarm(ticks, NULL) == OK)
		ipc_receive(CLOCK, &m, NULL);
}

void poll_yield(void)
{
	sys_yield();
	relax();
}

uint32_t uptime(void)
{
	struct mess_times t;

	return sys_times(SELF, &t) == OK ? t.uptime_ticks : 0;
}

void wait_until(uint32_t tick)
{
	for (unsigned i = 0; i < MAX_ROUNDS && uptime() < tick; i++)
		poll_yield();
}

void wait_ticks(uint32_t n)
{
	wait_until(uptime() + n);
}

void clear_msg(message *m, int type)
{
	memset(m, 0, sizeof(*m));
	m->m_type = type;
}

int proc_of(endpoint_t ep, struct proc_info *i)
{
	return sys_getinfo(GET_PROC, endpoint_slot(ep), i, sizeof(*i)) >= 0 && i->endpoint == ep;
}

int is_alive(endpoint_t ep)
{
	struct proc_info i;

	return proc_of(ep, &i) && i.state == PROC_STATE_LIVE;
}

int wait_blocked(endpoint_t ep)
{
	uint32_t end = uptime() + WAIT_TICKS;

	for (unsigned n = 0; n < MAX_ROUNDS && uptime() <= end; n++) {
		struct proc_info i;

		if (!proc_of(ep, &i) || i.state != PROC_STATE_LIVE)
			return -1;
		if (i.flags != 0)
			return 0;
		poll_yield();
	}
	return -1;
}

int32_t reap(endpoint_t ep)
{
	uint32_t end = uptime() + WAIT_TICKS;
	struct proc_info i;

	for (unsigned n = 0; ; n++) {
		if (!proc_of(ep, &i))
			return STATUS_LOST;
		if (i.state == PROC_STATE_DEAD)
			return i.exit_status;
		if (n >= MAX_ROUNDS || uptime() > end) {
			sys_clear(ep);
			return STATUS_HUNG;
		}
		poll_yield();
	}
}

const char *expect_exit(endpoint_t ep, int32_t want, int line)
{
	int32_t st = reap(ep);

	if (st == STATUS_HUNG)
		return test_failf("line %d: child %d still alive after %d ticks", line, ep, WAIT_TICKS);
	if (st == STATUS_LOST) {
		struct proc_info i;

		proc_of(ep, &i);
		return test_failf("line %d: child %d: slot reused (now %d '%s', state %u) before its status was read",
				  line, ep, i.endpoint, i.name, i.state);
	}
	if (st != want)
		return test_failf("line %d: child %d exit status %d, want %d", line, ep, (int)st,
				  (int)want);
	return NULL;
}

void add_kid(endpoint_t ep)
{
	if (ep > 0 && nkids < MAX_KIDS)
		kids[nkids++] = ep;
}

endpoint_t spawn(int (*fn)(void))
{
	endpoint_t ep = sys_fork();

	if (ep == 0)
		sys_exit(fn());
	add_kid(ep);
	return ep;
}

void end_children_reaped(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nkids; i++)
		if (is_alive(kids[i]))
			kids[n++] = kids[i];
	nkids = n;
}

unsigned end_children(void)
{
	unsigned left = 0;

	for (unsigned i = 0; i < nkids; i++) {
		if (is_alive(kids[i])) {
			left++;
			sys_clear(kids[i]);
			reap(kids[i]);
		}
	}
	nkids = 0;
	return left;
}

const char *guarded(const char *(*body)(void))
{
	const char *why = body();
	unsigned left = end_children();
	uint32_t rem = 0;

	sys_setalarm(0, &rem);			/* no alarm outlives its case */
	if (!why && left)
		why = test_failf("%u children were still alive at the end", left);
	return why;
}

const char *send_type(endpoint_t ep, int type)
{
	message m;
	int r;

	clear_msg(&m, type);
	r = ipc_send(ep, &m);
	if (r != OK)
		return test_failf("message %#x to child %d: %d", type, ep, r);
	return NULL;
}

const char *stop_child(endpoint_t ep)
{
	const char *why = send_type(ep, T_QUIT);

	return why ? why : expect_exit(ep, 0, __LINE__);
}

const char *stop_two(endpoint_t a, endpoint_t b)
{
	const char *why = stop_child(a);

	return why ? why : stop_child(b);
}

static int watchdog_main(void)
{
	uint32_t end = uptime() + WAIT_TICKS;
	message m;

	while (uptime() < end)
		poll_yield();
	if (wd_victim != NONE)
		return sys_clear(wd_victim);
	clear_msg(&m, T_TIMEOUT);
	for (end += WAIT_TICKS; uptime() < end; poll_yield())
		if (ipc_sendnb(self_ep, &m) == OK)
			return 0;
	return __LINE__;
}

endpoint_t watchdog_start(endpoint_t victim)
{
	wd_victim = victim;
	return spawn(watchdog_main);
}

void watchdog_stop(endpoint_t wd)
{
	if (wd > 0 && is_alive(wd))
		sys_clear(wd);
	if (wd > 0)
		reap(wd);
}

int hello_main(void)
{
	message m;

	clear_msg(&m, T_HELLO);
	return ipc_send(self_ep, &m);
}

int wait_go_exit_main(void)
{
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	return 0;
}

/*
 * Test programs that fork run one after another (each waits for the one
 * before), so that no program's fork takes the slot of another's dead child
 * before its status has been read.
 */
void wait_for_module(const char *name)
{
	struct bootmod_info mod;
	struct proc_info i;
	uint32_t end = uptime() + 60 * 100;

	if (find_bootmod(name, NULL, &mod) < 0 || mod.status != OK)
		return;
	while (proc_of(mod.endpoint, &i) && i.state == PROC_STATE_LIVE && uptime() < end)
		nap(5);		/* sleep, so that waiting programs leave CPUs idle */
}

int send_to_arg_main(void)
{
	message m;

	clear_msg(&m, T_HELLO);
	return ipc_send(arg_ep, &m);
}

int sendrec_to_arg_main(void)
{
	message m;

	clear_msg(&m, T_REQ);
	return ipc_sendrec(arg_ep, &m);
}

int obey_commands(int32_t (*run)(const message *m))
{
	message m;

	for (;;) {
		CHK(ipc_receive(ANY, &m, NULL) == OK);
		if (m.m_type == T_QUIT)
			return 0;
		m.words[0] = (uint32_t)run(&m);
		CHK(ipc_send(m.m_source, &m) == OK);
	}
}

int32_t child_cmd(endpoint_t c, uint32_t op, uint32_t a, uint32_t b, uint32_t d, uint32_t e)
{
	message m;

	clear_msg(&m, T_CALL);
	m.words[0] = op;
	m.words[1] = a;
	m.words[2] = b;
	m.words[3] = d;
	m.words[4] = e;
	if (ipc_sendrec(c, &m) != OK)
		return STATUS_LOST;
	return (int32_t)m.words[0];
}

endpoint_t map_granter;
int32_t map_gid;
int map_cpu = -1;

int mapper_main(void)
{
	volatile uint32_t *p = (volatile uint32_t *)MAP_HOLE;
	uint32_t sum = 0;
	message m;

	if (map_cpu >= 0)
		CHK(sys_schedctl(SELF, map_cpu, -1) == OK);
	CHK(sys_safemap(map_granter, map_gid, 0, (void *)MAP_HOLE, 4096, 0) == OK);
	sum = *p;
	clear_msg(&m, T_HELLO);
	CHK(ipc_send(self_ep, &m) == OK);
	for (;;) {
		sum += *p;
		relax();
	}
	return (int)sum;
}

int yielder_main(void)
{
	for (uint32_t end = uptime() + 10 * WAIT_TICKS; uptime() < end;)
		poll_yield();
	return 0;
}
