/*
 * servers/ds/pool.h - the bytes of DS's string and memory values.
 *
 * A fixed array cut into units of POOL_UNIT bytes with a bitmap of the
 * units in use; a value takes a run of consecutive units, first fit.
 * Values are named by their offset into the pool, never by a pointer, so
 * the store holds no pointer at all.
 *
 * Pure data structure (host-tested).
 */
#ifndef DS_POOL_H
#define DS_POOL_H

#include <stdint.h>

#define POOL_UNIT	64u
#define POOL_BYTES	(32u * 1024)
#define POOL_UNITS	(POOL_BYTES / POOL_UNIT)

struct ds_pool {
	uint8_t bytes[POOL_BYTES];
	uint32_t used[POOL_UNITS / 32];	/* bit per unit, 1 = in use */
};

/* Bytes a value of len bytes takes in the pool (whole units). */
static inline uint32_t pool_size(uint32_t len)
{
	return (len + POOL_UNIT - 1) / POOL_UNIT * POOL_UNIT;
}

void pool_init(struct ds_pool *p);
int pool_alloc(struct ds_pool *p, uint32_t len, uint32_t *off);	/* ENOSPC when no run fits */
void pool_free(struct ds_pool *p, uint32_t off, uint32_t len);
uint32_t pool_used(const struct ds_pool *p);				/* bytes taken */

#endif /* DS_POOL_H */
