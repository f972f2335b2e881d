/*
 * tests/guest/asrace_test.c - asrace.*: kernel calls that walk or change
 * another process (its address space, its signals, its privileges), raced
 * against that process ending on another CPU (docs/locking.md, "Another
 * process's address space" and "A process looked up without a lock").
 *
 *   asrace.fork_vs_clear     a child forks in a loop through VM (VM's
 *                            SYS_FORK copies its page tables) while this
 *                            program clears it from another CPU after a
 *                            random delay;
 *   asrace.map_zero_vs_exit  VMCTL_MAP_ZERO into a child, again and again,
 *                            while the child exits on another CPU after a
 *                            random delay;
 *   asrace.update_vs_clear   SYS_UPDATE swapping two children's programs,
 *                            again and again, while a third child clears
 *                            one of them from another CPU.
 *
 *   asrace.vircopy_vs_exit   SYS_VIRCOPY out of a child until it has exited;
 *   asrace.kill_vs_exit      SYS_KILL of a managed child, again and again,
 *                            while it exits on another CPU: a kill that
 *                            succeeds must leave it held for us (it used to
 *                            mark the freed slot, lost for good);
 *   asrace.pf_signal_vs_clear a child faults where VM maps nothing, its
 *                            SIGSEGV is handled and it faults again, while
 *                            another child clears it (VM's refusal raised
 *                            the signal on a slot freed meanwhile);
 *   asrace.privctl_vs_exit   SYS_PRIVCTL on a child while it exits (a
 *                            structure given to the freed slot was lost);
 *   asrace.migrate_vs_clear  a child moving itself between two CPUs is
 *                            cleared: an exit marked while its CPU was
 *                            moving it was dropped, the child left stopped
 *                            for ever on the other CPU.
 *
 * The delays come from a fixed seed, so a run is repeatable as far as the
 * CPUs' interleaving allows.  Either race used to crash the kernel or
 * write into a freed page directory; here each round must end with the
 * child gone as expected, and each case with the kernel's and VM's free
 * frames back at their baseline.  On one CPU the rounds still run (the
 * scheduler interleaves them, with far less contention), and say so.
 */
#include <stdbool.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <vm.h>
#include <abi/signal.h>
#include "children.h"
#include "guest_util.h"

#define FORK_ROUNDS	150
#define MAP_ROUNDS	100
#define UPDATE_ROUNDS	100
#define COPY_ROUNDS	40
#define KILL_ROUNDS	40
#define PF_ROUNDS	20
#define PRIVCTL_ROUNDS	60
#define MIGRATE_ROUNDS	30
#define ONE_CPU_ROUNDS	20		/* on one CPU: nothing runs in parallel */
#define FORK_DELAY_MAX	20000		/* spins before the clear */
#define EXIT_DELAY_MAX	4000		/* spins before the child exits */
#define SEED		18u

static uint32_t seed = SEED;
static int arg_cpu;			/* role: the CPU to move to */
static uint32_t arg_spins;		/* role: how long to spin first */
static endpoint_t arg_victim;		/* role: whom to clear */

/* The next pseudo-random number below n (an LCG: repeatable, not good). */
static uint32_t next_below(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

static void spin(uint32_t n)
{
	for (volatile uint32_t i = 0; i < n; i++)
		;
}

static int ncpus(void)
{
	struct kinfo k;

	return sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0 ? (int)k.ncpus : 1;
}

static int kernel_free_frames(void)
{
	struct kinfo k;

	return sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0 ? (int)k.free_frames : -1;
}

/* Process slots and privilege structures free now: "slots/privs", 0 if unknown. */
static uint32_t free_slots_privs(void)
{
	struct kinfo k;

	return sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0 ? k.free_slots << 16 | k.free_privs : 0;
}

/*
 * Waits until every slot and structure taken since `before` is free again
 * (more may be: programs booted with this one end meanwhile).
 */
static bool slots_back(uint32_t before)
{
	uint32_t now = free_slots_privs();

	return now >> 16 >= before >> 16 && (now & 0xffff) >= (before & 0xffff);
}

static const char *slots_settled(uint32_t before)
{
	uint32_t end = uptime() + WAIT_TICKS;

	while (!slots_back(before)) {
		if (uptime() > end)
			return test_failf("free slots %u -> %u, privilege structures %u -> %u",
					  before >> 16, free_slots_privs() >> 16, before & 0xffff,
					  free_slots_privs() & 0xffff);
		nap(2);
	}
	return NULL;
}

static int cpu_of(endpoint_t ep)
{
	struct proc_info i;

	return proc_of(ep, &i) ? (int)i.cpu : -1;
}

/*
 * Puts this program on a CPU other than VM's (so that VM's kernel calls
 * and ours run at once) and returns a CPU for the child: a third one if
 * there is one.  Rounds to run in *rounds (fewer on one CPU, said once).
 */
static int place(unsigned full, unsigned *rounds)
{
	int n = ncpus(), vm = cpu_of(vm_endpoint());

	*rounds = full;
	if (n < 2) {
		test_diag("1 CPU: %u rounds, interleaved by the scheduler only", ONE_CPU_ROUNDS);
		*rounds = ONE_CPU_ROUNDS;
		return 0;
	}
	if (vm < 0 || sys_schedctl(SELF, (vm + 1) % n, -1) != OK)
		return -1;
	sys_yield();				/* the move happens on the way out */
	return (vm + 2) % n;
}

/* Waits until the kernel's and VM's free frames are back (exits settle). */
static const char *settled(int kfree, const struct vm_info *vbefore)
{
	uint32_t end = uptime() + WAIT_TICKS;
	struct vm_info v;

	for (;;) {
		if (vm_info(&v) != OK)
			return test_failf("VM server gone");
		if (kernel_free_frames() == kfree && v.free_frames == vbefore->free_frames &&
		    v.committed == vbefore->committed)
			return NULL;
		if (uptime() > end)
			return test_failf("free frames: kernel %d -> %d, VM %u -> %u, committed %u -> %u",
					  kfree, kernel_free_frames(), vbefore->free_frames,
					  v.free_frames, vbefore->committed, v.committed);
		nap(2);
	}
}

/* Child: on arg_cpu, forks through VM for ever; its children exit at once. */
static int fork_loop_main(void)
{
	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	for (;;) {
		endpoint_t g = vm_fork();

		if (g == 0)
			sys_exit(0);
		CHK(g > 0 || g == EAGAIN);	/* slots run out only briefly */
	}
}

/* Child: one fork through VM, whose child exits at once. */
static int fork_once_main(void)
{
	endpoint_t g = vm_fork();

	if (g == 0)
		sys_exit(0);
	CHK(g > 0);
	return 0;
}

/*
 * Lets VM and the kernel grow their tables for forks through VM (once),
 * then takes the baseline of free frames.
 */
static const char *baseline(int *kfree, struct vm_info *v)
{
	endpoint_t c = vm_fork();

	if (c == 0)
		sys_exit(fork_once_main());
	T_ASSERT(c > 0);
	add_kid(c);
	T_EXIT(c, 0);
	end_children_reaped();
	wait_ticks(2);
	*kfree = kernel_free_frames();
	T_ASSERT_EQ(vm_info(v), OK);
	return NULL;
}

/* Clears a child in the middle of its forks, round after round. */
static const char *t_fork_vs_clear(void)
{
	struct vm_info vbefore;
	const char *why;
	unsigned rounds;
	int kfree, cpu;
	endpoint_t c;

	if ((why = baseline(&kfree, &vbefore)))
		return why;
	T_ASSERT((cpu = place(FORK_ROUNDS, &rounds)) >= 0);
	for (unsigned i = 0; i < rounds; i++) {
		arg_cpu = cpu;
		c = vm_fork();
		if (c == 0)
			sys_exit(fork_loop_main());
		T_ASSERT(c > 0);
		add_kid(c);
		T_BLOCKED(c);				/* in its first fork (or on its way) */
		spin(next_below(FORK_DELAY_MAX));
		T_ASSERT_EQ(sys_clear(c), OK);
		T_EXIT(c, -SIGKILL);
		end_children_reaped();
	}
	return settled(kfree, &vbefore);
}

/* Child: on arg_cpu, spins arg_spins, exits 0. */
static int exit_later_main(void)
{
	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	sys_yield();
	spin(arg_spins);
	return 0;
}

/* VMCTL_MAP_ZERO into a child until it has exited, round after round. */
static const char *t_map_zero_vs_exit(void)
{
	struct vm_info vbefore;
	const char *why;
	int kfree, cpu, r;
	unsigned rounds;
	endpoint_t c;

	if ((why = baseline(&kfree, &vbefore)))
		return why;
	T_ASSERT((cpu = place(MAP_ROUNDS, &rounds)) >= 0);
	for (unsigned i = 0; i < rounds; i++) {
		arg_cpu = cpu;
		arg_spins = next_below(EXIT_DELAY_MAX);
		T_SPAWN(c, exit_later_main);
		while ((r = sys_vmctl_page(VMCTL_MAP_ZERO, c, MAP_HOLE, VMF_WRITE, 0)) == OK ||
		       r == EEXIST)
			relax();		/* a wait for the child's exit (children.h) */
		if (r != EDEADSRCDST && r != EDEADEPT)
			return test_failf("round %u: MAP_ZERO into %d: %d", i, c, r);
		T_EXIT(c, 0);
		end_children_reaped();
	}
	return settled(kfree, &vbefore);
}

/* Child: on arg_cpu, waits for one message from the test, exits 0. */
static int hold_main(void)
{
	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	return wait_go_exit_main();
}

/* Child: on arg_cpu, spins arg_spins, clears arg_victim. */
static int clear_later_main(void)
{
	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	sys_yield();
	spin(arg_spins);
	CHK(sys_clear(arg_victim) == OK);
	return 0;
}

/* A holder child on cpu, blocked in its receive. */
static endpoint_t holder(int cpu)
{
	endpoint_t c;

	arg_cpu = cpu;
	if ((c = spawn(hold_main)) > 0 && (wait_blocked(c) < 0 || cpu_of(c) != cpu))
		return -1;
	return c;
}

/*
 * SYS_UPDATE of two children, over and over, while a third clears one
 * from another CPU: the other must live on, unharmed, at its endpoint.
 */
static const char *t_update_vs_clear(void)
{
	int cpu, n = ncpus(), r;
	unsigned rounds;
	endpoint_t a, b, k;

	T_ASSERT((cpu = place(UPDATE_ROUNDS, &rounds)) >= 0);
	for (unsigned i = 0; i < rounds; i++) {
		T_ASSERT((a = holder(cpu)) > 0);
		T_ASSERT((b = holder(cpu)) > 0);
		arg_cpu = n >= 3 ? (cpu_of(vm_endpoint()) + 3) % n : cpu;	/* not ours */
		arg_spins = next_below(EXIT_DELAY_MAX);
		arg_victim = a;
		T_SPAWN(k, clear_later_main);
		while ((r = sys_update(a, b)) == OK || r == EBUSY)
			relax();		/* a wait for the clear (children.h) */
		if (r != EDEADSRCDST && r != EDEADEPT)
			return test_failf("round %u: update: %d", i, r);
		T_EXIT(k, 0);
		T_EXIT(a, -SIGKILL);
		T_SEND(b, T_GO);
		T_EXIT(b, 0);
		end_children_reaped();
	}
	return NULL;
}

/* SYS_VIRCOPY out of a child until it has exited, round after round. */
static const char *t_vircopy_vs_exit(void)
{
	struct vm_info vbefore;
	const char *why;
	int kfree, cpu, r;
	unsigned rounds;
	uint32_t word;
	endpoint_t c;

	if ((why = baseline(&kfree, &vbefore)))
		return why;
	T_ASSERT((cpu = place(COPY_ROUNDS, &rounds)) >= 0);
	for (unsigned i = 0; i < rounds; i++) {
		arg_cpu = cpu;
		arg_spins = next_below(EXIT_DELAY_MAX);
		T_SPAWN(c, exit_later_main);
		while ((r = sys_vircopy(c, (vir_bytes)&seed, SELF, (vir_bytes)&word,
					sizeof(word))) == OK)
			relax();		/* a wait for the child's exit (children.h) */
		if (r != EDEADSRCDST && r != EDEADEPT)
			return test_failf("round %u: vircopy from %d: %d", i, c, r);
		T_EXIT(c, 0);
		end_children_reaped();
	}
	return settled(kfree, &vbefore);
}

/* Child: on arg_cpu, waits for the test's go, spins arg_spins, exits 0. */
static int exit_after_go_main(void)
{
	message m;

	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	spin(arg_spins);
	return 0;
}

/*
 * A child managed by us, set going; SYS_KILL until it has exited, ending
 * each signal (a child already inside its own exit call is signalled and
 * still ends).  A kill that came too late used to mark the freed slot held
 * for a signal, so that it was never handed out again: every slot must
 * come back.
 */
static const char *t_kill_vs_exit(void)
{
	uint32_t slots = free_slots_privs(), mask;
	unsigned rounds;
	endpoint_t c, ep;
	int cpu, r;

	T_ASSERT((cpu = place(KILL_ROUNDS, &rounds)) >= 0);
	for (unsigned i = 0; i < rounds; i++) {
		arg_cpu = cpu;
		arg_spins = next_below(EXIT_DELAY_MAX);
		T_SPAWN(c, exit_after_go_main);
		T_BLOCKED(c);
		T_ASSERT_EQ(sys_privctl(c, PRIVCTL_SET_SIGMGR, self_ep), OK);
		T_SEND(c, T_GO);
		while ((r = sys_kill(c, SIGTERM)) == OK) {
			T_ASSERT_EQ(sys_getksig(&ep, &mask), OK);
			if (ep == c)		/* else it finished its own exit call */
				(void)sys_endksig(c);	/* the same */
		}
		if (r != EDEADSRCDST && r != EDEADEPT)
			return test_failf("round %u: kill of %d: %d", i, c, r);
		T_EXIT(c, 0);
		end_children_reaped();
	}
	return slots_settled(slots);
}

/* Child: faults at MAP_HOLE (VM maps nothing there) for ever. */
static int fault_loop_main(void)
{
	message m;

	CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	return *(volatile int *)MAP_HOLE;
}

/*
 * A managed child faults where VM maps nothing: VM's refusal raises
 * SIGSEGV for us, we end the signal, it faults again; meanwhile another
 * child clears it after a random delay.  Every slot must come back.
 */
static const char *t_pf_signal_vs_clear(void)
{
	uint32_t slots = free_slots_privs(), mask;
	int cpu, n = ncpus();
	unsigned rounds;
	endpoint_t c, k, ep;

	T_ASSERT((cpu = place(PF_ROUNDS, &rounds)) >= 0);
	for (unsigned i = 0; i < rounds; i++) {
		arg_cpu = cpu;
		T_SPAWN(c, fault_loop_main);
		T_BLOCKED(c);
		T_ASSERT_EQ(sys_privctl(c, PRIVCTL_SET_SIGMGR, self_ep), OK);
		T_SEND(c, T_GO);
		arg_cpu = n >= 3 ? (cpu_of(vm_endpoint()) + 3) % n : cpu;	/* not ours */
		arg_spins = next_below(FORK_DELAY_MAX);
		arg_victim = c;
		T_SPAWN(k, clear_later_main);
		while (is_alive(c)) {
			if (sys_getksig(&ep, &mask) == OK && ep == c)
				(void)sys_endksig(c);	/* may be cleared meanwhile */
			else
				relax();	/* a wait for the fault or the clear */
		}
		T_EXIT(k, 0);
		T_EXIT(c, -SIGKILL);
		end_children_reaped();
	}
	return slots_settled(slots);
}

/* SYS_PRIVCTL on a child, again and again, until it has exited. */
static const char *t_privctl_vs_exit(void)
{
	static const int reqs[] = { PRIVCTL_SET_SYS, PRIVCTL_ALLOW_CALL, PRIVCTL_SET_USER };
	uint32_t slots = free_slots_privs();
	unsigned rounds, n;
	endpoint_t c;
	int cpu, r;

	T_ASSERT((cpu = place(PRIVCTL_ROUNDS, &rounds)) >= 0);
	for (unsigned i = 0; i < rounds; i++) {
		arg_cpu = cpu;
		arg_spins = next_below(EXIT_DELAY_MAX);
		T_SPAWN(c, exit_after_go_main);		/* its kernel calls made first */
		T_BLOCKED(c);
		T_SEND(c, T_GO);
		n = 0;
		while ((r = sys_privctl(c, reqs[n++ % 3], SYS_TIMES)) == OK || r == EPERM)
			relax();	/* a wait for the child's exit (children.h) */
		if (r != EDEADSRCDST && r != EDEADEPT)
			return test_failf("round %u: privctl of %d: %d", i, c, r);
		T_EXIT(c, 0);
		end_children_reaped();
	}
	return slots_settled(slots);
}

/* Child: moves itself between arg_cpu and the next CPU for ever. */
static int migrate_loop_main(void)
{
	int n = ncpus();

	for (;;) {
		CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
		CHK(sys_schedctl(SELF, (arg_cpu + 1) % n, -1) == OK);
	}
}

/* Clears a child in the middle of its moves, round after round. */
static const char *t_migrate_vs_clear(void)
{
	uint32_t slots = free_slots_privs();
	struct proc_info i;
	unsigned rounds;
	endpoint_t c;
	int cpu;

	T_ASSERT((cpu = place(MIGRATE_ROUNDS, &rounds)) >= 0);
	for (unsigned r = 0; r < rounds; r++) {
		arg_cpu = cpu;
		T_SPAWN(c, migrate_loop_main);
		spin(next_below(EXIT_DELAY_MAX));
		T_ASSERT_EQ(sys_clear(c), OK);
		if (wait_for_death(c, &i) != 0)
			return test_failf("round %u: cleared child %d lives on (flags %#x, CPU %u)",
					  r, c, i.flags, i.cpu);
		end_children_reaped();
	}
	return slots_settled(slots);
}

static const char *t_fork_vs_clear_g(void)
{
	return guarded(t_fork_vs_clear);
}

static const char *t_map_zero_vs_exit_g(void)
{
	return guarded(t_map_zero_vs_exit);
}

static const char *t_update_vs_clear_g(void)
{
	return guarded(t_update_vs_clear);
}

static const char *t_vircopy_vs_exit_g(void)
{
	return guarded(t_vircopy_vs_exit);
}

static const char *t_kill_vs_exit_g(void)
{
	return guarded(t_kill_vs_exit);
}

static const char *t_pf_signal_vs_clear_g(void)
{
	return guarded(t_pf_signal_vs_clear);
}

static const char *t_privctl_vs_exit_g(void)
{
	return guarded(t_privctl_vs_exit);
}

static const char *t_migrate_vs_clear_g(void)
{
	return guarded(t_migrate_vs_clear);
}

/* The address-space races, in the suite's boot. */
static const struct test_case space_cases[] = {
	{ "asrace.fork_vs_clear", t_fork_vs_clear_g },
	{ "asrace.map_zero_vs_exit", t_map_zero_vs_exit_g },
	{ "asrace.update_vs_clear", t_update_vs_clear_g },
	{ "asrace.vircopy_vs_exit", t_vircopy_vs_exit_g },
};

/* The races of calls that end, signal, move or change a process (argument `end`). */
static const struct test_case end_cases[] = {
	{ "asrace.kill_vs_exit", t_kill_vs_exit_g },
	{ "asrace.pf_signal_vs_clear", t_pf_signal_vs_clear_g },
	{ "asrace.privctl_vs_exit", t_privctl_vs_exit_g },
	{ "asrace.migrate_vs_clear", t_migrate_vs_clear_g },
};

/*
 * Arguments: none, the address-space cases (the suite's boot, after
 * vmgrant_test); `end`, the others (the fuzz boot, tests/fuzz/fuzz.mk).
 */
int main(int argc, char **argv)
{
	bool end = argc > 1 && !strcmp(argv[1], "end");

	if (children_init() < 0)
		return 1;
	if (end)
		return test_run(end_cases, TEST_COUNT(end_cases));
	wait_for_module("vmgrant_test");
	return test_run(space_cases, TEST_COUNT(space_cases));
}
