/*
 * servers/ds/pool.c - value bytes in units, first fit (pool.h).
 */
#include <abi/errno.h>
#include "pool.h"

static int unit_used(const struct ds_pool *p, uint32_t u)
{
	return (p->used[u / 32] >> (u % 32)) & 1u;
}

static void mark(struct ds_pool *p, uint32_t first, uint32_t n, int used)
{
	for (uint32_t u = first; u < first + n; u++) {
		if (used)
			p->used[u / 32] |= 1u << (u % 32);
		else
			p->used[u / 32] &= ~(1u << (u % 32));
	}
}

void pool_init(struct ds_pool *p)
{
	for (uint32_t w = 0; w < POOL_UNITS / 32; w++)
		p->used[w] = 0;
}

/* A run of units for len bytes (len > 0): *off is its first byte. */
int pool_alloc(struct ds_pool *p, uint32_t len, uint32_t *off)
{
	uint32_t n = pool_size(len) / POOL_UNIT, run = 0;

	if (len == 0 || n > POOL_UNITS)
		return ENOSPC;
	for (uint32_t u = 0; u < POOL_UNITS; u++) {
		run = unit_used(p, u) ? 0 : run + 1;
		if (run == n) {
			mark(p, u + 1 - n, n, 1);
			*off = (u + 1 - n) * POOL_UNIT;
			return OK;
		}
	}
	return ENOSPC;
}

/* Gives back what pool_alloc(len) returned at off. */
void pool_free(struct ds_pool *p, uint32_t off, uint32_t len)
{
	mark(p, off / POOL_UNIT, pool_size(len) / POOL_UNIT, 0);
}

uint32_t pool_used(const struct ds_pool *p)
{
	uint32_t units = 0;

	for (uint32_t w = 0; w < POOL_UNITS / 32; w++)
		units += (uint32_t)__builtin_popcount(p->used[w]);
	return units * POOL_UNIT;
}
