/*
 * kernel/lib/elf.h - ELF32 (i386) executable headers and their validation.
 *
 * The kernel loads boot-module programs from memory: elf_parse() checks an
 * image completely before anything is mapped and returns the PT_LOAD
 * segments to copy.  The structures describe the on-disk layout; elf.c
 * reads them byte by byte, so the image may sit at any alignment.
 */
#ifndef KERNEL_LIB_ELF_H
#define KERNEL_LIB_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* e_ident */
#define ELF_NIDENT	16
#define ELF_MAG0	0x7f
#define ELF_MAG1	'E'
#define ELF_MAG2	'L'
#define ELF_MAG3	'F'
#define ELF_EI_CLASS	4
#define ELF_EI_DATA	5
#define ELF_EI_VERSION	6
#define ELF_CLASS32	1
#define ELF_DATA2LSB	1
#define ELF_EV_CURRENT	1

#define ELF_ET_EXEC	2	/* e_type */
#define ELF_EM_386	3	/* e_machine */
#define ELF_PT_LOAD	1	/* p_type */
#define ELF_PF_X	1	/* p_flags */
#define ELF_PF_W	2
#define ELF_PF_R	4

#define ELF_PAGE_SIZE	4096u

struct elf32_ehdr {
	uint8_t e_ident[ELF_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint32_t e_entry;
	uint32_t e_phoff;
	uint32_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};
_Static_assert(sizeof(struct elf32_ehdr) == 52, "ELF32 file header is 52 bytes");

struct elf32_phdr {
	uint32_t p_type;
	uint32_t p_offset;
	uint32_t p_vaddr;
	uint32_t p_paddr;
	uint32_t p_filesz;
	uint32_t p_memsz;
	uint32_t p_flags;
	uint32_t p_align;
};
_Static_assert(sizeof(struct elf32_phdr) == 32, "ELF32 program header is 32 bytes");

#define ELF_MAX_SEGMENTS 8

/* One PT_LOAD segment: copy filesz bytes from file offset to vaddr, zero
 * the rest up to memsz. */
struct elf_segment {
	uint32_t vaddr, memsz, filesz, offset;
	bool writable, executable;
};

struct elf_image {
	uint32_t entry;
	unsigned nsegments;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/*
 * Validates an ELF32 little-endian i386 ET_EXEC image held in
 * [data, data + size) and collects its PT_LOAD segments (in file order;
 * those with memsz 0 are skipped).  Every segment must lie in [lo, hi),
 * not overlap another, have filesz <= memsz and its file bytes inside the
 * buffer, and must not wrap around 4 GiB; the entry point must lie inside
 * an executable segment.
 * Returns OK; ENOEXEC if it is not such an image or a header is bad;
 * EFAULT if a segment is outside [lo, hi); E2BIG if there are more than
 * ELF_MAX_SEGMENTS loadable segments.  On failure *why (if why is not
 * NULL) gets a static human-readable reason and *img is unspecified; on
 * success *why is set to NULL.
 */
int elf_parse(const void *data, size_t size, uint32_t lo, uint32_t hi,
	      struct elf_image *img, const char **why);

/*
 * Returns the number of 4 KiB pages needed to hold all segments of img
 * (a page shared by two segments counts once).
 */
uint64_t elf_image_pages(const struct elf_image *img);

#endif /* KERNEL_LIB_ELF_H */
