/*
 * kernel/lib/elf.c - ELF32 executable validation (see elf.h).
 *
 * Owns elf_parse() and elf_image_pages().  Headers are read byte by byte
 * (little-endian) after checking that they lie inside the buffer; all
 * range arithmetic is done in 64 bits so nothing can overflow.
 */
#include <abi/errno.h>
#include "kernel/lib/elf.h"

#define ADDR_SPACE_END (UINT64_C(1) << 32)

static uint16_t read16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t read32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Decodes the file header at p (at least sizeof(struct elf32_ehdr) bytes). */
static void read_ehdr(const uint8_t *p, struct elf32_ehdr *h)
{
	for (unsigned i = 0; i < ELF_NIDENT; i++)
		h->e_ident[i] = p[i];
	h->e_type = read16(p + 16);
	h->e_machine = read16(p + 18);
	h->e_version = read32(p + 20);
	h->e_entry = read32(p + 24);
	h->e_phoff = read32(p + 28);
	h->e_shoff = read32(p + 32);
	h->e_flags = read32(p + 36);
	h->e_ehsize = read16(p + 40);
	h->e_phentsize = read16(p + 42);
	h->e_phnum = read16(p + 44);
	h->e_shentsize = read16(p + 46);
	h->e_shnum = read16(p + 48);
	h->e_shstrndx = read16(p + 50);
}

/* Decodes the program header at p (at least sizeof(struct elf32_phdr) bytes). */
static void read_phdr(const uint8_t *p, struct elf32_phdr *h)
{
	h->p_type = read32(p);
	h->p_offset = read32(p + 4);
	h->p_vaddr = read32(p + 8);
	h->p_paddr = read32(p + 12);
	h->p_filesz = read32(p + 16);
	h->p_memsz = read32(p + 20);
	h->p_flags = read32(p + 24);
	h->p_align = read32(p + 28);
}

/* Stores reason in *why (if why is not NULL) and returns code. */
static int fail(const char **why, int code, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return code;
}

static int check_ident(const uint8_t *id, const char **why)
{
	if (id[0] != ELF_MAG0 || id[1] != ELF_MAG1 || id[2] != ELF_MAG2 || id[3] != ELF_MAG3)
		return fail(why, ENOEXEC, "not an ELF file (bad magic)");
	if (id[ELF_EI_CLASS] != ELF_CLASS32)
		return fail(why, ENOEXEC, "not a 32-bit ELF file");
	if (id[ELF_EI_DATA] != ELF_DATA2LSB)
		return fail(why, ENOEXEC, "not a little-endian ELF file");
	if (id[ELF_EI_VERSION] != ELF_EV_CURRENT)
		return fail(why, ENOEXEC, "unknown ELF version");
	return OK;
}

/* Reads and checks the file header, including where the program headers are. */
static int check_header(const uint8_t *p, size_t size, struct elf32_ehdr *h, const char **why)
{
	if (p == NULL || size < sizeof(struct elf32_ehdr))
		return fail(why, ENOEXEC, "truncated ELF header");
	read_ehdr(p, h);
	int rc = check_ident(h->e_ident, why);

	if (rc != OK)
		return rc;
	if (h->e_version != ELF_EV_CURRENT)
		return fail(why, ENOEXEC, "unknown ELF version");
	if (h->e_type != ELF_ET_EXEC)
		return fail(why, ENOEXEC, "not an executable (ET_EXEC) file");
	if (h->e_machine != ELF_EM_386)
		return fail(why, ENOEXEC, "not an i386 file");
	if (h->e_ehsize != sizeof(struct elf32_ehdr))
		return fail(why, ENOEXEC, "bad ELF header size");
	if (h->e_phentsize != sizeof(struct elf32_phdr))
		return fail(why, ENOEXEC, "bad program header size");
	if (h->e_phnum == 0)
		return fail(why, ENOEXEC, "no program headers");
	if ((uint64_t)h->e_phoff + (uint64_t)h->e_phnum * sizeof(struct elf32_phdr) > size)
		return fail(why, ENOEXEC, "program headers outside the file");
	return OK;
}

/* Checks one PT_LOAD header against the file and the range [lo, hi). */
static int check_segment(const struct elf32_phdr *ph, size_t size, uint32_t lo,
			 uint32_t hi, const char **why)
{
	uint64_t end = (uint64_t)ph->p_vaddr + ph->p_memsz;

	if (ph->p_filesz > ph->p_memsz)
		return fail(why, ENOEXEC, "segment file size exceeds its memory size");
	if ((uint64_t)ph->p_offset + ph->p_filesz > size)
		return fail(why, ENOEXEC, "segment data outside the file");
	if (end > ADDR_SPACE_END)
		return fail(why, ENOEXEC, "segment wraps around the address space");
	if (ph->p_vaddr < lo || end > hi)
		return fail(why, EFAULT, "segment outside the user address range");
	return OK;
}

static bool overlaps(const struct elf_segment *s, const struct elf32_phdr *ph)
{
	return (uint64_t)ph->p_vaddr < (uint64_t)s->vaddr + s->memsz &&
	       (uint64_t)s->vaddr < (uint64_t)ph->p_vaddr + ph->p_memsz;
}

/* Validates the PT_LOAD header ph and appends it to img. */
static int add_segment(struct elf_image *img, const struct elf32_phdr *ph, size_t size,
		       uint32_t lo, uint32_t hi, const char **why)
{
	if (img->nsegments == ELF_MAX_SEGMENTS)
		return fail(why, E2BIG, "too many loadable segments");
	int rc = check_segment(ph, size, lo, hi, why);

	if (rc != OK)
		return rc;
	for (unsigned i = 0; i < img->nsegments; i++) {
		if (overlaps(&img->seg[i], ph))
			return fail(why, ENOEXEC, "segments overlap");
	}
	img->seg[img->nsegments++] = (struct elf_segment){
		.vaddr = ph->p_vaddr,
		.memsz = ph->p_memsz,
		.filesz = ph->p_filesz,
		.offset = ph->p_offset,
		.writable = (ph->p_flags & ELF_PF_W) != 0,
		.executable = (ph->p_flags & ELF_PF_X) != 0,
	};
	return OK;
}

static int collect_segments(const uint8_t *p, size_t size, const struct elf32_ehdr *h,
			    uint32_t lo, uint32_t hi, struct elf_image *img, const char **why)
{
	img->nsegments = 0;
	for (unsigned i = 0; i < h->e_phnum; i++) {
		struct elf32_phdr ph;

		read_phdr(p + h->e_phoff + (size_t)i * sizeof(ph), &ph);
		if (ph.p_type != ELF_PT_LOAD || ph.p_memsz == 0)
			continue;
		int rc = add_segment(img, &ph, size, lo, hi, why);

		if (rc != OK)
			return rc;
	}
	return OK;
}

static bool entry_is_executable(const struct elf_image *img)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];

		if (s->executable && img->entry >= s->vaddr && img->entry - s->vaddr < s->memsz)
			return true;
	}
	return false;
}

/* See elf.h. */
int elf_parse(const void *data, size_t size, uint32_t lo, uint32_t hi,
	      struct elf_image *img, const char **why)
{
	struct elf32_ehdr h;
	int rc = check_header(data, size, &h, why);

	if (rc == OK)
		rc = collect_segments(data, size, &h, lo, hi, img, why);
	if (rc != OK)
		return rc;
	img->entry = h.e_entry;
	if (!entry_is_executable(img))
		return fail(why, ENOEXEC, "entry point not in an executable segment");
	if (why != NULL)
		*why = NULL;
	return OK;
}

/* Page span [first, end) of a segment, as page numbers. */
struct page_span {
	uint64_t first, end;
};

/* See elf.h. */
uint64_t elf_image_pages(const struct elf_image *img)
{
	struct page_span s[ELF_MAX_SEGMENTS];
	unsigned n = img->nsegments;
	uint64_t pages = 0, covered = 0;

	/* Insertion sort by first page, then count the union of the spans. */
	for (unsigned i = 0; i < n; i++) {
		const struct elf_segment *seg = &img->seg[i];
		struct page_span span = {
			seg->vaddr / ELF_PAGE_SIZE,
			((uint64_t)seg->vaddr + seg->memsz + ELF_PAGE_SIZE - 1) / ELF_PAGE_SIZE,
		};
		unsigned j = i;

		for (; j > 0 && s[j - 1].first > span.first; j--)
			s[j] = s[j - 1];
		s[j] = span;
	}
	for (unsigned i = 0; i < n; i++) {
		uint64_t first = s[i].first > covered ? s[i].first : covered;

		if (s[i].end > first)
			pages += s[i].end - first;
		if (s[i].end > covered)
			covered = s[i].end;
	}
	return pages;
}
