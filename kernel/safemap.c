/*
 * kernel/safemap.c - grant-based shared mappings (safemap.h).
 *
 * Lock: safemap_lock protects the record table; it nests inside the CPU
 * locks.  Page tables are changed under the CPU lock of their process;
 * shootdowns run after the locks are released (smp/tlb.h), except at exit
 * and revocation, where every CPU lock is held and spinning CPUs serve the
 * shootdown.  The mapper's own unmap holds only its CPU lock, and no lock
 * while its shootdown waits: the record stays (`leaving`) until then.
 *
 * A mapped page stays owned by its original process; the mapper's entry is
 * a plain shared mapping.  When the owner exits, every mapping of its
 * memory is removed first, so no one is left with a freed frame; when VM
 * unmaps or replaces a page of the owner (VMCTL_UNMAP, a replacing
 * MAP_PHYS, a COW safecopy), every mapping made from that page is removed
 * before VM's call returns, so VM never hands out a frame someone still
 * maps.  nr_used lets those hot paths skip the table when it is empty.
 */
#include <abi/errno.h>
#include <arch/layout.h>
#include "kernel/grant.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/safemap.h"
#include "smp/cpulock.h"
#include "smp/tlb.h"

#define NR_SAFEMAPS	256

struct safemap {
	bool used;
	endpoint_t granter, owner, mapper;
	cp_grant_id_t gid;
	vir_bytes src;			/* in the owner */
	vir_bytes addr;			/* in the mapper */
	uint32_t pages;
	bool leaving;			/* unmapped, its shootdown under way (safemap_unmap) */
	uint32_t seq;			/* which mapping: from map_seq */
};

static struct spinlock safemap_lock = SPINLOCK_INIT("safemap");
static struct safemap maps[NR_SAFEMAPS];
static unsigned nr_used;		/* records in use; written under safemap_lock */
static uint32_t map_seq;		/* mappings made; under safemap_lock */

static bool aligned(vir_bytes v)
{
	return (v & (PAGE_SIZE - 1)) == 0;
}

/* Unmaps pages of mapper mapped through a record (its CPU lock held). */
static void unmap_pages(struct proc *mapper, vir_bytes addr, uint32_t pages)
{
	for (uint32_t i = 0; i < pages; i++)
		as_unmap(&mapper->arch.as, addr + i * PAGE_SIZE);
}

/* Maps [addr, addr+pages) of mapper onto owner's pages at src; CPU locks held. */
static int map_pages(struct proc *owner, vir_bytes src, struct proc *mapper, vir_bytes addr,
		     uint32_t pages, bool writable)
{
	for (uint32_t i = 0; i < pages; i++) {
		phys_bytes pa, old;
		bool w;
		int r;

		if (as_lookup(&mapper->arch.as, addr + i * PAGE_SIZE, &old, &w))
			r = EEXIST;
		else if (!as_lookup(&owner->arch.as, src + i * PAGE_SIZE, &pa, &w))
			r = EFAULT;
		else if (writable && !w)
			r = EPERM;
		else
			r = as_map(&mapper->arch.as, addr + i * PAGE_SIZE, PAGE_ROUND_DOWN(pa),
				   MAP_USER | (writable ? MAP_WRITE : 0));
		if (r != OK) {
			unmap_pages(mapper, addr, i);
			return r;
		}
	}
	return OK;
}

static struct safemap *free_record(void)
{
	for (unsigned i = 0; i < NR_SAFEMAPS; i++)
		if (!maps[i].used)
			return &maps[i];
	return NULL;
}

int safemap_map(struct proc *mapper, endpoint_t granter, cp_grant_id_t gid, vir_bytes offset,
		vir_bytes addr, uint32_t bytes, bool writable)
{
	struct grant_target t;
	struct proc *owner;
	struct safemap *rec;
	cpuset_t held;
	int r;

	if (!aligned(offset) || !aligned(addr) || !aligned(bytes) || bytes == 0)
		return EINVAL;
	if (user_range_ok(addr, bytes) != OK)
		return EFAULT;
	r = grant_resolve(granter, mapper->endpoint, gid, CPF_READ | (writable ? CPF_WRITE : 0),
			  offset, bytes, &t);
	if (r != OK)
		return r;
	if (!aligned(t.addr))
		return EINVAL;
	if ((r = proc_lookup(t.owner, &owner)) != OK)
		return r;
	if (owner == mapper)
		return EINVAL;
	held = lock_procs(mapper, owner, NULL);
	spin_lock(&safemap_lock);
	if (!(rec = free_record()))
		r = ENOSPC;
	else if (!proc_still_there(owner, t.owner))
		r = EDEADSRCDST;
	else
		r = map_pages(owner, t.addr, mapper, addr, bytes / PAGE_SIZE, writable);
	if (r == OK) {
		*rec = (struct safemap){ true, granter, t.owner, mapper->endpoint, gid, t.addr, addr,
					 bytes / PAGE_SIZE, false, ++map_seq };
		__atomic_store_n(&nr_used, nr_used + 1, __ATOMIC_RELEASE);
	}
	spin_unlock(&safemap_lock);
	cpus_unlock(held);
	return r;
}

/* Frees record m (safemap_lock held). */
static void forget(struct safemap *m)
{
	m->used = false;
	__atomic_store_n(&nr_used, nr_used - 1, __ATOMIC_RELEASE);
}

/* Removes record m (every CPU lock and safemap_lock held). */
static void remove_locked(struct safemap *m)
{
	struct proc *mapper;

	if (proc_lookup(m->mapper, &mapper) == OK) {
		unmap_pages(mapper, m->addr, m->pages);
		tlb_shootdown(&mapper->arch.as, m->addr, m->pages);
	}
	forget(m);
}

/* Removes every record matching (field == who, and gid when >= 0). */
static int remove_matching(bool by_granter, endpoint_t who, cp_grant_id_t gid)
{
	cpuset_t held = cpus_lock_all();
	int n = 0;

	spin_lock(&safemap_lock);
	for (unsigned i = 0; i < NR_SAFEMAPS; i++) {
		struct safemap *m = &maps[i];
		if (!m->used || (by_granter ? m->granter : m->mapper) != who)
			continue;
		if (gid >= 0 && m->gid != gid)
			continue;
		remove_locked(m);
		n++;
	}
	spin_unlock(&safemap_lock);
	cpus_unlock(held);
	return n;
}

/* The granter revokes every mapping made from gid; returns how many. */
int safemap_revoke(struct proc *granter, cp_grant_id_t gid)
{
	if (gid < 0)
		return EINVAL;
	return remove_matching(true, granter->endpoint, gid);
}

/*
 * The mapper (the caller, running here) removes its mapping at addr.  Its
 * pages go from its tables under its own CPU lock only; the shootdown then
 * waits with no lock held.  Until it is done the record stays, marked
 * leaving, so whoever frees the owner's frames meanwhile (the owner's
 * exit, VM unmapping or replacing the page, the granter revoking: each
 * removes the records it matches, with a shootdown of its own, before a
 * frame can be reused) still finds it.  Afterwards the record goes,
 * unless one of those took it first (then `seq` or `used` differ).
 */
int safemap_unmap(struct proc *mapper, vir_bytes addr)
{
	cpuset_t held = lock_proc(mapper);
	struct safemap *m = NULL;
	uint32_t seq = 0, pages = 0;

	spin_lock(&safemap_lock);
	for (unsigned i = 0; i < NR_SAFEMAPS && !m; i++) {
		if (maps[i].used && !maps[i].leaving && maps[i].mapper == mapper->endpoint &&
		    maps[i].addr == addr) {
			m = &maps[i];
			m->leaving = true;
			seq = m->seq;
			pages = m->pages;
			unmap_pages(mapper, addr, pages);
		}
	}
	spin_unlock(&safemap_lock);
	cpus_unlock(held);
	if (!m)
		return ENOENT;
	tlb_shootdown(&mapper->arch.as, addr, pages);
	spin_lock(&safemap_lock);
	if (m->used && m->seq == seq)
		forget(m);
	spin_unlock(&safemap_lock);
	return OK;
}

/*
 * p is exiting (every CPU lock held): mappings of its memory are removed
 * from their mappers; records of its own mappings just go.
 */
void safemap_exit(struct proc *p)
{
	spin_lock(&safemap_lock);
	for (unsigned i = 0; i < NR_SAFEMAPS; i++) {
		struct safemap *m = &maps[i];
		if (!m->used)
			continue;
		if (m->owner == p->endpoint)
			remove_locked(m);
		else if (m->mapper == p->endpoint)
			forget(m);
	}
	spin_unlock(&safemap_lock);
}

/* Was record m made from a page of owner_e in [addr, addr + pages)? */
static bool made_from(const struct safemap *m, endpoint_t owner_e, vir_bytes addr,
		      uint32_t pages)
{
	uint64_t lo = addr, hi = lo + (uint64_t)pages * PAGE_SIZE;

	return m->used && m->owner == owner_e && m->src < hi &&
	       lo < m->src + (uint64_t)m->pages * PAGE_SIZE;
}

/*
 * VM has unmapped or replaced owner_e's pages [addr, addr + pages): every
 * mapping made from one of them goes (whole), shot down on every CPU
 * before this returns.  Called with no lock held; takes every CPU lock
 * only when some mapping exists.  The unlocked count is safe: a mapping
 * is recorded under the owner's CPU lock while its page is present, and
 * VM changed the page under that lock before calling this, so a mapping
 * made before the change is counted here, and none can be made after.
 */
void safemap_revoke_pages(endpoint_t owner_e, vir_bytes addr, uint32_t pages)
{
	cpuset_t held;

	if (__atomic_load_n(&nr_used, __ATOMIC_ACQUIRE) == 0)
		return;
	held = cpus_lock_all();
	spin_lock(&safemap_lock);
	for (unsigned i = 0; i < NR_SAFEMAPS; i++)
		if (made_from(&maps[i], owner_e, addr, pages))
			remove_locked(&maps[i]);
	spin_unlock(&safemap_lock);
	cpus_unlock(held);
}

/* Is a page of owner_e in [addr, addr + pages) mapped elsewhere?  Its CPU lock held. */
bool safemap_maps_any(endpoint_t owner_e, vir_bytes addr, uint32_t pages)
{
	bool found = false;

	if (__atomic_load_n(&nr_used, __ATOMIC_ACQUIRE) == 0)
		return false;
	spin_lock(&safemap_lock);
	for (unsigned i = 0; i < NR_SAFEMAPS && !found; i++)
		found = made_from(&maps[i], owner_e, addr, pages);
	spin_unlock(&safemap_lock);
	return found;
}
