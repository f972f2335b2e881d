/*
 * arch/i386/paging.c - two-level i386 paging: the kernel's direct map, user
 * address spaces, and checked access to user memory.
 *
 * Layout: arch/layout.h.  The kernel part of every page directory is copied
 * from kernel_pd at creation and never changes afterwards.  Page tables and
 * directories come from the kernel frame pool (kernel/mm/memory.h) and are
 * reached through the direct map.
 */
#include <string.h>
#include <abi/errno.h>
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/x86.h>
#include "kernel/kernel.h"
#include "kernel/mm/memory.h"
#include "smp/cpu.h"

#define PTE_P		(1u << 0)
#define PTE_W		(1u << 1)
#define PTE_U		(1u << 2)
#define PTE_PWT		(1u << 3)
#define PTE_PCD		(1u << 4)
#define PTE_PS		(1u << 7)
#define PTE_G		(1u << 8)
#define PTE_OWNED	(1u << 9)	/* available bit: frame freed with the space */
#define PTE_ADDR	0xfffff000u

#define PDE_INDEX(va)	((va) >> 22)
#define PTE_INDEX(va)	(((va) >> 12) & 0x3ffu)
#define USER_PDE_FIRST	PDE_INDEX(USER_BASE)
#define USER_PDE_END	PDE_INDEX(USER_TOP)

static uint32_t kernel_pd[1024] __attribute__((aligned(PAGE_SIZE)));
static uint32_t global_bit;	/* PTE_G if the CPU has PGE */

/* Builds the kernel page directory: direct map and device window. */
void paging_init(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	global_bit = (r[3] & CPUID_EDX_PGE) ? PTE_G : 0;

	for (uint32_t va = 0; va < DIRECT_MAP_LIMIT; va += LARGE_PAGE_SIZE)
		kernel_pd[PDE_INDEX(va)] = va | PTE_P | PTE_W | PTE_PS | global_bit;
	for (uint32_t va = DEVICE_WINDOW_BASE; va != 0; va += LARGE_PAGE_SIZE)
		kernel_pd[PDE_INDEX(va)] = va | PTE_P | PTE_W | PTE_PS | PTE_PCD | PTE_PWT;
}

/* Turns paging on for the calling CPU with the kernel directory loaded. */
void paging_enable_on_this_cpu(void)
{
	write_cr4(read_cr4() | CR4_PSE);
	write_cr3((uint32_t)kernel_pd);
	write_cr0(read_cr0() | CR0_PG | CR0_WP);
	if (global_bit)
		write_cr4(read_cr4() | CR4_PGE);
}

void paging_load_kernel_space(void)
{
	struct cpu *c = this_cpu();

	if (!c->arch.loaded_as)
		return;
	c->arch.loaded_as = NULL;
	write_cr3((uint32_t)kernel_pd);
}

uint32_t paging_kernel_pd(void)
{
	return (uint32_t)kernel_pd;
}

/*
 * The firmware window (arch/paging.h): its 4 MiB slots fill from the
 * bottom and are never reused while open, so every pointer handed out
 * stays valid until arch_firmware_unmap_all.
 */
#define FW_SLOTS	(FIRMWARE_WINDOW_SIZE / LARGE_PAGE_SIZE)
#define FW_PDE_FIRST	PDE_INDEX(FIRMWARE_WINDOW_BASE)

static unsigned fw_used;		/* slots mapped */
static bool fw_closed;			/* arch_firmware_unmap_all has run */

/* The window address of physical [first, first + n large pages), if mapped. */
static uint32_t fw_find(uint32_t first, unsigned n)
{
	for (unsigned i = 0; i + n <= fw_used; i++) {
		unsigned k = 0;

		while (k < n && (kernel_pd[FW_PDE_FIRST + i + k] & PTE_ADDR) ==
				first + k * LARGE_PAGE_SIZE)
			k++;
		if (k == n)
			return FIRMWARE_WINDOW_BASE + i * LARGE_PAGE_SIZE;
	}
	return 0;
}

const void *arch_firmware_map(uint64_t pa, uint32_t len)
{
	uint64_t end = pa + len;
	uint32_t first, va;
	unsigned n;

	assert(!fw_closed);
	if (pa < DIRECT_MAP_LIMIT && end <= DIRECT_MAP_LIMIT) {
		uintptr_t p = (uintptr_t)pa;

		/* Hide the constant from the compiler: low addresses look like NULL + n. */
		__asm__("" : "+r"(p));
		return (const void *)p;
	}
	if (len > FIRMWARE_MAP_MAX || end > (UINT64_C(1) << 32))
		return NULL;
	first = (uint32_t)pa & ~(LARGE_PAGE_SIZE - 1);
	n = (unsigned)((end - first + LARGE_PAGE_SIZE - 1) / LARGE_PAGE_SIZE);
	if (!(va = fw_find(first, n))) {
		if (fw_used + n > FW_SLOTS)
			return NULL;
		va = FIRMWARE_WINDOW_BASE + fw_used * LARGE_PAGE_SIZE;
		for (unsigned k = 0; k < n; k++)
			kernel_pd[FW_PDE_FIRST + fw_used++] =
				(first + k * LARGE_PAGE_SIZE) | PTE_P | PTE_PS;
	}
	return (const void *)(uintptr_t)(va + ((uint32_t)pa - first));
}

void arch_firmware_unmap_all(void)
{
	for (unsigned i = 0; i < fw_used; i++) {
		kernel_pd[FW_PDE_FIRST + i] = 0;
		invlpg(FIRMWARE_WINDOW_BASE + i * LARGE_PAGE_SIZE);
	}
	fw_used = 0;
	fw_closed = true;
}

int as_create(struct addr_space *as)
{
	uint32_t *pd = kmem_alloc_page();

	assert(fw_closed);

	if (!pd)
		return ENOMEM;
	memcpy(pd, kernel_pd, PAGE_SIZE);
	for (unsigned i = USER_PDE_FIRST; i < USER_PDE_END; i++)
		pd[i] = 0;
	as->pd = pd;
	as_forget_message_page(as);
	return OK;
}

/* Frees every page table, every owned frame and the directory itself. */
void as_destroy(struct addr_space *as)
{
	as_forget_message_page(as);
	if (!as->pd)
		return;
	if (as_loaded_here(as))
		paging_load_kernel_space();
	for (unsigned i = USER_PDE_FIRST; i < USER_PDE_END; i++) {
		if (!(as->pd[i] & PTE_P))
			continue;
		uint32_t *pt = (uint32_t *)(as->pd[i] & PTE_ADDR);
		for (unsigned j = 0; j < 1024; j++)
			if ((pt[j] & (PTE_P | PTE_OWNED)) == (PTE_P | PTE_OWNED))
				kmem_free_page((void *)(pt[j] & PTE_ADDR));
		kmem_free_page(pt);
	}
	kmem_free_page(as->pd);
	as->pd = NULL;
}

/* Makes sure the page table for user address va exists (ENOMEM if it cannot). */
int as_prepare(struct addr_space *as, vir_bytes va)
{
	uint32_t *pde, *pt;

	if (va < USER_BASE || va >= USER_TOP)
		return EINVAL;
	pde = &as->pd[PDE_INDEX(va)];
	if (*pde & PTE_P)
		return OK;
	if (!(pt = kmem_alloc_page()))
		return ENOMEM;
	memset(pt, 0, PAGE_SIZE);
	*pde = (uint32_t)pt | PTE_P | PTE_W | PTE_U;
	return OK;
}

/* Maps one page; allocates the page table when needed.  va must be user space. */
int as_map(struct addr_space *as, vir_bytes va, phys_bytes pa, unsigned flags)
{
	uint32_t *pde, *pt;
	int r;

	if (va < USER_BASE || va >= USER_TOP || (va | pa) & (PAGE_SIZE - 1))
		return EINVAL;
	if ((r = as_prepare(as, va)) != OK)
		return r;
	as_forget_message_page(as);
	pde = &as->pd[PDE_INDEX(va)];
	pt = (uint32_t *)(*pde & PTE_ADDR);
	pt[PTE_INDEX(va)] = pa | PTE_P |
		((flags & MAP_WRITE) ? PTE_W : 0) |
		((flags & MAP_USER) ? PTE_U : 0) |
		((flags & MAP_OWNED) ? PTE_OWNED : 0);
	return OK;
}

/*
 * Copies src's user mappings into the empty space dst: owned frames are
 * duplicated, other mappings (devices, shared) are shared.  On ENOMEM dst
 * holds what was copied so far and must be destroyed by the caller.
 */
int as_copy(const struct addr_space *src, struct addr_space *dst)
{
	int r;

	if ((r = as_create(dst)) != OK)
		return r;
	for (unsigned i = USER_PDE_FIRST; i < USER_PDE_END; i++) {
		if (!(src->pd[i] & PTE_P))
			continue;
		const uint32_t *pt = (const uint32_t *)(src->pd[i] & PTE_ADDR);
		for (unsigned j = 0; j < 1024; j++) {
			uint32_t pte = pt[j];
			vir_bytes va = (i << 22) | (j << PAGE_SHIFT);
			phys_bytes pa = pte & PTE_ADDR;
			unsigned flags = MAP_USER | ((pte & PTE_W) ? MAP_WRITE : 0);

			if (!(pte & PTE_P))
				continue;
			if (pte & PTE_OWNED) {
				void *copy = kmem_alloc_page();
				if (!copy)
					return ENOMEM;
				memcpy(copy, (const void *)pa, PAGE_SIZE);
				pa = (phys_bytes)copy;
				flags |= MAP_OWNED;
			}
			if ((r = as_map(dst, va, pa, flags)) != OK) {
				if (flags & MAP_OWNED)
					kmem_free_page((void *)pa);
				return r;
			}
		}
	}
	return OK;
}

/* Does a present user page of `as` map a frame for which match() holds? */
bool as_maps_any(const struct addr_space *as, bool (*match)(phys_bytes pa))
{
	for (unsigned i = USER_PDE_FIRST; i < USER_PDE_END; i++) {
		if (!(as->pd[i] & PTE_P))
			continue;
		const uint32_t *pt = (const uint32_t *)(as->pd[i] & PTE_ADDR);
		for (unsigned j = 0; j < 1024; j++)
			if ((pt[j] & PTE_P) && match(pt[j] & PTE_ADDR))
				return true;
	}
	return false;
}

/* Looks a user page up; true if it is present and user-accessible. */
bool as_lookup(const struct addr_space *as, vir_bytes va, phys_bytes *pa, bool *writable)
{
	uint32_t pde, pte;

	if (va < USER_BASE || va >= USER_TOP)
		return false;
	pde = as->pd[PDE_INDEX(va)];
	if ((pde & (PTE_P | PTE_U)) != (PTE_P | PTE_U))
		return false;
	pte = ((const uint32_t *)(pde & PTE_ADDR))[PTE_INDEX(va)];
	if ((pte & (PTE_P | PTE_U)) != (PTE_P | PTE_U))
		return false;
	*pa = (pte & PTE_ADDR) | (va & (PAGE_SIZE - 1));
	*writable = (pte & PTE_W) != 0;
	return true;
}

/*
 * Reads the user word at va in `as` without a lock, for the profiler's
 * stack walk from an interrupt: the tables may change (or the space be
 * torn down) meanwhile, so every entry is read once and every address it
 * yields is checked to lie in the direct map before it is followed.  The
 * answer may be stale; it never faults.  False if va is not an aligned
 * word of a present user page.
 */
bool as_peek_word(const struct addr_space *as, vir_bytes va, uint32_t *w)
{
	const uint32_t *pd = __atomic_load_n(&as->pd, __ATOMIC_RELAXED);
	uint32_t pde, pte;

	if (va < USER_BASE || va > USER_TOP - 4 || (va & 3) || !pd ||
	    (uint32_t)pd >= DIRECT_MAP_LIMIT)
		return false;
	pde = __atomic_load_n(&pd[PDE_INDEX(va)], __ATOMIC_RELAXED);
	if ((pde & (PTE_P | PTE_U | PTE_PS)) != (PTE_P | PTE_U) || (pde & PTE_ADDR) >= DIRECT_MAP_LIMIT)
		return false;
	pte = __atomic_load_n(&((const uint32_t *)(pde & PTE_ADDR))[PTE_INDEX(va)], __ATOMIC_RELAXED);
	if ((pte & (PTE_P | PTE_U)) != (PTE_P | PTE_U) || (pte & PTE_ADDR) >= DIRECT_MAP_LIMIT)
		return false;
	*w = __atomic_load_n((const uint32_t *)((pte & PTE_ADDR) | (va & (PAGE_SIZE - 1))),
			     __ATOMIC_RELAXED);
	return true;
}

bool as_loaded_here(const struct addr_space *as)
{
	return this_cpu()->arch.loaded_as == as;
}

void arch_tlb_flush_page(vir_bytes va)
{
	invlpg(va);
}

void arch_tlb_flush_all(void)
{
	write_cr3(read_cr3());
}

/*
 * Removes the mapping of the page at va (freeing an owned frame).  The
 * caller shoots down the TLBs of the CPUs that have the space loaded.
 * ENOENT if nothing was mapped there.
 */
int as_unmap(struct addr_space *as, vir_bytes va)
{
	uint32_t pde, *pte;

	if (va < USER_BASE || va >= USER_TOP || (va & (PAGE_SIZE - 1)))
		return EINVAL;
	pde = as->pd[PDE_INDEX(va)];
	if (!(pde & PTE_P))
		return ENOENT;
	pte = &((uint32_t *)(pde & PTE_ADDR))[PTE_INDEX(va)];
	if (!(*pte & PTE_P))
		return ENOENT;
	as_forget_message_page(as);
	if (*pte & PTE_OWNED)
		kmem_free_page((void *)(*pte & PTE_ADDR));
	*pte = 0;
	return OK;
}

/*
 * Copies n bytes upwards (no overlap): words, then the bytes left over;
 * inline, one step per word under icount.
 */
static inline __attribute__((always_inline)) void copy_up(void *to, const void *from, size_t n)
{
	size_t words = n / 4, rest = n % 4;

	__asm__ volatile("rep movsl" : "+D"(to), "+S"(from), "+c"(words) : : "memory");
	if (rest)
		__asm__ volatile("rep movsb" : "+D"(to), "+S"(from), "+c"(rest) : : "memory");
}

/*
 * Copies between the kernel and user memory of `as` through the direct
 * map: one page walk when the range lies in one page (grant entries,
 * messages), else page by page.  Fails with EFAULT, having copied a
 * prefix, when a page is absent, not user-accessible, or (for writes)
 * read-only.  Inlined into user_copy_in/out, so `out` is a constant.
 */
static inline __attribute__((always_inline)) int user_copy(const struct addr_space *as,
							   vir_bytes uaddr, void *kbuf, size_t len,
							   bool out)
{
	uint8_t *k = kbuf, *u;

	if (len - 1 < PAGE_SIZE && (u = as_user_ptr(as, uaddr, len, out))) {
		copy_up(out ? u : k, out ? k : u, len);
		return OK;
	}
	if (user_range_ok(uaddr, len) != OK)
		return EFAULT;
	while (len > 0) {
		size_t chunk = PAGE_SIZE - (uaddr & (PAGE_SIZE - 1));

		if (chunk > len)
			chunk = len;
		if (!(u = as_user_ptr(as, uaddr, 1, out)))
			return EFAULT;
		copy_up(out ? u : k, out ? k : u, chunk);
		uaddr += chunk;
		k += chunk;
		len -= chunk;
	}
	return OK;
}

/* Does physical [addr, addr+len) lie in the direct map (len 0 always does)? */
static bool phys_range_ok(phys_bytes addr, size_t len)
{
	return len == 0 || (addr < DIRECT_MAP_LIMIT && len <= DIRECT_MAP_LIMIT - addr);
}

/* Why a side of vm_copy failed at addr (not on the copy's fast path). */
static __attribute__((noinline)) void copy_fault_at(const struct addr_space *as, vir_bytes addr,
						    bool write, struct copy_fault *fault)
{
	phys_bytes pa;
	bool writable;

	*fault = (struct copy_fault){ as, PAGE_ROUND_DOWN(addr), write,
				      as_lookup(as, addr, &pa, &writable) };
}

/*
 * Resolves one side of a copy: a user address in `as` (one inline page
 * walk), or a physical address when as is NULL (vm_copy checked the range).
 * Returns the direct-map address and how many bytes up to the end of the
 * page may be used, or 0 (fault set) if the page is not usable.
 */
static inline __attribute__((always_inline)) size_t copy_side(const struct addr_space *as,
							      vir_bytes addr, bool write,
							      uint8_t **at, struct copy_fault *fault)
{
	if (!as)
		*at = (uint8_t *)addr;
	else if (!(*at = as_user_ptr(as, addr, 1, write))) {
		copy_fault_at(as, addr, write, fault);
		return 0;
	}
	return PAGE_SIZE - (addr & (PAGE_SIZE - 1));
}

/*
 * Copies len bytes between two address spaces (either may be NULL for
 * physical memory), page by page through the direct map: per page one
 * walk on each side.  EFAULT if a page is missing, not user-accessible or
 * not writable; a prefix may have been copied then, and *fault says which
 * page stopped it (fault->as is NULL when the range itself was bad).
 */
int vm_copy(const struct addr_space *src_as, vir_bytes src,
	    const struct addr_space *dst_as, vir_bytes dst, size_t len,
	    struct copy_fault *fault)
{
	fault->as = NULL;
	if ((src_as && user_range_ok(src, len) != OK) || (dst_as && user_range_ok(dst, len) != OK))
		return EFAULT;
	if ((!src_as && !phys_range_ok(src, len)) || (!dst_as && !phys_range_ok(dst, len)))
		return EFAULT;
	while (len > 0) {
		uint8_t *from, *to;
		size_t a = copy_side(src_as, src, false, &from, fault);
		size_t b = a ? copy_side(dst_as, dst, true, &to, fault) : 0;
		size_t chunk = a < b ? a : b;

		if (chunk == 0)
			return EFAULT;
		if (chunk > len)
			chunk = len;
		if (to <= from || to >= from + chunk)
			copy_up(to, from, chunk);
		else
			memmove(to, from, chunk);	/* overlapping, within one space */
		src += chunk;
		dst += chunk;
		len -= chunk;
	}
	return OK;
}

int user_copy_in(const struct addr_space *as, vir_bytes src, void *dst, size_t len)
{
	return user_copy(as, src, dst, len, false);
}

int user_copy_out(const struct addr_space *as, const void *src, vir_bytes dst, size_t len)
{
	return user_copy(as, dst, (void *)src, len, true);
}
