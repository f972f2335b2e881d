/*
 * tests/host/test_elf.c - host tests of kernel/lib/elf.c.
 *
 * Images are built here byte by byte (little-endian): a valid two-segment
 * executable, then one defect at a time.
 */
#include <stdbool.h>
#include <string.h>
#include <abi/errno.h>
#include "tests/host/host_test.h"
#include "kernel/lib/elf.h"

#define IMG_SIZE 0x3000u
#define USER_LO 0x00001000u
#define USER_HI 0xc0000000u
#define TEXT 0x08048000u
#define DATA 0x0804a000u
#define ENTRY (TEXT + 0x10)
#define PHOFF 52u

struct image {
	uint8_t bytes[IMG_SIZE];
	size_t size;
	unsigned nph;
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Address of program header i in the image. */
static uint8_t *phdr_at(struct image *im, unsigned i)
{
	return im->bytes + PHOFF + i * sizeof(struct elf32_phdr);
}

/* Writes program header i and updates e_phnum. */
static void set_phdr(struct image *im, unsigned i, uint32_t type, uint32_t offset,
		     uint32_t vaddr, uint32_t filesz, uint32_t memsz, uint32_t flags)
{
	uint8_t *p = phdr_at(im, i);

	put32(p, type);
	put32(p + 4, offset);
	put32(p + 8, vaddr);
	put32(p + 12, vaddr);
	put32(p + 16, filesz);
	put32(p + 20, memsz);
	put32(p + 24, flags);
	put32(p + 28, ELF_PAGE_SIZE);
	if (i + 1 > im->nph)
		im->nph = i + 1;
	put16(im->bytes + 44, (uint16_t)im->nph);
}

/* A valid image: text (R-X) at TEXT, data+bss (RW-) at DATA, entry in text. */
static void build_valid(struct image *im)
{
	uint8_t *h = im->bytes;

	memset(im, 0, sizeof(*im));
	im->size = IMG_SIZE;
	memcpy(h, "\x7f" "ELF", 4);
	h[ELF_EI_CLASS] = ELF_CLASS32;
	h[ELF_EI_DATA] = ELF_DATA2LSB;
	h[ELF_EI_VERSION] = ELF_EV_CURRENT;
	put16(h + 16, ELF_ET_EXEC);
	put16(h + 18, ELF_EM_386);
	put32(h + 20, ELF_EV_CURRENT);
	put32(h + 24, ENTRY);
	put32(h + 28, PHOFF);
	put16(h + 40, sizeof(struct elf32_ehdr));
	put16(h + 42, sizeof(struct elf32_phdr));
	set_phdr(im, 0, ELF_PT_LOAD, 0x1000, TEXT, 0x800, 0x800, ELF_PF_R | ELF_PF_X);
	set_phdr(im, 1, ELF_PT_LOAD, 0x2000, DATA, 0x100, 0x2000, ELF_PF_R | ELF_PF_W);
}

static int parse(const struct image *im, struct elf_image *img, const char **why)
{
	return elf_parse(im->bytes, im->size, USER_LO, USER_HI, img, why);
}

/* Parses im and expects the error code want with a reason. */
static void expect_error(const struct image *im, int want)
{
	struct elf_image img;
	const char *why = NULL;

	assert_int_equal(parse(im, &img, &why), want);
	assert_non_null(why);
	assert_true(strlen(why) > 0);
}

static void test_valid_image(void **state)
{
	(void)state;
	struct image im;
	struct elf_image img;
	const char *why = "unset";

	build_valid(&im);
	assert_int_equal(parse(&im, &img, &why), OK);
	assert_null(why);
	assert_int_equal(img.entry, ENTRY);
	assert_int_equal(img.nsegments, 2);
	assert_int_equal(img.seg[0].vaddr, TEXT);
	assert_int_equal(img.seg[0].memsz, 0x800);
	assert_int_equal(img.seg[0].filesz, 0x800);
	assert_int_equal(img.seg[0].offset, 0x1000);
	assert_true(img.seg[0].executable);
	assert_false(img.seg[0].writable);
	assert_int_equal(img.seg[1].vaddr, DATA);
	assert_int_equal(img.seg[1].memsz, 0x2000);
	assert_int_equal(img.seg[1].filesz, 0x100);
	assert_false(img.seg[1].executable);
	assert_true(img.seg[1].writable);
	assert_int_equal(elf_image_pages(&img), 1 + 2);
	/* why may be NULL. */
	assert_int_equal(elf_parse(im.bytes, im.size, USER_LO, USER_HI, &img, NULL), OK);
}

static void test_unaligned_buffer(void **state)
{
	(void)state;
	static uint8_t shifted[IMG_SIZE + 1];
	struct image im;
	struct elf_image img;

	build_valid(&im);
	memcpy(shifted + 1, im.bytes, IMG_SIZE);
	assert_int_equal(elf_parse(shifted + 1, IMG_SIZE, USER_LO, USER_HI, &img, NULL), OK);
	assert_int_equal(img.entry, ENTRY);
}

static void test_non_load_headers_ignored(void **state)
{
	(void)state;
	struct image im;
	struct elf_image img;

	build_valid(&im);
	/* A PT_NOTE (4) pointing anywhere, and an empty PT_LOAD, are skipped. */
	set_phdr(&im, 2, 4, 0xffffff00u, 0xffffff00u, 0x1000, 0x10, 0);
	set_phdr(&im, 3, ELF_PT_LOAD, 0, 0, 0, 0, ELF_PF_R);
	assert_int_equal(parse(&im, &img, NULL), OK);
	assert_int_equal(img.nsegments, 2);
}

static void test_bad_magic(void **state)
{
	(void)state;
	struct image im;

	build_valid(&im);
	im.bytes[1] = 'e';
	expect_error(&im, ENOEXEC);
}

static void test_wrong_class_or_endianness(void **state)
{
	(void)state;
	struct image im;

	build_valid(&im);
	im.bytes[ELF_EI_CLASS] = 2;		/* ELFCLASS64 */
	expect_error(&im, ENOEXEC);
	build_valid(&im);
	im.bytes[ELF_EI_DATA] = 2;		/* big-endian */
	expect_error(&im, ENOEXEC);
	build_valid(&im);
	put32(im.bytes + 20, 2);		/* e_version */
	expect_error(&im, ENOEXEC);
}

static void test_wrong_machine_or_type(void **state)
{
	(void)state;
	struct image im;

	build_valid(&im);
	put16(im.bytes + 18, 62);		/* EM_X86_64 */
	expect_error(&im, ENOEXEC);
	build_valid(&im);
	put16(im.bytes + 16, 3);		/* ET_DYN */
	expect_error(&im, ENOEXEC);
	build_valid(&im);
	put16(im.bytes + 42, 40);		/* e_phentsize */
	expect_error(&im, ENOEXEC);
}

static void test_truncated_header(void **state)
{
	(void)state;
	struct image im;
	struct elf_image img;
	const char *why = NULL;

	build_valid(&im);
	im.size = sizeof(struct elf32_ehdr) - 1;
	expect_error(&im, ENOEXEC);
	im.size = 0;
	expect_error(&im, ENOEXEC);
	assert_int_equal(elf_parse(NULL, 0, USER_LO, USER_HI, &img, &why), ENOEXEC);
	assert_non_null(why);
}

static void test_phdr_table_outside_file(void **state)
{
	(void)state;
	struct image im;

	build_valid(&im);
	put32(im.bytes + 28, IMG_SIZE - 40);	/* table runs past the end */
	expect_error(&im, ENOEXEC);
	build_valid(&im);
	put32(im.bytes + 28, 0xffffffe0u);	/* would wrap in 32 bits */
	expect_error(&im, ENOEXEC);
	build_valid(&im);
	put16(im.bytes + 44, 0xffff);		/* far too many headers */
	expect_error(&im, ENOEXEC);
	build_valid(&im);
	put16(im.bytes + 44, 0);
	expect_error(&im, ENOEXEC);
	/* The whole table inside a file cut right after it: still parsed. */
	build_valid(&im);
	im.size = PHOFF + 2 * sizeof(struct elf32_phdr);
	set_phdr(&im, 0, ELF_PT_LOAD, 0, TEXT, 0, 0x800, ELF_PF_R | ELF_PF_X);
	set_phdr(&im, 1, ELF_PT_LOAD, 0, DATA, (uint32_t)im.size, 0x800, ELF_PF_R);
	struct elf_image img;
	assert_int_equal(parse(&im, &img, NULL), OK);
}

static void test_segment_outside_user_range(void **state)
{
	(void)state;
	struct image im;
	struct elf_image img;

	build_valid(&im);
	set_phdr(&im, 1, ELF_PT_LOAD, 0x2000, 0, 0x100, 0x100, ELF_PF_R);
	expect_error(&im, EFAULT);
	build_valid(&im);
	set_phdr(&im, 1, ELF_PT_LOAD, 0x2000, USER_HI - 0x1000, 0x100, 0x1001, ELF_PF_R);
	expect_error(&im, EFAULT);
	/* Ending exactly at hi is fine. */
	build_valid(&im);
	set_phdr(&im, 1, ELF_PT_LOAD, 0x2000, USER_HI - 0x1000, 0x100, 0x1000, ELF_PF_R);
	assert_int_equal(parse(&im, &img, NULL), OK);
	/* Starting exactly at lo is fine, one byte below is not. */
	set_phdr(&im, 1, ELF_PT_LOAD, 0x2000, USER_LO, 0x100, 0x100, ELF_PF_R);
	assert_int_equal(parse(&im, &img, NULL), OK);
	set_phdr(&im, 1, ELF_PT_LOAD, 0x2000, USER_LO - 1, 0x100, 0x100, ELF_PF_R);
	expect_error(&im, EFAULT);
}

static void test_filesz_exceeds_memsz(void **state)
{
	(void)state;
	struct image im;

	build_valid(&im);
	set_phdr(&im, 1, ELF_PT_LOAD, 0x2000, DATA, 0x101, 0x100, ELF_PF_R | ELF_PF_W);
	expect_error(&im, ENOEXEC);
}

static void test_segment_data_outside_file(void **state)
{
	(void)state;
	struct image im;

	build_valid(&im);
	set_phdr(&im, 1, ELF_PT_LOAD, 0x2000, DATA, 0x1001, 0x2000, ELF_PF_R);
	expect_error(&im, ENOEXEC);
	build_valid(&im);
	set_phdr(&im, 1, ELF_PT_LOAD, 0xffffff00u, DATA, 0x200, 0x2000, ELF_PF_R);
	expect_error(&im, ENOEXEC);
}

static void test_overlapping_segments(void **state)
{
	(void)state;
	struct image im;
	struct elf_image img;

	build_valid(&im);
	set_phdr(&im, 1, ELF_PT_LOAD, 0x2000, TEXT + 0x7ff, 0x100, 0x100, ELF_PF_R);
	expect_error(&im, ENOEXEC);
	build_valid(&im);
	set_phdr(&im, 1, ELF_PT_LOAD, 0x2000, TEXT - 0x100, 0x100, 0x2000, ELF_PF_R);
	expect_error(&im, ENOEXEC);
	/* Adjacent segments sharing a page do not overlap; the page counts once. */
	build_valid(&im);
	set_phdr(&im, 1, ELF_PT_LOAD, 0x2000, TEXT + 0x800, 0x100, 0x1000, ELF_PF_R | ELF_PF_W);
	assert_int_equal(parse(&im, &img, NULL), OK);
	assert_int_equal(elf_image_pages(&img), 2);
}

static void test_entry_not_in_exec_segment(void **state)
{
	(void)state;
	struct image im;
	struct elf_image img;

	build_valid(&im);
	put32(im.bytes + 24, DATA + 4);		/* in data: not executable */
	expect_error(&im, ENOEXEC);
	put32(im.bytes + 24, 0x1234);		/* in no segment */
	expect_error(&im, ENOEXEC);
	put32(im.bytes + 24, TEXT + 0x800);	/* one past the text */
	expect_error(&im, ENOEXEC);
	put32(im.bytes + 24, TEXT + 0x7ff);	/* last text byte */
	assert_int_equal(parse(&im, &img, NULL), OK);
}

static void test_too_many_segments(void **state)
{
	(void)state;
	struct image im;
	struct elf_image img;

	build_valid(&im);
	for (unsigned i = 2; i < ELF_MAX_SEGMENTS; i++)
		set_phdr(&im, i, ELF_PT_LOAD, 0x2000, 0x10000000u + i * 0x1000, 0x10, 0x10, ELF_PF_R);
	assert_int_equal(parse(&im, &img, NULL), OK);
	assert_int_equal(img.nsegments, ELF_MAX_SEGMENTS);
	assert_int_equal(elf_image_pages(&img), 3 + ELF_MAX_SEGMENTS - 2);
	set_phdr(&im, ELF_MAX_SEGMENTS, ELF_PT_LOAD, 0x2000, 0x20000000u, 0x10, 0x10, ELF_PF_R);
	expect_error(&im, E2BIG);
}

static void test_address_wraparound(void **state)
{
	(void)state;
	struct image im;
	struct elf_image img;

	build_valid(&im);
	set_phdr(&im, 1, ELF_PT_LOAD, 0x2000, 0xfffff000u, 0x100, 0x2000, ELF_PF_R);
	/* Even with the widest range allowed, vaddr + memsz wraps. */
	assert_int_equal(elf_parse(im.bytes, im.size, 0, 0xffffffffu, &img, NULL), ENOEXEC);
	expect_error(&im, ENOEXEC);
}

static void test_image_pages_union(void **state)
{
	(void)state;
	struct elf_image img = { .entry = 0, .nsegments = 3 };

	/* Unsorted; the second and third share page 0x12; the first spans 3 pages. */
	img.seg[0] = (struct elf_segment){ .vaddr = 0x20fff, .memsz = 0x1002 };
	img.seg[1] = (struct elf_segment){ .vaddr = 0x12800, .memsz = 0x800 };
	img.seg[2] = (struct elf_segment){ .vaddr = 0x10000, .memsz = 0x2800 };
	assert_int_equal(elf_image_pages(&img), 3 + 3);
	img.nsegments = 0;
	assert_int_equal(elf_image_pages(&img), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("elf", "valid_image", test_valid_image),
		HOST_TEST("elf", "unaligned_buffer", test_unaligned_buffer),
		HOST_TEST("elf", "non_load_headers_ignored", test_non_load_headers_ignored),
		HOST_TEST("elf", "bad_magic", test_bad_magic),
		HOST_TEST("elf", "wrong_class_or_endianness", test_wrong_class_or_endianness),
		HOST_TEST("elf", "wrong_machine_or_type", test_wrong_machine_or_type),
		HOST_TEST("elf", "truncated_header", test_truncated_header),
		HOST_TEST("elf", "phdr_table_outside_file", test_phdr_table_outside_file),
		HOST_TEST("elf", "segment_outside_user_range", test_segment_outside_user_range),
		HOST_TEST("elf", "filesz_exceeds_memsz", test_filesz_exceeds_memsz),
		HOST_TEST("elf", "segment_data_outside_file", test_segment_data_outside_file),
		HOST_TEST("elf", "overlapping_segments", test_overlapping_segments),
		HOST_TEST("elf", "entry_not_in_exec_segment", test_entry_not_in_exec_segment),
		HOST_TEST("elf", "too_many_segments", test_too_many_segments),
		HOST_TEST("elf", "address_wraparound", test_address_wraparound),
		HOST_TEST("elf", "image_pages_union", test_image_pages_union),
	};

	return cmocka_run_group_tests_name("host.elf", tests, NULL, NULL);
}
