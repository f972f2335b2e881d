/*
 * tests/guest/smp_test.c - smp.*: every CPU comes online; IPC between
 * processes on different CPUs is delivered, counted and ordered; partners
 * dying across CPUs fail their peers instead of hanging them; a halted CPU
 * is woken by IPI; processes migrate while talking; an unmapped page stops
 * working on every CPU (TLB shootdown); and a stress mix.
 *
 * Arguments: `cpus=N` - how many CPUs this run must have online;
 *            `stress=long` - run the stress case for minutes, not seconds.
 * Cases that need two CPUs are skipped on one.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <abi/signal.h>
#include "children.h"

#define RTT_ROUNDS	1000
#define PAIR_ROUNDS	300
#define STRESS_SHORT	300
#define STRESS_LONG	400000
#define HOLE		MAP_HOLE

static int ncpus, expect_cpus = -1;
static unsigned stress_rounds = STRESS_SHORT;

/* Role arguments, set before fork (children get a copy). */
static int arg_cpu;

static int my_cpu(void)
{
	struct proc_info me;

	return sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0 ? (int)me.cpu : -1;
}

static int cpu_of(endpoint_t ep)
{
	struct proc_info i;

	return proc_of(ep, &i) ? (int)i.cpu : -1;
}

static int cpu_stats(int cpu, struct cpu_stats *s)
{
	return sys_getinfo(GET_CPUSTATS, cpu, s, sizeof(*s)) == (int)sizeof(*s);
}

/* Waits until ep runs on cpu; 0 when it does. */
static int wait_on_cpu(endpoint_t ep, int cpu)
{
	uint32_t end = uptime() + WAIT_TICKS;

	while (uptime() <= end) {
		if (cpu_of(ep) == cpu)
			return 0;
		poll_yield();
	}
	return -1;
}

static int other_cpu(void)
{
	return (my_cpu() + 1) % ncpus;
}

#define NEED_TWO_CPUS()								\
	do {									\
		if (ncpus < 2)							\
			return test_skipf("needs 2 CPUs, have %d", ncpus);	\
	} while (0)

/* Child: move to arg_cpu, then answer requests with (value + 1, own CPU). */
static int echo_main(void)
{
	message m;

	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	for (;;) {
		CHK(ipc_receive(ANY, &m, NULL) == OK);
		if (m.m_type == T_QUIT)
			return 0;
		m.words[0]++;
		m.words[1] = (uint32_t)my_cpu();
		CHK(ipc_send(m.m_source, &m) == OK);
	}
}

static const char *t_cpus_online(void)
{
	struct kinfo k;
	struct cpu_stats s;

	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) == (int)sizeof(k));
	if (expect_cpus < 0)
		return test_failf("smp_test needs a cpus=N argument");
	T_ASSERT_EQ(k.ncpus, expect_cpus);
	wait_ticks(3);
	for (int c = 0; c < ABI_MAX_CPUS; c++) {
		T_ASSERT(cpu_stats(c, &s));
		T_ASSERT_EQ(s.online, c < expect_cpus);
		if (s.online && s.ticks == 0)
			return test_failf("cpu %d online but its clock does not tick", c);
	}
	return NULL;
}

/* Round trips to a partner on another CPU, every reply checked. */
static const char *t_cross_cpu_sendrec(void)
{
	endpoint_t e;
	message m;

	NEED_TWO_CPUS();
	arg_cpu = other_cpu();
	T_SPAWN(e, echo_main);
	T_ASSERT_EQ(wait_on_cpu(e, arg_cpu), 0);
	for (uint32_t i = 0; i < RTT_ROUNDS; i++) {
		clear_msg(&m, T_REQ);
		m.words[0] = i;
		T_ASSERT_EQ(ipc_sendrec(e, &m), OK);
		T_ASSERT_EQ(m.m_source, e);
		T_ASSERT_EQ(m.words[0], i + 1);
		T_ASSERT_EQ(m.words[1], (uint32_t)arg_cpu);
	}
	return stop_child(e);
}

/* Client: PAIR_ROUNDS round trips with server arg_ep on arg_cpu, then T_QUIT it. */
static int pair_client_main(void)
{
	message m;

	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	for (uint32_t i = 0; i < PAIR_ROUNDS; i++) {
		clear_msg(&m, T_REQ);
		m.words[0] = i;
		CHK(ipc_sendrec(arg_ep, &m) == OK);
		CHK(m.words[0] == i + 1);
	}
	clear_msg(&m, T_QUIT);
	CHK(ipc_send(arg_ep, &m) == OK);
	return 0;
}

/*
 * Server: answers requests with value + 1 and counts them; ignores
 * notifications; exits with 1000000 + the count when told to quit.
 */
static int pair_server_main(void)
{
	message m;
	int count = 0;

	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	for (;;) {
		CHK(ipc_receive(ANY, &m, NULL) == OK);
		if (m.m_type == T_QUIT)
			return 1000000 + count;
		if (m.m_type == NOTIFY_MESSAGE)
			continue;
		count++;
		m.words[0]++;
		CHK(ipc_send(m.m_source, &m) == OK);
	}
}

/* One client/server pair per CPU, all at once; every message counted. */
static const char *t_pair_per_cpu(void)
{
	endpoint_t srv[ABI_MAX_CPUS], cli[ABI_MAX_CPUS];

	for (int c = 0; c < ncpus; c++) {
		arg_cpu = c;
		T_SPAWN(srv[c], pair_server_main);
		arg_ep = srv[c];
		T_SPAWN(cli[c], pair_client_main);
	}
	for (int c = 0; c < ncpus; c++) {
		T_EXIT(cli[c], 0);
		T_EXIT(srv[c], 1000000 + PAIR_ROUNDS);
	}
	return NULL;
}

/* Child: block in SENDREC to arg_ep from arg_cpu; exit with -result. */
static int doomed_sender_main(void)
{
	message m;

	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	clear_msg(&m, T_REQ);
	return -ipc_sendrec(arg_ep, &m);
}

/* Child: block receiving from arg_ep; exit with -result. */
static int doomed_receiver_main(void)
{
	message m;

	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	return -ipc_receive(arg_ep, &m, NULL);
}

static int sink_main(void)
{
	message m;

	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* never sent: cleared instead */
	return 0;
}

/*
 * The test, from CPU 0 (the first vCPU of QEMU's round-robin), polls a
 * child on every other CPU: each must get to its receive, then end.  Under
 * QEMU -icount a poll that never pauses keeps the CPUs after its own from
 * running (docs/locking.md, "Waiting").
 */
static const char *polled_everywhere(void)
{
	endpoint_t kid[ABI_MAX_CPUS];

	for (int c = 1; c < ncpus; c++) {
		arg_cpu = c;
		T_SPAWN(kid[c], sink_main);
	}
	for (int c = 1; c < ncpus; c++) {
		T_BLOCKED(kid[c]);
		T_ASSERT_EQ(cpu_of(kid[c]), c);
	}
	for (int c = 1; c < ncpus; c++) {
		const char *why = stop_child(kid[c]);

		if (why)
			return why;
	}
	return NULL;
}

static const char *t_polled_everywhere(void)
{
	int home = my_cpu();
	const char *why;

	NEED_TWO_CPUS();
	T_ASSERT_EQ(sys_schedctl(SELF, 0, -1), OK);
	why = polled_everywhere();
	T_ASSERT_EQ(sys_schedctl(SELF, home, -1), OK);
	return why;
}

/* Processes blocked on a partner that is ended on another CPU all get EDEADSRCDST. */
static const char *t_exit_while_sending(void)
{
	enum { PER_KIND = 3 };
	endpoint_t target, s[PER_KIND], r[PER_KIND];

	arg_cpu = ncpus - 1;
	T_SPAWN(target, sink_main);
	T_ASSERT_EQ(wait_on_cpu(target, arg_cpu), 0);
	arg_ep = target;
	for (int i = 0; i < PER_KIND; i++) {
		arg_cpu = i % ncpus;
		T_SPAWN(s[i], doomed_sender_main);
		T_SPAWN(r[i], doomed_receiver_main);
	}
	for (int i = 0; i < PER_KIND; i++) {
		T_BLOCKED(s[i]);
		T_BLOCKED(r[i]);
	}
	T_ASSERT_EQ(sys_clear(target), OK);
	for (int i = 0; i < PER_KIND; i++) {
		T_EXIT(s[i], -EDEADSRCDST);
		T_EXIT(r[i], -EDEADSRCDST);
	}
	T_EXIT(target, -SIGKILL);
	return NULL;
}

/* A halted CPU wakes for a message to a process it holds (IPI). */
static const char *t_ipi_wakeup(void)
{
	struct cpu_stats before, after;
	endpoint_t e;
	message m;

	NEED_TWO_CPUS();
	arg_cpu = other_cpu();
	T_SPAWN(e, echo_main);
	T_ASSERT_EQ(wait_on_cpu(e, arg_cpu), 0);
	T_BLOCKED(e);
	/*
	 * Other programs wake up now and then and may be running on that CPU;
	 * try until a message finds it halted (idle), then it must be an IPI
	 * that woke it.
	 */
	for (int attempt = 0; attempt < 20; attempt++) {
		nap(2);
		T_ASSERT(cpu_stats(arg_cpu, &before));
		if (before.current != (uint32_t)NONE)
			continue;
		clear_msg(&m, T_REQ);
		T_ASSERT_EQ(ipc_sendrec(e, &m), OK);
		T_ASSERT_EQ(m.words[1], (uint32_t)arg_cpu);
		T_ASSERT(cpu_stats(arg_cpu, &after));
		T_ASSERT(before.idle_ticks > 0);
		if (after.ipis_received > before.ipis_received)
			return stop_child(e);
	}
	return test_failf("cpu %d was never woken by an IPI while idle", arg_cpu);
}

/* Child: answer with its CPU, then move itself to the next CPU. */
static int wanderer_main(void)
{
	message m;

	for (;;) {
		int cpu = my_cpu();

		CHK(ipc_receive(ANY, &m, NULL) == OK);
		if (m.m_type == T_QUIT)
			return 0;
		m.words[1] = (uint32_t)cpu;
		CHK(ipc_send(m.m_source, &m) == OK);
		CHK(sys_schedctl(SELF, (cpu + 1) % ncpus, -1) == OK);
	}
}

static const char *t_migration(void)
{
	struct cpu_stats s;
	uint64_t before = 0, after = 0;
	int last = -1, seen = 0;
	endpoint_t e;
	message m;

	NEED_TWO_CPUS();
	for (int c = 0; c < ncpus; c++)
		before += cpu_stats(c, &s) ? s.migrations : 0;
	T_SPAWN(e, wanderer_main);
	for (int i = 0; i < 4 * ncpus; i++) {
		clear_msg(&m, T_REQ);
		T_ASSERT_EQ(ipc_sendrec(e, &m), OK);
		if ((int)m.words[1] != last)
			seen++;
		last = (int)m.words[1];
	}
	T_ASSERT(seen >= 2 * ncpus);		/* it really moved between answers */
	for (int c = 0; c < ncpus; c++)
		after += cpu_stats(c, &s) ? s.migrations : 0;
	T_ASSERT(after >= before + 4 * (uint64_t)ncpus - 1);
	return stop_child(e);
}

/* Child: touch HOLE, tell the parent, then read it forever without a kernel call. */
static int hole_reader_main(void)
{
	volatile uint32_t *p = (volatile uint32_t *)HOLE;
	message m;
	uint32_t sum = 0;

	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* the page is mapped now */
	sum = *p;
	clear_msg(&m, T_HELLO);
	CHK(ipc_send(self_ep, &m) == OK);
	for (;;) {
		sum += *p;
		relax();
	}
	return (int)sum;
}

static int vm_page(int request, endpoint_t ep)
{
	return sys_vmctl_page(request, ep, HOLE, VMF_WRITE, OK);
}

/* An unmapped page faults on the CPU that was reading it through its TLB. */
static const char *t_tlb_shootdown(void)
{
	struct proc_info info;
	endpoint_t e;
	message m;

	NEED_TWO_CPUS();
	arg_cpu = other_cpu();
	T_SPAWN(e, hole_reader_main);
	T_ASSERT_EQ(wait_on_cpu(e, arg_cpu), 0);
	T_ASSERT_EQ(vm_page(VMCTL_MAP_ZERO, e), OK);
	T_SEND(e, T_GO);
	T_ASSERT_EQ(ipc_receive(e, &m, NULL), OK);	/* it has the page in its TLB */
	wait_ticks(2);
	T_ASSERT(is_alive(e));
	T_ASSERT_EQ(vm_page(VMCTL_UNMAP, e), OK);
	T_EXIT(e, -SIGSEGV);
	T_ASSERT(proc_of(e, &info));
	if (!strstr(info.exit_reason, "page fault at 0x80000000"))
		return test_failf("reason: %s", info.exit_reason);
	T_ASSERT_EQ(vm_page(VMCTL_UNMAP, e), EDEADSRCDST);
	return NULL;
}

/* Stress: clients on every CPU mixing SENDREC and NOTIFY with servers anywhere. */
static int stress_client_main(void)
{
	message m;

	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	for (uint32_t i = 0; i < stress_rounds; i++) {
		if (i % 7 == 3) {
			CHK(ipc_notify(arg_ep) == OK);
			continue;
		}
		clear_msg(&m, T_REQ);
		m.words[0] = i;
		CHK(ipc_sendrec(arg_ep, &m) == OK);
		CHK(m.words[0] == i + 1);
		if (i % 97 == 0)
			CHK(sys_schedctl(SELF, (int)(i / 97) % ncpus, -1) == OK);
	}
	clear_msg(&m, T_QUIT);
	CHK(ipc_send(arg_ep, &m) == OK);
	return 0;
}

/* Did the kernel refuse a fork because the machine is full (process or privilege table, memory)? */
static bool machine_full(endpoint_t r)
{
	return r == EAGAIN || r == ENOSPC || r == ENOMEM;
}

/*
 * Forks up to n stress pairs; returns how many, all complete.  A fork the
 * kernel refuses for lack of room (other tests fork too, and small
 * machines have little memory) ends the forking: a pair left half made
 * is stopped.  Any other refusal is an error (*why).
 */
static int spawn_stress_pairs(int n, endpoint_t *srv, endpoint_t *cli, const char **why)
{
	for (int i = 0; i < n; i++) {
		endpoint_t refused;

		arg_cpu = (i + 1) % ncpus;
		srv[i] = spawn(pair_server_main);
		if (srv[i] > 0) {
			arg_cpu = i % ncpus;
			arg_ep = srv[i];
			if ((cli[i] = spawn(stress_client_main)) > 0)
				continue;
			*why = send_type(srv[i], T_QUIT);
			reap(srv[i]);
			refused = cli[i];
		} else {
			refused = srv[i];
		}
		if (!machine_full(refused))
			*why = test_failf("fork: %d", refused);
		else
			test_diag("fork refused with %d after %d of %d pairs", refused, i, n);
		return i;
	}
	return n;
}

static const char *t_stress(void)
{
	enum { PAIRS_PER_CPU = 2 };
	endpoint_t srv[2 * ABI_MAX_CPUS], cli[2 * ABI_MAX_CPUS];
	const char *why = NULL;
	int n = spawn_stress_pairs(PAIRS_PER_CPU * ncpus, srv, cli, &why);

	if (why)
		return why;
	if (n == 0)
		return test_skipf("the kernel refused every fork: machine full");
	for (int i = 0; i < n; i++) {
		int32_t st;

		/* many pairs on few host cores take a while: wait up to 60 s */
		for (uint32_t end = uptime() + 6000; is_alive(cli[i]) && uptime() < end; )
			nap(10);
		T_EXIT(cli[i], 0);
		st = reap(srv[i]);
		/* served every request; notifications do not count */
		T_ASSERT_EQ(st, 1000000 + (int32_t)(stress_rounds - (stress_rounds + 3) / 7));
	}
	return NULL;
}

#define GUARDED(fn) static const char *fn##_g(void) { return guarded(fn); }
GUARDED(t_cpus_online)
GUARDED(t_cross_cpu_sendrec)
GUARDED(t_pair_per_cpu)
GUARDED(t_exit_while_sending)
GUARDED(t_polled_everywhere)
GUARDED(t_ipi_wakeup)
GUARDED(t_migration)
GUARDED(t_tlb_shootdown)
GUARDED(t_stress)

static const struct test_case cases[] = {
	{ "smp.cpus_online", t_cpus_online_g },
	{ "smp.cross_cpu_sendrec", t_cross_cpu_sendrec_g },
	{ "smp.pair_per_cpu_counted", t_pair_per_cpu_g },
	{ "smp.exit_while_sending", t_exit_while_sending_g },
	{ "smp.polled_children_run_on_every_cpu", t_polled_everywhere_g },
	{ "smp.ipi_wakes_halted_cpu", t_ipi_wakeup_g },
	{ "smp.migration_while_talking", t_migration_g },
	{ "smp.tlb_shootdown", t_tlb_shootdown_g },
	{ "smp.stress", t_stress_g },
};

int main(int argc, char **argv)
{
	struct kinfo k;

	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "cpus=", 5))
			expect_cpus = atoi(argv[i] + 5);
		else if (!strcmp(argv[i], "stress=long"))
			stress_rounds = STRESS_LONG;
	}
	children_init();
	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0)
		ncpus = (int)k.ncpus;
	wait_for_module("kcall_test");
	return test_run(cases, TEST_COUNT(cases));
}
