/*
 * tests/guest/prof_test.c - prof.*: the sampling profiler (SYS_PROFCTL,
 * abi/prof.h).  A known hot loop dominates its process's samples and its
 * frame-pointer chain names its caller; the rate is honoured while the
 * clock keeps HZ; every CPU samples; a full buffer drops and counts; bad
 * frame pointers end a chain without harm; a server's samples carry the
 * client it serves and the client's chain; every bad request is refused;
 * the IPC tracepoints count a SENDREC loop when the kernel has them.
 *
 * Runs in a boot of its own (tests/guest/prof.mk) with little memory, so
 * that the largest buffers do not fit.  Argument `trace=1`: the kernel was
 * built with TRACE=1 (kernel/iptrace.h); without it PROF_TRACE must be
 * refused.
 */
#include <stdbool.h>
#include <string.h>
#include <syslib.h>
#include <test.h>
#include "children.h"

#define RATE		1000		/* samples per second per CPU */
#define SPIN_TICKS	30		/* clock ticks each hot loop runs */
#define SPIN_ROUNDS	20000		/* loop rounds between looks at the clock */
#define BUF_SAMPLES	4096

extern char prof_spin_begin[], prof_spin_end[], prof_spin_fp_begin[], prof_spin_fp_end[];
extern uint32_t prof_spin_ret;
void prof_spin(uint32_t n);
void prof_spin_fp(uint32_t n, uint32_t fp);

static struct prof_sample samples[BUF_SAMPLES];
static unsigned ncpus;
static bool traced;			/* trace=1: a kernel with IPC tracepoints */

static bool in(uint32_t pc, const char *begin, const char *end)
{
	return pc >= (uint32_t)begin && pc < (uint32_t)end;
}

/* Runs prof_spin (fp 0) or prof_spin_fp for SPIN_TICKS clock ticks; how many ticks passed. */
static uint32_t spin_ticks(bool with_fp, uint32_t fp)
{
	uint32_t start = uptime(), now;

	do {
		if (with_fp)
			prof_spin_fp(SPIN_ROUNDS, fp);
		else
			prof_spin(SPIN_ROUNDS);
		now = uptime();
	} while (now - start < SPIN_TICKS);
	return now - start;
}

/* What one profile of this process found, over every CPU. */
struct tally {
	unsigned total;			/* samples on every CPU */
	unsigned mine;			/* of this process */
	unsigned hot;			/* of which in the loop [begin, end) */
	unsigned hot_chain_ok;		/* of those, chain[0] == want0 (if given) */
	unsigned cpus_sampled;		/* CPUs with a sample */
	uint32_t depth_max;		/* of the hot samples */
};

static const char *tally(struct tally *t, const char *begin, const char *end, uint32_t want0)
{
	endpoint_t me = self_ep;

	memset(t, 0, sizeof(*t));
	for (unsigned cpu = 0; cpu < ncpus; cpu++) {
		int n = sys_prof_read(cpu, 0, samples, BUF_SAMPLES);

		if (n < 0)
			return test_failf("read of cpu %u: %d", cpu, n);
		t->total += (unsigned)n;
		t->cpus_sampled += n > 0;
		for (int i = 0; i < n; i++) {
			const struct prof_sample *s = &samples[i];

			if (s->endpoint != me)
				continue;
			if (s->flags != 0 || s->own > s->depth || s->depth > PROF_CHAIN_MAX)
				return test_failf("own sample %d on cpu %u: flags %#x depth %u/%u", i,
						  cpu, s->flags, s->own, s->depth);
			t->mine++;
			if (!in(s->pc, begin, end))
				continue;
			t->hot++;
			t->hot_chain_ok += s->own > 0 && s->chain[0] == want0;
			if (s->own > t->depth_max)
				t->depth_max = s->own;
		}
	}
	return NULL;
}

/* A profile around one hot loop; *ticks: how long it ran. */
static const char *profile_spin(struct tally *t, bool with_fp, uint32_t fp, uint32_t want0,
				uint32_t *ticks)
{
	T_ASSERT_EQ(sys_prof_start(RATE, BUF_SAMPLES, PROF_SRC_TIMER), OK);
	*ticks = spin_ticks(with_fp, fp);
	T_ASSERT_EQ(sys_prof_stop(), OK);
	return with_fp ? tally(t, prof_spin_fp_begin, prof_spin_fp_end, want0)
		       : tally(t, prof_spin_begin, prof_spin_end, want0);
}

/* Before any profile there is nothing to read. */
static const char *t_read_before_any(void)
{
	T_ASSERT_EQ(sys_prof_read(0, 0, samples, 1), ENOENT);
	return NULL;
}

static const char *t_hot_loop_dominates(void)
{
	struct tally t;
	uint32_t ticks;
	const char *e = profile_spin(&t, false, 0, 0, &ticks);

	if (e)
		return e;
	/* want0 is known only after the loop ran: count again */
	if ((e = tally(&t, prof_spin_begin, prof_spin_end, prof_spin_ret)))
		return e;
	test_diag("%u samples, %u of this process, %u in the loop, %u with its caller, depth up to %u",
		  t.total, t.mine, t.hot, t.hot_chain_ok, t.depth_max);
	T_ASSERT(t.mine >= 50);
	T_ASSERT(t.hot * 10 >= t.mine * 9);		/* the loop is >= 90% of its samples */
	T_ASSERT(t.hot_chain_ok * 10 >= t.hot * 9);	/* the chain names the caller */
	T_ASSERT(t.depth_max >= 3);			/* spin_ticks, the case, test_run, ... */
	return NULL;
}

static int my_cpu(void)
{
	struct proc_info me;

	return sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0 ? (int)me.cpu : -1;
}

static uint64_t ticks_of(int cpu)
{
	struct cpu_stats st;

	return sys_getinfo(GET_CPUSTATS, cpu, &st, sizeof(st)) == (int)sizeof(st) ? st.ticks : 0;
}

/*
 * RATE interrupts a second on this process's CPU, of which every
 * RATE / HZ-th is the clock tick: the CPU's samples are RATE / HZ times
 * its ticks, but for the tick before the timer was retuned and the one
 * after the stop.
 */
static const char *t_rate_and_clock(void)
{
	int cpu = my_cpu();
	uint64_t t0 = ticks_of(cpu), ticks;
	struct mess_profctl st;

	T_ASSERT(cpu >= 0 && t0 > 0);
	T_ASSERT_EQ(sys_prof_start(RATE, BUF_SAMPLES, PROF_SRC_TIMER), OK);
	spin_ticks(false, 0);
	T_ASSERT_EQ(sys_prof_stop(), OK);
	ticks = ticks_of(cpu) - t0;
	T_ASSERT_EQ(my_cpu(), cpu);
	T_ASSERT_EQ(sys_prof_status(cpu, &st), OK);
	test_diag("cpu %d: %u samples in %u ticks", cpu, st.count, (unsigned)ticks);
	T_ASSERT(st.count >= (ticks - 2) * (RATE / 100));
	T_ASSERT(st.count <= (ticks + 1) * (RATE / 100));
	return NULL;
}

/* Idle CPUs sample too: one sample at least on each. */
static const char *t_every_cpu(void)
{
	struct tally t;
	uint32_t ticks;
	const char *e = profile_spin(&t, false, 0, 0, &ticks);
	struct mess_profctl st;

	if (e)
		return e;
	T_ASSERT_EQ(t.cpus_sampled, ncpus);
	for (unsigned cpu = 0; cpu < ncpus; cpu++) {
		T_ASSERT_EQ(sys_prof_status(cpu, &st), OK);
		T_ASSERT_EQ(st.running, 0);
		T_ASSERT_EQ(st.rate, RATE);
		T_ASSERT_EQ(st.capacity, BUF_SAMPLES);
		T_ASSERT(st.count > 0);
		T_ASSERT(st.cost_lo | st.cost_hi);	/* recording was timed */
	}
	return NULL;
}

/* A full buffer stops recording and counts the rest. */
static const char *t_full_buffer_drops(void)
{
	struct mess_profctl st;
	unsigned dropped = 0;

	T_ASSERT_EQ(sys_prof_start(RATE, 8, PROF_SRC_TIMER), OK);
	spin_ticks(false, 0);
	T_ASSERT_EQ(sys_prof_stop(), OK);
	for (unsigned cpu = 0; cpu < ncpus; cpu++) {
		T_ASSERT_EQ(sys_prof_status(cpu, &st), OK);
		T_ASSERT_EQ(st.count, 8);
		dropped += st.dropped;
		T_ASSERT_EQ(sys_prof_read(cpu, 0, samples, BUF_SAMPLES), 8);
		T_ASSERT_EQ(sys_prof_read(cpu, 5, samples, BUF_SAMPLES), 3);
		T_ASSERT_EQ(sys_prof_read(cpu, 8, samples, BUF_SAMPLES), 0);
		T_ASSERT_EQ(sys_prof_read(cpu, 9, samples, 1), EINVAL);
	}
	test_diag("%u samples dropped", dropped);
	T_ASSERT(dropped >= SPIN_TICKS * (RATE / 100) / 2);
	return NULL;
}

/*
 * Frame pointers that lead nowhere end the chain: one in kernel space, one
 * unmapped, one misaligned, one into a frame that points at itself (the
 * walk takes its return address once, then stops).  The kernel survives
 * every one.
 */
static uint32_t loop_frame[2];

static const char *bad_fp(uint32_t fp, uint32_t depth, uint32_t want0)
{
	struct tally t;
	uint32_t ticks;
	const char *e = profile_spin(&t, true, fp, want0, &ticks);

	if (e)
		return e;
	T_ASSERT(t.hot >= 20);
	T_ASSERT_EQ(t.depth_max, depth);
	if (depth)
		T_ASSERT_EQ(t.hot_chain_ok, t.hot);
	return NULL;
}

static const char *t_bad_frame_pointers(void)
{
	const char *e;

	loop_frame[0] = (uint32_t)&loop_frame[0];
	loop_frame[1] = 0x4b50f00d;
	if ((e = bad_fp(0x1000, 0, 0)) || (e = bad_fp(0xa0000000, 0, 0)) ||
	    (e = bad_fp((uint32_t)&loop_frame[0] + 1, 0, 0)) ||
	    (e = bad_fp(0xeffffffc, 0, 0)) ||
	    (e = bad_fp((uint32_t)&loop_frame[0], 1, 0x4b50f00d)))
		return e;
	return NULL;
}

static const char *t_bad_requests(void)
{
	message m;
	struct mess_profctl st;

	T_ASSERT_EQ(sys_prof_stop(), EINVAL);			/* stop without start */
	T_ASSERT_EQ(sys_prof_start(0, 64, PROF_SRC_TIMER), EINVAL);
	T_ASSERT_EQ(sys_prof_start(PROF_RATE_MIN - 1, 64, PROF_SRC_TIMER), EINVAL);
	T_ASSERT_EQ(sys_prof_start(PROF_RATE_MAX + 1, 64, PROF_SRC_TIMER), EINVAL);
	T_ASSERT_EQ(sys_prof_start(0xffffffffu, 64, PROF_SRC_TIMER), EINVAL);
	T_ASSERT_EQ(sys_prof_start(RATE, 0, PROF_SRC_TIMER), EINVAL);
	T_ASSERT_EQ(sys_prof_start(RATE, PROF_SAMPLES_MAX + 1, PROF_SRC_TIMER), EINVAL);
	T_ASSERT_EQ(sys_prof_start(RATE, 64, PROF_SRC_NMI + 1), EINVAL);
	T_ASSERT_EQ(sys_prof_status(ncpus, &st), EINVAL);
	T_ASSERT_EQ(sys_prof_status(0xffffffffu, &st), EINVAL);
	memset(&m, 0, sizeof(m));
	m.profctl.code = 99;
	T_ASSERT_EQ(kernel_call(SYS_PROFCTL, &m), EINVAL);

	T_ASSERT_EQ(sys_prof_start(RATE, 64, PROF_SRC_TIMER), OK);
	T_ASSERT_EQ(sys_prof_start(RATE, 64, PROF_SRC_TIMER), EBUSY);		/* start twice */
	T_ASSERT_EQ(sys_prof_read(0, 0, samples, 1), EBUSY);	/* read while running */
	T_ASSERT_EQ(sys_prof_status(0, &st), OK);
	T_ASSERT_EQ(st.running, 1);
	T_ASSERT_EQ(sys_prof_stop(), OK);
	T_ASSERT_EQ(sys_prof_stop(), EINVAL);			/* stop twice */

	T_ASSERT_EQ(sys_prof_read(ncpus, 0, samples, 1), EINVAL);
	T_ASSERT_EQ(sys_prof_read(0x80000000u, 0, samples, 1), EINVAL);
	T_ASSERT_EQ(sys_prof_read(0, 0xffffffffu, samples, 1), EINVAL);
	if (sys_prof_read(0, 0, samples, 1) == 1) {		/* a sample to copy */
		T_ASSERT_EQ(sys_prof_read(0, 0, (struct prof_sample *)0x1000, 1), EFAULT);
		T_ASSERT_EQ(sys_prof_read(0, 0, (struct prof_sample *)0xeffffff0, 1), EFAULT);
	}
	return NULL;
}

/* Buffers beyond half the kernel's free frames are refused, nothing kept. */
static const char *t_buffer_does_not_fit(void)
{
	struct kinfo k;
	uint32_t frames = ncpus * (1 + PROF_SAMPLES_MAX / (4096 / sizeof(struct prof_sample)));

	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0);
	if (frames <= k.free_frames / 2)
		return test_failf("%u frames fit in %u free: boot with less memory (prof.mk)",
				  frames, k.free_frames);
	T_ASSERT_EQ(sys_prof_start(RATE, PROF_SAMPLES_MAX, PROF_SRC_TIMER), ENOMEM);
	T_ASSERT_EQ(sys_prof_stop(), EINVAL);
	T_ASSERT_EQ(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0, 1);
	T_ASSERT(frames > k.free_frames / 2);			/* what it took is back */
	T_ASSERT_EQ(sys_prof_start(RATE, 64, PROF_SRC_TIMER), OK);		/* a smaller one fits */
	T_ASSERT_EQ(sys_prof_stop(), OK);
	return NULL;
}

static int user_profiles_main(void)
{
	message m;

	CHK(sys_privctl(SELF, PRIVCTL_SET_USER, 0) == OK);
	CHK(sys_prof_start(RATE, 64, PROF_SRC_TIMER) == ECALLDENIED);
	CHK(sys_prof_stop() == ECALLDENIED);
	CHK(sys_prof_read(0, 0, samples, 1) == ECALLDENIED);
	memset(&m, 0, sizeof(m));
	m.profctl.code = PROF_STATUS;
	CHK(kernel_call(SYS_PROFCTL, &m) == ECALLDENIED);
	return 0;
}

static const char *unprivileged(void)
{
	endpoint_t c;

	T_SPAWN(c, user_profiles_main);
	T_EXIT(c, 0);
	return NULL;
}

static const char *t_unprivileged(void)
{
	return guarded(unprivileged);
}

static int trace_of(unsigned cpu, struct ipc_trace *t)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.profctl.code = PROF_TRACE;
	m.profctl.cpu = cpu;
	m.profctl.buf = (vir_bytes)t;
	m.profctl.count = sizeof(*t);
	return kernel_call(SYS_PROFCTL, &m);
}

static const struct ipt_pair *find_pair(const struct ipc_trace *t, endpoint_t src, endpoint_t dst,
					uint32_t path, uint32_t type)
{
	for (uint32_t i = 0; i < t->pairs_used && i < IPT_PAIRS; i++) {
		const struct ipt_pair *p = &t->pair[i];

		if (p->src == src && p->dst == dst && p->path == path && p->type == type)
			return p;
	}
	return NULL;
}

static int32_t echo(const message *m)
{
	return (int32_t)m->words[1] + 1;
}

static int echo_main(void)
{
	return obey_commands(echo);
}

/*
 * NMIs sample the kernel too: a loop of kernel calls spends much of its
 * time there, where the timer never strikes.  Its kernel samples carry
 * its user side (where it trapped, a user address) after their kernel
 * chain, and every CPU samples.
 */
static const char *t_nmi_samples_kernel(void)
{
	unsigned mine = 0, kernel = 0, user_side = 0, cpus_sampled = 0;
	struct mess_profctl st;
	uint32_t start;

	T_ASSERT_EQ(sys_prof_start(RATE, BUF_SAMPLES, PROF_SRC_NMI), OK);
	start = uptime();
	while (uptime() - start < SPIN_TICKS)
		;
	T_ASSERT_EQ(sys_prof_stop(), OK);
	for (unsigned cpu = 0; cpu < ncpus; cpu++) {
		int n = sys_prof_read(cpu, 0, samples, BUF_SAMPLES);

		T_ASSERT(n >= 0);
		T_ASSERT_EQ(sys_prof_status(cpu, &st), OK);
		T_ASSERT_EQ(st.source, PROF_SRC_NMI);
		cpus_sampled += n > 0;
		for (int i = 0; i < n; i++) {
			const struct prof_sample *s = &samples[i];

			if (s->endpoint != self_ep)
				continue;
			mine++;
			if (!(s->flags & PROF_KERNEL))
				continue;
			kernel++;
			user_side += s->depth > s->own && s->chain[s->own] >= 0x40000000u;
		}
	}
	test_diag("NMIs: %u samples of this process, %u in the kernel, %u with its user side; "
		  "%u of %u CPUs sampled", mine, kernel, user_side, cpus_sampled, ncpus);
	T_ASSERT(mine >= 50);
	T_ASSERT(kernel * 10 >= mine);			/* at least a tenth in the kernel */
	T_ASSERT(user_side * 10 >= kernel * 9);
	T_ASSERT_EQ(cpus_sampled, ncpus);
	return NULL;
}

/* The server's side: op 1 spins in prof_spin for SPIN_TICKS, then answers. */
static int32_t serve(const message *m)
{
	if (m->words[0] == 1)
		spin_ticks(false, 0);
	return (int32_t)m->words[1] + 1;
}

static int server_main(void)
{
	return obey_commands(serve);
}

/*
 * A server's samples while it handles this process's request carry this
 * process as their peer, and the peer's side of the chain: where it
 * trapped (a user address), then its own return addresses.
 */
static const char *server_chain(void)
{
	unsigned hot = 0, with_peer = 0, peer_side = 0;
	endpoint_t c;

	T_SPAWN(c, server_main);
	T_ASSERT_EQ(child_cmd(c, 0, 1, 0, 0, 0), 2);		/* it runs and waits */
	T_ASSERT_EQ(sys_prof_start(RATE, BUF_SAMPLES, PROF_SRC_TIMER), OK);
	T_ASSERT_EQ(child_cmd(c, 1, 41, 0, 0, 0), 42);
	T_ASSERT_EQ(sys_prof_stop(), OK);
	for (unsigned cpu = 0; cpu < ncpus; cpu++) {
		int n = sys_prof_read(cpu, 0, samples, BUF_SAMPLES);

		T_ASSERT(n >= 0);
		for (int i = 0; i < n; i++) {
			const struct prof_sample *s = &samples[i];

			if (s->endpoint != c || !in(s->pc, prof_spin_begin, prof_spin_end))
				continue;
			hot++;
			if (s->peer != self_ep)
				continue;
			with_peer++;
			peer_side += s->depth > s->own + 1 && s->chain[s->own] >= 0x40000000u;
		}
	}
	test_diag("server: %u samples in its loop, %u name this process, %u with its chain", hot,
		  with_peer, peer_side);
	T_ASSERT(hot >= 50);
	T_ASSERT(with_peer * 10 >= hot * 9);
	T_ASSERT(peer_side * 10 >= with_peer * 9);
	return stop_child(c);
}

static const char *t_server_chain(void)
{
	return guarded(server_chain);
}

#define TRACE_CALLS	50

/*
 * A SENDREC loop to a child on this CPU: each call takes the call fast
 * path (the child waits in RECEIVE), so the tracepoints count the calls,
 * each stage's time and the pair, with the message's type.
 */
static const char *traced_calls(void)
{
	static struct ipc_trace t0, t1;
	int cpu = my_cpu();
	const struct ipt_pair *p0, *p1;
	endpoint_t c;

	T_ASSERT(cpu >= 0);
	T_SPAWN(c, echo_main);
	T_ASSERT_EQ(sys_schedctl(c, cpu, -1), OK);
	T_ASSERT_EQ(child_cmd(c, 0, 1, 0, 0, 0), 2);		/* the child runs, waits */
	T_ASSERT_EQ(trace_of((unsigned)cpu, &t0), OK);
	for (unsigned i = 0; i < TRACE_CALLS; i++)
		T_ASSERT_EQ(child_cmd(c, 0, i, 0, 0, 0), (int32_t)i + 1);
	T_ASSERT_EQ(trace_of((unsigned)cpu, &t1), OK);
	T_ASSERT_EQ(my_cpu(), cpu);
	p1 = find_pair(&t1, self_ep, c, IPT_PATH_CALL, T_CALL);	/* the type read at the commit */
	T_ASSERT(p1 != NULL);
	p0 = find_pair(&t0, self_ep, c, IPT_PATH_CALL, T_CALL);
	test_diag("%u calls: %u hits, %u fast-path calls on cpu %d", TRACE_CALLS,
		  p1->hits - (p0 ? p0->hits : 0), t1.ops[IPT_PATH_CALL] - t0.ops[IPT_PATH_CALL], cpu);
	T_ASSERT(p1->hits - (p0 ? p0->hits : 0) >= TRACE_CALLS * 9 / 10);
	T_ASSERT(t1.ops[IPT_PATH_CALL] - t0.ops[IPT_PATH_CALL] >= TRACE_CALLS * 9 / 10);
	for (unsigned st = IPT_CHECKED; st < IPT_STAGES; st++)
		T_ASSERT(t1.ticks[IPT_PATH_CALL][st] > t0.ticks[IPT_PATH_CALL][st]);
	return stop_child(c);
}

static const char *t_tracepoints(void)
{
	static struct ipc_trace t;

	if (!traced) {
		T_ASSERT_EQ(trace_of(0, &t), ENOSYS);
		return NULL;
	}
	T_ASSERT_EQ(trace_of(ncpus, &t), EINVAL);
	T_ASSERT_EQ(trace_of(0, (struct ipc_trace *)0x1000), EFAULT);
	return guarded(traced_calls);
}

static const struct test_case cases[] = {
	{ "prof.read_before_any_profile", t_read_before_any },
	{ "prof.bad_requests", t_bad_requests },
	{ "prof.unprivileged_denied", t_unprivileged },
	{ "prof.buffer_does_not_fit", t_buffer_does_not_fit },
	{ "prof.hot_loop_dominates", t_hot_loop_dominates },
	{ "prof.rate_and_clock", t_rate_and_clock },
	{ "prof.every_cpu_samples", t_every_cpu },
	{ "prof.full_buffer_drops", t_full_buffer_drops },
	{ "prof.bad_frame_pointers", t_bad_frame_pointers },
	{ "prof.server_chain", t_server_chain },
	{ "prof.nmi_samples_kernel", t_nmi_samples_kernel },
	{ "prof.tracepoints", t_tracepoints },
};

int main(int argc, char **argv)
{
	struct kinfo k;

	if (children_init() < 0 || sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) <= 0)
		return 1;
	ncpus = k.ncpus;
	for (int i = 1; i < argc; i++)
		traced |= strcmp(argv[i], "trace=1") == 0;
	return test_run(cases, TEST_COUNT(cases));
}
