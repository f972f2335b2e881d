/*
 * tests/guest/pm_kcall_test.c - the kernel calls behind PM, made directly
 * by a SYSTEM process acting as signal manager: SYS_SIGSEND,
 * SYS_SIGRETURN and SYS_EXEC with EXEC_BOOTMOD, each with the inputs it
 * must refuse and the case that works.
 *
 * Runs marked priv=system in the pm boot (servers/pm/pm.mk); its children
 * are SYSTEM processes it makes itself the signal manager of.
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <vm.h>
#include <abi/signal.h>
#include "arch/i386/include/arch/sigframe.h"
#include "fpu_regs.h"
#include "children.h"

#define USER_STACK_TOP	0xeffff000u	/* arch/layout.h */

static void exit_77(int sig)
{
	sys_exit(sig == SIGUSR1 ? 77 : 1);
}

static int wait_for_parent(void)
{
	message m;

	ipc_receive(self_ep, &m, NULL);
	return 0;
}

/* Made signal manager of a fresh child blocked in a receive. */
static endpoint_t managed_child(void)
{
	endpoint_t c = spawn(wait_for_parent);

	if (c > 0 && sys_privctl(c, PRIVCTL_SET_SIGMGR, self_ep) != OK)
		return EINVAL;
	return c;
}

/* Holds c for a signal and collects it: c's endpoint from SYS_GETKSIG, or an error. */
static endpoint_t hold(endpoint_t c, int sig)
{
	uint32_t sigs = 0;
	endpoint_t ep = NONE;
	int r;

	if ((r = sys_kill(c, sig)) != OK)
		return r;
	if ((r = sys_getksig(&ep, &sigs)) != OK)
		return r;
	return sigs == SIGMASK_OF(sig) ? ep : EINVAL;
}

static const char *test_sigsend_checks(void)
{
	vir_bytes h = (vir_bytes)exit_77, rest = (vir_bytes)exit_77;
	endpoint_t c, other;

	T_SPAWN(other, wait_for_parent);			/* not managed by us */
	c = managed_child();
	T_ASSERT(c > 0);
	T_BLOCKED(c);
	T_ASSERT_EQ(sys_sigsend(c, SIGUSR1, h, rest, 0), EINVAL);	/* not held */
	T_ASSERT_EQ(sys_sigsend(other, SIGUSR1, h, rest, 0), EPERM);
	T_ASSERT_EQ(sys_sigsend(BAD_SLOT_EP, SIGUSR1, h, rest, 0), EBADEPT);
	T_ASSERT_EQ(hold(c, SIGUSR1), c);
	T_ASSERT_EQ(sys_sigsend(c, 0, h, rest, 0), EINVAL);
	T_ASSERT_EQ(sys_sigsend(c, NR_SIGNALS, h, rest, 0), EINVAL);
	T_ASSERT_EQ(sys_sigsend(c, SIGUSR1, 0x1000, rest, 0), EFAULT);
	T_ASSERT_EQ(sys_sigsend(c, SIGUSR1, h, 0xfffff000u, 0), EFAULT);
	/* blocked in a receive: its registers wait for a message (EAGAIN) */
	T_ASSERT_EQ(sys_sigsend(c, SIGUSR1, h, rest, 0), EAGAIN);
	T_ASSERT_EQ(sys_endksig(c), OK);
	T_SEND(c, T_GO);					/* now it runs on and exits 0 */
	T_EXIT(c, 0);
	T_SEND(other, T_GO);
	T_EXIT(other, 0);
	return NULL;
}

static _Noreturn int spin_forever(void)
{
	for (;;)
		relax();
}

static const char *test_sigsend_runs_handler(void)
{
	endpoint_t c = spawn(spin_forever);
	int r;

	T_ASSERT(c > 0);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_SET_SIGMGR, self_ep), OK);
	T_ASSERT_EQ(hold(c, SIGUSR1), c);
	while ((r = sys_sigsend(c, SIGUSR1, (vir_bytes)exit_77, (vir_bytes)exit_77, 0)) == EBUSY)
		poll_yield();					/* still leaving its CPU */
	T_ASSERT_EQ(r, OK);
	T_ASSERT_EQ(sys_endksig(c), OK);
	T_EXIT(c, 77);						/* the handler ran */
	return NULL;
}

/* A context the child resumes: resumed() with a fresh stack and forged EFLAGS. */
static struct sigcontext ctx;
static uint32_t resume_stack[256] __attribute__((aligned(16)));

static void resumed(void)
{
	uint32_t eflags, mxcsr = 0;

	__asm__ volatile("pushfl; popl %0" : "=r"(eflags));
	__asm__ volatile("fnop");		/* loads the context's FPU state */
	if (has_sse)
		__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	if (mxcsr >> 16)
		sys_exit(2);			/* reserved MXCSR bits got through */
	sys_exit((eflags & (0x3000u | 0x4000u)) ? 1 : 55);	/* no IOPL, no NT */
}

/* Asks its manager to resume ctx, as PM's sigreturn request does. */
static int ask_sigreturn(void)
{
	message m;

	clear_msg(&m, T_REQ);
	m.words[0] = (uint32_t)&ctx;
	ipc_sendrec(self_ep, &m);
	return 2;						/* not resumed */
}

static const char *test_sigreturn_checks(void)
{
	uint32_t mask = 0;
	endpoint_t c, other;
	message m;

	memset(&ctx, 0, sizeof(ctx));
	ctx.mask = 0x1234;
	ctx.eip = (uint32_t)resumed;
	ctx.esp = (uint32_t)&resume_stack[240];
	ctx.eflags = 0x3000u | 0x4000u | 0x20000u | 0x202u;	/* IOPL 3, NT, VM */
	ctx.fpu_used = 1;			/* an FXSAVE image with every MXCSR bit set */
	ctx.fpu[0] = 0x7f;			/* FCW 0x037f */
	ctx.fpu[1] = 0x03;
	memset(&ctx.fpu[24], 0xff, 4);		/* MXCSR: FXRSTOR would fault on reserved bits */
	has_sse = fpu_has_sse();
	T_SPAWN(other, wait_for_parent);
	T_SPAWN(c, ask_sigreturn);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_SET_SIGMGR, self_ep), OK);
	T_BLOCKED(other);
	T_ASSERT_EQ(sys_sigreturn(other, (vir_bytes)&ctx, &mask), EPERM);	/* not ours */
	T_ASSERT_EQ(sys_sigreturn(c, (vir_bytes)&ctx, &mask), EINVAL);	/* not waiting for us yet */
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	T_ASSERT_EQ(sys_sigreturn(c, 0x10, &mask), EFAULT);
	T_ASSERT_EQ(sys_sigreturn(c, USER_STACK_TOP - 8, &mask), EFAULT);	/* runs off the stack */
	T_ASSERT_EQ(sys_sigreturn(c, m.words[0], &mask), OK);
	T_ASSERT_EQ(mask, 0x1234);
	T_EXIT(c, 55);
	T_SEND(other, T_GO);
	T_EXIT(other, 0);
	return NULL;
}

/* Maps and touches a VM page, then waits in a SENDREC to the parent. */
static int touch_vm_then_ask(void)
{
	uint32_t *p = vm_mmap(4096);
	message m;

	if (!p)
		return 3;
	*p = 1;
	clear_msg(&m, T_HELLO);
	return ipc_sendrec(self_ep, &m);
}

/* The boot module pm_prog's number. */
static int pm_prog_module(void)
{
	struct bootmod_info mod;
	struct kinfo k;

	sys_getinfo(GET_KINFO, 0, &k, sizeof(k));
	for (unsigned i = 0; i < k.nr_bootmods; i++)
		if (sys_getinfo(GET_BOOTMOD, (int)i, &mod, sizeof(mod)) >= 0 &&
		    !strcmp(mod.name, "pm_prog"))
			return (int)i;
	return -1;
}

static const char *test_exec_bootmod(void)
{
	char longargs[80];
	int mod = pm_prog_module();
	endpoint_t c, v;
	message m;

	T_ASSERT(mod >= 0);
	memset(longargs, 'x', sizeof(longargs) - 1);
	longargs[sizeof(longargs) - 1] = '\0';
	T_SPAWN(c, wait_for_parent);
	T_BLOCKED(c);
	T_ASSERT_EQ(sys_exec_bootmod(c, 999, ""), ENOENT);
	T_ASSERT_EQ(sys_exec_bootmod(c, (unsigned)mod, longargs), E2BIG);
	T_ASSERT_EQ(sys_exec_bootmod(SELF, (unsigned)mod, ""), EBADEPT);
	memset(&m, 0, sizeof(m));
	m.exec.endpoint = c;
	m.exec.flags = 0x80;					/* unknown */
	T_ASSERT_EQ(kernel_call(SYS_EXEC, &m), EINVAL);
	m.exec.flags = EXEC_BOOTMOD;
	m.exec.module = (uint32_t)mod;
	m.exec.args = 0x10;					/* not user memory */
	m.exec.args_len = 4;
	T_ASSERT_EQ(kernel_call(SYS_EXEC, &m), EFAULT);
	T_SPAWN(v, touch_vm_then_ask);
	T_ASSERT_EQ(ipc_receive(v, &m, NULL), OK);		/* its page is mapped */
	T_ASSERT_EQ(sys_exec_bootmod(v, (unsigned)mod, ""), EPERM);	/* VM's pages left */
	T_SEND(v, T_REPLY);
	T_EXIT(v, 0);
	T_ASSERT_EQ(sys_exec_bootmod(c, (unsigned)mod, "kexit a1 b2"), OK);
	T_EXIT(c, 7);				/* pm_prog checked its argv and exited 7 */
	return NULL;
}

static const struct test_case cases[] = {
	{ "pm.kcall_sigsend_checks", test_sigsend_checks },
	{ "pm.kcall_sigsend_runs_handler", test_sigsend_runs_handler },
	{ "pm.kcall_sigreturn_checks", test_sigreturn_checks },
	{ "pm.kcall_exec_bootmod", test_exec_bootmod },
};

int main(void)
{
	if (children_init() < 0)
		return 1;
	return test_run(cases, TEST_COUNT(cases));
}
