/*
 * tests/guest/vm_test.c - vm.*: the VM server (servers/vm) through its
 * client library: demand-zero pages, munmap and region splits, faults
 * outside any region, copy-on-write after vm_fork in both directions, the
 * break, read-only regions, memory returned on munmap and on exit, out of
 * memory refused up front, forged page-fault messages refused, kernel
 * calls that touch a page not there yet (suspended until VM maps it, in the
 * caller or in another process), and children on every CPU faulting at
 * once (faults handed over directly and through the kernel's queue), and
 * the page-fault fast paths (kernel/faultpath.c): taken on VM's CPU, and
 * each forced fallback giving the same pages.
 *
 * Children are forked with vm_fork (sys_fork of a process with VM memory
 * is refused, which one case checks); a child's result is its exit status.  Every case checks that
 * VM's free frames and promises are back at their baseline at its end.
 */
#include <stdio.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <vm.h>
#include <abi/info.h>
#include <abi/signal.h>
#include "children.h"
#include "guest_util.h"

#define PAGE		4096u
#define WORDS		(PAGE / 4)
#define SCHED_PRIO_TEST	6	/* above the default priority (8), VM's */

static volatile uint32_t *arg_ptr;	/* for children: where to touch */
static uint32_t *arg_area;		/* for children: the shared region */

/* Forks with VM (copy-on-write); the child exits with fn()'s result. */
static endpoint_t vm_spawn(int (*fn)(void))
{
	endpoint_t ep = vm_fork();

	if (ep == 0)
		sys_exit(fn());
	add_kid(ep);
	return ep;
}

#define T_VM_SPAWN(var, fn)	do { (var) = vm_spawn(fn); T_ASSERT((var) > 0); } while (0)

static uint32_t *page_of(uint32_t *base, unsigned pg)
{
	return base + pg * WORDS;
}

static int read_main(void)
{
	return (int)*arg_ptr;		/* dies on a fault */
}

static int write_main(void)
{
	*arg_ptr = 1;
	return 0;
}

/* Child at arg_ptr dies with SIGSEGV and the kernel's reason for addr. */
static const char *expect_segv(int (*fn)(void), volatile uint32_t *at, const char *how)
{
	char want[48];
	struct proc_info info;
	endpoint_t c;

	arg_ptr = at;
	T_VM_SPAWN(c, fn);
	T_EXIT(c, -SIGSEGV);
	T_ASSERT(proc_of(c, &info));
	snprintf(want, sizeof(want), "page fault at %#x (%s", (unsigned)(uintptr_t)at, how);
	if (!strstr(info.exit_reason, want))
		return test_failf("reason '%s' lacks '%s'", info.exit_reason, want);
	return NULL;
}

/* First touch of every page reads zeros; then each keeps what was written. */
static const char *t_demand_zero(void)
{
	struct vm_info before, mid;
	uint32_t *p;

	T_ASSERT_EQ(vm_info(&before), OK);
	T_ASSERT(before.total_frames > 1000);
	T_ASSERT((p = vm_mmap(16 * PAGE)) != NULL);
	T_ASSERT((vir_bytes)p >= VM_MMAP_BASE && (vir_bytes)p < VM_MMAP_TOP);
	T_ASSERT_EQ(vm_info(&mid), OK);
	T_ASSERT_EQ(mid.free_frames, before.free_frames);	/* nothing until touched */
	T_ASSERT_EQ(mid.committed, before.committed + 16);
	for (unsigned pg = 0; pg < 16; pg++) {
		uint32_t *w = page_of(p, pg);

		for (unsigned i = 0; i < WORDS; i++)
			if (w[i] != 0)
				return test_failf("page %u word %u: %#x, want 0", pg, i, w[i]);
		for (unsigned i = 0; i < WORDS; i++)
			w[i] = pg << 16 | i;
	}
	for (unsigned pg = 0; pg < 16; pg++)
		for (unsigned i = 0; i < WORDS; i++)
			if (page_of(p, pg)[i] != (pg << 16 | i))
				return test_failf("page %u word %u: %#x", pg, i, page_of(p, pg)[i]);
	T_ASSERT_EQ(vm_info(&mid), OK);
	T_ASSERT_EQ(mid.free_frames, before.free_frames - 16);
	T_ASSERT_EQ(vm_munmap(p, 16 * PAGE), OK);
	return NULL;
}

/* munmap of a region's middle splits it; the hole faults, the rest stays. */
static const char *t_munmap(void)
{
	struct vm_info before, mid;
	const char *why;
	endpoint_t c;
	uint32_t *p;

	T_ASSERT_EQ(vm_info(&before), OK);
	T_ASSERT((p = vm_mmap(8 * PAGE)) != NULL);
	for (unsigned pg = 0; pg < 8; pg++)
		page_of(p, pg)[7] = pg + 1;
	T_ASSERT_EQ(vm_munmap(page_of(p, 2), 2 * PAGE), OK);
	T_ASSERT_EQ(vm_info(&mid), OK);
	T_ASSERT_EQ(mid.regions, before.regions + 2);
	T_ASSERT_EQ(mid.free_frames, before.free_frames - 6);
	T_ASSERT_EQ(mid.committed, before.committed + 6);
	for (unsigned pg = 0; pg < 8; pg++)
		if (pg < 2 || pg >= 4)
			T_ASSERT_EQ(page_of(p, pg)[7], pg + 1);
	if ((why = expect_segv(read_main, page_of(p, 2) + 5, "read, not present")) ||
	    (why = expect_segv(write_main, page_of(p, 3), "write, not present")))
		return why;
	arg_ptr = page_of(p, 4) + 7;
	T_VM_SPAWN(c, read_main);
	T_EXIT(c, 5);					/* the page after the hole */
	T_ASSERT_EQ(vm_munmap(p, 8 * PAGE), OK);	/* over the hole too */
	return expect_segv(read_main, p, "read, not present");
}

/* Addresses in VM's area that no region covers, and a read-only region. */
static const char *t_outside_and_readonly(void)
{
	const char *why;
	uint32_t *ro;

	if ((why = expect_segv(read_main, (uint32_t *)(VM_MMAP_TOP - PAGE), "read, not present")) ||
	    (why = expect_segv(write_main, (uint32_t *)(VM_BRK_TOP - 2 * PAGE), "write, not present")))
		return why;
	T_ASSERT_EQ(vm_mmap_flags(2 * PAGE, VM_MAP_RDONLY, (void **)&ro), OK);
	T_ASSERT_EQ(ro[100], 0);			/* readable: zeros */
	if ((why = expect_segv(write_main, ro + WORDS, "write, not present")) ||
	    (why = expect_segv(write_main, ro, "write, protection")))
		return why;
	T_ASSERT_EQ(vm_munmap(ro, 2 * PAGE), OK);
	return NULL;
}

#define COW_PAGES	8

static uint32_t cow_word(unsigned tag, unsigned pg)
{
	return tag << 16 | pg;
}

static int cow_all(uint32_t *p, unsigned tag, int even, int odd)
{
	for (unsigned pg = 0; pg < COW_PAGES; pg++) {
		if (!((pg & 1) ? odd : even))
			continue;
		if (page_of(p, pg)[0] != cow_word(tag, pg) || page_of(p, pg)[WORDS - 1] != cow_word(tag, pg))
			return 0;
	}
	return 1;
}

static void cow_write(uint32_t *p, unsigned tag, int even, int odd)
{
	for (unsigned pg = 0; pg < COW_PAGES; pg++)
		if ((pg & 1) ? odd : even)
			page_of(p, pg)[0] = page_of(p, pg)[WORDS - 1] = cow_word(tag, pg);
}

/* Child: sees the pages as at the fork, writes its own, never sees the parent's. */
static int cow_child_main(void)
{
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* the parent wrote the even pages */
	CHK(cow_all(arg_area, 0xa, 1, 1));
	cow_write(arg_area, 0xb, 1, 1);
	CHK(cow_all(arg_area, 0xb, 1, 1));
	clear_msg(&m, T_REPORT);
	CHK(ipc_send(self_ep, &m) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* the parent wrote the odd pages */
	CHK(cow_all(arg_area, 0xb, 1, 1));
	return 0;
}

/*
 * After vm_fork each side sees only its own writes, both ways round; a
 * frame is copied only while it is shared, and the child's exit gives its
 * frames back.
 */
static const char *t_fork_cow(void)
{
	struct vm_info base, now;
	endpoint_t c;
	message m;

	T_ASSERT((arg_area = vm_mmap(COW_PAGES * PAGE)) != NULL);
	cow_write(arg_area, 0xa, 1, 1);
	T_ASSERT_EQ(vm_info(&base), OK);
	T_VM_SPAWN(c, cow_child_main);
	T_ASSERT_EQ(vm_info(&now), OK);
	T_ASSERT_EQ(now.free_frames, base.free_frames);		/* shared, not copied */
	T_ASSERT_EQ(now.committed, base.committed + COW_PAGES);
	cow_write(arg_area, 0xd, 1, 0);				/* parent first: evens */
	T_ASSERT_EQ(vm_info(&now), OK);
	T_ASSERT_EQ(now.free_frames, base.free_frames - COW_PAGES / 2);
	T_SEND(c, T_GO);
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	T_ASSERT_EQ(m.m_type, T_REPORT);
	T_ASSERT(cow_all(arg_area, 0xd, 1, 0));			/* the child's writes not seen */
	T_ASSERT(cow_all(arg_area, 0xa, 0, 1));
	T_ASSERT_EQ(vm_info(&now), OK);
	T_ASSERT_EQ(now.free_frames, base.free_frames - COW_PAGES);	/* child copied the odds */
	cow_write(arg_area, 0xd, 0, 1);				/* sole holder now: no copy */
	T_ASSERT_EQ(vm_info(&now), OK);
	T_ASSERT_EQ(now.free_frames, base.free_frames - COW_PAGES);
	T_SEND(c, T_GO);
	T_EXIT(c, 0);
	T_ASSERT(cow_all(arg_area, 0xd, 1, 1));
	T_ASSERT_EQ(vm_info(&now), OK);
	T_ASSERT_EQ(now.free_frames, base.free_frames);
	T_ASSERT_EQ(now.committed, base.committed);
	T_ASSERT_EQ(vm_munmap(arg_area, COW_PAGES * PAGE), OK);
	return NULL;
}

/* Child: takes memory three ways and exits without giving any back. */
static int hog_main(void)
{
	uint32_t *a = vm_mmap(32 * PAGE), *b = vm_mmap(3 * PAGE);
	void *brk0, *brk1;
	endpoint_t g;

	CHK(a && b);
	for (unsigned pg = 0; pg < 32; pg++)
		page_of(a, pg)[1] = pg;
	b[0] = 1;
	CHK(vm_brk(NULL, &brk0) == OK);
	CHK(vm_brk((uint8_t *)brk0 + 4 * PAGE, &brk1) == OK);
	memset(brk0, 0x5a, 4 * PAGE);
	g = vm_fork();					/* a grandchild shares it all */
	CHK(g >= 0);
	if (g == 0)
		return 0;
	CHK(reap(g) == 0);
	return 0;
}

/* Exits give everything back: frames, promises, region and process entries. */
static const char *t_exit_frees(void)
{
	struct vm_info before, after;
	endpoint_t c;

	T_ASSERT_EQ(vm_info(&before), OK);
	T_VM_SPAWN(c, hog_main);
	T_EXIT(c, 0);
	T_ASSERT_EQ(vm_info(&after), OK);
	T_ASSERT_EQ(after.free_frames, before.free_frames);
	T_ASSERT_EQ(after.committed, before.committed);
	T_ASSERT_EQ(after.regions, before.regions);
	T_ASSERT_EQ(after.spaces, before.spaces);
	return NULL;
}

static uint32_t arg_pages;		/* for ballast_main: how many pages to hold */

/* Child: commits arg_pages of VM's memory, reports, and holds it until told to quit. */
static int ballast_main(void)
{
	message m;
	void *p;

	CHK(vm_mmap_flags((size_t)arg_pages * PAGE, 0, &p) == OK);
	clear_msg(&m, T_REPORT);
	CHK(ipc_send(self_ep, &m) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK);
	return 0;
}

/*
 * More than VM has is refused up front, and nothing is left behind.  One
 * process's mmap window (VM_MMAP_BASE..VM_MMAP_TOP, 768 MiB) holds less
 * than VM has from about 800 MiB of RAM up: a child then commits the part
 * beyond half the window, and this process the rest.
 */
static const char *t_out_of_memory(void)
{
	const uint32_t window = (VM_MMAP_TOP - VM_MMAP_BASE) / PAGE;
	struct vm_info before, now;
	uint32_t avail, *big;
	endpoint_t ballast = NONE;
	void *addr = NULL;
	message m;

	T_ASSERT_EQ(vm_info(&before), OK);
	avail = before.commit_limit - before.committed;
	T_ASSERT_EQ(vm_mmap_flags((size_t)(before.total_frames + 1) * PAGE, 0, &addr), ENOMEM);
	T_ASSERT_EQ(vm_mmap_flags((size_t)(avail + 1) * PAGE, 0, &addr), ENOMEM);
	T_ASSERT_EQ(vm_info(&now), OK);
	T_ASSERT_EQ(now.committed, before.committed);
	T_ASSERT_EQ(now.regions, before.regions);
	if (avail > window / 2) {
		arg_pages = avail - window / 2;
		T_VM_SPAWN(ballast, ballast_main);
		T_ASSERT_EQ(ipc_receive(ballast, &m, NULL), OK);
		T_ASSERT_EQ(m.m_type, T_REPORT);
		T_ASSERT_EQ(vm_info(&now), OK);
		avail = now.commit_limit - now.committed;
		test_diag("VM has more than one mmap window: a child holds %u pages", arg_pages);
	}
	T_ASSERT_EQ(vm_mmap_flags((size_t)avail * PAGE, 0, (void **)&big), OK);	/* all of it */
	T_ASSERT(vm_mmap(PAGE) == NULL);
	T_ASSERT_EQ(vm_fork(), ENOMEM);			/* the child could not be promised its pages */
	big[0] = 1;
	page_of(big, avail - 1)[0] = 2;
	T_ASSERT_EQ(big[0] + page_of(big, avail - 1)[0], 3);
	T_ASSERT_EQ(vm_munmap(big, (size_t)avail * PAGE), OK);
	if (ballast != NONE) {
		T_SEND(ballast, T_QUIT);
		T_EXIT(ballast, 0);
	}
	T_ASSERT_EQ(vm_info(&now), OK);
	T_ASSERT_EQ(now.committed, before.committed);
	T_ASSERT_EQ(now.free_frames, before.free_frames);
	return NULL;
}

/*
 * VM manages most of the machine's memory at any size: the kernel keeps
 * only a quarter of what is free when VM starts (kernel/mm/memory.h), so
 * VM gets more than half of all frames (boot modules took some).  With a
 * fixed 16 MiB reserve VM got nothing at 16 MiB and a third at 32 MiB.
 */
static const char *t_share_of_memory(void)
{
	struct vm_info info;
	struct kinfo k;

	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0);
	T_ASSERT_EQ(vm_info(&info), OK);
	test_diag("VM manages %u of the kernel's %u frames", info.total_frames, k.total_frames);
	T_ASSERT(info.total_frames > k.total_frames / 2);
	return NULL;
}

/* Page faults come from the kernel only: a message claiming one is refused. */
static const char *t_fake_fault(void)
{
	endpoint_t vm = vm_endpoint();
	message m;

	T_ASSERT(vm > 0);
	clear_msg(&m, VM_PAGEFAULT);
	m.vm.addr = VM_MMAP_BASE;
	m.vm.flags = 1;
	T_ASSERT_EQ(ipc_sendrec(vm, &m), OK);
	T_ASSERT_EQ(m.m_type, EPERM);
	clear_msg(&m, VM_RQ_BASE + 0x77);
	T_ASSERT_EQ(ipc_sendrec(vm, &m), OK);
	T_ASSERT_EQ(m.m_type, ENOSYS);
	return NULL;
}

/*
 * A kernel call reaching pages not touched yet waits for VM (VMSUSPEND):
 * it completes once VM has made them present, in both directions; an
 * address in no region still fails with EFAULT.
 */
static const char *t_kcall_suspends(void)
{
	static uint8_t src[6000], got[100];
	struct vm_info before, now;
	uint8_t *p;

	T_ASSERT((p = vm_mmap(3 * PAGE)) != NULL);
	T_ASSERT_EQ(vm_info(&before), OK);
	for (unsigned i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7 + 3);
	T_ASSERT_EQ(sys_vircopy(SELF, (vir_bytes)src, SELF, (vir_bytes)p + 1000, sizeof(src)), OK);
	T_ASSERT(memcmp(p + 1000, src, sizeof(src)) == 0);
	T_ASSERT_EQ(p[999], 0);
	T_ASSERT_EQ(vm_info(&now), OK);
	T_ASSERT_EQ(now.free_frames, before.free_frames - 2);
	memset(got, 0xff, sizeof(got));
	T_ASSERT_EQ(sys_vircopy(SELF, (vir_bytes)p + 2 * PAGE + 8, SELF, (vir_bytes)got, sizeof(got)), OK);
	for (unsigned i = 0; i < sizeof(got); i++)
		T_ASSERT_EQ(got[i], 0);
	T_ASSERT_EQ(sys_vircopy(SELF, (vir_bytes)src, SELF, VM_MMAP_TOP - PAGE, 16), EFAULT);
	T_ASSERT_EQ(vm_munmap(p, 3 * PAGE), OK);
	return NULL;
}

/* Child: a fresh region, its address to the parent, then check what arrived. */
static int copy_target_main(void)
{
	uint8_t *p = vm_mmap(2 * PAGE);
	message m;

	CHK(p != NULL);
	clear_msg(&m, T_REPORT);
	m.words[0] = (uint32_t)(uintptr_t)p;
	CHK(ipc_send(self_ep, &m) == OK);
	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* the parent has copied */
	for (unsigned i = 0; i < 300; i++)
		CHK(p[PAGE - 100 + i] == (uint8_t)(i ^ 0x5a));
	CHK(p[PAGE - 101] == 0 && p[PAGE + 200] == 0);
	return 0;
}

/* The same for another process's memory: the copy waits while VM maps its page. */
static const char *t_kcall_other(void)
{
	static uint8_t src[300];
	endpoint_t c;
	message m;

	for (unsigned i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i ^ 0x5a);
	T_VM_SPAWN(c, copy_target_main);
	T_ASSERT_EQ(ipc_receive(c, &m, NULL), OK);
	T_ASSERT_EQ(m.m_type, T_REPORT);
	T_ASSERT_EQ(sys_vircopy(SELF, (vir_bytes)src, c, m.words[0] + PAGE - 100, sizeof(src)), OK);
	T_SEND(c, T_GO);
	T_EXIT(c, 0);
	return NULL;
}

#define STRESS_KIDS	6
#define STRESS_PAGES	48

static unsigned arg_kid, arg_ncpus;

/*
 * Child: on its own CPU, faults in pages of a region of its own and breaks
 * copy-on-write on the shared one, then checks all of it.
 */
static int stress_main(void)
{
	uint32_t *own = vm_mmap(STRESS_PAGES * PAGE), tag = 0x100 + arg_kid;

	CHK(sys_schedctl(SELF, (int)(arg_kid % arg_ncpus), -1) == OK);
	CHK(own != NULL);
	for (unsigned round = 0; round < 3; round++) {
		for (unsigned pg = 0; pg < STRESS_PAGES; pg++) {
			page_of(own, pg)[pg % WORDS] = tag << 16 | pg;
			page_of(arg_area, pg)[pg + 1] = tag << 16 | pg;
		}
		for (unsigned pg = 0; pg < STRESS_PAGES; pg++) {
			CHK(page_of(own, pg)[pg % WORDS] == (tag << 16 | pg));
			CHK(page_of(arg_area, pg)[pg + 1] == (tag << 16 | pg));
			CHK(page_of(arg_area, pg)[0] == pg);	/* the parent's data, still there */
		}
	}
	return 0;
}

/* Children on every CPU fault at once: every page ends up right and nothing leaks. */
static const char *t_concurrent(void)
{
	struct kinfo k;
	endpoint_t kids[STRESS_KIDS];

	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0);
	arg_ncpus = k.ncpus;
	T_ASSERT((arg_area = vm_mmap(STRESS_PAGES * PAGE)) != NULL);
	for (unsigned pg = 0; pg < STRESS_PAGES; pg++)
		page_of(arg_area, pg)[0] = pg;
	for (unsigned i = 0; i < STRESS_KIDS; i++) {
		arg_kid = i;
		T_VM_SPAWN(kids[i], stress_main);
	}
	for (unsigned i = 0; i < STRESS_KIDS; i++)
		T_EXIT(kids[i], 0);
	for (unsigned pg = 0; pg < STRESS_PAGES; pg++) {
		T_ASSERT_EQ(page_of(arg_area, pg)[0], pg);
		T_ASSERT_EQ(page_of(arg_area, pg)[pg + 1], 0);	/* the children wrote their own copies */
	}
	T_ASSERT_EQ(vm_munmap(arg_area, STRESS_PAGES * PAGE), OK);
	return NULL;
}

/* The break grows and shrinks; pages above it go, and come back zeroed. */
static const char *t_brk(void)
{
	const char *why;
	void *b0, *b;
	uint8_t *p;

	T_ASSERT_EQ(vm_brk(NULL, &b0), OK);
	T_ASSERT((vir_bytes)b0 >= VM_BRK_BASE && (vir_bytes)b0 < VM_BRK_TOP);
	p = b0;
	T_ASSERT_EQ(vm_brk(p + 3 * PAGE + 10, &b), OK);
	T_ASSERT(b == p + 3 * PAGE + 10);
	T_ASSERT_EQ(p[3 * PAGE + 9], 0);
	memset(p, 0x33, 3 * PAGE + 10);
	T_ASSERT_EQ(vm_brk(p + PAGE, &b), OK);
	T_ASSERT_EQ(p[PAGE - 1], 0x33);
	if ((why = expect_segv(read_main, (uint32_t *)(p + 2 * PAGE), "read, not present")))
		return why;
	T_ASSERT_EQ(vm_brk(p + 3 * PAGE, &b), OK);
	T_ASSERT_EQ(p[2 * PAGE], 0);				/* fresh page */
	T_ASSERT_EQ(p[0], 0x33);
	T_ASSERT_EQ(vm_brk((void *)0x1000, &b), ENOMEM);
	T_ASSERT_EQ(vm_brk(p, &b), OK);
	return NULL;
}

/* Bad arguments change nothing. */
static const char *t_bad_requests(void)
{
	void *addr;

	T_ASSERT_EQ(vm_mmap_flags(0, 0, &addr), EINVAL);
	T_ASSERT_EQ(vm_mmap_flags(PAGE, 0x80, &addr), EINVAL);
	T_ASSERT_EQ(vm_munmap((void *)(VM_MMAP_BASE + 12), PAGE), EINVAL);
	T_ASSERT_EQ(vm_munmap((void *)VM_MMAP_BASE, 0), EINVAL);
	T_ASSERT_EQ(vm_munmap((void *)0xfffff000u, 2 * PAGE), EINVAL);
	T_ASSERT_EQ(vm_munmap((void *)(VM_MMAP_TOP - PAGE), PAGE), OK);	/* nothing there */
	return NULL;
}

static int exit_at_once_main(void)
{
	return 0;
}

/*
 * sys_fork of a process with VM pages mapped is refused (EPERM): the child
 * would share them writable behind VM's back.  Nothing changes; once the
 * pages are gone, sys_fork works again.
 */
static const char *t_sys_fork_refused(void)
{
	struct vm_info before, now;
	endpoint_t c;
	uint32_t *p;

	T_ASSERT((p = vm_mmap(2 * PAGE)) != NULL);
	p[0] = 7;
	T_ASSERT_EQ(vm_info(&before), OK);
	c = sys_fork();
	if (c == 0)
		sys_exit(0);
	if (c > 0)
		add_kid(c);
	T_ASSERT_EQ(c, EPERM);
	T_ASSERT_EQ(vm_info(&now), OK);
	T_ASSERT_EQ(now.free_frames, before.free_frames);
	T_ASSERT_EQ(now.spaces, before.spaces);
	p[1] = 8;					/* still ours, still writable */
	T_ASSERT_EQ(p[0] + p[1], 15);
	T_ASSERT_EQ(vm_munmap(p, 2 * PAGE), OK);
	T_SPAWN(c, exit_at_once_main);
	T_EXIT(c, 0);
	return NULL;
}

/* Fault fast-path counters of all CPUs, summed. */
struct pf_counts {
	uint64_t fault_hits, resume_hits;
	uint32_t fault_slow[PF_SLOW_REASONS], resume_slow[PF_SLOW_REASONS];
};

static void pf_counts(struct pf_counts *n)
{
	struct cpu_stats s;

	memset(n, 0, sizeof(*n));
	for (int c = 0; c < ABI_MAX_CPUS; c++) {
		if (sys_getinfo(GET_CPUSTATS, c, &s, sizeof(s)) != (int)sizeof(s) || !s.online)
			continue;
		n->fault_hits += s.pf_fault_hits;
		n->resume_hits += s.pf_resume_hits;
		for (int r = 0; r < PF_SLOW_REASONS; r++) {
			n->fault_slow[r] += s.pf_fault_slow[r];
			n->resume_slow[r] += s.pf_resume_slow[r];
		}
	}
}

#define PF_PAGES	8
static int pf_cpu, pf_prio;		/* for fault_pages_main: -1 leaves as is */

/* Child: on CPU pf_cpu at priority pf_prio, demand-zero PF_PAGES pages. */
static int fault_pages_main(void)
{
	uint32_t *p;

	CHK(sys_schedctl(SELF, pf_cpu, pf_prio) == OK);
	CHK((p = vm_mmap(PF_PAGES * PAGE)) != NULL);
	for (unsigned pg = 0; pg < PF_PAGES; pg++) {
		CHK(page_of(p, pg)[WORDS - 1] == 0);		/* one fault: mapped writable */
		page_of(p, pg)[0] = pg + 1;
	}
	for (unsigned pg = 0; pg < PF_PAGES; pg++)
		CHK(page_of(p, pg)[0] == pg + 1 && page_of(p, pg)[1] == 0);
	CHK(vm_munmap(p, PF_PAGES * PAGE) == OK);
	return 0;
}

/* The CPU the VM server runs on. */
static int vm_cpu(void)
{
	struct proc_info info;

	return proc_of(vm_endpoint(), &info) ? (int)info.cpu : -1;
}

static int ncpus(void)
{
	struct kinfo k;

	return sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0 ? (int)k.ncpus : 1;
}

/* fault_pages_main on cpu at prio; its faults' counters in *d. */
static const char *fault_pages(int cpu, int prio, struct pf_counts *d)
{
	struct pf_counts a, b;
	endpoint_t c;

	pf_cpu = cpu;
	pf_prio = prio;
	pf_counts(&a);
	T_VM_SPAWN(c, fault_pages_main);
	T_EXIT(c, 0);
	pf_counts(&b);
	d->fault_hits = b.fault_hits - a.fault_hits;
	d->resume_hits = b.resume_hits - a.resume_hits;
	for (int r = 0; r < PF_SLOW_REASONS; r++) {
		d->fault_slow[r] = b.fault_slow[r] - a.fault_slow[r];
		d->resume_slow[r] = b.resume_slow[r] - a.resume_slow[r];
	}
	return NULL;
}

/* On VM's CPU both fast paths take every fault. */
static const char *t_faultpath(void)
{
	struct pf_counts d;
	const char *why;

	T_ASSERT(vm_cpu() >= 0);
	if ((why = fault_pages(vm_cpu(), -1, &d)))
		return why;
	if (d.fault_hits < PF_PAGES || d.resume_hits < PF_PAGES)
		return test_failf("fast faults %u, resumes %u, want %u", (unsigned)d.fault_hits,
				  (unsigned)d.resume_hits, PF_PAGES);
	return NULL;
}

static int on_cpu(endpoint_t ep, int cpu)
{
	struct proc_info info;

	return proc_of(ep, &info) && (int)info.cpu == cpu;
}

/*
 * yielder_main on pf_cpu at VM's level: a process that would run before VM
 * (the faulting child above it blocks; VM, the target, is not alone on its
 * level), without starving VM as one above it would.
 */
static int level_yielder_main(void)
{
	CHK(sys_schedctl(SELF, pf_cpu, -1) == OK);
	return yielder_main();
}

/*
 * Above VM's priority, with another process on VM's level (alone on a CPU
 * the policy hands off between levels), the hand-offs are refused (SCHED);
 * the resumed child then runs before VM is back in its receive, so its
 * later faults find VM not waiting (NOT_WAITING) and go through the queue.
 * Same pages.
 */
static const char *t_faultpath_priority(void)
{
	struct pf_counts d;
	const char *why;
	endpoint_t y;

	if ((why = skip_unless_prio_handoff()))
		return why;
	pf_cpu = vm_cpu();
	pf_prio = SCHED_PRIO_TEST;
	T_VM_SPAWN(y, level_yielder_main);
	for (uint32_t end = uptime() + WAIT_TICKS; !on_cpu(y, pf_cpu) && uptime() < end;)
		poll_yield();		/* until it has moved itself there */
	T_ASSERT(on_cpu(y, pf_cpu));
	why = fault_pages(vm_cpu(), SCHED_PRIO_TEST, &d);
	T_ASSERT_EQ(sys_clear(y), OK);		/* it was there all along */
	reap(y);
	if (why)
		return why;
	if (d.fault_slow[PF_SLOW_SCHED] < 1 || d.resume_slow[PF_SLOW_SCHED] < 1 ||
	    d.fault_slow[PF_SLOW_NOT_WAITING] < PF_PAGES - 1)
		return test_failf("fallbacks: sched %u / %u, not waiting %u (fast %u / %u)",
				  d.fault_slow[PF_SLOW_SCHED], d.resume_slow[PF_SLOW_SCHED],
				  d.fault_slow[PF_SLOW_NOT_WAITING], (unsigned)d.fault_hits,
				  (unsigned)d.resume_hits);
	return NULL;
}

/* On another CPU than VM's (more than one CPU): the general path, same pages. */
static const char *t_faultpath_other_cpu(void)
{
	struct pf_counts d;
	const char *why;

	if (ncpus() < 2)
		return NULL;
	if ((why = fault_pages((vm_cpu() + 1) % ncpus(), -1, &d)))
		return why;
	/*
	 * Every fault falls back.  A resume tries its fast path only when the
	 * fault reached VM as a message, which the first always does (VM waits
	 * idle); a later one may find VM still busy and be queued instead, as
	 * the two CPUs race, so only one resume fallback is certain.
	 */
	if (d.fault_slow[PF_SLOW_OTHER_CPU] < PF_PAGES || d.resume_slow[PF_SLOW_OTHER_CPU] < 1)
		return test_failf("other-CPU fallbacks: faults %u, resumes %u",
				  d.fault_slow[PF_SLOW_OTHER_CPU], d.resume_slow[PF_SLOW_OTHER_CPU]);
	return NULL;
}

/* Runs a case with children cleaned up and VM's memory back at its baseline. */
static const char *checked(const char *(*body)(void))
{
	struct vm_info before, after;
	const char *why;

	if (vm_info(&before) != OK)
		return test_failf("no VM server (boot module \"vm\")");
	why = guarded(body);
	if (vm_info(&after) != OK)
		return why ? why : test_failf("VM server gone");
	if (!why && (after.free_frames != before.free_frames || after.committed != before.committed))
		why = test_failf("VM free frames %u -> %u, committed %u -> %u", before.free_frames,
				 after.free_frames, before.committed, after.committed);
	return why;
}

#define CHECKED(fn) static const char *fn##_c(void) { return checked(fn); }
CHECKED(t_demand_zero) CHECKED(t_munmap) CHECKED(t_outside_and_readonly) CHECKED(t_fork_cow)
CHECKED(t_exit_frees) CHECKED(t_out_of_memory) CHECKED(t_fake_fault) CHECKED(t_kcall_suspends)
CHECKED(t_brk) CHECKED(t_bad_requests) CHECKED(t_sys_fork_refused) CHECKED(t_kcall_other) CHECKED(t_concurrent)
CHECKED(t_faultpath) CHECKED(t_faultpath_priority) CHECKED(t_faultpath_other_cpu)
CHECKED(t_share_of_memory)

static const struct test_case cases[] = {
	{ "vm.demand_zero", t_demand_zero_c },
	{ "vm.munmap_splits_and_faults", t_munmap_c },
	{ "vm.outside_region_and_readonly", t_outside_and_readonly_c },
	{ "vm.fork_copy_on_write", t_fork_cow_c },
	{ "vm.exit_frees_everything", t_exit_frees_c },
	{ "vm.out_of_memory", t_out_of_memory_c },
	{ "vm.share_of_memory", t_share_of_memory_c },
	{ "vm.fake_pagefault_refused", t_fake_fault_c },
	{ "vm.kcall_waits_for_page", t_kcall_suspends_c },
	{ "vm.kcall_into_other_process", t_kcall_other_c },
	{ "vm.concurrent_faults", t_concurrent_c },
	{ "vm.brk", t_brk_c },
	{ "vm.bad_requests", t_bad_requests_c },
	{ "vm.sys_fork_refused", t_sys_fork_refused_c },
	{ "vm.faultpath", t_faultpath_c },
	{ "vm.faultpath_slow_priority", t_faultpath_priority_c },
	{ "vm.faultpath_slow_other_cpu", t_faultpath_other_cpu_c },
};

int main(void)
{
	if (children_init() < 0)
		return 1;
	wait_for_module("fastpath_test");
	return test_run(cases, TEST_COUNT(cases));
}
