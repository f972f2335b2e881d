/*
 * tests/guest/vmgrant_test.c - safemap.vm_*, safecopy.cow_*: grants of
 * memory the VM server manages.  A safemap of a VM page is removed when VM
 * unmaps the page or replaces its frame (munmap, breaking copy-on-write),
 * on every CPU before VM's call returns; safecopy of page-aligned VM
 * memory at or above the threshold shares the frames copy-on-write, and
 * below it a copy waits for VM to make absent pages present (sections
 * below).
 *
 * A granter child (forked with vm_fork, as this program has VM memory)
 * maps a VM region of its own and obeys commands (child_cmd()).  Every case
 * checks that the kernel's and VM's free memory is back at its baseline.
 */
#include <stdbool.h>
#include <string.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <vm.h>
#include <abi/info.h>
#include <abi/signal.h>
#include "children.h"
#include "guest_util.h"

#define PAGE		4096u
#define HOLE		MAP_HOLE

/* Commands to the granter (words[0]), arguments in words[1..]. */
enum { C_MMAP, C_GRANT, C_MUNMAP, C_FILL, C_CHECK, C_FORK, C_UNFORK };

static uint8_t *area;			/* the granter's region */
static endpoint_t grandchild = NONE;	/* the granter's vm_fork child */

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
	case C_FILL:	pattern_fill(area + w[1], w[2], w[3], w[1]); return OK;
	case C_CHECK:	return pattern_matches(area + w[1], w[2], w[3], w[1]);
	case C_FORK:	return fork_sharer();
	case C_UNFORK:	return end_sharer();
	default:	return EINVAL;
	}
}

static int granter_main(void)
{
	return obey_commands(run_cmd);
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
	T_ASSERT_EQ(child_cmd(*c, C_MMAP, pages, 0, 0, 0), OK);
	T_ASSERT_EQ(child_cmd(*c, C_FILL, 0, pages * PAGE, seed, 0), OK);
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
	T_ASSERT((g = child_cmd(c, C_GRANT, (uint32_t)self_ep, 0, 2 * PAGE,
			  CPF_READ | CPF_WRITE | CPF_MAP)) >= 0);
	T_ASSERT_EQ(sys_safemap(c, g, 0, (void *)HOLE, 2 * PAGE, 1), OK);
	T_ASSERT_EQ(p[PAGE + 1], pattern_byte(3, PAGE + 1));
	p[5] = pattern_byte(9, 5);					/* we write, it sees */
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 5, 1, 9, 0), 1);
	T_ASSERT_EQ(child_cmd(c, C_MUNMAP, PAGE, PAGE, 0, 0), OK);
	T_ASSERT_EQ(peek(HOLE + PAGE, got, 4), EFAULT);
	T_ASSERT_EQ(peek(HOLE, got, 4), EFAULT);
	T_ASSERT_EQ(sys_safeunmap((void *)HOLE), ENOENT);
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 6, PAGE - 6, 3, 0), 1);	/* its page 0 untouched */
	return stop_child(c);
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
	T_ASSERT((map_gid = child_cmd(c, C_GRANT, (uint32_t)ANY, 0, PAGE, CPF_READ | CPF_MAP)) >= 0);
	map_granter = c;
	map_cpu = k.ncpus > 1 ? 1 : -1;
	T_VM_SPAWN(mp, mapper_main);
	map_cpu = -1;
	T_ASSERT_EQ(ipc_receive(mp, &m, NULL), OK);
	wait_ticks(2);
	T_ASSERT(is_alive(mp));
	T_ASSERT_EQ(child_cmd(c, C_MUNMAP, 0, PAGE, 0, 0), OK);
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
	T_ASSERT((g = child_cmd(c, C_GRANT, (uint32_t)self_ep, 0, PAGE, CPF_READ | CPF_MAP)) >= 0);
	T_ASSERT_EQ(child_cmd(c, C_FORK, 0, 0, 0, 0), OK);
	T_ASSERT_EQ(sys_safemap(c, g, 0, (void *)HOLE, PAGE, 0), OK);
	T_ASSERT_EQ(peek(HOLE + 8, got, 4), OK);
	T_ASSERT(pattern_matches(got, 4, 5, 8));
	T_ASSERT_EQ(child_cmd(c, C_FILL, 0, PAGE, 6, 0), OK);	/* breaks the share */
	T_ASSERT_EQ(peek(HOLE, got, 4), EFAULT);
	T_ASSERT_EQ(sys_safeunmap((void *)HOLE), ENOENT);
	T_ASSERT_EQ(child_cmd(c, C_UNFORK, 0, 0, 0, 0), 0);
	return stop_child(c);
}

/* --------------------------------------------------------- safecopy.cow_* */

static uint32_t vm_free(void)
{
	struct vm_info i;

	return vm_info(&i) == OK ? i.free_frames : 0;
}

static uint32_t cow_threshold(void)
{
	struct kinfo k;

	return sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0 ? k.safecopy_cow : 0;
}

/* Does [p, p + n) hold pattern seed (counted from `from`)? */
#define T_PATTERN(p, n, seed, from)						\
	do {									\
		if (!pattern_matches((p), (n), (seed), (from)))				\
			return test_failf("line %d: pattern %u not there", __LINE__, (seed)); \
	} while (0)

/*
 * A COW copy from the granter: no frame is taken; afterwards writes on
 * either side stay on that side, the copy's side first and the source's
 * first, and a second copy over shared pages is shared again.
 */
static const char *t_cow_from(void)
{
	uint32_t pages = 8, t = cow_threshold(), before;
	const char *why;
	uint8_t *d;
	endpoint_t c;
	int32_t g;

	if (t == 0 || t > pages * PAGE)
		return test_skipf("safecopy_cow is 0 or above 8 pages");
	if ((why = start_granter(&c, pages, 1)))
		return why;
	T_ASSERT((g = child_cmd(c, C_GRANT, (uint32_t)self_ep, 0, pages * PAGE, CPF_READ)) >= 0);
	T_ASSERT((d = vm_mmap(pages * PAGE)) != NULL);
	before = vm_free();
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 0, d, pages * PAGE), OK);
	T_ASSERT_EQ(vm_free(), before);				/* shared, not copied */
	T_PATTERN(d, pages * PAGE, 1, 0);
	pattern_fill(d, PAGE, 2, 0);					/* ours first */
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 0, PAGE, 1, 0), 1);
	T_ASSERT_EQ(child_cmd(c, C_FILL, PAGE, PAGE, 3, 0), OK);	/* then theirs */
	T_PATTERN(d + PAGE, PAGE, 1, PAGE);
	T_PATTERN(d, PAGE, 2, 0);
	T_ASSERT_EQ(vm_free(), before - 2);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 0, d, pages * PAGE), OK);	/* again */
	T_PATTERN(d, PAGE, 1, 0);
	T_PATTERN(d + PAGE, PAGE, 3, PAGE);
	T_PATTERN(d + 2 * PAGE, (pages - 2) * PAGE, 1, 2 * PAGE);
	T_ASSERT_EQ(vm_munmap(d, pages * PAGE), OK);
	return stop_child(c);
}

/*
 * A kernel copy into pages shared copy-on-write (here by a COW copy before
 * it) breaks the sharing through VM, as a write of the process would; it
 * was refused with EFAULT (the fault on a present page was never asked of
 * VM).  The granter keeps its data.
 */
static const char *t_copy_into_shared(void)
{
	uint32_t pages = 8, t = cow_threshold();
	uint8_t small[100];
	const char *why;
	uint8_t *d;
	endpoint_t c;
	int32_t g;

	if (t == 0 || t > pages * PAGE)
		return test_skipf("safecopy_cow is 0 or above 8 pages");
	if ((why = start_granter(&c, pages, 1)))
		return why;
	T_ASSERT((g = child_cmd(c, C_GRANT, (uint32_t)self_ep, 0, pages * PAGE, CPF_READ)) >= 0);
	T_ASSERT((d = vm_mmap(pages * PAGE)) != NULL);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 0, d, pages * PAGE), OK);	/* d shared */
	pattern_fill(small, sizeof(small), 7, 0);
	T_ASSERT_EQ(sys_vircopy(SELF, (vir_bytes)small, SELF, (vir_bytes)d + PAGE + 10,
				sizeof(small)), OK);
	T_PATTERN(d + PAGE + 10, sizeof(small), 7, 0);
	T_PATTERN(d, PAGE, 1, 0);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 2 * PAGE, d + 3 * PAGE, 64), OK);	/* copy, not share */
	T_PATTERN(d + 3 * PAGE, 64, 1, 2 * PAGE);
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 0, pages * PAGE, 1, 0), 1);	/* theirs untouched */
	T_ASSERT_EQ(vm_munmap(d, pages * PAGE), OK);
	return stop_child(c);
}

/* The same into the granter's memory (SAFECOPYTO): its old frames go back to VM. */
static const char *t_cow_to(void)
{
	uint32_t pages = 8, t = cow_threshold(), before;
	const char *why;
	uint8_t *s;
	endpoint_t c;
	int32_t g;

	if (t == 0 || t > pages * PAGE)
		return test_skipf("safecopy_cow is 0 or above 8 pages");
	if ((why = start_granter(&c, pages, 1)))
		return why;
	T_ASSERT((g = child_cmd(c, C_GRANT, (uint32_t)self_ep, 0, pages * PAGE, CPF_WRITE)) >= 0);
	T_ASSERT((s = vm_mmap(pages * PAGE)) != NULL);
	pattern_fill(s, pages * PAGE, 4, 0);
	before = vm_free();
	T_ASSERT_EQ(sys_safecopyto(c, g, 0, s, pages * PAGE), OK);
	T_ASSERT_EQ(vm_free(), before + pages);			/* its old frames freed */
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 0, pages * PAGE, 4, 0), 1);
	T_ASSERT_EQ(child_cmd(c, C_FILL, 0, PAGE, 5, 0), OK);	/* theirs first */
	T_PATTERN(s, PAGE, 4, 0);
	pattern_fill(s + PAGE, PAGE, 6, PAGE);				/* then ours */
	T_ASSERT_EQ(child_cmd(c, C_CHECK, PAGE, PAGE, 4, 0), 1);
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 0, PAGE, 5, 0), 1);
	T_ASSERT_EQ(vm_munmap(s, pages * PAGE), OK);
	return stop_child(c);
}

/*
 * Sizes and offsets around the threshold and page boundaries: every copy
 * is right and nothing past it changes; shared exactly when page aligned
 * and at least the threshold long (a tail under a page is copied).
 */
static const char *t_cow_sizes(void)
{
	uint32_t t = cow_threshold(), pages = 12;
	const char *why;
	endpoint_t c;
	int32_t g;

	if (t == 0 || t + 2 * PAGE > pages * PAGE)
		return test_skipf("safecopy_cow is 0 or above 10 pages");
	if ((why = start_granter(&c, pages, 7)))
		return why;
	T_ASSERT((g = child_cmd(c, C_GRANT, (uint32_t)self_ep, 0, pages * PAGE, CPF_READ)) >= 0);
	const struct { uint32_t off, dst_off, len; } cases[] = {
		{ 0, 0, t - PAGE }, { 0, 0, t - 1 }, { 0, 0, t }, { 0, 0, t + 1 },
		{ 0, 0, t + PAGE - 1 }, { 0, 0, t + PAGE }, { PAGE, 0, t }, { 0, PAGE, t },
		{ 1, 0, t }, { 0, 1, t }, { PAGE - 1, PAGE - 1, t + 2 },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t off = cases[i].off, doff = cases[i].dst_off, len = cases[i].len;
		bool shared = !(off % PAGE) && !(doff % PAGE) && len >= t;
		uint32_t touched = (doff % PAGE + len + PAGE - 1) / PAGE, before, taken;
		uint8_t *d = vm_mmap(pages * PAGE);

		T_ASSERT(d != NULL);
		before = vm_free();
		T_ASSERT_EQ(sys_safecopyfrom(c, g, off, d + doff, len), OK);
		taken = before - vm_free();	/* a copy may fault in more of the region */
		if (shared ? taken != (len % PAGE ? 1u : 0u) : taken < touched)
			return test_failf("case %u: %u frames taken (%s)", i, taken,
					  shared ? "shared" : "copied");
		T_PATTERN(d + doff, len, 7, off);
		T_ASSERT_EQ(d[doff + len], 0);
		if (doff)
			T_ASSERT_EQ(d[doff - 1], 0);
		T_ASSERT_EQ(vm_munmap(d, pages * PAGE), OK);
	}
	return stop_child(c);
}

/*
 * A copy below the threshold touching pages not there yet waits for VM
 * (VMSUSPEND) and completes, on either side: the granter's absent pages
 * read as zeros, a copy into them lands, ours fill in too; the grant's
 * bounds still hold.
 */
static const char *t_waits_for_page(void)
{
	static uint8_t src[100], got[200];
	uint8_t *d;
	endpoint_t c;
	int32_t g;

	T_VM_SPAWN(c, granter_main);
	T_ASSERT_EQ(child_cmd(c, C_MMAP, 3, 0, 0, 0), OK);		/* nothing touched */
	T_ASSERT((g = child_cmd(c, C_GRANT, (uint32_t)self_ep, 0, 3 * PAGE, CPF_READ | CPF_WRITE)) >= 0);
	memset(got, 0xff, sizeof(got));
	T_ASSERT_EQ(sys_safecopyfrom(c, g, PAGE + 100, got, sizeof(got)), OK);
	for (unsigned i = 0; i < sizeof(got); i++)
		T_ASSERT_EQ(got[i], 0);
	pattern_fill(src, sizeof(src), 11, 2 * PAGE - 50);
	T_ASSERT_EQ(sys_safecopyto(c, g, 2 * PAGE - 50, src, sizeof(src)), OK);	/* two pages */
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 2 * PAGE - 50, sizeof(src), 11, 0), 1);
	T_ASSERT((d = vm_mmap(2 * PAGE)) != NULL);		/* both sides absent */
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 2 * PAGE - 50, d + PAGE - 10, sizeof(src)), OK);
	T_PATTERN(d + PAGE - 10, sizeof(src), 11, 2 * PAGE - 50);
	T_ASSERT_EQ(d[PAGE - 11], 0);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 3 * PAGE - 10, d, 11), EPERM);	/* past its end */
	T_ASSERT_EQ(vm_munmap(d, 2 * PAGE), OK);
	return stop_child(c);
}

static uint8_t plain[4 * PAGE] __attribute__((aligned(4096)));	/* not VM's */

/* Not VM memory on one side: copied as before, right, and VM's pages unchanged. */
static const char *t_cow_fallback(void)
{
	uint32_t len = 4 * PAGE, before;
	const char *why;
	endpoint_t c;
	int32_t g;

	if ((why = start_granter(&c, 4, 8)))
		return why;
	T_ASSERT((g = child_cmd(c, C_GRANT, (uint32_t)self_ep, 0, len, CPF_READ | CPF_WRITE)) >= 0);
	memset(plain, 0, sizeof(plain));
	before = vm_free();
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 0, plain, len), OK);
	T_ASSERT_EQ(vm_free(), before);
	T_PATTERN(plain, len, 8, 0);
	pattern_fill(plain, len, 9, 0);
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 0, len, 8, 0), 1);		/* a copy, not a share */
	T_ASSERT_EQ(sys_safecopyto(c, g, 0, plain, len), OK);	/* plain source */
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 0, len, 9, 0), 1);
	pattern_fill(plain, len, 10, 0);
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 0, len, 9, 0), 1);
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
CHECKED(t_cow_from) CHECKED(t_cow_to) CHECKED(t_cow_sizes) CHECKED(t_cow_fallback)
CHECKED(t_copy_into_shared)
CHECKED(t_waits_for_page)

static const struct test_case cases[] = {
	{ "safemap.vm_munmap_revokes", t_map_munmap_c },
	{ "safemap.vm_munmap_revokes_other_cpu", t_map_munmap_other_cpu_c },
	{ "safemap.vm_cow_break_revokes", t_map_cow_break_c },
	{ "safecopy.cow_isolation_from_grant", t_cow_from_c },
	{ "safecopy.cow_isolation_to_grant", t_cow_to_c },
	{ "safecopy.copy_into_shared_pages", t_copy_into_shared_c },
	{ "safecopy.cow_sizes_and_offsets", t_cow_sizes_c },
	{ "safecopy.cow_fallback_not_vm", t_cow_fallback_c },
	{ "safecopy.waits_for_page", t_waits_for_page_c },
};

/*
 * Page tables stay once made: make those covering HOLE and the start of
 * VM's mmap area before the baselines.
 */
static void prepare_tables(void)
{
	uint8_t *p = vm_mmap(PAGE);

	sys_vmctl_page(VMCTL_MAP_ZERO, self_ep, HOLE, 0, OK);
	sys_vmctl_page(VMCTL_UNMAP, self_ep, HOLE, 0, OK);
	if (p) {
		p[0] = 1;
		vm_munmap(p, PAGE);
	}
}

int main(void)
{
	if (children_init() < 0)
		return 1;
	prepare_tables();
	wait_for_module("vm_test");
	return test_run(cases, TEST_COUNT(cases));
}
