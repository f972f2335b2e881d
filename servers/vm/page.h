/*
 * servers/vm/page.h - pages as the VM server records them.
 *
 * A region keeps one vm_page_t per page: 0 while the page is not present,
 * else the physical address of its frame with VMPG_* flags in the low bits.
 * Frame 0 is never VM's (the kernel keeps the first MiB), so 0 is free to
 * mean "absent".
 */
#ifndef VM_PAGE_H
#define VM_PAGE_H

#include <stdint.h>
#include <abi/types.h>

#define VM_PAGE_SHIFT	12
#define VM_PAGE_SIZE	(1u << VM_PAGE_SHIFT)
#define VM_PAGE_MASK	(VM_PAGE_SIZE - 1)

#define VM_PAGES(bytes)	(((bytes) + VM_PAGE_MASK) >> VM_PAGE_SHIFT)	/* rounded up */

typedef uint32_t vm_page_t;

#define VMPG_WRITE	(1u << 0)	/* mapped writable now (else read-only) */
#define VMPG_FRAME(e)	((phys_bytes)((e) & ~VM_PAGE_MASK))

#endif /* VM_PAGE_H */
