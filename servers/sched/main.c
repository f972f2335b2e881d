/*
 * servers/sched/main.c - the user-space scheduler (sched.h): takes the
 * processes it is given, and answers the kernel's out-of-quantum notices
 * (a notification from SYSTEM: SYS_SCHEDULE's GET until none is left, a
 * SET for each) with policy.c's decisions; a CLOCK alarm every
 * SCHED_BOOST_TICKS raises the processes below their level.
 *
 * Boot line: "sched priv=system [take=NAME,...] [until=NAME]": the boot
 * modules named by take= are its from the start; with until= it exits
 * (at its next climb) once that boot module's process has ended, so that
 * a boot whose programs are done powers off (tools/compare_sched.py).  It runs at SCHED_SERVER_PRIO,
 * above the processes it schedules, like MINIX's SCHED.
 */
#include <stdio.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include "servers/sched/sched.h"

#define SCHED_SERVER_PRIO	4

static struct sched_policy pol;
static endpoint_t until = NONE;		/* until=: exit once it has ended */

static int schedule(uint16_t op, const struct sched_decision *d, struct mess_schedule *s)
{
	memset(s, 0, sizeof(*s));
	s->op = op;
	if (d) {
		s->endpoint = d->ep;
		s->priority = d->prio;
		s->quantum = d->quantum;
		s->cpu = (int16_t)d->cpu;
	}
	return sys_schedule(s);
}

/* Carries a decision out; a process that ended, or is ours no more, is forgotten. */
static void apply(const struct sched_decision *d)
{
	struct mess_schedule s;
	int r = schedule(SCHEDULE_SET, d, &s);

	if (r != OK)
		policy_forget(&pol, d->ep);
	if (r != OK && r != EDEADSRCDST)
		printf("sched: decision for endpoint %d refused: %d\n", d->ep, r);
}

/* The kernel's notices, all of them. */
static void out_of_quantum(void)
{
	struct mess_schedule s;

	while (schedule(SCHEDULE_GET, NULL, &s) == OK && s.endpoint != NONE) {
		struct sched_decision seen = { s.endpoint, s.priority, s.quantum, s.cpu }, d;

		policy_out_of_quantum(&pol, &seen, &d);
		apply(&d);
	}
}

static int alive(endpoint_t ep)
{
	struct proc_info i;

	return sys_getinfo(GET_PROC, endpoint_slot(ep), &i, sizeof(i)) >= 0 && i.endpoint == ep &&
	       i.state == PROC_STATE_LIVE;
}

static void boost(void)
{
	struct sched_decision d;
	unsigned at = 0;

	while (policy_next_boost(&pol, &at, &d))
		apply(&d);
	if (until != NONE && !alive(until))
		sys_exit(0);
	sys_setalarm(SCHED_BOOST_TICKS, NULL);
}

static int take(endpoint_t ep)
{
	struct sched_decision d = { ep, 0, 0, 0 };
	struct mess_schedule s;

	return schedule(SCHEDULE_START, &d, &s);
}

/* SCHED_TAKE comes from SYSTEM-class processes only. */
static int asker_may(endpoint_t ep)
{
	struct proc_info i;

	return sys_getinfo(GET_PROC, endpoint_slot(ep), &i, sizeof(i)) >= 0 && i.endpoint == ep &&
	       (i.priv_flags & PROC_PRIV_SYSTEM);
}

/* take=NAME,...: those boot modules. */
static void take_modules(char *names)
{
	for (char *name = names, *end; *name; name = end) {
		endpoint_t ep;
		int r;

		for (end = name; *end && *end != ',';)
			end++;
		if (*end)
			*end++ = '\0';
		ep = bootmod_endpoint(name);
		if (ep < 0 || (r = take(ep)) != OK)
			printf("sched: cannot take boot module %s: %d\n", name, ep < 0 ? ep : r);
	}
}

int main(int argc, char **argv)
{
	struct kinfo k;
	uint32_t status;
	message m;

	policy_init(&pol, sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) >= 0 ? k.ncpus : 1);
	sys_schedctl(SELF, -1, SCHED_SERVER_PRIO);
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "take=", 5))
			take_modules(argv[i] + 5);
		else if (!strncmp(argv[i], "until=", 6) && (until = bootmod_endpoint(argv[i] + 6)) < 0) {
			printf("sched: %s: no such boot module\n", argv[i]);
			until = NONE;
		}
	sys_setalarm(SCHED_BOOST_TICKS, NULL);
	for (;;) {
		if (ipc_receive(ANY, &m, &status) != OK)
			continue;
		if (status & IPC_STATUS_NOTIFY) {
			if (m.m_source == SYSTEM)
				out_of_quantum();
			else if (m.m_source == CLOCK)
				boost();
			continue;
		}
		if (m.m_type != SCHED_TAKE)
			m.m_type = EBADREQUEST;
		else
			m.m_type = asker_may(m.m_source) ? take((endpoint_t)m.words[0]) : EPERM;
		ipc_send(m.m_source, &m);
	}
}
