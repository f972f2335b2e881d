/*
 * servers/vm/arena.c - page-array storage for regions (arena.h).
 */
#include <abi/errno.h>
#include "arena.h"

static int slot_used(const struct arena *a, uint32_t i)
{
	return (a->used[i / 32] >> (i % 32)) & 1u;
}

static void mark(struct arena *a, uint32_t first, uint32_t count, int used)
{
	for (uint32_t i = first; i < first + count; i++) {
		if (used)
			a->used[i / 32] |= 1u << (i % 32);
		else
			a->used[i / 32] &= ~(1u << (i % 32));
	}
}

void arena_init(struct arena *a, vm_page_t *slots, uint32_t *used, uint32_t nslots)
{
	a->slots = slots;
	a->used = used;
	a->nslots = nslots;
	a->nfree = nslots;
	a->hint = 0;
	for (uint32_t w = 0; w < ARENA_MAP_WORDS(nslots); w++)
		used[w] = 0;
}

/* The first slot >= i whose use is `used`, skipping whole words; nslots if none. */
static uint32_t next_slot(const struct arena *a, uint32_t i, int used)
{
	while (i < a->nslots) {
		uint32_t base = i & ~31u;
		uint32_t w = (a->used[i / 32] ^ (used ? 0u : ~0u)) & (~0u << (i % 32));

		if (w) {
			uint32_t s = base + (uint32_t)__builtin_ctz(w);
			return s < a->nslots ? s : a->nslots;
		}
		i = base + 32;
	}
	return a->nslots;
}

/* First fit for count free slots in [from, to); the start, or nslots. */
static uint32_t find_run(const struct arena *a, uint32_t count, uint32_t from, uint32_t to)
{
	uint32_t i = from;

	while ((i = next_slot(a, i, 0)) < to) {
		uint32_t end = next_slot(a, i, 1);

		if (end - i >= count)
			return i;
		i = end;
	}
	return a->nslots;
}

/* count consecutive zeroed slots, or NULL when no run is long enough. */
vm_page_t *arena_alloc(struct arena *a, uint32_t count)
{
	uint32_t i;

	if (count == 0 || count > a->nfree)
		return NULL;
	i = find_run(a, count, a->hint, a->nslots);
	if (i == a->nslots)
		i = find_run(a, count, 0, a->nslots);
	if (i == a->nslots)
		return NULL;
	mark(a, i, count, 1);
	a->nfree -= count;
	a->hint = i + count < a->nslots ? i + count : 0;
	for (uint32_t j = 0; j < count; j++)
		a->slots[i + j] = 0;
	return &a->slots[i];
}

/* Gives back count slots from run (any part of an allocation).  EINVAL if not in use. */
int arena_free(struct arena *a, vm_page_t *run, uint32_t count)
{
	uint32_t first;

	if (count == 0)
		return OK;
	if (run < a->slots || run >= a->slots + a->nslots || count > a->nslots ||
	    (uint32_t)(run - a->slots) > a->nslots - count)
		return EINVAL;
	first = (uint32_t)(run - a->slots);
	for (uint32_t i = first; i < first + count; i++)
		if (!slot_used(a, i))
			return EINVAL;
	mark(a, first, count, 0);
	a->nfree += count;
	return OK;
}
