/*
 * tools/cyclemodel/cache.c - the set-associative LRU array of cache.h.
 */
#include <stdlib.h>
#include "cache.h"

int cache_init(struct cache *c, unsigned entries, unsigned ways)
{
	c->ways = ways;
	c->sets = ways ? entries / ways : 0;
	c->clock = 0;
	c->way = NULL;
	if (!ways || !c->sets || c->sets * ways != entries || (c->sets & (c->sets - 1)))
		return -1;
	c->way = calloc(entries, sizeof(*c->way));
	return c->way ? 0 : -1;
}

void cache_free(struct cache *c)
{
	free(c->way);
	c->way = NULL;
}

static struct cache_way *set_of(const struct cache *c, uint64_t key)
{
	return &c->way[(key & (c->sets - 1)) * c->ways];
}

bool cache_access(struct cache *c, uint64_t key, bool sticky)
{
	struct cache_way *set = set_of(c, key), *victim = set;

	c->clock++;
	for (unsigned i = 0; i < c->ways; i++) {
		if (set[i].used && set[i].key == key) {
			set[i].used = c->clock;
			return true;
		}
		if (set[i].used < victim->used)
			victim = &set[i];
	}
	*victim = (struct cache_way){ .key = key, .used = c->clock, .sticky = sticky };
	return false;
}

bool cache_holds(const struct cache *c, uint64_t key)
{
	const struct cache_way *set = set_of(c, key);

	for (unsigned i = 0; i < c->ways; i++)
		if (set[i].used && set[i].key == key)
			return true;
	return false;
}

void cache_flush(struct cache *c, bool all)
{
	for (unsigned i = 0; i < c->sets * c->ways; i++)
		if (all || !c->way[i].sticky)
			c->way[i].used = 0;
}
