/*
 * arch/layout.h - the virtual address-space layout (every address space).
 *
 *   0x00000000 - 0x3fffffff  kernel: direct map of physical memory 0-1 GiB,
 *                            4 MiB pages, supervisor, global where PGE exists
 *   0x40000000 - 0xefffffff  user space (USER_BASE .. USER_TOP)
 *                            programs are linked at USER_BASE; the initial
 *                            stack ends at USER_STACK_TOP
 *   0xf0000000 - 0xf1ffffff  kernel: firmware window, empty but during
 *                            boot (arch_firmware_map in arch/paging.h)
 *   0xf2000000 - 0xffffffff  kernel: device window (local APIC, IOAPIC),
 *                            identity mapped, uncached, supervisor
 *
 * Kernel entries are the same in every page directory and never change after
 * boot, so switching address spaces never needs to touch them.  Physical
 * memory above DIRECT_MAP_LIMIT is not used (the boot log says how much);
 * firmware tables there are read through the firmware window at boot.
 * Because physical == virtual below the limit, the kernel reaches any frame
 * it allocated through a plain pointer.
 */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#define PAGE_SIZE		4096u
#define PAGE_SHIFT		12
#define LARGE_PAGE_SIZE		(4u << 20)

#define DIRECT_MAP_LIMIT	0x40000000u
#define USER_BASE		0x40000000u
#define USER_TOP		0xf0000000u
#define USER_STACK_TOP		0xeffff000u	/* one unmapped guard page above */
#define USER_STACK_PAGES	16
#define FIRMWARE_WINDOW_BASE	0xf0000000u
#define FIRMWARE_WINDOW_SIZE	(8 * LARGE_PAGE_SIZE)
#define DEVICE_WINDOW_BASE	(FIRMWARE_WINDOW_BASE + FIRMWARE_WINDOW_SIZE)

#define PAGE_ROUND_DOWN(a)	((a) & ~(PAGE_SIZE - 1))
#define PAGE_ROUND_UP(a)	(((a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

#endif /* ARCH_LAYOUT_H */
