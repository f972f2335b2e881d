/*
 * tools/cyclemodel/cache.h - one set-associative array with LRU
 * replacement: what every cache and TLB of the cycle model (model.h) is.
 *
 * A key is whatever the user indexes by (a line number, a page number);
 * the low bits pick the set.  An entry may be marked sticky: cache_flush
 * spares sticky entries, which is how a TLB keeps global pages across a
 * CR3 write.  Deterministic: no randomness, LRU by a per-array clock.
 */
#ifndef CYCLEMODEL_CACHE_H
#define CYCLEMODEL_CACHE_H

#include <stdbool.h>
#include <stdint.h>

struct cache_way {
	uint64_t key;
	uint64_t used;		/* the clock at the last hit or fill; 0 = empty */
	bool sticky;
};

struct cache {
	unsigned sets, ways;	/* sets a power of two */
	struct cache_way *way;	/* sets * ways */
	uint64_t clock;
};

/* entries = sets * ways; sets must come out a power of two.  0 or -1. */
int cache_init(struct cache *c, unsigned entries, unsigned ways);
void cache_free(struct cache *c);

/*
 * Looks key up; a hit refreshes it and returns true.  A miss fills it in
 * place of the least recently used way of its set (marked sticky as
 * asked) and returns false.
 */
bool cache_access(struct cache *c, uint64_t key, bool sticky);

/* Whether key is present, without touching the LRU order. */
bool cache_holds(const struct cache *c, uint64_t key);

/* Empties every entry but the sticky ones (all of them with all = true). */
void cache_flush(struct cache *c, bool all);

#endif /* CYCLEMODEL_CACHE_H */
