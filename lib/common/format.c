/*
 * format.c - the printf-style formatting engine (see fmt.h).
 *
 * Owns fmt_vformat(), which walks the format string and emits through a
 * character callback, and the buffer front ends fmt_vsnprintf() and
 * fmt_snprintf().  Conversions of 64-bit values divide in 32 bits once the
 * value fits, so the (slow) libgcc 64-bit division runs only for large
 * numbers.
 */
#include <stdbool.h>
#include <stdint.h>
#include "fmt.h"

enum {
	FL_LEFT = 1 << 0,	/* '-': pad on the right */
	FL_ZERO = 1 << 1,	/* '0': pad numbers with zeros */
	FL_SPACE = 1 << 2,	/* ' ': blank before a non-negative number */
	FL_PLUS = 1 << 3,	/* '+': sign before a non-negative number */
	FL_ALT = 1 << 4,	/* '#': 0x prefix / leading octal zero */
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z };

/* One parsed conversion specification. */
struct spec {
	unsigned flags;
	size_t width;		/* minimum field width, 0 = none */
	int prec;		/* precision, -1 = none */
	enum length len;
};

/* The output side of the engine. */
struct out {
	fmt_put_fn put;
	void *ctx;
	size_t count;		/* characters produced so far */
};

/* A decimal number in a format is capped here (no overflow). */
#define NUM_CAP 100000000

/* Octal digits of a 64-bit value, plus slack. */
#define DIGITS_MAX 24

_Static_assert(sizeof(ptrdiff_t) == sizeof(size_t), "%zd reads a ptrdiff_t");

static void emit(struct out *o, char c)
{
	o->put(o->ctx, c);
	o->count++;
}

static void emit_run(struct out *o, char c, size_t n)
{
	while (n-- > 0)
		emit(o, c);
}

static void emit_chars(struct out *o, const char *s, size_t n)
{
	while (n-- > 0)
		emit(o, *s++);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads a decimal number at *f (advancing it), capped at NUM_CAP. */
static int parse_number(const char **f)
{
	int n = 0;

	for (; is_digit(**f); (*f)++) {
		if (n < NUM_CAP)
			n = n * 10 + (**f - '0');
	}
	return n;
}

static const char *parse_flags(const char *f, unsigned *flags)
{
	for (;; f++) {
		switch (*f) {
		case '-': *flags |= FL_LEFT; break;
		case '0': *flags |= FL_ZERO; break;
		case ' ': *flags |= FL_SPACE; break;
		case '+': *flags |= FL_PLUS; break;
		case '#': *flags |= FL_ALT; break;
		default: return f;
		}
	}
}

static const char *parse_width(const char *f, struct spec *sp, va_list *args)
{
	if (*f != '*') {
		sp->width = (size_t)parse_number(&f);
		return f;
	}
	int w = va_arg(*args, int);

	if (w < 0) {
		sp->flags |= FL_LEFT;
		sp->width = 0u - (unsigned)w;
	} else {
		sp->width = (size_t)w;
	}
	return f + 1;
}

static const char *parse_precision(const char *f, struct spec *sp, va_list *args)
{
	sp->prec = -1;
	if (*f != '.')
		return f;
	f++;
	if (*f != '*') {
		sp->prec = parse_number(&f);
		return f;
	}
	int p = va_arg(*args, int);

	sp->prec = p < 0 ? -1 : p;
	return f + 1;
}

static const char *parse_length(const char *f, enum length *len)
{
	switch (*f) {
	case 'h':
		*len = f[1] == 'h' ? LEN_HH : LEN_H;
		return f + (f[1] == 'h' ? 2 : 1);
	case 'l':
		*len = f[1] == 'l' ? LEN_LL : LEN_L;
		return f + (f[1] == 'l' ? 2 : 1);
	case 'z':
		*len = LEN_Z;
		return f + 1;
	default:
		*len = LEN_NONE;
		return f;
	}
}

/* Parses flags, width, precision and length after a '%'; returns the
 * position of the conversion character. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *args)
{
	sp->flags = 0;
	f = parse_flags(f, &sp->flags);
	f = parse_width(f, sp, args);
	f = parse_precision(f, sp, args);
	return parse_length(f, &sp->len);
}

static unsigned long long fetch_unsigned(enum length len, va_list *args)
{
	switch (len) {
	case LEN_HH: return (unsigned char)va_arg(*args, unsigned int);
	case LEN_H: return (unsigned short)va_arg(*args, unsigned int);
	case LEN_L: return va_arg(*args, unsigned long);
	case LEN_LL: return va_arg(*args, unsigned long long);
	case LEN_Z: return va_arg(*args, size_t);
	default: return va_arg(*args, unsigned int);
	}
}

static long long fetch_signed(enum length len, va_list *args)
{
	switch (len) {
	case LEN_HH: return (signed char)va_arg(*args, int);
	case LEN_H: return (short)va_arg(*args, int);
	case LEN_L: return va_arg(*args, long);
	case LEN_LL: return va_arg(*args, long long);
	case LEN_Z: return va_arg(*args, ptrdiff_t);
	default: return va_arg(*args, int);
	}
}

/* Writes the digits of v in base, least significant first; returns their
 * count (at least 1). */
static size_t to_digits(unsigned long long v, unsigned base, const char *set,
			char buf[DIGITS_MAX])
{
	size_t n = 0;

	while (v > UINT32_MAX) {
		buf[n++] = set[v % base];
		v /= base;
	}
	for (uint32_t w = (uint32_t)v;; ) {
		buf[n++] = set[w % base];
		w /= base;
		if (w == 0)
			return n;
	}
}

/* Padding before a field whose contents are body characters wide. */
static void emit_field_start(struct out *o, const struct spec *sp, size_t body)
{
	if (!(sp->flags & FL_LEFT) && sp->width > body)
		emit_run(o, ' ', sp->width - body);
}

/* Padding after a field whose contents are body characters wide. */
static void emit_field_end(struct out *o, const struct spec *sp, size_t body)
{
	if ((sp->flags & FL_LEFT) && sp->width > body)
		emit_run(o, ' ', sp->width - body);
}

/* Emits prefix (sign, "0x"), precision/zero padding and the digits of v. */
static void emit_number(struct out *o, const struct spec *sp, unsigned long long v,
			unsigned base, bool upper, const char *prefix)
{
	char digits[DIGITS_MAX];
	size_t n = to_digits(v, base, upper ? "0123456789ABCDEF" : "0123456789abcdef",
			     digits);
	size_t plen = 0, zeros = 0;

	if (sp->prec == 0 && v == 0)
		n = 0;
	if (sp->prec > 0 && (size_t)sp->prec > n)
		zeros = (size_t)sp->prec - n;
	if (base == 8 && (sp->flags & FL_ALT) && zeros == 0 && (n == 0 || digits[n - 1] != '0'))
		zeros = 1;
	while (prefix[plen] != '\0')
		plen++;
	size_t body = plen + zeros + n;

	if ((sp->flags & (FL_ZERO | FL_LEFT)) == FL_ZERO && sp->prec < 0 && sp->width > body) {
		zeros += sp->width - body;
		body = sp->width;
	}
	emit_field_start(o, sp, body);
	emit_chars(o, prefix, plen);
	emit_run(o, '0', zeros);
	while (n > 0)
		emit(o, digits[--n]);
	emit_field_end(o, sp, body);
}

static void convert_signed(struct out *o, const struct spec *sp, va_list *args)
{
	long long v = fetch_signed(sp->len, args);
	unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	const char *sign = v < 0 ? "-" : (sp->flags & FL_PLUS) ? "+" : (sp->flags & FL_SPACE) ? " " : "";

	emit_number(o, sp, mag, 10, false, sign);
}

static void convert_unsigned(struct out *o, const struct spec *sp, char conv, va_list *args)
{
	unsigned long long v = fetch_unsigned(sp->len, args);
	bool alt_hex = (sp->flags & FL_ALT) && v != 0;

	switch (conv) {
	case 'u': emit_number(o, sp, v, 10, false, ""); break;
	case 'o': emit_number(o, sp, v, 8, false, ""); break;
	case 'x': emit_number(o, sp, v, 16, false, alt_hex ? "0x" : ""); break;
	default: emit_number(o, sp, v, 16, true, alt_hex ? "0X" : ""); break;
	}
}

static void convert_pointer(struct out *o, const struct spec *sp, va_list *args)
{
	struct spec p = *sp;
	const int digits = (int)(2 * sizeof(void *));

	if (p.prec < digits)
		p.prec = digits;
	emit_number(o, &p, (uintptr_t)va_arg(*args, void *), 16, false, "0x");
}

static void convert_string(struct out *o, const struct spec *sp, va_list *args)
{
	const char *s = va_arg(*args, const char *);
	size_t n = 0;

	if (s == NULL)
		s = "(null)";
	while ((sp->prec < 0 || n < (size_t)sp->prec) && s[n] != '\0')
		n++;
	emit_field_start(o, sp, n);
	emit_chars(o, s, n);
	emit_field_end(o, sp, n);
}

static void convert_char(struct out *o, const struct spec *sp, va_list *args)
{
	emit_field_start(o, sp, 1);
	emit(o, (char)va_arg(*args, int));
	emit_field_end(o, sp, 1);
}

/*
 * Handles the conversion starting at the '%' at f; returns the position
 * just after it.  Unknown or unfinished conversions are copied verbatim.
 */
static const char *convert(struct out *o, const char *f, va_list *args)
{
	struct spec sp;
	const char *start = f;
	const char *c = parse_spec(f + 1, &sp, args);

	switch (*c) {
	case '%': emit(o, '%'); break;
	case 'c': convert_char(o, &sp, args); break;
	case 's': convert_string(o, &sp, args); break;
	case 'd':
	case 'i': convert_signed(o, &sp, args); break;
	case 'u':
	case 'o':
	case 'x':
	case 'X': convert_unsigned(o, &sp, *c, args); break;
	case 'p': convert_pointer(o, &sp, args); break;
	case '\0':
		emit_chars(o, start, (size_t)(c - start));
		return c;
	default:
		emit_chars(o, start, (size_t)(c - start) + 1);
		break;
	}
	return c + 1;
}

/* See fmt.h. */
int fmt_vformat(fmt_put_fn put, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { put, ctx, 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt != '\0') {
		if (*fmt == '%')
			fmt = convert(&o, fmt, &args);
		else
			emit(&o, *fmt++);
	}
	va_end(args);
	return o.count > (size_t)__INT_MAX__ ? -1 : (int)o.count;
}

/* Output sink of fmt_vsnprintf(): keeps the first size - 1 characters. */
struct sink {
	char *buf;
	size_t size;
	size_t pos;
};

static void sink_put(void *ctx, char c)
{
	struct sink *s = ctx;

	if (s->pos + 1 < s->size)
		s->buf[s->pos] = c;
	s->pos++;
}

/* See fmt.h. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { buf, size, 0 };
	int n = fmt_vformat(sink_put, &s, fmt, ap);

	if (size > 0)
		buf[s.pos < size ? s.pos : size - 1] = '\0';
	return n;
}

/* See fmt.h. */
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
