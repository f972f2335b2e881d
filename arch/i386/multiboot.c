/*
 * arch/i386/multiboot.c - translate Multiboot v1 information into struct
 * boot_info (kernel/boot.h): command line, memory map, modules.
 */
#include <string.h>
#include "arch/i386/multiboot.h"

#define MB_INFO_MEM		(1u << 0)
#define MB_INFO_CMDLINE		(1u << 2)
#define MB_INFO_MODS		(1u << 3)
#define MB_INFO_MMAP		(1u << 6)
#define MB_MMAP_AVAILABLE	1

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
};

struct mb_module {
	uint32_t start, end, string, reserved;
};

struct mb_mmap_entry {
	uint32_t size;
	uint64_t base, len;
	uint32_t type;
} __attribute__((packed));

static void parse_mmap(const struct mb_info *mi, struct boot_info *bi)
{
	uint32_t p = mi->mmap_addr, end = mi->mmap_addr + mi->mmap_length;

	while (p < end && bi->nranges < BOOT_MAX_RANGES) {
		const struct mb_mmap_entry *e = (const void *)p;
		struct boot_range *r = &bi->ranges[bi->nranges++];

		r->base = e->base;
		r->len = e->len;
		r->usable = e->type == MB_MMAP_AVAILABLE;
		p += e->size + sizeof(e->size);
	}
}

static void parse_modules(const struct mb_info *mi, struct boot_info *bi)
{
	const struct mb_module *m = (const void *)mi->mods_addr;

	for (uint32_t i = 0; i < mi->mods_count; i++) {
		if (bi->nmodules == BOOT_MAX_MODULES) {
			bi->dropped_modules++;
			continue;
		}
		struct boot_module *bm = &bi->modules[bi->nmodules++];
		bm->start = m[i].start;
		bm->end = m[i].end;
		strlcpy(bm->line, m[i].string ? (const char *)m[i].string : "", sizeof(bm->line));
	}
}

void multiboot_parse(uint32_t info, struct boot_info *bi)
{
	const struct mb_info *mi = (const void *)info;

	memset(bi, 0, sizeof(*bi));
	if ((mi->flags & MB_INFO_CMDLINE) && mi->cmdline)
		strlcpy(bi->cmdline, (const char *)mi->cmdline, sizeof(bi->cmdline));
	if (mi->flags & MB_INFO_MMAP) {
		parse_mmap(mi, bi);
	} else if (mi->flags & MB_INFO_MEM) {
		bi->ranges[0] = (struct boot_range){ 0, (uint64_t)mi->mem_lower << 10, true };
		bi->ranges[1] = (struct boot_range){ 1u << 20, (uint64_t)mi->mem_upper << 10, true };
		bi->nranges = 2;
	}
	if (mi->flags & MB_INFO_MODS)
		parse_modules(mi, bi);
}
