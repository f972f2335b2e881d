/*
 * tools/hostbench/hb_lookup.c - endpoint and grant lookup on the host:
 * endpoint encode/decode (abi/endpoint.h), endpoint to process
 * (proc_lookup, inline in kernel/proc.h), and grant_resolve
 * (kernel/grant.c, with the real smp/cpulock.c locking): a direct grant,
 * and an indirect one passed on once.  The grant tables are in host_env.c's
 * "user memory".
 */
#include <string.h>
#include <abi/errno.h>
#include <abi/grant.h>
#include "kernel/grant.h"
#include "kernel/proc.h"
#include "hb_env.h"
#include "hostbench.h"

#define GRANTER		1	/* slots */
#define MIDDLE		2
#define USER		3
#define ENTRIES		64	/* libsys's GRANT_TABLE_SIZE */
#define DIRECT_INDEX	37
#define INDIRECT_INDEX	5

static cp_grant_id_t direct_gid, indirect_gid;

/* ---- endpoints --------------------------------------------------------- */

static void run_encode_decode(uint64_t n)
{
	uint32_t sum = 0;

	for (uint64_t i = 0; i < n; i++) {
		endpoint_t ep = endpoint_make((int32_t)(i >> 7) + 1, (int)(i & 127));

		sum += (uint32_t)endpoint_slot(ep) + (uint32_t)endpoint_gen(ep);
		HB_KEEP(sum);
	}
}

static void setup_procs(void)
{
	hb_env_reset(100);
}

/* The 100 live processes in turn. */
static void run_lookup(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		struct proc *p = NULL;
		int r = proc_lookup(endpoint_make(1, (int)(i % 100) + 1), &p);

		HB_KEEP(r);
		HB_KEEP(p);
	}
}

/* ---- grants ------------------------------------------------------------ */

static struct grant_entry *table_of(unsigned slot)
{
	return (struct grant_entry *)(hb_user_memory + slot * ENTRIES * sizeof(struct grant_entry));
}

static void give_table(unsigned slot)
{
	struct proc *p = &proc_table[slot];

	p->grant_table = (vir_bytes)((uint8_t *)table_of(slot) - hb_user_memory);
	p->grant_count = ENTRIES;
}

/*
 * GRANTER grants 64 KiB at 0x40010000 to MIDDLE (entry DIRECT_INDEX, read
 * and write) and USER (the same range, next entry, read); MIDDLE passes its
 * grant on to USER (INDIRECT_INDEX).
 */
static void setup_grants(void)
{
	endpoint_t granter, middle, user;
	struct grant_entry *g, *m;
	struct grant_target t;

	hb_env_reset(8);
	memset(hb_user_memory, 0, sizeof(hb_user_memory));
	granter = proc_table[GRANTER].endpoint;
	middle = proc_table[MIDDLE].endpoint;
	user = proc_table[USER].endpoint;
	give_table(GRANTER);
	give_table(MIDDLE);
	g = table_of(GRANTER);
	g[DIRECT_INDEX] = (struct grant_entry){ .flags = CPF_USED | CPF_DIRECT | CPF_READ | CPF_WRITE,
						.gen = 3, .grantee = middle,
						.direct = { 0x40010000u, 65536 } };
	g[DIRECT_INDEX + 1] = (struct grant_entry){ .flags = CPF_USED | CPF_DIRECT | CPF_READ,
						    .gen = 3, .grantee = user,
						    .direct = { 0x40010000u, 65536 } };
	direct_gid = grant_id(3, DIRECT_INDEX + 1);
	m = table_of(MIDDLE);
	m[INDIRECT_INDEX] = (struct grant_entry){
		.flags = CPF_USED | CPF_INDIRECT | CPF_READ | CPF_WRITE, .gen = 1, .grantee = user,
		.indirect = { granter, grant_id(3, DIRECT_INDEX) } };
	indirect_gid = grant_id(1, INDIRECT_INDEX);

	hb_require(grant_resolve(granter, user, direct_gid, CPF_READ, 4096, 4096, &t) == OK &&
		   t.owner == granter && t.addr == 0x40011000u, "direct grant");
	hb_require(grant_resolve(middle, user, indirect_gid, CPF_READ, 4096, 4096, &t) == OK &&
		   t.owner == granter && t.addr == 0x40011000u, "indirect grant");
	hb_require(grant_resolve(granter, middle, direct_gid, CPF_READ, 0, 64, &t) == EPERM,
		   "grant to another user refused");
}

static void run_direct(uint64_t n)
{
	endpoint_t granter = proc_table[GRANTER].endpoint, user = proc_table[USER].endpoint;

	for (uint64_t i = 0; i < n; i++) {
		struct grant_target t;

		HB_KEEP(grant_resolve(granter, user, direct_gid, CPF_READ, 4096, 4096, &t));
		HB_KEEP(t.addr);
	}
}

static void run_indirect(uint64_t n)
{
	endpoint_t middle = proc_table[MIDDLE].endpoint, user = proc_table[USER].endpoint;

	for (uint64_t i = 0; i < n; i++) {
		struct grant_target t;

		HB_KEEP(grant_resolve(middle, user, indirect_gid, CPF_READ, 4096, 4096, &t));
		HB_KEEP(t.addr);
	}
}

const struct hostbench hb_endpoint_encode_decode = {
	"endpoint/encode_decode", "endpoint_make + endpoint_slot + endpoint_gen", NULL,
	NULL, run_encode_decode,
};
const struct hostbench hb_endpoint_lookup = {
	"endpoint/lookup", "endpoint to live process (proc_lookup)", NULL,
	setup_procs, run_lookup,
};
const struct hostbench hb_grant_direct = {
	"grant/resolve_direct", "grant_resolve of a direct grant: lookup, lock, entry, checks", NULL,
	setup_grants, run_direct,
};
const struct hostbench hb_grant_indirect = {
	"grant/resolve_indirect", "grant_resolve of an indirect grant (two entries, two processes)",
	NULL, setup_grants, run_indirect,
};
