/*
 * arch/paging.h - address spaces: creation, mapping, teardown, and checked
 * access to user memory by software page walk.
 *
 * An address space is a page directory.  The kernel never dereferences a
 * user pointer: user_copy_in/out walk the target's page tables and copy
 * through the direct map, so they work for any process (not only the one
 * whose CR3 is loaded) and a bad pointer is an error code, never a kernel
 * page fault.
 *
 * Locking: an address space is changed only by the kernel on behalf of its
 * owner or of the process that manages it, with the owner not running;
 * callers serialise (see kernel/proc.h); a space of another process is
 * walked only under its owner's CPU lock, after proc_still_there
 * (docs/locking.md).
 */
#ifndef ARCH_PAGING_H
#define ARCH_PAGING_H

#include <stdint.h>
#include <stdbool.h>
#include <abi/errno.h>
#include <abi/message.h>
#include <abi/types.h>
#include <arch/layout.h>

struct addr_space {
	uint32_t *pd;		/* page directory (physical == virtual) */
	/*
	 * One page remembered for messages (as_message_ptr_locked): a
	 * present, user, writable page and its direct-map address, so the IPC
	 * paths skip the walk for a buffer they saw before.  Read, filled and
	 * dropped under the owning process's CPU lock, the lock every change
	 * of the space is made under; as_map, as_unmap, as_create and
	 * as_destroy drop it.  The page is kept as the address of its last
	 * byte, so 0 (a zeroed space too) remembers nothing.
	 */
	vir_bytes msg_page_last;
	uint8_t *msg_kva;
};

static inline void as_forget_message_page(struct addr_space *as)
{
	as->msg_page_last = 0;
}

/* Mapping flags for as_map. */
#define MAP_WRITE	(1u << 0)
#define MAP_USER	(1u << 1)
#define MAP_OWNED	(1u << 2)	/* frame belongs to the space: freed with it */

void paging_init(void);
void paging_enable_on_this_cpu(void);
void paging_load_kernel_space(void);
uint32_t paging_kernel_pd(void);

/*
 * Firmware memory (ACPI tables) anywhere below 4 GiB, read at boot.
 * arch_firmware_map returns [pa, pa+len) as a kernel pointer: through the
 * direct map, else through the firmware window (4 MiB pages mapped on
 * demand); NULL when pa+len lies above 4 GiB, len exceeds
 * FIRMWARE_MAP_MAX or the window is full.  Pointers stay valid until
 * arch_firmware_unmap_all, which empties the window for good.  Boot CPU
 * only, before the first as_create: page directories copy the kernel's
 * entries, and the window must be empty in every copy.
 */
#define FIRMWARE_MAP_MAX	(1u << 20)
const void *arch_firmware_map(uint64_t pa, uint32_t len);
void arch_firmware_unmap_all(void);

int as_create(struct addr_space *as);
void as_destroy(struct addr_space *as);
int as_copy(const struct addr_space *src, struct addr_space *dst);
int as_prepare(struct addr_space *as, vir_bytes va);
int as_map(struct addr_space *as, vir_bytes va, phys_bytes pa, unsigned flags);
bool as_lookup(const struct addr_space *as, vir_bytes va, phys_bytes *pa, bool *writable);
bool as_peek_word(const struct addr_space *as, vir_bytes va, uint32_t *w);	/* unlocked, never faults */
bool as_maps_any(const struct addr_space *as, bool (*match)(phys_bytes pa));
int as_unmap(struct addr_space *as, vir_bytes va);
bool as_loaded_here(const struct addr_space *as);
void arch_tlb_flush_page(vir_bytes va);
void arch_tlb_flush_all(void);

/*
 * The direct-map address of user address va in `as` if all `len` bytes
 * from va (1 <= len <= PAGE_SIZE) lie in one present user page (writable
 * when `write`), else NULL: one page walk, for the hot paths (messages,
 * grant entries, page-sized copies).  Everything else uses user_copy_in/out.
 */
static inline __attribute__((always_inline)) void *as_user_ptr(const struct addr_space *as,
							       vir_bytes va, size_t len, bool write)
{
	const uint32_t present = 0x5u, writable = 0x2u;		/* P | U, W */
	uint32_t pde, pte, need = present | (write ? writable : 0);

	if (va - USER_BASE >= USER_TOP - USER_BASE || (va & (PAGE_SIZE - 1)) > PAGE_SIZE - len)
		return 0;
	pde = as->pd[va >> 22];
	if ((pde & present) != present)
		return 0;
	pte = ((const uint32_t *)(uintptr_t)(pde & ~(PAGE_SIZE - 1)))[(va >> PAGE_SHIFT) & 0x3ffu];
	if ((pte & need) != need)
		return 0;
	return (void *)(uintptr_t)((pte & ~(PAGE_SIZE - 1)) | (va & (PAGE_SIZE - 1)));
}

/* as_user_ptr for a whole message (MESSAGE_SIZE bytes): the IPC paths. */
static inline __attribute__((always_inline)) void *as_message_ptr(const struct addr_space *as,
								  vir_bytes va, bool write)
{
	return as_user_ptr(as, va, MESSAGE_SIZE, write);
}

/*
 * as_message_ptr through the remembered page, remembering a writable one;
 * the caller holds the CPU lock of the process that owns `as`.
 */
static inline __attribute__((always_inline)) void *
as_message_ptr_locked(struct addr_space *as, vir_bytes va, bool write)
{
	uint32_t off = va & (PAGE_SIZE - 1);
	uint8_t *p;

	if (__builtin_expect((va | (PAGE_SIZE - 1)) == as->msg_page_last &&
			     off <= PAGE_SIZE - MESSAGE_SIZE, 1))
		return as->msg_kva + off;
	p = as_message_ptr(as, va, write);
	if (p && write) {
		as->msg_page_last = va | (PAGE_SIZE - 1);
		as->msg_kva = p - off;
	}
	return p;
}

int user_copy_in(const struct addr_space *as, vir_bytes src, void *dst, size_t len);
int user_copy_out(const struct addr_space *as, const void *src, vir_bytes dst, size_t len);

/*
 * OK if [addr, addr+len) lies inside user space (len 0 is always fine);
 * else EFAULT.  Inline: the IPC fast paths check every receive buffer.
 */
static inline int user_range_ok(vir_bytes addr, size_t len)
{
	if (len == 0)
		return OK;
	if (addr < USER_BASE || addr >= USER_TOP || len > USER_TOP - addr)
		return EFAULT;
	return OK;
}
/* Where a vm_copy stopped: a page of `as` at addr, absent or read-only. */
struct copy_fault {
	const struct addr_space *as;
	vir_bytes addr;
	bool write;		/* the page had to be written */
	bool present;		/* it was there, but not accessible that way */
};

int vm_copy(const struct addr_space *src_as, vir_bytes src,
	    const struct addr_space *dst_as, vir_bytes dst, size_t len,
	    struct copy_fault *fault);

#endif /* ARCH_PAGING_H */
