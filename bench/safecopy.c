/*
 * bench/safecopy.c - safecopy/64, safecopy/4k, safecopy/64k, safecopy/1m:
 * copying granted memory from another process, per copy.
 *
 * setup() forks a granter (bench_granter_start): it fills its copy of the
 * page-aligned static buffer with a pattern, makes a direct grant of the
 * first `size` bytes to the bench process and waits to be stopped.  One
 * operation is one sys_safecopyfrom of the whole granted size into the
 * bench process's own copy of the same buffer: trap, grant lookup and
 * checks (kernel/grant.c) and the copy (vm_copy, page by page through
 * the direct map) in one section under the CPU locks of both processes
 * (one lock when they share a CPU), return.  The pages on both sides are
 * present, so no VM request is involved.  Compare: Linux process_vm_readv
 * 3282 (4 KiB), 22483 (64 KiB), 325102 (1 MiB); goal safecopy 4 KiB <=
 * 2000.  The buffers are not VM memory, so this is always the byte copy;
 * safecopy_cow.c measures VM memory, shared copy-on-write from the
 * kernel's threshold on.
 *
 * safemap.c uses the same granter (CPF_MAP grants).
 */
#include <string.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include "benches.h"

/* The granter's memory (in the child) and the copy's destination (here). */
static uint8_t buf[BENCH_GRANT_MAX] __attribute__((aligned(4096)));
static uint32_t grant_bytes, grant_access;	/* the next granter's orders */

static endpoint_t granter = NONE;
static cp_grant_id_t gid;
static uint32_t bytes;

/* The granter: pattern, grant, tell the parent the id, wait to be stopped. */
static int granter_main(endpoint_t parent)
{
	message m;

	memset(buf, BENCH_GRANT_PATTERN, grant_bytes);
	memset(&m, 0, sizeof(m));
	m.m_type = BENCH_MSG_GO;
	m.words[0] = (uint32_t)cpf_grant_direct(parent, (vir_bytes)buf, grant_bytes, grant_access);
	if (ipc_send(parent, &m) != OK)
		return 1;
	while (!bench_partner_receive(parent, &m))
		;
	return 0;
}

int bench_granter_start(uint32_t size, uint32_t access, endpoint_t *ep, cp_grant_id_t *id)
{
	endpoint_t c;
	message m;
	int r;

	if (size == 0 || size > BENCH_GRANT_MAX)
		return bench_fail("grant of %u bytes: at most %u", size, BENCH_GRANT_MAX);
	grant_bytes = size;
	grant_access = access;
	if ((c = bench_fork_partner(granter_main)) < 0)
		return bench_setup_error(c, "fork: %d (is `bench` marked priv=system on the boot line?)", c);
	if ((r = ipc_receive(c, &m, NULL)) != OK || (int32_t)m.words[0] < 0) {
		bench_stop_partner(c);
		return bench_fail("granter: receive %d, grant %d", r,
				  r == OK ? (int)(int32_t)m.words[0] : 0);
	}
	*ep = c;
	*id = (cp_grant_id_t)m.words[0];
	return BENCH_OK;
}

static void run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		int r = sys_safecopyfrom(granter, gid, 0, buf, bytes);

		if (r != OK) {
			bench_error("sys_safecopyfrom of %u bytes: %d", bytes, r);
			return;
		}
	}
}

static void teardown(void)
{
	bench_stop_partner(granter);
	granter = NONE;
}

/* Starts the granter and checks one copy: all of it arrives, nothing more. */
static int setup_size(uint32_t size)
{
	int r = bench_granter_start(size, CPF_READ, &granter, &gid);

	if (r != BENCH_OK)
		return r;
	bytes = size;
	memset(buf, 0, sizeof(buf));
	run(1);
	if (bench_failed()) {
		teardown();
		return BENCH_FAIL;	/* reason set by bench_error() */
	}
	if (buf[0] != BENCH_GRANT_PATTERN || buf[size - 1] != BENCH_GRANT_PATTERN ||
	    (size < sizeof(buf) && buf[size] != 0)) {
		teardown();
		return bench_fail("the copy of %u bytes did not arrive as granted", size);
	}
	return BENCH_OK;
}

static int setup_64(void)
{
	return setup_size(64);
}

static int setup_4k(void)
{
	return setup_size(4096);
}

static int setup_64k(void)
{
	return setup_size(65536);
}

static int setup_1m(void)
{
	return setup_size(1u << 20);
}

const struct bench bench_safecopy_64 = {
	.name = "safecopy/64",
	.description = "sys_safecopyfrom of 64 bytes granted by another process",
	.setup = setup_64,
	.run = run,
	.teardown = teardown,
	.unit_per = "copy",
};

const struct bench bench_safecopy_4k = {
	.name = "safecopy/4k",
	.description = "sys_safecopyfrom of 4 KiB (one page) granted by another process",
	.setup = setup_4k,
	.run = run,
	.teardown = teardown,
	.unit_per = "copy",
};

const struct bench bench_safecopy_64k = {
	.name = "safecopy/64k",
	.description = "sys_safecopyfrom of 64 KiB granted by another process",
	.setup = setup_64k,
	.run = run,
	.teardown = teardown,
	.unit_per = "copy",
};

const struct bench bench_safecopy_1m = {
	.name = "safecopy/1m",
	.description = "sys_safecopyfrom of 1 MiB granted by another process",
	.setup = setup_1m,
	.run = run,
	.teardown = teardown,
	.unit_per = "copy",
};
