/*
 * tests/guest/vmgrant_test.c - safemap.vm_*, safecopy.cow_*: grants of
 * memory the VM server manages.  A safemap of a VM page is removed when VM
 * unmaps the page or replaces its frame (munmap, breaking copy-on-write),
 * on every CPU before VM's call returns; safecopy of page-aligned VM
 * memory at or above the threshold shares the frames copy-on-write
 * (sections below).
 *
 * A granter child (forked with vm_fork, as this program has VM memory)
 * maps a VM region of its own and obeys commands (cmd()).  Every case
 * checks that the kernel's and VM's free memory is back at its baseline.
 */
#include <string.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <vm.h>
#include <abi/info.h>
#include <abi/signal.h>
#include "children.h"

#define PAGE		4096u
#define HOLE		0x80000000u	/* where this program maps granted pages */

/* Commands to the granter (words[0]), arguments in words[1..]. */
enum { C_MMAP, C_GRANT, C_MUNMAP, C_FILL, C_CHECK, C_FORK, C_UNFORK };

static uint8_t *area;			/* the granter's region */
static endpoint_t grandchild = NONE;	/* the granter's vm_fork child */
static endpoint_t map_granter;		/* for mapper_main */
static int32_t map_gid;
static int arg_cpu = -1;

static uint8_t pat(unsigned seed, unsigned i)
{
	return (uint8_t)(seed * 31 + i * 7 + (i >> 8));
}

static void fill(uint8_t *p, unsigned n, unsigned seed, unsigned from)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = pat(seed, from + i);
}

static int matches(const uint8_t *p, unsigned n, unsigned seed, unsigned from)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i] != pat(seed, from + i))
			return 0;
	return 1;
}

/* The granter's vm_fork child: shares its pages until told to go. */
static int32_t fork_sharer(void)
{
	message m;

	grandchild = vm_fork();
	if (grandchild == 0)
		sys_exit(ipc_receive(ANY, &m, NULL));
	return grandchild > 0 ? OK : grandchild;
}

static int32_t end_sharer(void)
{
	message m;

	clear_msg(&m, T_QUIT);
	if (ipc_send(grandchild, &m) != OK)
		return EINVAL;
	return reap(grandchild);
}

static int32_t run_cmd(const message *m)
{
	const uint32_t *w = m->words;

	switch (w[0]) {
	case C_MMAP:	return (area = vm_mmap(w[1] * PAGE)) ? OK : ENOMEM;
	case C_GRANT:	return cpf_grant_direct((endpoint_t)w[1], (vir_bytes)area + w[2], w[3], w[4]);
	case C_MUNMAP:	return vm_munmap(area + w[1], w[2]);
	case C_FILL:	fill(area + w[1], w[2], w[3], w[1]); return OK;
	case C_CHECK:	return matches(area + w[1], w[2], w[3], w[1]);
	case C_FORK:	return fork_sharer();
	case C_UNFORK:	return end_sharer();
	default:	return EINVAL;
	}
}

static int granter_main(void)
{
	message m;

	for (;;) {
		CHK(ipc_receive(ANY, &m, NULL) == OK);
		if (m.m_type == T_QUIT)
			return 0;
		m.words[0] = (uint32_t)run_cmd(&m);
		CHK(ipc_send(m.m_source, &m) == OK);
	}
}

static int32_t cmd(endpoint_t c, uint32_t op, uint32_t a, uint32_t b, uint32_t d, uint32_t e)
{
	message m;

	clear_msg(&m, T_CALL);
	m.words[0] = op;
	m.words[1] = a;
	m.words[2] = b;
	m.words[3] = d;
	m.words[4] = e;
	if (ipc_sendrec(c, &m) != OK)
		return STATUS_LOST;
	return (int32_t)m.words[0];
}

/* Forks with VM; the child exits with fn()'s result. */
static endpoint_t vm_spawn(int (*fn)(void))
{
	endpoint_t ep = vm_fork();

	if (ep == 0)
		sys_exit(fn());
	add_kid(ep);
	return ep;
}

#define T_VM_SPAWN(var, fn)	do { (var) = vm_spawn(fn); T_ASSERT((var) > 0); } while (0)

/* A granter with `pages` pages of VM memory, filled with pattern seed. */
static const char *start_granter(endpoint_t *c, uint32_t pages, unsigned seed)
{
	T_VM_SPAWN(*c, granter_main);
	T_ASSERT_EQ(cmd(*c, C_MMAP, pages, 0, 0, 0), OK);
	T_ASSERT_EQ(cmd(*c, C_FILL, 0, pages * PAGE, seed, 0), OK);
	return NULL;
}

/* Reads through the kernel, so a missing page is an error, not a fault here. */
static int peek(vir_bytes addr, void *out, unsigned n)
{
	return sys_vircopy(SELF, addr, SELF, (vir_bytes)out, n);
}

/* ----------------------------------------------------------- safemap.vm_* */

/* The granter munmaps one page we mapped: the whole mapping is gone at once. */
static const char *t_map_munmap(void)
{
	volatile uint8_t *p = (volatile uint8_t *)HOLE;
	const char *why;
	uint8_t got[4];
	endpoint_t c;
	int32_t g;

	if ((why = start_granter(&c, 2, 3)))
		return why;
	T_ASSERT((g = cmd(c, C_GRANT, (uint32_t)self_ep, 0, 2 * PAGE,
			  CPF_READ | CPF_WRITE | CPF_MAP)) >= 0);
	T_ASSERT_EQ(sys_safemap(c, g, 0, (void *)HOLE, 2 * PAGE, 1), OK);
	T_ASSERT_EQ(p[PAGE + 1], pat(3, PAGE + 1));
	p[5] = pat(9, 5);					/* we write, it sees */
	T_ASSERT_EQ(cmd(c, C_CHECK, 5, 1, 9, 0), 1);
	T_ASSERT_EQ(cmd(c, C_MUNMAP, PAGE, PAGE, 0, 0), OK);
	T_ASSERT_EQ(peek(HOLE + PAGE, got, 4), EFAULT);
	T_ASSERT_EQ(peek(HOLE, got, 4), EFAULT);
	T_ASSERT_EQ(sys_safeunmap((void *)HOLE), ENOENT);
	T_ASSERT_EQ(cmd(c, C_CHECK, 6, PAGE - 6, 3, 0), 1);	/* its page 0 untouched */
	return stop_child(c);
}

/* Mapper child, on another CPU: maps the grant, reports, reads forever. */
static int mapper_main(void)
{
	volatile uint32_t *p = (volatile uint32_t *)HOLE;
	uint32_t sum = 0;
	message m;

	if (arg_cpu >= 0)
		CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	CHK(sys_safemap(map_granter, map_gid, 0, (void *)HOLE, PAGE, 0) == OK);
	sum = *p;
	clear_msg(&m, T_HELLO);
	CHK(ipc_send(self_ep, &m) == OK);
	for (;;)
		sum += *p;
	return (int)sum;
}

/* The same seen from a mapper reading on another CPU: it faults at once. */
static const char *t_map_munmap_other_cpu(void)
{
	const char *why;
	struct kinfo k;
	endpoint_t c, mp;
	message m;

	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0);
	if ((why = start_granter(&c, 1, 4)))
		return why;
	T_ASSERT((map_gid = cmd(c, C_GRANT, (uint32_t)ANY, 0, PAGE, CPF_READ | CPF_MAP)) >= 0);
	map_granter = c;
	arg_cpu = k.ncpus > 1 ? 1 : -1;
	T_VM_SPAWN(mp, mapper_main);
	arg_cpu = -1;
	T_ASSERT_EQ(ipc_receive(mp, &m, NULL), OK);
	wait_ticks(2);
	T_ASSERT(is_alive(mp));
	T_ASSERT_EQ(cmd(c, C_MUNMAP, 0, PAGE, 0, 0), OK);
	T_EXIT(mp, -SIGSEGV);
	return stop_child(c);
}

/*
 * The granter's page is shared copy-on-write with its own child; its
 * write gives it a new frame: our mapping of the old one is removed.
 */
static const char *t_map_cow_break(void)
{
	const char *why;
	uint8_t got[4];
	endpoint_t c;
	int32_t g;

	if ((why = start_granter(&c, 1, 5)))
		return why;
	T_ASSERT((g = cmd(c, C_GRANT, (uint32_t)self_ep, 0, PAGE, CPF_READ | CPF_MAP)) >= 0);
	T_ASSERT_EQ(cmd(c, C_FORK, 0, 0, 0, 0), OK);
	T_ASSERT_EQ(sys_safemap(c, g, 0, (void *)HOLE, PAGE, 0), OK);
	T_ASSERT_EQ(peek(HOLE + 8, got, 4), OK);
	T_ASSERT(matches(got, 4, 5, 8));
	T_ASSERT_EQ(cmd(c, C_FILL, 0, PAGE, 6, 0), OK);	/* breaks the share */
	T_ASSERT_EQ(peek(HOLE, got, 4), EFAULT);
	T_ASSERT_EQ(sys_safeunmap((void *)HOLE), ENOENT);
	T_ASSERT_EQ(cmd(c, C_UNFORK, 0, 0, 0, 0), 0);
	return stop_child(c);
}

/* Runs a case with children cleaned up and free memory back at its baseline. */
static const char *checked(const char *(*body)(void))
{
	struct vm_info vb, va;
	struct kinfo kb, ka;
	const char *why;

	if (vm_info(&vb) != OK || sys_getinfo(GET_KINFO, 0, &kb, sizeof(kb)) <= 0)
		return test_failf("no VM server (boot module \"vm\")");
	why = guarded(body);
	if (vm_info(&va) != OK || sys_getinfo(GET_KINFO, 0, &ka, sizeof(ka)) <= 0)
		return why ? why : test_failf("VM server gone");
	if (!why && (va.free_frames != vb.free_frames || va.committed != vb.committed ||
		     ka.free_frames != kb.free_frames))
		why = test_failf("VM free %u -> %u, committed %u -> %u; kernel free %u -> %u",
				 vb.free_frames, va.free_frames, vb.committed, va.committed,
				 kb.free_frames, ka.free_frames);
	return why;
}

#define CHECKED(fn) static const char *fn##_c(void) { return checked(fn); }
CHECKED(t_map_munmap) CHECKED(t_map_munmap_other_cpu) CHECKED(t_map_cow_break)

static const struct test_case cases[] = {
	{ "safemap.vm_munmap_revokes", t_map_munmap_c },
	{ "safemap.vm_munmap_revokes_other_cpu", t_map_munmap_other_cpu_c },
	{ "safemap.vm_cow_break_revokes", t_map_cow_break_c },
};

/* The page table covering HOLE stays once made: make it before the baselines. */
static void prepare_hole(void)
{
	sys_vmctl_page(VMCTL_MAP_ZERO, self_ep, HOLE, 0, OK);
	sys_vmctl_page(VMCTL_UNMAP, self_ep, HOLE, 0, OK);
}

int main(void)
{
	if (children_init() < 0)
		return 1;
	prepare_hole();
	wait_for_module("vm_test");
	return test_run(cases, TEST_COUNT(cases));
}
