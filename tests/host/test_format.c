/*
 * tests/host/test_format.c - host tests of lib/common/format.c.
 *
 * Fixed expectations for every conversion, flag and modifier, the snprintf
 * return/truncation contract, and a sweep comparing flag x width x
 * precision combinations with the host's snprintf.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "tests/host/host_test.h"
#include "lib/common/include/fmt.h"

#define OUT_MAX 256

/* Formats into a large buffer; checks the output and the return value. */
static void expect_vfmt(const char *want, const char *fmt, va_list ap)
{
	char buf[OUT_MAX];
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);

	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

/* expect_vfmt() for formats the compiler checks. */
static void expect_fmt(const char *want, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void expect_fmt(const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	expect_vfmt(want, fmt, ap);
	va_end(ap);
}

/* expect_vfmt() for formats the compiler would (rightly) warn about. */
static void expect_unchecked(const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	expect_vfmt(want, fmt, ap);
	va_end(ap);
}

static void test_text_and_percent(void **state)
{
	(void)state;
	expect_unchecked("", "");
	expect_fmt("plain text", "plain text");
	expect_fmt("100%", "100%%");
	expect_fmt("%d", "%%d");
}

static void test_signed_decimal(void **state)
{
	(void)state;
	expect_fmt("0 42 -42", "%d %i %d", 0, 42, -42);
	expect_fmt("-2147483648", "%d", INT_MIN);
	expect_fmt("2147483647", "%i", INT_MAX);
}

static void test_unsigned_hex_octal(void **state)
{
	(void)state;
	expect_fmt("4294967295", "%u", UINT_MAX);
	expect_fmt("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
	expect_fmt("0 10 377", "%o %o %o", 0u, 8u, 255u);
	expect_fmt("37777777777", "%o", UINT_MAX);
}

static void test_flags(void **state)
{
	(void)state;
	expect_fmt("42   |", "%-5d|", 42);
	expect_fmt("00042", "%05d", 42);
	expect_fmt("-0042", "%05d", -42);
	expect_fmt("+42 -1", "%+d %+d", 42, -1);
	expect_fmt(" 42 -1", "% d % d", 42, -1);
	expect_fmt("+0042", "%+05d", 42);
	expect_fmt("0x00ff", "%#06x", 255u);
	expect_fmt("0xff 0XFF 0 010 0", "%#x %#X %#x %#o %#o", 255u, 255u, 0u, 8u, 0u);
	/* + and space do not apply to unsigned conversions. */
	expect_fmt("42", "%u", 42u);
}

static void test_width_and_precision(void **state)
{
	(void)state;
	expect_fmt("   42", "%5d", 42);
	expect_fmt("42", "%1d", 42);
	expect_fmt("     005", "%8.3d", 5);
	expect_fmt("-005", "%.3d", -5);
	expect_fmt("", "%.0d", 0);
	expect_fmt("     ", "%5.0d", 0);
	expect_fmt("00a", "%.3x", 0xau);
	/* A precision disables the 0 flag. */
	expect_unchecked("     005", "%08.3d", 5);
}

static void test_star_width_and_precision(void **state)
{
	(void)state;
	expect_fmt("   42", "%*d", 5, 42);
	expect_fmt("42   |", "%*d|", -5, 42);
	expect_fmt("007", "%.*d", 3, 7);
	expect_fmt("7", "%.*d", -1, 7);
	expect_fmt("  he", "%*.*s", 4, 2, "hello");
}

static void test_strings(void **state)
{
	(void)state;
	expect_fmt("hi", "%s", "hi");
	expect_fmt("   hi", "%5s", "hi");
	expect_fmt("hi   |", "%-5s|", "hi");
	expect_fmt("abc", "%.3s", "abcdef");
	expect_fmt("", "%.0s", "abc");
	expect_unchecked("(null)", "%s", (char *)NULL);
	expect_unchecked("(n", "%.2s", (char *)NULL);
	/* The precision bounds the read: no terminator needed. */
	char raw[3] = { 'x', 'y', 'z' };
	expect_fmt("xyz", "%.3s", raw);
}

static void test_chars(void **state)
{
	(void)state;
	expect_fmt("x", "%c", 'x');
	expect_fmt("  x", "%3c", 'x');
	expect_fmt("x  |", "%-3c|", 'x');
	expect_fmt("a\xff" "b", "a%cb", 0xff);
}

static void test_length_modifiers(void **state)
{
	(void)state;
	expect_fmt("-1 255", "%hhd %hhu", 0x1ff, 0x1ff);
	expect_fmt("-32768 4464", "%hd %hu", 0x18000, 70000);
	expect_fmt("ff", "%hhx", 0xfff);
	char want[64];

	snprintf(want, sizeof(want), "%ld %lu", LONG_MIN, ULONG_MAX);
	expect_fmt(want, "%ld %lu", LONG_MIN, ULONG_MAX);
	snprintf(want, sizeof(want), "%zu %zx", SIZE_MAX, SIZE_MAX);
	expect_fmt(want, "%zu %zx", SIZE_MAX, SIZE_MAX);
	expect_fmt("-5", "%zd", (ptrdiff_t)-5);
}

static void test_long_long(void **state)
{
	(void)state;
	expect_fmt("-9223372036854775808", "%lld", LLONG_MIN);
	expect_fmt("9223372036854775807", "%lld", LLONG_MAX);
	expect_fmt("18446744073709551615", "%llu", ULLONG_MAX);
	expect_fmt("ffffffffffffffff", "%llx", ULLONG_MAX);
	expect_fmt("1777777777777777777777", "%llo", ULLONG_MAX);
	expect_fmt("-1 100000000", "%lld %llx", -1LL, 0x100000000ULL);
	expect_fmt("4294967296 4294967295", "%llu %llu", 4294967296ULL, 4294967295ULL);
	expect_fmt("+0000000000000000001", "%+020lld", 1LL);
}

static void test_pointer(void **state)
{
	(void)state;
	char want[64];
	int digits = (int)(2 * sizeof(void *));

	snprintf(want, sizeof(want), "0x%0*llx", digits, 0x1234ULL);
	expect_fmt(want, "%p", (void *)0x1234);
	snprintf(want, sizeof(want), "0x%0*d", digits, 0);
	expect_fmt(want, "%p", NULL);
	snprintf(want, sizeof(want), "%*s0x%0*llx|", 30 - 2 - digits, "", digits, 0xabcULL);
	expect_fmt(want, "%30p|", (void *)0xabc);
	snprintf(want, sizeof(want), "0x%0*llx |", digits, 0xabcULL);
	expect_fmt(want, "%-*p|", digits + 3, (void *)0xabc);
}

/* fmt_snprintf() without format checking (for deliberately bad formats). */
static int unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_unknown_conversion_verbatim(void **state)
{
	(void)state;
	char buf[OUT_MAX];

	assert_int_equal(unchecked(buf, sizeof(buf), "a%yb"), 4);
	assert_string_equal(buf, "a%yb");
	assert_int_equal(unchecked(buf, sizeof(buf), "[%-5.2lly]"), 10);
	assert_string_equal(buf, "[%-5.2lly]");
	assert_int_equal(unchecked(buf, sizeof(buf), "abc%"), 4);
	assert_string_equal(buf, "abc%");
	assert_int_equal(unchecked(buf, sizeof(buf), "%05"), 3);
	assert_string_equal(buf, "%05");
	/* The conversions around an unknown one still consume their arguments. */
	assert_int_equal(unchecked(buf, sizeof(buf), "%d%q%d", 1, 2), 4);
	assert_string_equal(buf, "1%q2");
}

static void test_truncation_return_value(void **state)
{
	(void)state;
	char buf[8];

	memset(buf, '#', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, 5, "hello %s", "world"), 11);
	assert_string_equal(buf, "hell");
	assert_int_equal(buf[5], '#');

	assert_int_equal(fmt_snprintf(buf, 6, "%d", 12345), 5);
	assert_string_equal(buf, "12345");

	assert_int_equal(fmt_snprintf(buf, 5, "%d", 12345), 5);
	assert_string_equal(buf, "1234");

	assert_int_equal(fmt_snprintf(buf, 1, "%s", "abc"), 3);
	assert_int_equal(buf[0], '\0');
}

static void test_size_zero_writes_nothing(void **state)
{
	(void)state;
	char buf[4] = { '#', '#', '#', '#' };

	assert_int_equal(fmt_snprintf(buf, 0, "%d-%s", 1234, "xyz"), 8);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], '#');
	assert_int_equal(fmt_snprintf(NULL, 0, "%llu", ULLONG_MAX), 20);
}

/* fmt_vformat() sink that appends to a growing string. */
struct collect {
	char text[OUT_MAX];
	size_t len;
};

static void collect_put(void *ctx, char c)
{
	struct collect *col = ctx;

	assert_true(col->len + 1 < sizeof(col->text));
	col->text[col->len++] = c;
	col->text[col->len] = '\0';
}

static int collect_format(struct collect *col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vformat(collect_put, col, fmt, ap);
	va_end(ap);
	return n;
}

static void test_vformat_streams_every_char(void **state)
{
	(void)state;
	struct collect col = { .len = 0 };

	assert_int_equal(collect_format(&col, "[%s:%04x:%c]", "cpu", 0xbeu, '!'), 12);
	assert_string_equal(col.text, "[cpu:00be:!]");
	assert_int_equal(col.len, 12);
}

/* Compares one format (of up to two int/long long arguments) with the host. */
static void compare_with_host(const char *fmt, long long value, bool wide)
{
	char want[OUT_MAX], got[OUT_MAX];
	int nw, ng;

	if (wide) {
		nw = snprintf(want, sizeof(want), fmt, value);
		ng = fmt_snprintf(got, sizeof(got), fmt, value);
	} else {
		nw = snprintf(want, sizeof(want), fmt, (int)value);
		ng = fmt_snprintf(got, sizeof(got), fmt, (int)value);
	}
	if (strcmp(want, got) != 0 || nw != ng)
		fail_msg("format \"%s\" value %lld: host \"%s\" (%d), got \"%s\" (%d)",
			 fmt, value, want, nw, got, ng);
}

static void test_matches_host_snprintf(void **state)
{
	(void)state;
	static const char *const flags[] = { "", "-", "0", "+", " ", "#", "-+", "0 ", "#0", "-#" };
	static const char *const widths[] = { "", "1", "6", "24" };
	static const char *const precs[] = { "", ".", ".0", ".1", ".5", ".21" };
	static const char *const convs[] = { "d", "i", "u", "x", "X", "o" };
	static const long long values[] = { 0, 1, -1, 42, 255, -1000, INT_MIN, INT_MAX,
					    LLONG_MIN, LLONG_MAX, 0x100000000LL };
	char fmt[32];

	for (size_t f = 0; f < ARRAY_LEN(flags); f++)
		for (size_t w = 0; w < ARRAY_LEN(widths); w++)
			for (size_t p = 0; p < ARRAY_LEN(precs); p++)
				for (size_t c = 0; c < ARRAY_LEN(convs); c++)
					for (size_t v = 0; v < ARRAY_LEN(values); v++) {
						bool wide = values[v] > INT_MAX || values[v] < INT_MIN;
						bool is_signed = convs[c][0] == 'd' || convs[c][0] == 'i';

						/* Flags that are undefined for a conversion are skipped. */
						if (strchr(flags[f], '#') != NULL && is_signed)
							continue;
						snprintf(fmt, sizeof(fmt), "%%%s%s%s%s%s", flags[f], widths[w],
							 precs[p], wide ? "ll" : "", convs[c]);
						compare_with_host(fmt, values[v], wide);
					}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("format", "text_and_percent", test_text_and_percent),
		HOST_TEST("format", "signed_decimal", test_signed_decimal),
		HOST_TEST("format", "unsigned_hex_octal", test_unsigned_hex_octal),
		HOST_TEST("format", "flags", test_flags),
		HOST_TEST("format", "width_and_precision", test_width_and_precision),
		HOST_TEST("format", "star_width_and_precision", test_star_width_and_precision),
		HOST_TEST("format", "strings", test_strings),
		HOST_TEST("format", "chars", test_chars),
		HOST_TEST("format", "length_modifiers", test_length_modifiers),
		HOST_TEST("format", "long_long", test_long_long),
		HOST_TEST("format", "pointer", test_pointer),
		HOST_TEST("format", "unknown_conversion_verbatim", test_unknown_conversion_verbatim),
		HOST_TEST("format", "truncation_return_value", test_truncation_return_value),
		HOST_TEST("format", "size_zero_writes_nothing", test_size_zero_writes_nothing),
		HOST_TEST("format", "vformat_streams_every_char", test_vformat_streams_every_char),
		HOST_TEST("format", "matches_host_snprintf", test_matches_host_snprintf),
	};

	return cmocka_run_group_tests_name("host.format", tests, NULL, NULL);
}
