/*
 * bench/schedcmp/schedcmp.c - the workloads of `make compare-sched`
 * (tools/compare_sched.py), one per boot: `schedcmp workload=NAME` runs
 * NAME under the boot's sched= and balance=, prints one line
 *   SCHEDCMP {"workload":...,"ops":...,"tsc":...,...}
 * and exits.  Every choice a workload makes comes from a fixed seed, so a
 * run under icount is repeatable instruction for instruction.
 *
 *   pingpong     one client/server pair per CPU, SENDREC / REPLYRECV
 *   chain        client -> server -> server (the middle one calls on)
 *   hackbench    groups of 4 senders and 4 receivers, every sender SENDs
 *                to every receiver of its group
 *   wakeup       schbench-style: a messenger wakes 4 workers in turn with
 *                a TSC stamp; each measures stamp -> running, then works
 *   hogs         2 CPU hogs per CPU and an interactive process that a
 *                pinger wakes each tick: its wakeup latency, the hogs'
 *                fairness (Jain's index of their ticks)
 *   rtperiodic   rt-app-style: 3 periodic tasks (work 1 of 5, 2 of 10,
 *                3 of 20 ticks; budgets under sched=edf and fp, and under
 *                fp rate-monotonic priorities above the rest) and a
 *                best-effort hog; a job that ends after its period is a
 *                deadline miss
 *   decision     a CPU hog alone on its CPU: the gaps in its run (timer
 *                ticks) as latencies; under sched=user with servers/sched
 *                scheduling it (tools/compare_sched.py boots the server),
 *                every fifth tick ends a quantum and its gap holds the
 *                out-of-quantum round trip (the kernel's notice, the
 *                server's GET and SET, the switches there and back): p50 is
 *                a plain tick, p99 one with a decision
 *   forkstorm    needs a process manager (PM), which Kestrel has not yet:
 *                reported as skipped
 *
 * Latencies are TSC ticks (guest instructions under icount); the run's
 * length, tsc_k, is in units of 1024 ticks.  Counters
 * (context switches, migrations, fast-path hits and fallbacks) are the
 * differences of all CPUs' cpu_stats over the run.  Needs priv=system.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>

#define MAX_KIDS	40
#define SAMPLES		512
#define T_GO		0x300
#define T_DONE		0x301
#define T_STOP		0x302

static endpoint_t driver;
static unsigned ncpus;
static uint32_t seed = 12345;

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint32_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 16;
}

static uint32_t uptime(void)
{
	struct mess_times t;

	return sys_times(SELF, &t) == OK ? t.uptime_ticks : 0;
}

static uint32_t my_ticks(void)
{
	struct mess_times t;

	return sys_times(SELF, &t) == OK ? t.user_ticks : 0;
}

static void nap(uint32_t ticks)
{
	message m;

	if (sys_setalarm(ticks, NULL) == OK)
		ipc_receive(CLOCK, &m, NULL);
}

static endpoint_t spawn(int (*fn)(unsigned), unsigned arg)
{
	endpoint_t ep = sys_fork();

	if (ep == 0)
		sys_exit(fn(arg));
	return ep;
}

/* A child's report to the driver: up to 10 words. */
static void report(const uint32_t *w, unsigned n)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = T_DONE;
	memcpy(m.words, w, n * sizeof(uint32_t));
	ipc_send(driver, &m);
}

/* p50, p99, p99.9 of n samples (sorted in place, after the measurement) into out[0..2]. */
static void percentiles(uint32_t *s, unsigned n, uint32_t *out)
{
	for (unsigned i = 1; i < n; i++) {
		uint32_t x = s[i];
		unsigned j = i;

		for (; j > 0 && s[j - 1] > x; j--)
			s[j] = s[j - 1];
		s[j] = x;
	}
	out[0] = n ? s[n / 2] : 0;
	out[1] = n ? s[n * 99 / 100] : 0;
	out[2] = n ? s[n * 999 / 1000] : 0;
}

struct result {
	uint64_t ops, tsc;
	uint32_t lat[3], wake[3];
	uint32_t misses, jobs;
	uint32_t jain_milli;		/* 0: not measured */
};

/* ---------------------------------------------------------------- pingpong, chain */

#define RTTS	400

static endpoint_t next_hop;		/* chain: where the middle server calls on */

static int echo_main(unsigned calls_on)
{
	message m;

	if (ipc_receive(ANY, &m, NULL) != OK)
		return 1;
	for (;;) {
		endpoint_t c = m.m_source;

		if (m.m_type == T_STOP)
			return calls_on ? ipc_send(next_hop, &m) != OK : 0;
		if (calls_on && ipc_sendrec(next_hop, &m) != OK)
			return 2;
		if (ipc_replyrecv(c, &m, NULL) != OK)
			return 3;
	}
}

static bool client_chain;

/* On CPU `cpu`, forks its server(s) there (children start on their parent's CPU) and calls. */
static int client_main(unsigned cpu)
{
	static uint32_t s[RTTS];
	endpoint_t client_target;
	uint32_t w[4];
	message m;

	if (cpu < ncpus && cpu > 0)
		sys_schedctl(SELF, (int)cpu, -1);
	if (client_chain)
		next_hop = spawn(echo_main, 0);
	client_target = spawn(echo_main, client_chain);
	memset(&m, 0, sizeof(m));
	for (unsigned i = 0; i < RTTS; i++) {
		uint64_t t0 = tsc();

		m.m_type = T_GO;
		if (ipc_sendrec(client_target, &m) != OK)
			return 1;
		s[i] = (uint32_t)(tsc() - t0);
	}
	percentiles(s, RTTS, w + 1);
	w[0] = RTTS;
	report(w, 4);
	m.m_type = T_STOP;
	ipc_send(client_target, &m);
	return 0;
}

/* Pairs (or chains) of client and server(s); the clients report. */
static void run_calls(struct result *r, unsigned pairs, bool chain)
{
	message m;

	client_chain = chain;
	for (unsigned i = 0; i < pairs; i++)
		spawn(client_main, i);
	for (unsigned i = 0; i < pairs; i++) {
		if (ipc_receive(ANY, &m, NULL) != OK || m.m_type != T_DONE)
			continue;
		r->ops += m.words[0];
		for (int k = 0; k < 3; k++)
			if (m.words[1 + k] > r->lat[k])
				r->lat[k] = m.words[1 + k];	/* the worst pair's */
	}
}

/* ---------------------------------------------------------------- hackbench */

#define HB_SIDE		4
#define HB_MSGS		50

static endpoint_t hb_receivers[HB_SIDE];

static int hb_receiver_main(unsigned unused)
{
	message m;
	uint32_t w[1] = { 0 };

	(void)unused;
	while (w[0] < HB_SIDE * HB_MSGS)
		if (ipc_receive(ANY, &m, NULL) == OK && m.m_type == T_GO)
			w[0]++;
	report(w, 1);
	return 0;
}

static int hb_sender_main(unsigned unused)
{
	message m;

	(void)unused;
	memset(&m, 0, sizeof(m));
	m.m_type = T_GO;
	for (unsigned i = 0; i < HB_MSGS; i++)
		for (unsigned k = 0; k < HB_SIDE; k++)
			if (ipc_send(hb_receivers[(k + i) % HB_SIDE], &m) != OK)
				return 1;
	return 0;
}

static void run_hackbench(struct result *r)
{
	unsigned groups = ncpus < 2 ? 1 : ncpus / 2;
	message m;

	for (unsigned g = 0; g < groups; g++) {
		for (unsigned i = 0; i < HB_SIDE; i++)
			hb_receivers[i] = spawn(hb_receiver_main, 0);
		for (unsigned i = 0; i < HB_SIDE; i++)
			spawn(hb_sender_main, 0);
	}
	for (unsigned i = 0; i < groups * HB_SIDE; i++)
		if (ipc_receive(ANY, &m, NULL) == OK && m.m_type == T_DONE)
			r->ops += m.words[0];
}

/* ---------------------------------------------------------------- wakeup, hogs */

#define WAKES		200

/* Woken with a stamp; records stamp -> now; works a seeded while; reports at T_STOP. */
static int worker_main(unsigned work)
{
	static uint32_t s[SAMPLES];
	unsigned n = 0;
	uint32_t w[4];
	message m;

	for (;;) {
		if (ipc_receive(ANY, &m, NULL) != OK)
			return 1;
		if (m.m_type == T_STOP)
			break;
		if (n < SAMPLES)
			s[n++] = (uint32_t)(tsc() - ((uint64_t)m.words[1] << 32 | m.words[0]));
		for (volatile unsigned i = 0; i < work; i++)
			;
	}
	percentiles(s, n, w + 1);
	w[0] = n;
	report(w, 4);
	return 0;
}

static void stamp_send(endpoint_t to)
{
	message m;
	uint64_t t;

	memset(&m, 0, sizeof(m));
	m.m_type = T_GO;
	t = tsc();
	m.words[0] = (uint32_t)t;
	m.words[1] = (uint32_t)(t >> 32);
	ipc_send(to, &m);
}

static void collect_wake(struct result *r, unsigned workers)
{
	message m;

	for (unsigned i = 0; i < workers; i++) {
		if (ipc_receive(ANY, &m, NULL) != OK || m.m_type != T_DONE)
			continue;
		r->ops += m.words[0];
		for (int k = 0; k < 3; k++)
			if (m.words[1 + k] > r->wake[k])
				r->wake[k] = m.words[1 + k];
	}
}

static void run_wakeup(struct result *r)
{
	endpoint_t w[4];
	message m;

	for (unsigned i = 0; i < 4; i++)
		w[i] = spawn(worker_main, 200 + rnd() % 2000);
	for (unsigned i = 0; i < WAKES; i++)
		stamp_send(w[i % 4]);
	memset(&m, 0, sizeof(m));
	m.m_type = T_STOP;
	for (unsigned i = 0; i < 4; i++)
		ipc_send(w[i], &m);
	collect_wake(r, 4);
}

#define HOG_TICKS	40

static int hog_main(unsigned until)
{
	while (uptime() < until)
		__asm__ volatile("pause");
	return 0;
}

/* The hogs' ticks: Jain's index (sum^2 / (n * sum of squares)) in thousandths. */
static uint32_t jain(const endpoint_t *ep, unsigned n)
{
	uint64_t sum = 0, sq = 0;

	for (unsigned i = 0; i < n; i++) {
		struct mess_times t;
		uint64_t x = sys_times(ep[i], &t) == OK ? t.user_ticks : 0;

		sum += x;
		sq += x * x;
	}
	return sq ? (uint32_t)(1000 * sum * sum / (n * sq)) : 0;
}

static void run_hogs(struct result *r)
{
	unsigned nhogs = 2 * ncpus < MAX_KIDS ? 2 * ncpus : MAX_KIDS;
	uint32_t until = uptime() + HOG_TICKS;
	endpoint_t hogs[MAX_KIDS], inter;
	message m;

	for (unsigned i = 0; i < nhogs; i++)
		hogs[i] = spawn(hog_main, until + 10);
	inter = spawn(worker_main, 100);
	while (uptime() < until) {
		nap(1);
		stamp_send(inter);
	}
	r->jain_milli = jain(hogs, nhogs);
	memset(&m, 0, sizeof(m));
	m.m_type = T_STOP;
	ipc_send(inter, &m);
	collect_wake(r, 1);
}

/* ---------------------------------------------------------------- decision */

#define GAPS		200		/* ticks the hog lives through */
#define GAP_MIN		150		/* TSC ticks: more than one turn of its loop */

/* Spins, recording every gap longer than GAP_MIN (no kernel call: a gap is an interrupt). */
static int gap_hog_main(unsigned unused)
{
	static uint32_t gap[GAPS];
	uint32_t w[4], out[3];
	uint64_t last = tsc(), now;
	unsigned n = 0;

	(void)unused;
	while (n < GAPS) {
		now = tsc();
		if (now - last > GAP_MIN)
			gap[n++] = (uint32_t)(now - last);
		last = now;
	}
	percentiles(gap, GAPS, out);
	w[0] = GAPS;
	memcpy(&w[1], out, sizeof(out));
	report(w, 4);
	return 0;
}

static void run_decision(struct result *r)
{
	message m;

	spawn(gap_hog_main, 0);
	if (ipc_receive(ANY, &m, NULL) != OK || m.m_type != T_DONE)
		return;
	r->ops = m.words[0];
	memcpy(r->lat, &m.words[1], sizeof(r->lat));
}

/* ---------------------------------------------------------------- rtperiodic */

static const struct { uint32_t work, period; } rt_tasks[] = { { 1, 5 }, { 2, 10 }, { 3, 20 } };
#define RT_TICKS	100
#define RT_FP_PRIO	4	/* sched=fp: the shortest period's priority, the next below */

static bool fixed_priorities;		/* sched=fp: the tasks get rate-monotonic priorities */

static int rt_main(unsigned i)
{
	uint32_t w[2] = { 0, 0 }, release = uptime() + 1, end = release + RT_TICKS;

	sys_schedparam(SELF, rt_tasks[i].work + 1, rt_tasks[i].period, 0);	/* ENOSYS but under edf, fp */
	if (fixed_priorities)
		sys_schedctl(SELF, -1, RT_FP_PRIO + (int)i);	/* periods in ascending order */
	while (release < end) {
		uint32_t done = my_ticks() + rt_tasks[i].work;

		while (uptime() < release)
			nap(release - uptime());
		while (my_ticks() < done)
			__asm__ volatile("pause");
		w[0]++;
		w[1] += uptime() > release + rt_tasks[i].period;
		release += rt_tasks[i].period;
	}
	report(w, 2);
	return 0;
}

static void run_rt(struct result *r)
{
	message m;

	spawn(hog_main, uptime() + RT_TICKS + 5);
	for (unsigned i = 0; i < 3; i++)
		spawn(rt_main, i);
	for (unsigned i = 0; i < 3; i++) {
		if (ipc_receive(ANY, &m, NULL) != OK || m.m_type != T_DONE)
			continue;
		r->jobs += m.words[0];
		r->misses += m.words[1];
	}
	r->ops = r->jobs;
}

/* ---------------------------------------------------------------- driver */

struct counters {
	uint64_t ctxsw, migrations, hits;
	uint32_t slow;
};

static void counters(struct counters *c)
{
	struct cpu_stats s;

	memset(c, 0, sizeof(*c));
	for (int i = 0; i < ABI_MAX_CPUS; i++) {
		if (sys_getinfo(GET_CPUSTATS, i, &s, sizeof(s)) != (int)sizeof(s) || !s.online)
			continue;
		c->ctxsw += s.ctx_switches;
		c->migrations += s.migrations;
		c->hits += s.fastpath_hits;
		for (int k = 0; k < FP_SLOW_REASONS; k++)
			c->slow += s.fastpath_slow[k];
	}
}

int main(int argc, char **argv)
{
	const char *w = "";
	struct counters a, b;
	struct proc_info me;
	struct result r;
	struct kinfo k;
	uint64_t t0;

	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "workload=", 9))
			w = argv[i] + 9;
	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0 ||
	    sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) < 0) {
		printf("SCHEDCMP {\"workload\":\"%s\",\"error\":\"no kinfo\"}\n", w);
		return 1;
	}
	driver = me.endpoint;
	ncpus = k.ncpus;
	fixed_priorities = !strcmp(k.sched, "fp");
	if (!strcmp(w, "forkstorm")) {
		printf("SCHEDCMP {\"workload\":\"forkstorm\",\"sched\":\"%s\",\"skipped\":\"needs a "
		       "process manager (PM), which Kestrel does not have yet\"}\n", k.sched);
		return 0;
	}
	/* Under sched=user the workload starts once the scheduler has this process. */
	for (uint32_t end = uptime() + 500; !strcmp(k.sched, "user") && me.scheduler == NONE &&
	     uptime() < end; sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)))
		nap(1);
	if (!strcmp(k.sched, "user") && me.scheduler == NONE) {
		printf("SCHEDCMP {\"workload\":\"%s\",\"error\":\"no scheduler took it\"}\n", w);
		return 1;
	}
	memset(&r, 0, sizeof(r));
	counters(&a);
	t0 = tsc();
	if (!strcmp(w, "pingpong"))
		run_calls(&r, ncpus, false);
	else if (!strcmp(w, "chain"))
		run_calls(&r, 1, true);
	else if (!strcmp(w, "hackbench"))
		run_hackbench(&r);
	else if (!strcmp(w, "wakeup"))
		run_wakeup(&r);
	else if (!strcmp(w, "hogs"))
		run_hogs(&r);
	else if (!strcmp(w, "rtperiodic"))
		run_rt(&r);
	else if (!strcmp(w, "decision"))
		run_decision(&r);
	else {
		printf("SCHEDCMP {\"workload\":\"%s\",\"error\":\"no such workload\"}\n", w);
		return 1;
	}
	r.tsc = tsc() - t0;
	counters(&b);
	printf("SCHEDCMP {\"workload\":\"%s\",\"sched\":\"%s\",\"balance\":\"%s\",\"cpus\":%u,"
	       "\"ops\":%u,\"tsc_k\":%u,\"lat\":[%u,%u,%u],\"wake\":[%u,%u,%u],\"jain_milli\":%u,"
	       "\"jobs\":%u,\"misses\":%u,\"ctx_switches\":%u,\"migrations\":%u,"
	       "\"fastpath_hits\":%u,\"fastpath_slow\":%u}\n",
	       w, k.sched, k.balance, ncpus, (unsigned)r.ops, (unsigned)(r.tsc >> 10),
	       r.lat[0], r.lat[1], r.lat[2], r.wake[0], r.wake[1], r.wake[2], r.jain_milli,
	       r.jobs, r.misses, (unsigned)(b.ctxsw - a.ctxsw),
	       (unsigned)(b.migrations - a.migrations), (unsigned)(b.hits - a.hits),
	       b.slow - a.slow);
	return 0;
}
