/*
 * tests/host/test_string.c - host tests of lib/common/string.c.
 *
 * string.c is compiled with KSTRING_HOST_TEST, so its functions are called
 * here as ks_memcpy, ks_strlen, ...; the host C library serves as the
 * reference.  On the x86_64 host this exercises the portable C paths.
 */
#include <string.h>
#include "tests/host/host_test.h"
#include "lib/common/include/string.h"

#define BUF 96
#define MAX_LEN 64

/* Fills buf with a pattern that differs at every position. */
static void pattern(unsigned char *buf, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)(i * 7 + seed);
}

static void test_memcpy_all_alignments(void **state)
{
	(void)state;
	unsigned char src[BUF], dst[BUF], want[BUF];

	pattern(src, BUF, 1);
	for (size_t so = 0; so < 8; so++)
		for (size_t d_off = 0; d_off < 8; d_off++)
			for (size_t n = 0; n <= MAX_LEN; n++) {
				pattern(dst, BUF, 99);
				memcpy(want, dst, BUF);
				memcpy(want + d_off, src + so, n);
				assert_ptr_equal(ks_memcpy(dst + d_off, src + so, n), dst + d_off);
				assert_memory_equal(dst, want, BUF);
			}
}

/* Checks ks_memmove against the host's for the overlapping move src -> dst. */
static void check_memmove(size_t src_off, size_t dst_off, size_t n)
{
	unsigned char buf[BUF], want[BUF];

	pattern(buf, BUF, 3);
	memcpy(want, buf, BUF);
	memmove(want + dst_off, want + src_off, n);
	assert_ptr_equal(ks_memmove(buf + dst_off, buf + src_off, n), buf + dst_off);
	assert_memory_equal(buf, want, BUF);
}

static void test_memmove_overlap_down(void **state)
{
	(void)state;
	for (size_t s = 1; s < 24; s++)
		for (size_t shift = 1; shift <= s; shift++)
			for (size_t n = 0; n <= MAX_LEN; n++)
				check_memmove(s, s - shift, n);
}

static void test_memmove_overlap_up(void **state)
{
	(void)state;
	for (size_t s = 0; s < 16; s++)
		for (size_t shift = 1; shift < 16; shift++)
			for (size_t n = 0; n <= MAX_LEN; n++)
				check_memmove(s, s + shift, n);
}

static void test_memmove_same_and_disjoint(void **state)
{
	(void)state;
	check_memmove(5, 5, 40);
	check_memmove(0, 64, 32);
	check_memmove(64, 0, 32);
}

static void test_memset_exact_range(void **state)
{
	(void)state;
	unsigned char buf[BUF], want[BUF];

	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n <= MAX_LEN; n++) {
			pattern(buf, BUF, 5);
			memcpy(want, buf, BUF);
			memset(want + off, 0xab, n);
			/* Only the low byte of c counts. */
			assert_ptr_equal(ks_memset(buf + off, 0x1ab, n), buf + off);
			assert_memory_equal(buf, want, BUF);
		}
}

static void test_memcmp_sign(void **state)
{
	(void)state;
	assert_int_equal(ks_memcmp("abc", "abd", 0), 0);
	assert_int_equal(ks_memcmp("abc", "abc", 3), 0);
	assert_true(ks_memcmp("abc", "abd", 3) < 0);
	assert_true(ks_memcmp("abd", "abc", 3) > 0);
	/* Bytes compare as unsigned char. */
	assert_true(ks_memcmp("\x80", "\x01", 1) > 0);
	assert_true(ks_memcmp("\x01", "\xff", 1) < 0);
	/* Only the first n bytes count. */
	assert_int_equal(ks_memcmp("abX", "abY", 2), 0);
}

static void test_strlen_strnlen(void **state)
{
	(void)state;
	assert_int_equal(ks_strlen(""), 0);
	assert_int_equal(ks_strlen("kestrel"), 7);
	assert_int_equal(ks_strnlen("kestrel", 3), 3);
	assert_int_equal(ks_strnlen("kestrel", 100), 7);
	assert_int_equal(ks_strnlen("kestrel", 0), 0);
	/* strnlen must not read past max: this array has no terminator. */
	char raw[4] = { 'a', 'b', 'c', 'd' };
	assert_int_equal(ks_strnlen(raw, sizeof(raw)), 4);
}

static void test_strcmp_strncmp_sign(void **state)
{
	(void)state;
	assert_int_equal(ks_strcmp("same", "same"), 0);
	assert_true(ks_strcmp("abc", "abd") < 0);
	assert_true(ks_strcmp("abd", "abc") > 0);
	assert_true(ks_strcmp("ab", "abc") < 0);
	assert_true(ks_strcmp("abc", "ab") > 0);
	assert_true(ks_strcmp("\xe9", "e") > 0);
	assert_int_equal(ks_strncmp("abcX", "abcY", 3), 0);
	assert_true(ks_strncmp("abcX", "abcY", 4) < 0);
	assert_int_equal(ks_strncmp("ab", "ab", 10), 0);
	assert_true(ks_strncmp("ab", "abc", 10) < 0);
	assert_int_equal(ks_strncmp("x", "y", 0), 0);
}

static void test_strchr(void **state)
{
	(void)state;
	const char *s = "a,b,c";

	assert_ptr_equal(ks_strchr(s, ','), s + 1);
	assert_ptr_equal(ks_strchr(s, 'c'), s + 4);
	assert_null(ks_strchr(s, 'z'));
	assert_ptr_equal(ks_strchr(s, '\0'), s + 5);
	/* c is converted to char: 0xff finds a '\xff' byte. */
	const char *high = "x\xff";

	assert_ptr_equal(ks_strchr(high, 0xff), high + 1);
}

static void test_strlcpy_truncates(void **state)
{
	(void)state;
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(ks_strlcpy(buf, "hi", sizeof(buf)), 2);
	assert_string_equal(buf, "hi");
	assert_int_equal(buf[3], 'x');

	assert_int_equal(ks_strlcpy(buf, "kestrel-kernel", sizeof(buf)), 14);
	assert_string_equal(buf, "kestrel");

	assert_int_equal(ks_strlcpy(buf, "1234567", sizeof(buf)), 7);
	assert_string_equal(buf, "1234567");

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(ks_strlcpy(buf, "abc", 1), 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'x');

	assert_int_equal(ks_strlcpy(buf, "abc", 0), 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("string", "memcpy_all_alignments", test_memcpy_all_alignments),
		HOST_TEST("string", "memmove_overlap_down", test_memmove_overlap_down),
		HOST_TEST("string", "memmove_overlap_up", test_memmove_overlap_up),
		HOST_TEST("string", "memmove_same_and_disjoint", test_memmove_same_and_disjoint),
		HOST_TEST("string", "memset_exact_range", test_memset_exact_range),
		HOST_TEST("string", "memcmp_sign", test_memcmp_sign),
		HOST_TEST("string", "strlen_strnlen", test_strlen_strnlen),
		HOST_TEST("string", "strcmp_strncmp_sign", test_strcmp_strncmp_sign),
		HOST_TEST("string", "strchr", test_strchr),
		HOST_TEST("string", "strlcpy_truncates", test_strlcpy_truncates),
	};

	return cmocka_run_group_tests_name("host.string", tests, NULL, NULL);
}
