/*
 * tests/guest/pm_test.c - the process manager (servers/pm, docs/pm.md)
 * through the libc front end: fork, exec of a boot-image program, exit,
 * wait/waitpid, kill, handlers with their frame, FPU state and sigreturn, masks,
 * SIGKILL, a fault's SIGSEGV, orphans, and requests PM must refuse.
 *
 * Runs unmarked (a USER process, adopted by PM) with the boot modules vm,
 * pm and pm_prog (servers/pm/pm.mk).  Every wait for a child is bounded
 * (WAIT_TICKS): a child still alive then is killed and the case fails.
 */
#include <string.h>
#include <ipc.h>
#include <signal.h>
#include <syslib.h>
#include <sys/wait.h>
#include <test.h>
#include <unistd.h>
#include "arch/i386/include/arch/sigframe.h"
#include "fpu_regs.h"

#define WAIT_TICKS	500
#define TIMED_OUT	(-1000)

int pm_spin_probe(volatile int *flag);	/* pm_regs.S */
void pm_clobber_handler(int sig);
volatile int pm_spin_flag, pm_handler_sig;

static volatile int caught[NR_SIGNALS];
static volatile vir_bytes caught_ctx;
static volatile uintptr_t caught_local;

static uint32_t ticks(void)
{
	struct mess_times t;

	return sys_times(SELF, &t) == OK ? t.uptime_ticks : 0;
}

static void relax(void)
{
	__asm__ volatile("pause" ::: "memory");
	sys_yield();
}

static void wait_ticks(uint32_t n)
{
	uint32_t end = ticks() + n;

	while (ticks() < end)
		relax();
}

/* waitpid with a bound: the child's pid, or TIMED_OUT (it is killed then), or an error. */
static pid_t wait_bounded(pid_t pid, int *status)
{
	uint32_t end = ticks() + WAIT_TICKS;
	pid_t r;

	while ((r = waitpid(pid, status, WNOHANG)) == 0 && ticks() < end)
		relax();
	if (r == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, status, 0);
		return TIMED_OUT;
	}
	return r;
}

/* A child that runs fn and exits with its result. */
static pid_t spawn(int (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	return pid;
}

/* A child that blocks in a receive nobody answers, until a signal ends it. */
static int block_forever(void)
{
	message m;

	ipc_receive(ANY, &m, NULL);
	return 99;
}

static void count_handler(int sig)
{
	caught[sig]++;
}

static void frame_handler(int sig, vir_bytes ctx)
{
	int local;

	caught[sig]++;
	caught_ctx = ctx;
	caught_local = (uintptr_t)&local;
}

static void reset_caught(void)
{
	for (int i = 0; i < NR_SIGNALS; i++)
		caught[i] = 0;
}

static int install(int sig, void (*h)(int))
{
	struct sigaction sa = { .sa_handler = h };

	return sigaction(sig, &sa, NULL);
}

static const char *test_fork_waitpid_status(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0)
		_exit(42);
	T_ASSERT(pid > 1);
	T_ASSERT_EQ(waitpid(pid, &status, 0), pid);
	T_ASSERT(WIFEXITED(status));
	T_ASSERT_EQ(WEXITSTATUS(status), 42);
	T_ASSERT_EQ(waitpid(pid, &status, 0), ECHILD);		/* reaped */
	return NULL;
}

/*
 * A child that ends with SYS_EXIT itself, not through PM_EXIT: the kernel
 * hands the exit to PM (EXIT_TO_MGR on the USER structure), so the
 * parent's wait gets its status.  SIGEXIT is no user signal.
 */
static const char *test_sys_exit_reaches_pm(void)
{
	struct sigaction sa = { .sa_handler = count_handler };
	int status = 0;
	pid_t pid = fork();

	if (pid == 0)
		sys_exit(37);
	T_ASSERT(pid > 1);
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT(WIFEXITED(status));
	T_ASSERT_EQ(WEXITSTATUS(status), 37);
	T_ASSERT_EQ(waitpid(pid, &status, WNOHANG), ECHILD);	/* reaped */
	T_ASSERT_EQ(kill(getpid(), SIGEXIT), EINVAL);
	T_ASSERT_EQ(sigaction(SIGEXIT, &sa, NULL), EINVAL);
	return NULL;
}

static int exit_1(void) { return 1; }
static int exit_2(void) { return 2; }
static int exit_3(void) { return 3; }

static const char *test_wait_any(void)
{
	pid_t pids[3] = { spawn(exit_1), spawn(exit_2), spawn(exit_3) };
	int seen = 0, status;

	for (int i = 0; i < 3; i++) {
		T_ASSERT(pids[i] > 1);
	}
	for (int n = 0; n < 3; n++) {
		pid_t r = wait(&status);

		T_ASSERT(WIFEXITED(status));
		for (int i = 0; i < 3; i++)
			if (r == pids[i]) {
				T_ASSERT_EQ(WEXITSTATUS(status), i + 1);
				seen |= 1 << i;
			}
	}
	T_ASSERT_EQ(seen, 7);
	T_ASSERT_EQ(wait(&status), ECHILD);
	return NULL;
}

static const char *test_wnohang(void)
{
	int status = 0;
	pid_t pid = spawn(block_forever);

	T_ASSERT(pid > 1);
	T_ASSERT_EQ(waitpid(pid, &status, WNOHANG), 0);
	T_ASSERT_EQ(kill(pid, SIGTERM), OK);
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT(WIFSIGNALED(status));
	T_ASSERT_EQ(WTERMSIG(status), SIGTERM);
	T_ASSERT_EQ(waitpid(pid, &status, WNOHANG), ECHILD);
	return NULL;
}

static pid_t parent_pid;

static int check_ids(void)
{
	if (getppid() != parent_pid)
		return 1;
	if (getpid() <= 1 || getpid() == parent_pid)
		return 2;
	return 0;
}

static const char *test_getpid_getppid(void)
{
	int status;
	pid_t pid;

	parent_pid = getpid();
	T_ASSERT(parent_pid > 1);
	T_ASSERT_EQ(getpid(), parent_pid);
	T_ASSERT_EQ(getppid(), 1);
	pid = spawn(check_ids);
	T_ASSERT(pid > 1 && pid != parent_pid);
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT_EQ(status, W_EXITCODE(0));
	return NULL;
}

static const char *test_exec_argv(void)
{
	char *argv[] = { "pm_prog", "argv", "a1", "b2", NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(100 + execv("pm_prog", argv));	/* only on an error */
	T_ASSERT(pid > 1);
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT(WIFEXITED(status));
	T_ASSERT_EQ(WEXITSTATUS(status), 7);
	return NULL;
}

static const char *test_kill_default(void)
{
	int status;
	pid_t pid = spawn(block_forever);

	T_ASSERT(pid > 1);
	T_ASSERT_EQ(kill(pid, 0), OK);				/* exists: nothing sent */
	T_ASSERT_EQ(waitpid(pid, &status, WNOHANG), 0);
	T_ASSERT_EQ(kill(pid, SIGUSR2), OK);
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT(WIFSIGNALED(status));
	T_ASSERT_EQ(WTERMSIG(status), SIGUSR2);
	T_ASSERT_EQ(kill(pid, SIGTERM), ESRCH);			/* gone and reaped */
	return NULL;
}

static const char *test_handler_frame(void)
{
	struct sigaction sa = { .sa_handler = (sighandler_t)(void (*)(void))frame_handler }, old;
	int local;

	reset_caught();
	T_ASSERT_EQ(sigaction(SIGUSR1, &sa, NULL), OK);
	T_ASSERT_EQ(kill(getpid(), SIGUSR1), OK);		/* handled before kill returns */
	T_ASSERT_EQ(caught[SIGUSR1], 1);
	/* the frame lies below the interrupted stack, the handler's below the frame */
	T_ASSERT(caught_ctx < (uintptr_t)&local);
	T_ASSERT(caught_local < caught_ctx);
	T_ASSERT_EQ(sigaction(SIGUSR1, NULL, &old), OK);
	T_ASSERT_EQ((vir_bytes)old.sa_handler, (vir_bytes)frame_handler);
	T_ASSERT_EQ(kill(getpid(), SIGUSR1), OK);
	T_ASSERT_EQ(caught[SIGUSR1], 2);
	T_ASSERT_EQ(install(SIGUSR1, SIG_DFL), OK);
	return NULL;
}

static volatile int fpu_handler_fresh = -1;

/* Finds a fresh FPU state, then leaves its own pattern in the registers. */
static void fpu_handler(int sig)
{
	fpu_handler_fresh = fpu_is_fresh();
	fpu_load(12);
	caught[sig]++;
}

/*
 * The interrupted code's FPU state goes into the signal frame: the
 * handler starts afresh and may use the FPU, and SIGRETURN gives the
 * interrupted state back.
 */
static const char *test_handler_fpu(void)
{
	struct sigaction sa = { .sa_handler = (sighandler_t)(void (*)(void))fpu_handler };
	int r;

	has_sse = fpu_has_sse();
	reset_caught();
	T_ASSERT_EQ(sigaction(SIGUSR1, &sa, NULL), OK);
	fpu_load(11);
	r = kill(getpid(), SIGUSR1);		/* handled before kill returns */
	T_ASSERT_EQ(fpu_check(11), 0);
	T_ASSERT_EQ(r, OK);
	T_ASSERT_EQ(caught[SIGUSR1], 1);
	T_ASSERT_EQ(fpu_handler_fresh, 0);
	T_ASSERT_EQ(install(SIGUSR1, SIG_DFL), OK);
	return NULL;
}

/*
 * Tells the parent it is about to spin (SIGUSR2), spins until the handler
 * ran, and exits with the signal the handler saw, or 10 + the register
 * that changed.
 */
static int spin_child(void)
{
	int r;

	kill(getppid(), SIGUSR2);
	r = pm_spin_probe(&pm_spin_flag);
	return r ? 10 + r : pm_handler_sig;
}

static const char *test_handler_resumes_exactly(void)
{
	uint32_t end;
	int status;
	pid_t pid;

	pm_spin_flag = 0;
	pm_handler_sig = 0;
	reset_caught();
	T_ASSERT_EQ(install(SIGUSR2, count_handler), OK);
	T_ASSERT_EQ(install(SIGUSR1, pm_clobber_handler), OK);	/* the child inherits it */
	pid = spawn(spin_child);
	T_ASSERT_EQ(install(SIGUSR1, SIG_DFL), OK);
	T_ASSERT(pid > 1);
	end = ticks() + WAIT_TICKS;
	while (!caught[SIGUSR2] && ticks() < end)
		relax();
	T_ASSERT_EQ(caught[SIGUSR2], 1);
	wait_ticks(3);			/* it spins now: the signal finds it in the loop */
	T_ASSERT_EQ(kill(pid, SIGUSR1), OK);
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT(WIFEXITED(status));
	T_ASSERT_EQ(WEXITSTATUS(status), SIGUSR1);	/* registers and DF intact, sig seen */
	T_ASSERT_EQ(install(SIGUSR2, SIG_DFL), OK);
	return NULL;
}

static volatile int depth, max_depth, usr2_in_usr1;

/* The first run signals itself twice: SIGUSR1 (blocked: it is running) and SIGUSR2 (in sa_mask). */
static void nesting_handler(int sig)
{
	if (++depth > max_depth)
		max_depth = depth;
	if (++caught[sig] == 1) {
		kill(getpid(), SIGUSR1);
		kill(getpid(), SIGUSR2);
	}
	depth--;
}

static void usr2_handler(int sig)
{
	caught[sig]++;
	usr2_in_usr1 += depth;
}

static const char *test_handler_masks(void)
{
	struct sigaction sa = { .sa_handler = nesting_handler };

	reset_caught();
	depth = max_depth = usr2_in_usr1 = 0;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	T_ASSERT_EQ(sigaction(SIGUSR1, &sa, NULL), OK);
	T_ASSERT_EQ(install(SIGUSR2, usr2_handler), OK);
	T_ASSERT_EQ(kill(getpid(), SIGUSR1), OK);
	T_ASSERT_EQ(caught[SIGUSR1], 2);		/* the second after the first returned */
	T_ASSERT_EQ(max_depth, 1);
	T_ASSERT_EQ(caught[SIGUSR2], 1);
	T_ASSERT_EQ(usr2_in_usr1, 0);			/* held back by sa_mask */
	T_ASSERT_EQ(install(SIGUSR1, SIG_DFL), OK);
	T_ASSERT_EQ(install(SIGUSR2, SIG_DFL), OK);
	return NULL;
}

static const char *test_mask_pending(void)
{
	sigset_t set, old;

	reset_caught();
	T_ASSERT_EQ(install(SIGUSR2, count_handler), OK);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	T_ASSERT_EQ(sigprocmask(SIG_BLOCK, &set, &old), OK);
	T_ASSERT_EQ(kill(getpid(), SIGUSR2), OK);
	T_ASSERT_EQ(kill(getpid(), SIGUSR2), OK);		/* pending once */
	T_ASSERT_EQ(caught[SIGUSR2], 0);
	T_ASSERT_EQ(sigprocmask(SIG_SETMASK, &old, NULL), OK);	/* delivered before it returns */
	T_ASSERT_EQ(caught[SIGUSR2], 1);
	T_ASSERT_EQ(sigprocmask(SIG_BLOCK, NULL, &set), OK);
	T_ASSERT(!sigismember(&set, SIGUSR2));
	T_ASSERT_EQ(install(SIGUSR2, SIG_DFL), OK);
	return NULL;
}

static const char *test_sigkill_uncatchable(void)
{
	sigset_t set;
	int status;
	pid_t pid;

	T_ASSERT_EQ(install(SIGKILL, count_handler), EINVAL);
	T_ASSERT_EQ(install(SIGKILL, SIG_IGN), EINVAL);
	sigemptyset(&set);
	sigaddset(&set, SIGKILL);
	T_ASSERT_EQ(sigprocmask(SIG_BLOCK, &set, NULL), OK);
	T_ASSERT_EQ(sigprocmask(SIG_BLOCK, NULL, &set), OK);
	T_ASSERT(!sigismember(&set, SIGKILL));			/* cannot be blocked */
	pid = spawn(block_forever);
	T_ASSERT(pid > 1);
	T_ASSERT_EQ(kill(pid, SIGKILL), OK);
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT(WIFSIGNALED(status));
	T_ASSERT_EQ(WTERMSIG(status), SIGKILL);
	return NULL;
}

static int touch_null(void)
{
	return *(volatile int *)0;
}

static const char *test_fault_sigsegv(void)
{
	int status;
	pid_t pid = spawn(touch_null);

	T_ASSERT(pid > 1);
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT(WIFSIGNALED(status));
	T_ASSERT_EQ(WTERMSIG(status), SIGSEGV);
	return NULL;
}

/* The grandchild: once its parent is gone its parent is init; it tells the test with SIGUSR1. */
static int orphan(void)
{
	uint32_t end = ticks() + WAIT_TICKS;

	while (getppid() != 1 && ticks() < end)
		relax();
	if (getppid() != 1)
		return 1;
	kill(parent_pid, SIGUSR1);
	return 0;
}

static int fork_orphan_and_exit(void)
{
	return spawn(orphan) > 1 ? 0 : 1;
}

static const char *test_orphans_reparented(void)
{
	uint32_t end;
	int status;
	pid_t pid;

	reset_caught();
	parent_pid = getpid();
	T_ASSERT_EQ(install(SIGUSR1, count_handler), OK);
	pid = spawn(fork_orphan_and_exit);
	T_ASSERT(pid > 1);
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT_EQ(status, W_EXITCODE(0));
	end = ticks() + WAIT_TICKS;
	while (!caught[SIGUSR1] && ticks() < end)
		relax();
	T_ASSERT_EQ(caught[SIGUSR1], 1);
	T_ASSERT_EQ(wait(&status), ECHILD);		/* the grandchild is not ours */
	T_ASSERT_EQ(install(SIGUSR1, SIG_DFL), OK);
	return NULL;
}

static const char *test_sigchld(void)
{
	int status;
	pid_t pid;

	reset_caught();
	pid = spawn(exit_1);					/* default: ignored */
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT_EQ(install(SIGCHLD, count_handler), OK);
	pid = spawn(exit_2);
	T_ASSERT(pid > 1);
	uint32_t end = ticks() + WAIT_TICKS;
	while (!caught[SIGCHLD] && ticks() < end)
		relax();
	T_ASSERT_EQ(caught[SIGCHLD], 1);
	T_ASSERT_EQ(waitpid(pid, &status, 0), pid);
	T_ASSERT_EQ(status, W_EXITCODE(2));
	T_ASSERT_EQ(install(SIGCHLD, SIG_DFL), OK);
	return NULL;
}

/* A handler that forges its context: IOPL 3, NT and VM86 in EFLAGS, and the result in eax. */
static void forge_handler(int sig, vir_bytes ctx)
{
	struct sigcontext *sc = (struct sigcontext *)ctx;

	sc->eflags |= 0x3000u | 0x4000u | 0x20000u;	/* IOPL 3, NT, VM */
	sc->eax = 0x600d;
	caught[sig]++;
}

static int forged_frame(void)
{
	uint32_t eflags;
	struct sigaction sa = { .sa_handler = (sighandler_t)(void (*)(void))forge_handler };

	int r;

	if (sigaction(SIGUSR2, &sa, NULL) != OK)
		return 1;
	if ((r = kill(getpid(), SIGUSR2)) != 0x600d)	/* eax came from the frame */
		return r == OK ? 4 + caught[SIGUSR2] : 2;
	__asm__ volatile("pushfl; popl %0" : "=r"(eflags));
	if (eflags & (0x3000u | 0x4000u | 0x20000u))
		return 3;
	return 0;
}

static const char *test_forged_frame(void)
{
	int status;
	pid_t pid = spawn(forged_frame);

	T_ASSERT(pid > 1);
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT_EQ(status, W_EXITCODE(0));
	return NULL;
}

/* Sends m to PM as it is and returns the answer's m_type. */
static int raw(int type, message *m)
{
	m->m_type = type;
	int r = ipc_sendrec(pm_endpoint(), m);
	return r != OK ? r : m->m_type;
}

static int bad_sigreturn(void)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.pm.ctx = 0x10;			/* not user memory */
	raw(PM_SIGRETURN, &m);
	return 1;				/* not reached: PM ends it */
}

static const char *test_garbage_refused(void)
{
	char *argv[] = { "pm_prog", "has space", NULL };
	int status;
	message m;
	pid_t pid;

	memset(&m, 0, sizeof(m));
	T_ASSERT_EQ(raw(PM_RQ_BASE + PM_NR_RQS, &m), ENOSYS);
	T_ASSERT_EQ(raw(0x7fffffff, &m), ENOSYS);
	T_ASSERT_EQ(raw(-5, &m), ENOSYS);
	memset(&m, 0, sizeof(m));
	m.pm.pid = getpid();
	m.pm.sig = 99;
	T_ASSERT_EQ(raw(PM_KILL, &m), EINVAL);
	T_ASSERT_EQ(kill(1, SIGTERM), EPERM);			/* PM */
	T_ASSERT_EQ(kill(0x7ffe, SIGTERM), ESRCH);
	T_ASSERT_EQ(kill(-1, SIGTERM), EINVAL);
	T_ASSERT_EQ(waitpid(0, &status, 0), EINVAL);
	T_ASSERT_EQ(waitpid(-1, &status, 0x100), EINVAL);
	T_ASSERT_EQ(sigprocmask(7, &(sigset_t){ 0 }, NULL), EINVAL);
	T_ASSERT_EQ(install(0, count_handler), EINVAL);
	T_ASSERT_EQ(install(NR_SIGNALS, count_handler), EINVAL);
	memset(&m, 0, sizeof(m));
	m.pm.sig = SIGUSR1;
	m.pm.how = 5;
	T_ASSERT_EQ(raw(PM_SIGACTION, &m), EINVAL);
	memset(&m, 0, sizeof(m));
	m.pm.name = 0x1000;				/* not user memory */
	m.pm.name_len = 4;
	T_ASSERT_EQ(raw(PM_EXEC, &m), EFAULT);
	m.pm.name_len = 0xffffffffu;
	T_ASSERT_EQ(raw(PM_EXEC, &m), E2BIG);
	T_ASSERT_EQ(execv("no_such_program", argv), EINVAL);	/* the space */
	argv[1] = NULL;
	T_ASSERT_EQ(execv("no_such_program", argv), ENOENT);
	pid = spawn(bad_sigreturn);
	T_ASSERT(pid > 1);
	T_ASSERT_EQ(wait_bounded(pid, &status), pid);
	T_ASSERT(WIFSIGNALED(status));
	T_ASSERT_EQ(WTERMSIG(status), SIGSEGV);
	/* the kernel calls behind them are for signal managers only */
	T_ASSERT_EQ(sys_sigsend(SELF, SIGUSR1, 0x40000000, 0x40000000, 0), ECALLDENIED);
	T_ASSERT_EQ(sys_exec_bootmod(SELF, 0, ""), ECALLDENIED);
	T_ASSERT(getpid() > 1);					/* PM still answers */
	return NULL;
}

static const struct test_case cases[] = {
	{ "pm.fork_waitpid_status", test_fork_waitpid_status },
	{ "pm.wait_any", test_wait_any },
	{ "pm.wnohang", test_wnohang },
	{ "pm.getpid_getppid", test_getpid_getppid },
	{ "pm.exec_argv", test_exec_argv },
	{ "pm.kill_default", test_kill_default },
	{ "pm.handler_frame", test_handler_frame },
	{ "pm.handler_resumes_exactly", test_handler_resumes_exactly },
	{ "pm.handler_fpu", test_handler_fpu },
	{ "pm.handler_masks", test_handler_masks },
	{ "pm.mask_pending", test_mask_pending },
	{ "pm.sigkill_uncatchable", test_sigkill_uncatchable },
	{ "pm.fault_sigsegv", test_fault_sigsegv },
	{ "pm.orphans_reparented", test_orphans_reparented },
	{ "pm.sigchld", test_sigchld },
	{ "pm.forged_frame", test_forged_frame },
	{ "pm.garbage_refused", test_garbage_refused },
	{ "pm.sys_exit_reaches_pm", test_sys_exit_reaches_pm },
};

int main(void)
{
	return test_run(cases, TEST_COUNT(cases));
}
