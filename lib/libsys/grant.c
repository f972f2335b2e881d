/*
 * lib/libsys/grant.c - the process's grant table (grant.h).
 *
 * An entry is filled in completely before CPF_USED is set (the kernel may
 * read the table at any moment from another CPU), and its generation is
 * bumped when it is revoked so the old id never validates again.
 */
#include <string.h>
#include <grant.h>
#include <syslib.h>

static struct grant_entry table[GRANT_TABLE_SIZE];
static int registered;

/*
 * The kernel keeps the table's registration per process: a forked child
 * has the table (a copy) but not the registration, so sys_fork and
 * vm_fork call this in the child and its first grant registers again.
 */
void cpf_forked(void)
{
	if (registered)		/* a read only: no copy-on-write fault for a child that never granted */
		registered = 0;
}

static int ensure_registered(void)
{
	int r;

	if (registered)
		return OK;
	if ((r = sys_setgrant(table, GRANT_TABLE_SIZE)) == OK)
		registered = 1;
	return r;
}

/* Fills a free entry from *proto and publishes it; returns its id. */
static cp_grant_id_t publish(const struct grant_entry *proto)
{
	int r = ensure_registered();

	if (r != OK)
		return r;
	for (uint32_t i = 0; i < GRANT_TABLE_SIZE; i++) {
		struct grant_entry *e = &table[i];

		if (e->flags & CPF_USED)
			continue;
		uint32_t gen = e->gen;
		*e = *proto;
		e->gen = gen;
		e->flags = 0;
		__atomic_store_n(&e->flags, proto->flags | CPF_USED, __ATOMIC_RELEASE);
		return grant_id(gen, i);
	}
	return ENOSPC;
}

cp_grant_id_t cpf_grant_direct(endpoint_t grantee, vir_bytes addr, size_t len, uint32_t access)
{
	struct grant_entry e = { .flags = CPF_DIRECT | (access & (CPF_READ | CPF_WRITE | CPF_MAP)),
				 .grantee = grantee };

	e.direct.addr = addr;
	e.direct.len = len;
	return publish(&e);
}

cp_grant_id_t cpf_grant_indirect(endpoint_t grantee, endpoint_t owner, cp_grant_id_t gid)
{
	struct grant_entry e = { .flags = CPF_INDIRECT | CPF_READ | CPF_WRITE, .grantee = grantee };

	e.indirect.owner = owner;
	e.indirect.id = gid;
	return publish(&e);
}

cp_grant_id_t cpf_grant_magic(endpoint_t grantee, endpoint_t granter, vir_bytes addr, size_t len,
			      uint32_t access)
{
	struct grant_entry e = { .flags = CPF_MAGIC | (access & (CPF_READ | CPF_WRITE)),
				 .grantee = grantee };

	e.magic.granter = granter;
	e.magic.addr = addr;
	e.magic.len = len;
	return publish(&e);
}

int cpf_revoke(cp_grant_id_t gid)
{
	uint32_t i = grant_index(gid);

	if (gid < 0 || i >= GRANT_TABLE_SIZE || !(table[i].flags & CPF_USED) ||
	    table[i].gen != grant_gen(gid))
		return EINVAL;
	__atomic_store_n(&table[i].flags, 0, __ATOMIC_RELEASE);
	table[i].gen++;
	return OK;
}
