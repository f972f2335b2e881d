/*
 * string.c - freestanding memory and string functions (see string.h).
 *
 * Owns: memcpy, memmove, memset, memcmp, strlen, strnlen, strcmp, strncmp,
 * strchr, strstr, strlcpy.  On i386 the bulk copy and fill use "rep movsl" and
 * "rep stosl" (the direction flag is clear, as the ABI guarantees and the
 * kernel entry code ensures); elsewhere a portable C version copies whole
 * machine words when source and destination are equally aligned.  Backward
 * copies (overlapping memmove) always use the C version.
 */
#include <stdbool.h>
#include <stdint.h>
#include "string.h"

/*
 * The copy and fill loops must stay loops: without this gcc may turn them
 * back into calls to memcpy/memset/memmove, i.e. into endless recursion.
 */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

/* A machine word that may alias any object (used by the C versions). */
typedef size_t __attribute__((__may_alias__)) word_t;
#define WORD_SIZE sizeof(word_t)
#define WORD_MASK ((uintptr_t)WORD_SIZE - 1)
_Static_assert((WORD_SIZE & (WORD_SIZE - 1)) == 0, "word size is a power of two");

/* True if both addresses are at the same offset within a word. */
static bool same_alignment(const void *a, const void *b)
{
	return (((uintptr_t)a ^ (uintptr_t)b) & WORD_MASK) == 0;
}

#if defined(__i386__)

static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	size_t words = n / 4, bytes = n % 4;

	__asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(words) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(bytes) : : "memory");
}

static void fill(unsigned char *d, unsigned char c, size_t n)
{
	size_t words = n / 4, bytes = n % 4;
	uint32_t pattern = c * 0x01010101u;

	__asm__ volatile("rep stosl" : "+D"(d), "+c"(words) : "a"(pattern) : "memory");
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(bytes) : "a"(pattern) : "memory");
}

#else /* portable C */

static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if (same_alignment(d, s)) {
		for (; n > 0 && ((uintptr_t)d & WORD_MASK) != 0; n--)
			*d++ = *s++;
		for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n-- > 0)
		*d++ = *s++;
}

static void fill(unsigned char *d, unsigned char c, size_t n)
{
	word_t pattern = (word_t)-1 / 0xff * c;

	for (; n > 0 && ((uintptr_t)d & WORD_MASK) != 0; n--)
		*d++ = c;
	for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE)
		*(word_t *)d = pattern;
	while (n-- > 0)
		*d++ = c;
}

#endif

/* Copies n bytes from the end down; d > s and the ranges may overlap. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (same_alignment(d, s)) {
		for (; n > 0 && ((uintptr_t)d & WORD_MASK) != 0; n--)
			*--d = *--s;
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			d -= WORD_SIZE;
			s -= WORD_SIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n-- > 0)
		*--d = *--s;
}

/* Copies n bytes; the ranges must not overlap.  Returns dst. */
void *KSTRING_SYM(memcpy)(void *restrict dst, const void *restrict src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

/* Copies n bytes; the ranges may overlap.  Returns dst. */
void *KSTRING_SYM(memmove)(void *dst, const void *src, size_t n)
{
	/* Forward is safe unless dst starts inside [src, src + n). */
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		copy_forward(dst, src, n);
	else
		copy_backward(dst, src, n);
	return dst;
}

/* Sets n bytes to (unsigned char)c.  Returns dst. */
void *KSTRING_SYM(memset)(void *dst, int c, size_t n)
{
	fill(dst, (unsigned char)c, n);
	return dst;
}

/*
 * Compares n bytes as unsigned char.  Returns <0, 0 or >0 as a is below,
 * equal to or above b at the first difference.
 */
int KSTRING_SYM(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n > 0; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

/* Returns the length of the NUL-terminated string s. */
size_t KSTRING_SYM(strlen)(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return (size_t)(p - s);
}

/* Returns the length of s, but at most max; reads no more than max bytes. */
size_t KSTRING_SYM(strnlen)(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

/* Compares two strings as unsigned char; returns <0, 0 or >0. */
int KSTRING_SYM(strcmp)(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p != '\0' && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

/* Like strcmp but compares at most n characters. */
int KSTRING_SYM(strncmp)(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n > 0; n--, p++, q++) {
		if (*p != *q || *p == '\0')
			return *p - *q;
	}
	return 0;
}

/*
 * Returns a pointer to the first (char)c in s, or NULL.  c == '\0' finds
 * the terminator.
 */
char *KSTRING_SYM(strchr)(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

/* First occurrence of needle in haystack; haystack itself for an empty needle. */
char *KSTRING_SYM(strstr)(const char *haystack, const char *needle)
{
	size_t n = KSTRING_SYM(strlen)(needle);

	for (; *haystack; haystack++)
		if (KSTRING_SYM(strncmp)(haystack, needle, n) == 0)
			return (char *)haystack;
	return n == 0 ? (char *)haystack : NULL;
}

/*
 * Copies src into dst[size], truncating if needed; dst is NUL-terminated
 * whenever size > 0.  Returns strlen(src): truncation happened if the
 * result is >= size.
 */
size_t KSTRING_SYM(strlcpy)(char *restrict dst, const char *restrict src, size_t size)
{
	size_t len = KSTRING_SYM(strlen)(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		copy_forward((unsigned char *)dst, (const unsigned char *)src, n);
		dst[n] = '\0';
	}
	return len;
}
