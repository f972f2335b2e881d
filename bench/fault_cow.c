/*
 * bench/fault_cow.c - fault_cow: the first write to a page after vm_fork.
 *
 * setup() maps a 64 MiB region, writes every page, and vm_forks a child
 * that waits: every page is then shared read-only by the two.  One
 * operation is one write to the next such page: the protection fault goes
 * through the kernel to VM, which takes a frame and has the kernel copy the
 * shared page into it, map it writable and resume the process in one
 * VMCTL_MAP_PHYS.  When every page has been written, run() stops the child
 * and forks a new one to share them all again: a cost that lands in a
 * single sample (max), not in the median.
 */
#include <stdio.h>
#include <syslib.h>
#include <vm.h>
#include "benches.h"

#define PAGE		4096u
#define COW_PAGES	16384u

static uint8_t *area;
static uint32_t next_page;
static endpoint_t child = NONE;

/* Shares every page of the area with a new child that waits to be stopped. */
static int share_again(void)
{
	endpoint_t parent = bench_self(), c;
	message m;

	fflush_stdout();
	if ((c = vm_fork()) == 0) {
		while (!bench_partner_receive(parent, &m))
			;
		sys_exit(0);
	}
	if (c < 0)
		return c;
	child = c;
	next_page = 0;
	return OK;
}

static void run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		if (next_page == COW_PAGES) {
			int r;

			bench_stop_partner(child);
			if ((r = share_again()) != OK) {
				bench_error("vm_fork: %d", r);
				return;
			}
		}
		area[next_page++ * PAGE] = 2;
	}
}

static int setup(void)
{
	int r = bench_vm_start();

	if (r != BENCH_OK)
		return r;
	if ((r = vm_mmap_flags(COW_PAGES * PAGE, 0, (void **)&area)) != OK)
		return bench_setup_error(r, "vm_mmap of %u pages: %d", COW_PAGES, r);
	for (uint32_t i = 0; i < COW_PAGES; i++)
		area[i * PAGE] = 1;
	if ((r = share_again()) != OK) {
		vm_munmap(area, COW_PAGES * PAGE);
		return bench_setup_error(r, "vm_fork: %d", r);
	}
	return BENCH_OK;
}

static void teardown(void)
{
	bench_stop_partner(child);
	child = NONE;
	vm_munmap(area, COW_PAGES * PAGE);
	area = NULL;
}

/* fault_cow/vm_remote: VM on the next CPU (bench_vm_remote, fault_zero.c). */
static int setup_vm_remote(void)
{
	int r = setup();

	if (r == BENCH_OK && (r = bench_vm_remote(1)) != BENCH_OK) {
		teardown();
		bench_vm_remote(0);
	}
	return r;
}

static void teardown_vm_remote(void)
{
	teardown();
	bench_vm_remote(0);
}

const struct bench bench_fault_cow = {
	.name = "fault_cow",
	.description = "first write to a page shared copy-on-write after vm_fork: fault, VM copies, resume",
	.setup = setup,
	.run = run,
	.teardown = teardown,
	.unit_per = "page",
	.ops_per_iter = 1,
};

const struct bench bench_fault_cow_vm_remote = {
	.name = "fault_cow/vm_remote",
	.description = "fault_cow with the VM server on another CPU: the fault and the answer cross CPUs",
	.setup = setup_vm_remote,
	.run = run,
	.teardown = teardown_vm_remote,
	.unit_per = "page",
	.ops_per_iter = 1,
};
