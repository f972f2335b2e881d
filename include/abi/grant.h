/*
 * abi/grant.h - memory grants (MINIX's safecopies).
 *
 * A process keeps a table of grant entries in its own memory and tells the
 * kernel where it is (SYS_SETGRANT).  A grant lets one other process (or
 * ANY) read and/or write a range of the granter's memory through
 * SAFECOPYFROM / SAFECOPYTO / VSAFECOPY, or map its pages (SAFEMAP).  The
 * kernel reads the table on every use, so changing or revoking an entry
 * takes effect at once.
 *
 * A grant id carries the entry's generation: reusing a slot bumps the
 * generation, so an old id never validates against the new entry.
 */
#ifndef ABI_GRANT_H
#define ABI_GRANT_H

#include <abi/types.h>

typedef int32_t cp_grant_id_t;

#define GRANT_INDEX_BITS	12
#define GRANT_MAX_ENTRIES	(1 << GRANT_INDEX_BITS)
#define GRANT_INVALID		((cp_grant_id_t)-1)

static inline cp_grant_id_t grant_id(uint32_t gen, uint32_t index)
{
	return (cp_grant_id_t)(((gen & 0x7ffff) << GRANT_INDEX_BITS) | index);
}
static inline uint32_t grant_index(cp_grant_id_t id) { return (uint32_t)id & (GRANT_MAX_ENTRIES - 1); }
static inline uint32_t grant_gen(cp_grant_id_t id) { return (uint32_t)id >> GRANT_INDEX_BITS; }

/* grant_entry.flags */
#define CPF_READ	(1u << 0)	/* grantee may read */
#define CPF_WRITE	(1u << 1)	/* grantee may write */
#define CPF_DIRECT	(1u << 4)	/* range of the granter's own memory */
#define CPF_INDIRECT	(1u << 5)	/* passes on a grant the granter received */
#define CPF_MAGIC	(1u << 6)	/* range of a third process's memory (privileged) */
#define CPF_USED	(1u << 8)	/* the entry holds a grant */
#define CPF_MAP		(1u << 9)	/* may be mapped with SAFEMAP */

struct grant_entry {
	uint32_t flags;
	uint32_t gen;			/* matches the id's generation */
	endpoint_t grantee;		/* who may use it, or ANY */
	union {
		struct { vir_bytes addr; uint32_t len; } direct;
		struct { endpoint_t owner; cp_grant_id_t id; } indirect;
		struct { endpoint_t granter; vir_bytes addr; uint32_t len; } magic;
	};
};
_Static_assert(sizeof(struct grant_entry) == 24, "grant entry layout");

/* One element of a VSAFECOPY vector. */
struct vscp_vec {
	endpoint_t from;		/* SELF or the granter */
	endpoint_t to;			/* SELF or the granter */
	cp_grant_id_t gid;
	vir_bytes offset;		/* into the grant */
	vir_bytes addr;			/* the caller's own buffer */
	uint32_t bytes;
};
#define VSCP_MAX	16

#endif /* ABI_GRANT_H */
