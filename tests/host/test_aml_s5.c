/*
 * tests/host/test_aml_s5.c - aml_find_s5 (smp/aml_s5.c): the S5 sleep
 * types from DSDT bytes as QEMU, Bochs and other firmware encode them;
 * names that are not a Name(\_S5, Package) declaration; and truncated
 * input, read without going past its end (each case runs from a heap
 * copy of exactly its length, under ASan).
 */
#include <stdlib.h>
#include <string.h>
#include "tests/host/host_test.h"
#include "smp/acpi.h"

/* Runs aml_find_s5 on an exact-size heap copy of aml[0..len). */
static int find(const uint8_t *aml, uint32_t len, uint8_t *a, uint8_t *b)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	assert_non_null(copy);
	memcpy(copy, aml, len);
	r = aml_find_s5(copy, len, a, b);
	free(copy);
	return r;
}

/* QEMU: Name (_S5, Package (0x04) { Zero, Zero, Zero, Zero }), inside other AML. */
static const uint8_t qemu[] = {
	0x10, 0x20, 0x5c, 0x5f, 0x53, 0x42, 0x5f,		/* Scope (\_SB_ ... */
	0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x14, 0x08, '_', 'P', 'T', 'S', 0x01,			/* Method (_PTS, 1) */
};

static void qemu_zero_ops(void **state)
{
	uint8_t a = 9, b = 9;

	(void)state;
	assert_int_equal(find(qemu, sizeof(qemu), &a, &b), 0);
	assert_int_equal(a, 0);
	assert_int_equal(b, 0);
}

/* Bochs-style: Name (\_S5, Package () { 0x05, 0x07, Zero, Zero }), root prefix, byte constants. */
static void root_prefix_byte_consts(void **state)
{
	static const uint8_t aml[] = {
		0x08, '\\', '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0a, 0x05, 0x0a, 0x07, 0x00, 0x00,
	};
	uint8_t a = 0, b = 0;

	(void)state;
	assert_int_equal(find(aml, sizeof(aml), &a, &b), 0);
	assert_int_equal(a, 5);
	assert_int_equal(b, 7);
}

/* Word and dword constants, and a two-byte PkgLength. */
static void word_dword_and_long_pkglength(void **state)
{
	static const uint8_t aml[] = {
		0x08, '_', 'S', '5', '_', 0x12, 0x4a, 0x00, 0x02,
		0x0b, 0x06, 0x00, 0x0c, 0x03, 0x00, 0x00, 0x00,
	};
	uint8_t a = 0, b = 0;

	(void)state;
	assert_int_equal(find(aml, sizeof(aml), &a, &b), 0);
	assert_int_equal(a, 6);
	assert_int_equal(b, 3);
}

/* One element: SLP_TYPb is 0; One (0x01) is a constant too. */
static void one_element(void **state)
{
	static const uint8_t aml[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x03, 0x01, 0x01 };
	uint8_t a = 0, b = 9;

	(void)state;
	assert_int_equal(find(aml, sizeof(aml), &a, &b), 0);
	assert_int_equal(a, 1);
	assert_int_equal(b, 0);
}

/* A reference to _S5_ (here returned by a method) and a string are skipped for the declaration. */
static void references_skipped(void **state)
{
	static const uint8_t aml[] = {
		0xa4, '_', 'S', '5', '_',				/* Return (_S5_) */
		0x0d, '_', 'S', '5', '_', 0x12, 0x00,			/* a string */
		0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x0a, 0x02, 0x0a, 0x03, 0x00, 0x00,
	};
	uint8_t a = 0, b = 0;

	(void)state;
	assert_int_equal(find(aml, sizeof(aml), &a, &b), 0);
	assert_int_equal(a, 2);
	assert_int_equal(b, 3);
}

static void absent_or_malformed(void **state)
{
	static const uint8_t no_package[] = { 0x08, '_', 'S', '5', '_', 0x0a, 0x05 };
	static const uint8_t not_const[] = {
		0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0d, 'x', 0x00, 0x00,
	};
	static const uint8_t empty_package[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x01, 0x00 };
	uint8_t a, b;

	(void)state;
	assert_int_equal(find(no_package, sizeof(no_package), &a, &b), -1);
	assert_int_equal(find(not_const, sizeof(not_const), &a, &b), -1);
	assert_int_equal(find(empty_package, sizeof(empty_package), &a, &b), -1);
	assert_int_equal(find(qemu, 7, &a, &b), -1);
	assert_int_equal(find(qemu, 0, &a, &b), -1);
}

/* Every cut of the QEMU bytes before the second element is read: not found, no over-read. */
static void truncated(void **state)
{
	const uint32_t complete = 7 + 10;	/* through the second Zero */
	uint8_t a, b;

	(void)state;
	for (uint32_t len = 0; len < complete; len++)
		assert_int_equal(find(qemu, len, &a, &b), -1);
	assert_int_equal(find(qemu, complete, &a, &b), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("aml_s5", "qemu_zero_ops", qemu_zero_ops),
		HOST_TEST("aml_s5", "root_prefix_byte_consts", root_prefix_byte_consts),
		HOST_TEST("aml_s5", "word_dword_and_long_pkglength", word_dword_and_long_pkglength),
		HOST_TEST("aml_s5", "one_element", one_element),
		HOST_TEST("aml_s5", "references_skipped", references_skipped),
		HOST_TEST("aml_s5", "absent_or_malformed", absent_or_malformed),
		HOST_TEST("aml_s5", "truncated", truncated),
	};

	return cmocka_run_group_tests_name("host.aml_s5", tests, NULL, NULL);
}
