/*
 * bench/safecopy_cow.c - safecopy_cow/S and safecopy_cow_write/S (S = 4k,
 * 16k, 64k, 1m): safecopy of VM memory, where the kernel shares the pages
 * copy-on-write once S reaches its threshold (kernel/cowcopy.h).
 *
 * setup() starts a VM server if needed (bench_vm_start), forks a granter
 * that maps S bytes with vm_mmap, fills them and grants them (read) to the
 * bench process, then maps S bytes of its own destination with vm_mmap.
 * One operation of safecopy_cow is one sys_safecopyfrom of all S bytes:
 * at or above the threshold the call is suspended for VM, which has the
 * kernel remap both sides (VMCTL_COW_SHARE) and restarts it; below, or
 * booted with safecopy_cow=0 (make bench KARGS=safecopy_cow=0), the bytes
 * are copied as in safecopy/S.  safecopy_cow_write also writes one word of
 * every destination page after the copy: with sharing, each write is a
 * copy-on-write fault (VM copies the frame), the price of sharing a page
 * that is then written.  The granter's pages stay read-only after the
 * first share; it never writes them again.
 */
#include <stdbool.h>
#include <string.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include <vm.h>
#include "benches.h"

#define PAGE	4096u

static uint32_t bytes;
static bool write_after;
static endpoint_t granter = NONE;
static cp_grant_id_t gid;
static uint8_t *dst;

/* The granter: S bytes of VM memory, pattern, grant, wait to be stopped. */
static int granter_main(endpoint_t parent)
{
	uint8_t *src = vm_mmap(bytes);
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = BENCH_MSG_GO;
	m.words[0] = (uint32_t)EINVAL;
	if (src) {
		memset(src, BENCH_GRANT_PATTERN, bytes);
		m.words[0] = (uint32_t)cpf_grant_direct(parent, (vir_bytes)src, bytes, CPF_READ);
	}
	if (ipc_send(parent, &m) != OK)
		return 1;
	while (!bench_partner_receive(parent, &m))
		;
	return 0;
}

static void run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		int r = sys_safecopyfrom(granter, gid, 0, dst, bytes);

		if (r != OK) {
			bench_error("sys_safecopyfrom of %u bytes: %d", bytes, r);
			return;
		}
		if (write_after)
			for (uint32_t off = 0; off < bytes; off += PAGE)
				dst[off] = 1;
	}
}

static void teardown(void)
{
	bench_stop_partner(granter);
	granter = NONE;
	if (dst)
		vm_munmap(dst, bytes);
	dst = NULL;
}

/* The granter first (sys_fork: this process has no VM pages yet), then our pages. */
static int setup_size(uint32_t size, bool write)
{
	endpoint_t c;
	message m;
	int r;

	if ((r = bench_vm_start()) != BENCH_OK)
		return r;
	bytes = size;
	write_after = write;
	if ((c = bench_fork_partner(granter_main)) < 0)
		return bench_setup_error(c, "fork: %d", c);
	granter = c;
	if ((r = ipc_receive(c, &m, NULL)) != OK || (int32_t)m.words[0] < 0) {
		teardown();
		return bench_fail("granter: receive %d, grant %d", r, (int)(int32_t)m.words[0]);
	}
	gid = (cp_grant_id_t)m.words[0];
	if ((r = vm_mmap_flags(size, 0, (void **)&dst)) != OK) {
		dst = NULL;
		teardown();
		return bench_setup_error(r, "vm_mmap of %u bytes: %d", size, r);
	}
	run(1);
	if (bench_failed()) {
		teardown();
		return BENCH_FAIL;
	}
	if (dst[size - 1] != BENCH_GRANT_PATTERN || (!write && dst[0] != BENCH_GRANT_PATTERN)) {
		teardown();
		return bench_fail("the copy of %u bytes did not arrive", size);
	}
	return BENCH_OK;
}

#define COW_BENCH(id, size, label, write, what)					\
	static int setup_##id(void)						\
	{									\
		return setup_size(size, write);					\
	}									\
	const struct bench bench_##id = {					\
		.name = label,							\
		.description = what,						\
		.setup = setup_##id,						\
		.run = run,							\
		.teardown = teardown,						\
		.unit_per = "copy",						\
	}

#define SHARE	"sys_safecopyfrom of VM memory, shared copy-on-write at or above the threshold"
#define WRITE	SHARE "; then one write per destination page"

COW_BENCH(safecopy_cow_4k, 4096, "safecopy_cow/4k", false, SHARE " (4 KiB)");
COW_BENCH(safecopy_cow_16k, 16384, "safecopy_cow/16k", false, SHARE " (16 KiB)");
COW_BENCH(safecopy_cow_64k, 65536, "safecopy_cow/64k", false, SHARE " (64 KiB)");
COW_BENCH(safecopy_cow_1m, 1u << 20, "safecopy_cow/1m", false, SHARE " (1 MiB)");
COW_BENCH(safecopy_cow_write_4k, 4096, "safecopy_cow_write/4k", true, WRITE " (4 KiB)");
COW_BENCH(safecopy_cow_write_16k, 16384, "safecopy_cow_write/16k", true, WRITE " (16 KiB)");
COW_BENCH(safecopy_cow_write_64k, 65536, "safecopy_cow_write/64k", true, WRITE " (64 KiB)");
COW_BENCH(safecopy_cow_write_1m, 1u << 20, "safecopy_cow_write/1m", true, WRITE " (1 MiB)");
