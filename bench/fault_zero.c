/*
 * bench/fault_zero.c - fault_zero: the first touch of an anonymous page.
 *
 * One operation is one write to a page of a VM_MMAP region never touched
 * before: the page fault traps to the kernel, which blocks the process and
 * hands the fault to the VM server waiting in a receive (a message from
 * SYSTEM, switching straight to VM); VM takes a frame and has the kernel
 * zero it, map it, resume the process and wait for VM's next message in
 * one VMCTL_MAP_PHYS (VMF_WAIT); the write is then executed again.  The region (64
 * MiB) is made in setup and touched page after page; when it is used up,
 * run() unmaps it and maps a fresh one, a cost that lands in a single
 * sample (max), not in the median.
 *
 * The bench program boots alone, so it starts a VM server itself when
 * there is no boot module "vm": bench_vm_start forks a child that runs the
 * server (servers/vm, linked in by bench.mk).
 *
 * fault_zero/vm_remote is the same with VM moved to the next CPU
 * (bench_vm_remote): the fault and VM's answer cross CPUs, so neither
 * fault fast path applies (kernel/faultpath.c: PF_SLOW_OTHER_CPU), a wake
 * reaches the other CPU, and the faulting CPU idles while VM works.
 * Under icount the figure is instructions summed over both CPUs.
 */
#include <stdio.h>
#include <syslib.h>
#include <vm.h>
#include "benches.h"

#define PAGE		4096u
#define ZERO_PAGES	16384u

static uint8_t *area;
static uint32_t next_page;

int bench_vm_start(void)
{
	struct vm_info info;
	endpoint_t ep;

	if (vm_info(&info) == OK)
		return BENCH_OK;
	fflush_stdout();		/* the child must not print our pending output */
	if ((ep = sys_fork()) == 0)
		vm_server_main();
	if (ep < 0)
		return bench_setup_error(ep, "fork for the VM server: %d", ep);
	vm_set_endpoint(ep);
	if (vm_info(&info) != OK)
		return bench_fail("the VM server did not start");
	return BENCH_OK;
}

/*
 * For the vm_remote variants: moves VM to the CPU after ours (back to ours
 * with remote 0) and checks where it went; BENCH_OK, or skip or fail.
 */
int bench_vm_remote(int remote)
{
	endpoint_t vm = vm_endpoint();
	int mine = bench_partner_cpu(bench_self()), want, r;
	struct vm_info info;

	if (remote && bench_ncpus() < 2 && !bench_forced())
		return bench_skip("needs >= 2 CPUs; guest has %u", bench_ncpus());
	if (vm < 0 || mine < 0)
		return bench_fail("cannot read the CPUs of VM and bench");
	want = remote ? (mine + 1) % (int)bench_ncpus() : mine;
	if ((r = sys_schedctl(vm, want, -1)) != OK)
		return bench_skip("sys_schedctl cannot move VM to CPU %d: %d", want, r);
	if (vm_info(&info) != OK)	/* VM has run where it now is */
		return bench_fail("VM does not answer on CPU %d", want);
	if (bench_partner_cpu(vm) != want && !bench_forced())
		return bench_skip("VM runs on CPU %d, not %d", bench_partner_cpu(vm), want);
	return BENCH_OK;
}

static int map_area(void)
{
	next_page = 0;
	return vm_mmap_flags(ZERO_PAGES * PAGE, 0, (void **)&area);
}

static void run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		if (next_page == ZERO_PAGES) {
			int r = vm_munmap(area, ZERO_PAGES * PAGE);

			if (r != OK || (r = map_area()) != OK) {
				bench_error("remap: %d", r);
				return;
			}
		}
		area[next_page++ * PAGE] = 1;
	}
}

static int setup(void)
{
	int r = bench_vm_start();

	if (r != BENCH_OK)
		return r;
	if ((r = map_area()) != OK)
		return bench_setup_error(r, "vm_mmap of %u pages: %d", ZERO_PAGES, r);
	return BENCH_OK;
}

static void teardown(void)
{
	vm_munmap(area, ZERO_PAGES * PAGE);
	area = NULL;
}

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

const struct bench bench_fault_zero = {
	.name = "fault_zero",
	.description = "first write to an anonymous page: fault, VM maps a zeroed frame, resume",
	.setup = setup,
	.run = run,
	.teardown = teardown,
	.unit_per = "page",
	.ops_per_iter = 1,
};

const struct bench bench_fault_zero_vm_remote = {
	.name = "fault_zero/vm_remote",
	.description = "fault_zero with the VM server on another CPU: the fault and the answer cross CPUs",
	.setup = setup_vm_remote,
	.run = run,
	.teardown = teardown_vm_remote,
	.unit_per = "page",
	.ops_per_iter = 1,
};
