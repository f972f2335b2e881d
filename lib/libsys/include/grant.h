/*
 * grant.h - making and using grants (semantics: abi/grant.h).
 *
 * The process's grant table lives in this library (GRANT_TABLE_SIZE
 * entries) and is registered with the kernel on first use.  Making a grant
 * returns its id, revoking it makes every outstanding id for that entry
 * stale at once.  Functions return an id or OK, or a negative error.
 */
#ifndef _GRANT_H
#define _GRANT_H

#include <stddef.h>
#include <abi/grant.h>

#define GRANT_TABLE_SIZE	64

cp_grant_id_t cpf_grant_direct(endpoint_t grantee, vir_bytes addr, size_t len, uint32_t access);
cp_grant_id_t cpf_grant_indirect(endpoint_t grantee, endpoint_t owner, cp_grant_id_t gid);
cp_grant_id_t cpf_grant_magic(endpoint_t grantee, endpoint_t granter, vir_bytes addr, size_t len,
			      uint32_t access);
int cpf_revoke(cp_grant_id_t gid);
void cpf_forked(void);		/* in a forked child: register the table again */

int sys_setgrant(struct grant_entry *table, unsigned count);
int sys_safecopyfrom(endpoint_t granter, cp_grant_id_t gid, vir_bytes offset, void *buf,
		     size_t bytes);
int sys_safecopyto(endpoint_t granter, cp_grant_id_t gid, vir_bytes offset, const void *buf,
		   size_t bytes);
int sys_vsafecopy(struct vscp_vec *vec, unsigned count);
int sys_safemap(endpoint_t granter, cp_grant_id_t gid, vir_bytes offset, void *addr,
		size_t bytes, int writable);
int sys_saferevmap(cp_grant_id_t gid);
int sys_safeunmap(void *addr);

#endif /* _GRANT_H */
