/*
 * abi/types.h - basic types of the kernel ABI.
 *
 * Addresses in another address space are plain 32-bit integers (vir_bytes),
 * never pointers: the kernel cannot dereference them directly.
 */
#ifndef ABI_TYPES_H
#define ABI_TYPES_H

#include <stdint.h>
#include <stddef.h>

typedef int32_t endpoint_t;	/* process endpoint, see abi/endpoint.h */
typedef uint32_t vir_bytes;	/* virtual address or size in some address space */
typedef uint32_t phys_bytes;	/* physical address */
typedef uint64_t tsc_t;		/* timestamp counter value */

#endif /* ABI_TYPES_H */
