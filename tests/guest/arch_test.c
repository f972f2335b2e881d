/*
 * tests/guest/arch_test.c - arch.*: user mode is really ring 3, faults end
 * only the faulting process (with the right signal and a clear reason),
 * privileged instructions and kernel memory are out of reach, and every
 * pointer a process hands the kernel is checked.
 *
 * The faulting processes are `fault <what>` boot modules started with this
 * one; each case finds its module and waits for the kernel to end it.
 */
#include <stdio.h>
#include <string.h>
#include <syslib.h>
#include <test.h>
#include <abi/signal.h>
#include "guest_util.h"

static const char *expect_killed(const char *what, int sig, const char *reason_part)
{
	struct bootmod_info mod;
	struct proc_info info;

	if (find_bootmod("fault", what, &mod) < 0)
		return test_failf("no boot module 'fault %s'", what);
	T_ASSERT_EQ(mod.status, OK);
	if (wait_for_death(mod.endpoint, &info) < 0)
		return test_failf("'fault %s' (endpoint %d) still alive", what, mod.endpoint);
	test_diag("fault %s: %s", what, info.exit_reason);
	T_ASSERT_EQ(info.exit_status, -sig);
	if (!strstr(info.exit_reason, reason_part))
		return test_failf("reason '%s' lacks '%s'", info.exit_reason, reason_part);
	return NULL;
}

static const char *t_ring3(void)
{
	unsigned cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	T_ASSERT_EQ(cs & 3, 3);
	return NULL;
}

static const char *t_null(void) { return expect_killed("pf_null", SIGSEGV, "page fault at 0"); }
static const char *t_kernel_mem(void) { return expect_killed("pf_kernel", SIGSEGV, "protection"); }
static const char *t_unmapped(void) { return expect_killed("pf_unmapped", SIGSEGV, "not present"); }
static const char *t_text_ro(void) { return expect_killed("write_text", SIGSEGV, "write, protection"); }
static const char *t_cli(void) { return expect_killed("priv_cli", SIGSEGV, "general protection"); }
static const char *t_hlt(void) { return expect_killed("priv_hlt", SIGSEGV, "general protection"); }
static const char *t_out(void) { return expect_killed("priv_out", SIGSEGV, "general protection"); }
static const char *t_cr3(void) { return expect_killed("priv_cr3", SIGSEGV, "general protection"); }
static const char *t_div0(void) { return expect_killed("div0", SIGFPE, "divide error"); }
static const char *t_ud2(void) { return expect_killed("ud2", SIGILL, "invalid opcode"); }
/* No signal manager here: an x87 exception ends the process with SIGFPE (SIMD: fpu_test). */
static const char *t_x87(void) { return expect_killed("x87_div0", SIGFPE, "x87 FPU error"); }
static const char *t_int(void) { return expect_killed("int_irq", SIGSEGV, "general protection"); }
static const char *t_sel_kernel(void) { return expect_killed("sel_kernel", SIGSEGV, "general protection"); }
static const char *t_sel_cpu(void) { return expect_killed("sel_cpu", SIGSEGV, "general protection"); }
static const char *t_stack(void) { return expect_killed("stack_overflow", SIGSEGV, "page fault"); }

/* The kernel call's own message pointer is checked. */
static const char *t_bad_msg_pointer(void)
{
	T_ASSERT_EQ(_kernel_call_raw(0), EFAULT);
	T_ASSERT_EQ(_kernel_call_raw(0x1000), EFAULT);			/* kernel */
	T_ASSERT_EQ(_kernel_call_raw(0x80000000u), EFAULT);		/* unmapped */
	T_ASSERT_EQ(_kernel_call_raw(0xeffffff0u + 8), EFAULT);		/* runs past user space */
	T_ASSERT_EQ(_kernel_call_raw(0xfffffff0u), EFAULT);		/* wraps */
	return NULL;
}

/* Buffers named inside a message are checked too, for reading and writing. */
static const char *t_bad_buffer_pointer(void)
{
	struct kinfo k;

	T_ASSERT_EQ(sys_diag_print((const char *)0x1000, 16), EFAULT);
	T_ASSERT_EQ(sys_diag_print((const char *)0xefffff00u, 0x2000), EINVAL); /* too long */
	T_ASSERT_EQ(sys_diag_print((const char *)0xeffffff8u, 64), EFAULT);
	T_ASSERT_EQ(sys_getinfo(GET_KINFO, 0, (void *)t_ring3, sizeof(k)), EFAULT); /* text is RO */
	T_ASSERT_EQ(sys_getinfo(GET_KINFO, 0, (void *)0x2000, sizeof(k)), EFAULT);
	T_ASSERT_EQ(sys_getinfo(GET_KINFO, 0, &k, sizeof(k) - 1), EINVAL);
	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) == (int)sizeof(k));
	return NULL;
}

static const char *t_bad_call_number(void)
{
	message m;

	memset(&m, 0, sizeof(m));
	T_ASSERT_EQ(kernel_call(NR_SYS_CALLS, &m), EBADREQUEST);
	T_ASSERT_EQ(m.m_type, EBADREQUEST);		/* written back into the message */
	T_ASSERT_EQ(kernel_call(-1, &m), EBADREQUEST);
	T_ASSERT_EQ(kernel_call(0x7fffffff, &m), EBADREQUEST);
	return NULL;
}

/* The clock runs and charges this process while it computes. */
static const char *t_clock_ticks(void)
{
	struct mess_times t0, t1;
	int rounds = 0;

	T_ASSERT_EQ(sys_times(SELF, &t0), OK);
	do {
		for (volatile int i = 0; i < 100000; i++)
			;
		T_ASSERT_EQ(sys_times(SELF, &t1), OK);
	} while (t1.uptime_ticks < t0.uptime_ticks + 3 && ++rounds < 100000);
	T_ASSERT(t1.uptime_ticks >= t0.uptime_ticks + 3);
	T_ASSERT(t1.user_ticks > t0.user_ticks);
	T_ASSERT(t1.boot_tsc != 0);
	T_ASSERT_EQ(sys_times(0x7fffffff, &t1), EBADEPT);
	return NULL;
}

static const struct test_case cases[] = {
	{ "arch.ring3", t_ring3 },
	{ "arch.fault_null_pointer", t_null },
	{ "arch.fault_kernel_memory", t_kernel_mem },
	{ "arch.fault_unmapped", t_unmapped },
	{ "arch.fault_text_readonly", t_text_ro },
	{ "arch.fault_cli", t_cli },
	{ "arch.fault_hlt", t_hlt },
	{ "arch.fault_port_io", t_out },
	{ "arch.fault_mov_cr3", t_cr3 },
	{ "arch.fault_divide", t_div0 },
	{ "arch.fault_invalid_opcode", t_ud2 },
	{ "arch.fault_x87_exception", t_x87 },
	{ "arch.fault_int_gate", t_int },
	{ "arch.fault_stack_overflow", t_stack },
	{ "arch.fault_kernel_selector", t_sel_kernel },
	{ "arch.fault_cpu_selector", t_sel_cpu },
	{ "arch.bad_message_pointer", t_bad_msg_pointer },
	{ "arch.bad_buffer_pointer", t_bad_buffer_pointer },
	{ "arch.bad_call_number", t_bad_call_number },
	{ "arch.clock_ticks", t_clock_ticks },
};

int main(void)
{
	return test_run(cases, TEST_COUNT(cases));
}
