/*
 * fmt.h - printf-style formatting without a C library (lib/common/format.c).
 *
 * One engine, fmt_vformat(), hands each output character to a callback
 * (the console uses it directly); fmt_vsnprintf()/fmt_snprintf() are built
 * on it and have C snprintf semantics.
 *
 * Supported: %d %i %u %x %X %o %p %s %c %%; flags '-' '0' ' ' '+' '#'
 * ('#' gives 0x/0X for %x/%X and a leading 0 for %o); width and precision,
 * either may be '*'; length modifiers hh h l ll z (%zd takes a ptrdiff_t,
 * the signed type of size_t's width).  %p prints "0x" and
 * 2 * sizeof(void *) hex digits; a NULL %s prints "(null)" (cut by the
 * precision like any string).  An unknown conversion, or a format that
 * ends inside a conversion, is printed verbatim.
 */
#ifndef KESTREL_FMT_H
#define KESTREL_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives one output character; ctx is the caller's fmt_vformat() ctx. */
typedef void (*fmt_put_fn)(void *ctx, char c);

/*
 * Formats fmt with the arguments in ap, calling put(ctx, c) for every
 * output character in order.  ap itself is not consumed (it is copied).
 * Returns the number of characters produced, or -1 if that exceeds INT_MAX.
 */
int fmt_vformat(fmt_put_fn put, void *ctx, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/*
 * Formats into buf[size]: writes at most size - 1 characters and a NUL
 * when size > 0; writes nothing when size is 0 (buf may then be NULL).
 * Returns the length the full output has (excluding the NUL), so the
 * output was truncated if the result is >= size; -1 if over INT_MAX.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* fmt_vsnprintf() with a variable argument list. */
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* KESTREL_FMT_H */
