/*
 * kernel/lib/bitmap.h - bit maps stored as arrays of uint32_t words.
 *
 * Bit i lives in word i / 32 at position i % 32.  Everything is static
 * inline; no function checks bounds: callers pass bit numbers below the
 * map's size (nbits).  Bits of the last word beyond nbits may hold any
 * value; the search functions never report them.
 */
#ifndef KERNEL_LIB_BITMAP_H
#define KERNEL_LIB_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#define BITMAP_WORD_BITS 32u

/* Number of uint32_t words needed for nbits bits. */
#define BITMAP_WORDS(nbits) (((nbits) + BITMAP_WORD_BITS - 1) / BITMAP_WORD_BITS)

/* Sets bit. */
static inline void bitmap_set(uint32_t *map, unsigned bit)
{
	map[bit / BITMAP_WORD_BITS] |= 1u << (bit % BITMAP_WORD_BITS);
}

/* Clears bit. */
static inline void bitmap_clear(uint32_t *map, unsigned bit)
{
	map[bit / BITMAP_WORD_BITS] &= ~(1u << (bit % BITMAP_WORD_BITS));
}

/* Returns whether bit is set. */
static inline bool bitmap_test(const uint32_t *map, unsigned bit)
{
	return (map[bit / BITMAP_WORD_BITS] >> (bit % BITMAP_WORD_BITS)) & 1u;
}

/*
 * Shared search: the first bit >= start, below nbits, whose value differs
 * from the bits in invert (0: look for a set bit, ~0: for a clear one).
 */
static inline unsigned bitmap_search_(const uint32_t *map, unsigned nbits,
				      unsigned start, uint32_t invert)
{
	if (start >= nbits)
		return nbits;
	unsigned i = start / BITMAP_WORD_BITS;
	uint32_t w = (map[i] ^ invert) & (~0u << (start % BITMAP_WORD_BITS));

	while (w == 0) {
		if (i >= (nbits - 1) / BITMAP_WORD_BITS)
			return nbits;	/* that was the last word */
		w = map[++i] ^ invert;
	}
	unsigned bit = i * BITMAP_WORD_BITS + (unsigned)__builtin_ctz(w);

	return bit < nbits ? bit : nbits;
}

/* Returns the first set bit at or after start, or nbits if there is none. */
static inline unsigned bitmap_find_next_set(const uint32_t *map, unsigned nbits,
					    unsigned start)
{
	return bitmap_search_(map, nbits, start, 0);
}

/* Returns the first clear bit at or after start, or nbits if there is none. */
static inline unsigned bitmap_find_next_clear(const uint32_t *map, unsigned nbits,
					      unsigned start)
{
	return bitmap_search_(map, nbits, start, ~0u);
}

/* Returns the first set bit, or nbits if there is none. */
static inline unsigned bitmap_find_first_set(const uint32_t *map, unsigned nbits)
{
	return bitmap_search_(map, nbits, 0, 0);
}

/* Returns the first clear bit, or nbits if there is none. */
static inline unsigned bitmap_find_first_clear(const uint32_t *map, unsigned nbits)
{
	return bitmap_search_(map, nbits, 0, ~0u);
}

/* Mask of n bits (1..32) starting at position lo of a word (lo + n <= 32). */
static inline uint32_t bitmap_mask_(unsigned lo, unsigned n)
{
	return (n >= BITMAP_WORD_BITS ? ~0u : (1u << n) - 1u) << lo;
}

/*
 * Sets (set == true) or clears bits [start, start + count) a word at a time;
 * returns how many of them changed value.
 */
static inline unsigned bitmap_update_range_(uint32_t *map, unsigned start,
					    unsigned count, bool set)
{
	unsigned changed = 0;

	while (count > 0) {
		unsigned lo = start % BITMAP_WORD_BITS;
		unsigned n = BITMAP_WORD_BITS - lo < count ? BITMAP_WORD_BITS - lo : count;
		uint32_t mask = bitmap_mask_(lo, n);
		uint32_t *w = &map[start / BITMAP_WORD_BITS];

		changed += (unsigned)__builtin_popcount((set ? ~*w : *w) & mask);
		*w = set ? *w | mask : *w & ~mask;
		start += n;
		count -= n;
	}
	return changed;
}

/* Sets bits [start, start + count); returns how many were clear before. */
static inline unsigned bitmap_fill_range(uint32_t *map, unsigned start, unsigned count)
{
	return bitmap_update_range_(map, start, count, true);
}

/* Clears bits [start, start + count); returns how many were set before. */
static inline unsigned bitmap_clear_range(uint32_t *map, unsigned start, unsigned count)
{
	return bitmap_update_range_(map, start, count, false);
}

#endif /* KERNEL_LIB_BITMAP_H */
