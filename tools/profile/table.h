/*
 * tools/profile/table.h - an open-addressing hash map from 64-bit keys to
 * 32-bit values, growing by doubling; the exact profiler's one map
 * (instruction records, call-tree nodes, counters).  Not thread-safe: each
 * map has one owner (a vCPU's thread, or the holder of a lock).
 */
#ifndef PROFILE_TABLE_H
#define PROFILE_TABLE_H

#include <stdint.h>

struct table {
	uint64_t *keys;
	uint32_t *values;	/* TABLE_EMPTY marks a free slot */
	uint32_t size;		/* slots, a power of two */
	uint32_t used;
};

#define TABLE_EMPTY	UINT32_MAX

/* The value of key, or TABLE_EMPTY. */
uint32_t table_get(const struct table *t, uint64_t key);

/* Sets key's value (value != TABLE_EMPTY); exits on out of memory. */
void table_put(struct table *t, uint64_t key, uint32_t value);

#endif /* PROFILE_TABLE_H */
