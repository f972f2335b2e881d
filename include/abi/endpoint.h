/*
 * abi/endpoint.h - endpoint encoding.
 *
 * An endpoint names one incarnation of a process: the low ENDPOINT_SLOT_BITS
 * hold the process-table slot, the bits above it a generation that the kernel
 * bumps every time the slot is reused.  A message addressed to a stale
 * endpoint is refused (EDEADEPT) instead of reaching the slot's new owner.
 * Generations start at 1, so every process endpoint is positive; the special
 * endpoints below are negative.
 */
#ifndef ABI_ENDPOINT_H
#define ABI_ENDPOINT_H

#include <abi/types.h>

#define ENDPOINT_SLOT_BITS	10
#define ENDPOINT_MAX_SLOTS	(1 << ENDPOINT_SLOT_BITS)
#define ENDPOINT_GEN_MAX	((int32_t)(INT32_MAX >> ENDPOINT_SLOT_BITS))

#define ANY		((endpoint_t)-1)	/* receive from anyone */
#define NONE		((endpoint_t)-2)	/* no process */
#define SELF		((endpoint_t)-3)	/* the caller itself */
#define SYSTEM		((endpoint_t)-4)	/* source of kernel-generated messages */
#define CLOCK		((endpoint_t)-5)	/* source of alarm notifications */
#define HARDWARE	((endpoint_t)-6)	/* source of interrupt notifications */

static inline endpoint_t endpoint_make(int32_t gen, int slot)
{
	return (endpoint_t)((gen << ENDPOINT_SLOT_BITS) | slot);
}

static inline int endpoint_slot(endpoint_t ep)
{
	return (int)(ep & (ENDPOINT_MAX_SLOTS - 1));
}

static inline int32_t endpoint_gen(endpoint_t ep)
{
	return ep >> ENDPOINT_SLOT_BITS;
}

#endif /* ABI_ENDPOINT_H */
