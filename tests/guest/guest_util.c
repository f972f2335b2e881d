/*
 * tests/guest/guest_util.c - boot-module lookup and waiting for a process
 * to end, over SYS_GETINFO.
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "guest_util.h"

#define WAIT_TICKS	3000	/* 30 s: many CPUs on a small host are slow */
#define NAP_TICKS	2

int find_bootmod(const char *name, const char *args, struct bootmod_info *out)
{
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return -1;
	for (unsigned i = 0; i < k.nr_bootmods; i++) {
		if (sys_getinfo(GET_BOOTMOD, (int)i, out, sizeof(*out)) < 0)
			return -1;
		if (!strcmp(out->name, name) && (!args || !strcmp(out->args, args)))
			return (int)i;
	}
	return -1;
}

static uint32_t now(void)
{
	struct mess_times t;

	return sys_times(SELF, &t) == OK ? t.uptime_ticks : 0;
}

/* Sleeps a little: an alarm, then a receive from CLOCK. */
static void nap_a_little(void)
{
	message m;

	if (sys_setalarm(NAP_TICKS, NULL) == OK)
		ipc_receive(CLOCK, &m, NULL);
}

int wait_for_death(endpoint_t ep, struct proc_info *out)
{
	uint32_t end = now() + WAIT_TICKS;

	do {
		if (sys_getinfo(GET_PROC, endpoint_slot(ep), out, sizeof(*out)) < 0)
			return -1;
		if (out->endpoint == ep && out->state == PROC_STATE_DEAD)
			return 0;
		nap_a_little();
	} while (now() < end);
	return -1;
}

uint8_t pattern_byte(unsigned seed, unsigned i)
{
	return (uint8_t)(seed * 31 + i * 7 + (i >> 8));
}

void pattern_fill(uint8_t *p, unsigned n, unsigned seed, unsigned from)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = pattern_byte(seed, from + i);
}

int pattern_matches(const uint8_t *p, unsigned n, unsigned seed, unsigned from)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i] != pattern_byte(seed, from + i))
			return 0;
	return 1;
}

const char *sched_policy(void)
{
	static struct kinfo k;

	if (!k.sched[0] && sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return "";
	return k.sched;
}

const char *skip_unless_prio_handoff(void)
{
	if (!strcmp(sched_policy(), "mlfq") || !strcmp(sched_policy(), "fp"))
		return NULL;
	return test_skipf("mlfq's hand-off rules; the policy is %s", sched_policy());
}
