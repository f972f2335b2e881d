/*
 * tests/guest/sys_test.c - kernel calls for system services: copies
 * between address spaces (vircopy, physcopy), driver access (devio,
 * irqctl, with their privileges), process management (exec, update), and
 * calls suspended for VM and VM-only requests (vmsuspend, vm_protect:
 * this program acts as VM).
 *
 * Arguments: `novm` - the boot has no VM server, so the vmsuspend cases
 * must run (they skip where VM is registered).
 */
#include <stdlib.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <abi/signal.h>
#include "guest_util.h"

#define COM1		0x3f8
#define COM1_IER	(COM1 + 1)
#define COM1_MCR	(COM1 + 4)
#define COM1_SCRATCH	(COM1 + 7)
#define COM1_IRQ	4
#define MCR_DTR_RTS	0x03
#define MCR_OUT2	0x08	/* gates the UART's interrupt line on a PC */
#define IER_THRE	0x02
#define SCRATCH_PHYS	0x70000	/* conventional memory the kernel never hands out */

static uint8_t area[3 * 4096];
static int no_vm_boot;		/* argument `novm`: booted without the VM server */
static uint8_t exec_stack[4096] __attribute__((aligned(16)));

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

/* Child body: answer every request with `version` until told to stop (m_type 0). */
static _Noreturn void answer_loop(int version)
{
	message m;

	for (;;) {
		if (ipc_receive(ANY, &m, NULL) != OK)
			exit(90);
		if (m.m_type == 0)
			exit(0);
		if (m.m_type == 2)	/* report whether `area` holds pattern 0x33 */
			m.words[0] = area[0] == 0x33 && area[sizeof(area) - 1] == 0x33;
		else
			m.words[0] = (uint32_t)version;
		ipc_send(m.m_source, &m);
	}
}

static endpoint_t spawn_answerer(int version)
{
	endpoint_t ep = sys_fork();

	if (ep == 0)
		answer_loop(version);
	return ep;
}

static int ask(endpoint_t ep, int type, uint32_t *answer)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = type;
	r = ipc_sendrec(ep, &m);
	*answer = m.words[0];
	return r;
}

static void stop(endpoint_t ep)
{
	message m;

	memset(&m, 0, sizeof(m));
	ipc_send(ep, &m);
}

static const char *t_vircopy(void)
{
	static uint8_t mine[sizeof(area)];
	endpoint_t child;
	uint32_t ok;

	fill(area, sizeof(area), 1);
	child = spawn_answerer(1);
	T_ASSERT(child > 0);
	fill(area, sizeof(area), 9);		/* the child keeps pattern 1 */
	T_ASSERT_EQ(sys_vircopy(child, (vir_bytes)area + 5, SELF, (vir_bytes)mine, 8000), OK);
	fill(area, sizeof(area), 1);
	T_ASSERT(memcmp(mine, area + 5, 8000) == 0);
	memset(area, 0x33, sizeof(area));
	T_ASSERT_EQ(sys_vircopy(SELF, (vir_bytes)area, child, (vir_bytes)area, sizeof(area)), OK);
	T_ASSERT_EQ(ask(child, 2, &ok), OK);
	T_ASSERT_EQ(ok, 1);
	stop(child);
	return NULL;
}

static const char *t_vircopy_bad(void)
{
	endpoint_t child = spawn_answerer(1);
	struct proc_info info;

	T_ASSERT(child > 0);
	T_ASSERT_EQ(sys_vircopy(child, 0x80000000u, SELF, (vir_bytes)area, 16), EFAULT);
	T_ASSERT_EQ(sys_vircopy(SELF, (vir_bytes)area, child, (vir_bytes)t_vircopy, 16), EFAULT);
	T_ASSERT_EQ(sys_vircopy(SELF, (vir_bytes)area, child, 0x1000, 16), EFAULT);
	T_ASSERT_EQ(sys_vircopy(NONE, 0x1000, SELF, (vir_bytes)area, 16), EBADEPT);
	stop(child);
	T_ASSERT_EQ(wait_for_death(child, &info), 0);
	T_ASSERT_EQ(sys_vircopy(child, (vir_bytes)area, SELF, (vir_bytes)area, 16), EDEADSRCDST);
	return NULL;
}

static const char *t_physcopy(void)
{
	static uint8_t out[600], back[600];

	fill(out, sizeof(out), 77);
	T_ASSERT_EQ(sys_physcopy(SELF, (vir_bytes)out, NONE, SCRATCH_PHYS, sizeof(out)), OK);
	T_ASSERT_EQ(sys_physcopy(NONE, SCRATCH_PHYS, SELF, (vir_bytes)back, sizeof(back)), OK);
	T_ASSERT(memcmp(out, back, sizeof(out)) == 0);
	T_ASSERT_EQ(sys_physcopy(NONE, 0x50000000u, SELF, (vir_bytes)back, 16), EFAULT);
	T_ASSERT_EQ(sys_physcopy(NONE, 0x3ffffff0u, SELF, (vir_bytes)back, 32), EFAULT);
	return NULL;
}

static const char *t_devio(void)
{
	uint32_t v = 0xa5;

	T_ASSERT_EQ(sys_devio(COM1_SCRATCH, DIO_OUTPUT | DIO_BYTE, &v), EPERM);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_ALLOW_IO, COM1_SCRATCH | (COM1_SCRATCH << 16)), OK);
	T_ASSERT_EQ(sys_devio(COM1_SCRATCH, DIO_OUTPUT | DIO_BYTE, &v), OK);
	v = 0;
	T_ASSERT_EQ(sys_devio(COM1_SCRATCH, DIO_INPUT | DIO_BYTE, &v), OK);
	T_ASSERT_EQ(v, 0xa5);
	v = 0x5a;
	T_ASSERT_EQ(sys_devio(COM1_SCRATCH, DIO_OUTPUT | DIO_BYTE, &v), OK);
	T_ASSERT_EQ(sys_devio(COM1_SCRATCH, DIO_INPUT | DIO_BYTE, &v), OK);
	T_ASSERT_EQ(v, 0x5a);
	T_ASSERT_EQ(sys_devio(COM1, DIO_INPUT | DIO_BYTE, &v), EPERM);	/* outside the range */
	T_ASSERT_EQ(sys_devio(COM1_SCRATCH, DIO_INPUT | DIO_WORD, &v), EINVAL); /* misaligned */
	T_ASSERT_EQ(sys_devio(COM1_SCRATCH, DIO_INPUT, &v), EINVAL);		/* no size */
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_ALLOW_IO, 0x10 | (0x8 << 16)), EINVAL);
	return NULL;
}

static int uart_write(uint32_t port, uint32_t value)
{
	return sys_devio(port, DIO_OUTPUT | DIO_BYTE, &value);
}

/* The UART's transmit-empty interrupt reaches us as a HARDWARE notification. */
static const char *t_irqctl(void)
{
	message m;
	uint32_t status;

	T_ASSERT_EQ(sys_irqctl(IRQ_SETPOLICY, COM1_IRQ), EPERM);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_ALLOW_IRQ, 0), EINVAL);	/* the clock */
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_ALLOW_IRQ, COM1_IRQ), OK);
	T_ASSERT_EQ(sys_privctl(SELF, PRIVCTL_ALLOW_IO, COM1 | ((COM1 + 7) << 16)), OK);
	T_ASSERT_EQ(sys_irqctl(IRQ_ENABLE, COM1_IRQ), EPERM);		/* no policy yet */
	T_ASSERT_EQ(sys_irqctl(IRQ_SETPOLICY, COM1_IRQ), OK);
	T_ASSERT_EQ(uart_write(COM1_MCR, MCR_DTR_RTS | MCR_OUT2), OK);
	T_ASSERT_EQ(uart_write(COM1_IER, IER_THRE), OK);
	T_ASSERT_EQ(ipc_receive(HARDWARE, &m, &status), OK);
	T_ASSERT_EQ(uart_write(COM1_IER, 0), OK);
	T_ASSERT_EQ(uart_write(COM1_MCR, MCR_DTR_RTS), OK);
	T_ASSERT_EQ(sys_irqctl(IRQ_RMPOLICY, COM1_IRQ), OK);
	T_ASSERT_EQ(m.m_source, HARDWARE);
	T_ASSERT_EQ(m.m_type, NOTIFY_MESSAGE);
	T_ASSERT_EQ(m.notify.irqs, 1u << COM1_IRQ);
	T_ASSERT(status & IPC_STATUS_KERNEL);
	T_ASSERT(status & IPC_STATUS_NOTIFY);
	T_ASSERT_EQ(sys_irqctl(99, COM1_IRQ), EPERM);			/* policy removed */
	return NULL;
}

static void exec_entry(void)
{
	exit(42);
}

static const char *t_exec(void)
{
	endpoint_t child = spawn_answerer(1);
	struct proc_info info;

	T_ASSERT(child > 0);
	T_ASSERT_EQ(sys_exec(child, 0x1000, 0x1000, "x"), EFAULT);
	T_ASSERT_EQ(sys_exec(child, (vir_bytes)exec_entry,
			     (vir_bytes)(exec_stack + sizeof(exec_stack) - 16), "renamed"), OK);
	T_ASSERT_EQ(wait_for_death(child, &info), 0);
	T_ASSERT_EQ(info.exit_status, 42);
	T_ASSERT_STREQ(info.name, "renamed");
	return NULL;
}

static const char *t_exec_self(void)
{
	struct proc_info me;

	T_ASSERT(sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0);
	T_ASSERT_EQ(sys_exec(me.endpoint, (vir_bytes)exec_entry, (vir_bytes)exec_stack, "x"), EINVAL);
	return NULL;
}

/* After SYS_UPDATE, the new program answers at the old endpoint. */
static const char *t_update(void)
{
	endpoint_t v1 = spawn_answerer(1), v2 = spawn_answerer(2);
	struct proc_info me;
	uint32_t a;

	T_ASSERT(v1 > 0 && v2 > 0);
	T_ASSERT_EQ(ask(v1, 1, &a), OK);
	T_ASSERT_EQ(a, 1);
	T_ASSERT_EQ(ask(v2, 1, &a), OK);
	T_ASSERT_EQ(a, 2);
	T_ASSERT_EQ(sys_update(v1, v2), OK);
	T_ASSERT_EQ(ask(v1, 1, &a), OK);
	T_ASSERT_EQ(a, 2);
	T_ASSERT_EQ(ask(v2, 1, &a), OK);
	T_ASSERT_EQ(a, 1);
	T_ASSERT(sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0);
	T_ASSERT_EQ(sys_update(me.endpoint, v1), EBUSY);
	T_ASSERT_EQ(sys_update(v1, v1), EINVAL);
	stop(v1);
	stop(v2);
	return NULL;
}

#define HOLE	0x80000000u	/* unmapped in every test process */

/* Child: copy 100 bytes into HOLE of target and exit with the result. */
static endpoint_t spawn_copier(endpoint_t target)
{
	static uint8_t data[100];
	endpoint_t ep = sys_fork();

	if (ep == 0) {
		fill(data, sizeof(data), 5);
		exit(-sys_vircopy(SELF, (vir_bytes)data, target, HOLE + 8, sizeof(data)));
	}
	return ep;
}

/* Acting as the VM server: fetch the one pending request. */
static const char *next_request(message *m, endpoint_t copier, endpoint_t target)
{
	uint32_t status;

	T_ASSERT_EQ(ipc_receive(SYSTEM, m, &status), OK);
	T_ASSERT(status & IPC_STATUS_KERNEL);
	memset(m, 0, sizeof(*m));
	m->vmctl.request = VMCTL_GET_REQUEST;
	T_ASSERT_EQ(sys_vmctl(m), OK);
	T_ASSERT_EQ(m->vmctl.endpoint, copier);
	T_ASSERT_EQ(m->vmctl.target, target);
	T_ASSERT_EQ(m->vmctl.addr, HOLE);
	T_ASSERT(m->vmctl.flags & VMF_WRITE);
	return NULL;
}

/*
 * REGISTER as "VM" for a vmsuspend case.  When the real VM server holds the
 * registration (EBUSY), the case skips: vm_test covers VMSUSPEND through
 * it, and the suite's boot without VM (argument `novm`, tests/guest/guest.mk)
 * runs these cases, where EBUSY is a failure.
 */
static const char *register_as_vm(endpoint_t target)
{
	int r = sys_vmctl_page(VMCTL_REGISTER, NONE, 0, 0, 0);

	if (r == EBUSY) {
		stop(target);
		if (no_vm_boot)
			return test_failf("a VM server is registered in the boot without VM");
		return test_skipf("a VM server is registered (vm_test covers VMSUSPEND through it)");
	}
	T_ASSERT_EQ(r, OK);
	return NULL;
}

/*
 * A vircopy into a page that is not there suspends the caller; once "VM"
 * (this test) maps the page and replies, the call restarts and completes.
 */
static const char *t_vmsuspend(void)
{
	static uint8_t got[100], want[100];
	endpoint_t target = spawn_answerer(1), copier;
	struct proc_info info;
	const char *why;
	message m;

	T_ASSERT(target > 0);
	if ((why = register_as_vm(target)) != NULL)
		return why;
	copier = spawn_copier(target);
	T_ASSERT(copier > 0);
	if ((why = next_request(&m, copier, target)) != NULL)
		return why;
	T_ASSERT_EQ(sys_getinfo(GET_PROC, endpoint_slot(copier), &info, sizeof(info)), sizeof(info));
	T_ASSERT(info.state == PROC_STATE_LIVE);		/* suspended, not failed */
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_MAP_ZERO, target, HOLE, VMF_WRITE, 0), OK);
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_MAP_ZERO, target, HOLE, VMF_WRITE, 0), EEXIST);
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_REPLY, copier, 0, 0, OK), OK);
	T_ASSERT_EQ(wait_for_death(copier, &info), 0);
	T_ASSERT_EQ(info.exit_status, 0);			/* the restarted copy worked */
	T_ASSERT_EQ(sys_vircopy(target, HOLE + 8, SELF, (vir_bytes)got, sizeof(got)), OK);
	fill(want, sizeof(want), 5);
	T_ASSERT(memcmp(got, want, sizeof(got)) == 0);
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_UNREGISTER, NONE, 0, 0, 0), OK);
	stop(target);
	return NULL;
}

/* When VM refuses, the suspended call fails with VM's error. */
static const char *t_vmsuspend_refused(void)
{
	endpoint_t target = spawn_answerer(1), copier;
	struct proc_info info;
	const char *why;
	message m;

	T_ASSERT(target > 0);
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_GET_REQUEST, NONE, 0, 0, 0), EPERM);	/* not VM yet */
	if ((why = register_as_vm(target)) != NULL)
		return why;
	copier = spawn_copier(target);
	if ((why = next_request(&m, copier, target)) != NULL)
		return why;
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_REPLY, copier, 0, 0, EFAULT), OK);
	T_ASSERT_EQ(wait_for_death(copier, &info), 0);
	T_ASSERT_EQ(info.exit_status, -EFAULT);
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_REPLY, copier, 0, 0, OK), EDEADSRCDST);
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_UNREGISTER, NONE, 0, 0, 0), OK);
	/* without a VM server the same copy fails at once */
	T_ASSERT_EQ(sys_vircopy(SELF, (vir_bytes)area, target, HOLE, 16), EFAULT);
	stop(target);
	return NULL;
}

/*
 * VMCTL_PROTECT changes only frames VM owns: write access to a page of a
 * program's text (a frame of the kernel's pool, copied by the fork) is
 * refused, and the page stays read-only.
 */
static const char *t_protect_foreign_frame(void)
{
	endpoint_t target = spawn_answerer(1);
	vir_bytes text = (vir_bytes)spawn_answerer & ~0xfffu;
	uint32_t word = 0;
	const char *why;
	message m;

	T_ASSERT(target > 0);
	if ((why = register_as_vm(target)) != NULL)
		return why;
	memset(&m, 0, sizeof(m));
	m.vmctl.request = VMCTL_PROTECT;
	m.vmctl.endpoint = target;
	m.vmctl.addr = text;
	m.vmctl.len = 4096;
	m.vmctl.flags = VMF_WRITE;
	T_ASSERT_EQ(sys_vmctl(&m), EPERM);
	T_ASSERT_EQ(sys_vmctl_page(VMCTL_UNREGISTER, NONE, 0, 0, 0), OK);
	/* still read-only: writing its own word back fails (no VM to ask) */
	T_ASSERT_EQ(sys_vircopy(target, text, SELF, (vir_bytes)&word, sizeof(word)), OK);
	T_ASSERT_EQ(sys_vircopy(SELF, (vir_bytes)&word, target, text, sizeof(word)), EFAULT);
	stop(target);
	return NULL;
}

static const struct test_case cases[] = {
	{ "kcall.vircopy", t_vircopy },
	{ "kcall.vircopy_bad_ranges", t_vircopy_bad },
	{ "kcall.physcopy", t_physcopy },
	{ "priv.devio_ranges", t_devio },
	{ "kcall.irqctl_notification", t_irqctl },
	{ "kcall.exec", t_exec },
	{ "kcall.exec_self_refused", t_exec_self },
	{ "kcall.update_swaps_programs", t_update },
	{ "kcall.vmsuspend_resume", t_vmsuspend },
	{ "kcall.vmsuspend_refused", t_vmsuspend_refused },
	{ "kcall.vm_protect_foreign_frame", t_protect_foreign_frame },
};

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		no_vm_boot |= strcmp(argv[i], "novm") == 0;
	return test_run(cases, TEST_COUNT(cases));
}
