/*
 * lib/libbench/partner.c - partner processes for the benchmarks (bench.h):
 * fork one, give it orders, stop it and make sure it is gone.
 *
 * A partner only ever receives from its parent (or from the peer it was
 * forked for), so when that process dies the kernel fails the receive with
 * EDEADSRCDST and the partner exits instead of blocking forever.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <abi/signal.h>
#include <bench.h>

#define STOP_WAIT_TICKS	500	/* 5 s to take the stop message, then 5 s to exit */

static endpoint_t self_ep = NONE;

endpoint_t bench_self(void)
{
	struct proc_info me;

	if (self_ep == NONE && sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) >= 0)
		self_ep = me.endpoint;
	return self_ep;
}

endpoint_t bench_fork_partner(int (*body)(endpoint_t parent))
{
	endpoint_t parent = bench_self(), child;

	fflush_stdout();	/* the child must not print our pending output again */
	child = sys_fork();
	if (child == 0) {
		self_ep = NONE;
		exit(body(parent));
	}
	return child;
}

int bench_partner_receive(endpoint_t from, message *m)
{
	if (ipc_receive(from, m, NULL) != OK)
		return 1;
	return m->m_type == BENCH_MSG_STOP;
}

static int read_slot(endpoint_t ep, struct proc_info *info)
{
	return sys_getinfo(GET_PROC, endpoint_slot(ep), info, sizeof(*info));
}

/* Has the process with endpoint ep exited (its slot dead or reused)? */
static int is_gone(endpoint_t ep)
{
	struct proc_info info;

	if (read_slot(ep, &info) < 0)
		return 1;
	return info.endpoint != ep || info.state != PROC_STATE_LIVE;
}

int bench_partner_cpu(endpoint_t ep)
{
	struct proc_info info;
	int r = read_slot(ep, &info);

	if (r < 0)
		return r;
	return info.endpoint == ep ? (int)info.cpu : EDEADSRCDST;
}

static uint32_t uptime_ticks(void)
{
	struct mess_times t;

	return sys_times(SELF, &t) == OK ? t.uptime_ticks : 0;
}

/* Sleeps one clock tick (alarm, then a receive from CLOCK). */
static void nap_tick(void)
{
	message m;

	if (sys_setalarm(1, NULL) == OK)
		ipc_receive(CLOCK, &m, NULL);
}

/* Waits up to STOP_WAIT_TICKS for ep to exit; true if it did. */
static bool wait_gone(endpoint_t ep)
{
	for (uint32_t end = uptime_ticks() + STOP_WAIT_TICKS; uptime_ticks() <= end; nap_tick())
		if (is_gone(ep))
			return true;
	return false;
}

/* Ends ep, which did not exit when asked, and waits until it is gone. */
static void kill_and_wait(endpoint_t ep)
{
	printf("# bench: partner %d did not exit; killing it\n", ep);
	if (sys_kill(ep, SIGKILL) == OK && !wait_gone(ep))
		printf("# bench: partner %d still there after SIGKILL\n", ep);
}

int bench_start_partner(endpoint_t *partner, int (*body)(endpoint_t parent))
{
	*partner = bench_fork_partner(body);
	if (*partner < 0)
		return bench_setup_error(*partner, "fork: %d (is `bench` marked priv=system on the boot line?)",
					 *partner);
	return BENCH_OK;
}

void bench_end_partner(endpoint_t *partner)
{
	bench_stop_partner(*partner);
	*partner = NONE;
}

int bench_stop_partner(endpoint_t ep)
{
	message m;
	int r = ENOTREADY;

	if (ep <= 0)
		return EINVAL;
	memset(&m, 0, sizeof(m));
	/*
	 * Bounded by time, sleeping between tries: a partner on another CPU
	 * may need a while to get there (under icount the vCPUs take turns).
	 */
	for (uint32_t end = uptime_ticks() + STOP_WAIT_TICKS; r == ENOTREADY; nap_tick()) {
		m.m_type = BENCH_MSG_STOP;
		r = ipc_sendnb(ep, &m);
		if (r != ENOTREADY || uptime_ticks() > end)
			break;
	}
	if (wait_gone(ep))
		return r == OK || r == EDEADSRCDST || r == EDEADEPT ? OK : r;
	kill_and_wait(ep);
	return EBUSY;
}

int bench_reap(endpoint_t ep)
{
	if (ep <= 0)
		return EINVAL;
	if (wait_gone(ep))
		return OK;
	kill_and_wait(ep);
	return EBUSY;
}
