/*
 * servers/ds/map.c - the grants DS makes so that retrievers can map a
 * published range.
 *
 * A mapped range stays in its publisher's memory: the publisher grants it
 * to DS, and DS passes it on to each retriever with an indirect grant of
 * its own (grantee: that retriever), which the retriever maps with
 * SAFEMAP.  So only processes DS chose can map it, and DS can take every
 * mapping away: when the entry is overwritten or deleted, DS revokes its
 * grants (SAFEREVMAP removes the mappings made through them on every
 * CPU).  One grant per (entry, retriever), at most DS_RETRIEVER_MAPS per
 * retriever so that no one takes them all; a full table is first swept
 * of grants whose retriever has died (the kernel removed their mappings
 * at the exit), then refused with ENOSPC.
 */
#include <grant.h>
#include <syslib.h>
#include "ds.h"

struct map_grant {
	bool used;
	uint16_t entry;			/* index in ds_store.entries */
	endpoint_t retriever;
	cp_grant_id_t gid;
};

static struct map_grant grants[DS_MAP_GRANTS];

static void revoke(struct map_grant *g)
{
	sys_saferevmap(g->gid);		/* ENOENT when it was never mapped */
	cpf_revoke(g->gid);
	g->used = false;
}

/* Frees the grants of retrievers that have died; true if any was. */
static bool sweep_dead(void)
{
	bool freed = false;

	for (unsigned i = 0; i < DS_MAP_GRANTS; i++) {
		if (grants[i].used && !owner_alive(grants[i].retriever)) {
			revoke(&grants[i]);
			freed = true;
		}
	}
	return freed;
}

/*
 * A grant through which retriever may map the range of entry idx: its old
 * one, or a new one.
 */
int map_grant(unsigned idx, endpoint_t retriever, cp_grant_id_t *gid)
{
	const struct ds_entry *e = &ds_store.entries[idx];
	struct map_grant *g = NULL;
	unsigned held = 0;
	cp_grant_id_t id;

	for (unsigned i = 0; i < DS_MAP_GRANTS; i++) {
		if (grants[i].used && grants[i].retriever == retriever) {
			if (grants[i].entry == idx) {
				*gid = grants[i].gid;
				return OK;
			}
			held++;
		}
		if (!grants[i].used && !g)
			g = &grants[i];
	}
	if (held >= DS_RETRIEVER_MAPS)
		return ENOSPC;
	if (!g && sweep_dead())
		return map_grant(idx, retriever, gid);
	if (!g)
		return ENOSPC;
	if ((id = cpf_grant_indirect(retriever, e->owner_ep, (cp_grant_id_t)e->value)) < 0)
		return id;
	*g = (struct map_grant){ true, (uint16_t)idx, retriever, id };
	*gid = id;
	return OK;
}

/* Takes every mapping of entry idx's range away (it was overwritten or deleted). */
void map_revoke(unsigned idx)
{
	for (unsigned i = 0; i < DS_MAP_GRANTS; i++)
		if (grants[i].used && grants[i].entry == idx)
			revoke(&grants[i]);
}

uint32_t map_grants(void)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < DS_MAP_GRANTS; i++)
		n += grants[i].used;
	return n;
}
