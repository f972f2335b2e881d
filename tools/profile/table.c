/*
 * tools/profile/table.c - the hash map of table.h: linear probing over a
 * power-of-two array, at most half full, keys mixed with a 64-bit
 * finalizer so that addresses with equal low bits spread.
 */
#include <stdio.h>
#include <stdlib.h>
#include "table.h"

#define INITIAL_SIZE	1024u

static uint64_t mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ull;
	return k ^ (k >> 33);
}

static uint32_t slot_of(const struct table *t, uint64_t key)
{
	uint32_t i = (uint32_t)mix(key) & (t->size - 1);

	while (t->values[i] != TABLE_EMPTY && t->keys[i] != key)
		i = (i + 1) & (t->size - 1);
	return i;
}

uint32_t table_get(const struct table *t, uint64_t key)
{
	return t->size ? t->values[slot_of(t, key)] : TABLE_EMPTY;
}

static void grow(struct table *t)
{
	struct table old = *t;

	t->size = old.size ? old.size * 2 : INITIAL_SIZE;
	t->used = 0;
	t->keys = malloc(sizeof(*t->keys) * t->size);
	t->values = malloc(sizeof(*t->values) * t->size);
	if (!t->keys || !t->values) {
		fprintf(stderr, "profile: out of memory (hash map of %u slots)\n", t->size);
		exit(1);
	}
	for (uint32_t i = 0; i < t->size; i++)
		t->values[i] = TABLE_EMPTY;
	for (uint32_t i = 0; i < old.size; i++)
		if (old.values[i] != TABLE_EMPTY)
			table_put(t, old.keys[i], old.values[i]);
	free(old.keys);
	free(old.values);
}

void table_put(struct table *t, uint64_t key, uint32_t value)
{
	uint32_t i;

	if (2 * (t->used + 1) > t->size)
		grow(t);
	i = slot_of(t, key);
	if (t->values[i] == TABLE_EMPTY)
		t->used++;
	t->keys[i] = key;
	t->values[i] = value;
}
