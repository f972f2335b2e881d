/*
 * kernel/safemap.h - mapping granted pages into another process (SAFEMAP),
 * and taking such mappings away again (SAFEREVMAP by the granter,
 * SAFEUNMAP by the mapper, and automatically when either side exits).
 *
 * Each mapping is recorded (granter, grant id, memory owner and address,
 * mapper and address, pages) so that it can be found from either end;
 * removing one unmaps it and shoots it down on every CPU before the call
 * returns.  When VM unmaps or replaces a page of the owner, the mappings
 * made from it are removed the same way (safemap_revoke_pages).
 */
#ifndef KERNEL_SAFEMAP_H
#define KERNEL_SAFEMAP_H

#include <abi/grant.h>

struct proc;

int safemap_map(struct proc *mapper, endpoint_t granter, cp_grant_id_t gid, vir_bytes offset,
		vir_bytes addr, uint32_t bytes, bool writable);
int safemap_revoke(struct proc *granter, cp_grant_id_t gid);
int safemap_unmap(struct proc *mapper, vir_bytes addr);
void safemap_exit(struct proc *p);
void safemap_revoke_pages(endpoint_t owner, vir_bytes addr, uint32_t pages);
bool safemap_maps_any(endpoint_t owner, vir_bytes addr, uint32_t pages);

#endif /* KERNEL_SAFEMAP_H */
