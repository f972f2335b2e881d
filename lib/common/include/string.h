/*
 * string.h - freestanding memory and string functions (lib/common/string.c).
 *
 * Shared by the kernel and user space; gcc also emits calls to memcpy,
 * memmove, memset and memcmp on its own.  Standard C semantics throughout,
 * plus BSD strlcpy.
 *
 * Host unit tests compile string.c with KSTRING_HOST_TEST defined: every
 * function then gets a "ks_" prefix (ks_memcpy, ...) so that it can be
 * linked next to the host C library and tested against it.
 */
#ifndef KESTREL_STRING_H
#define KESTREL_STRING_H

#include <stddef.h>

#ifdef KSTRING_HOST_TEST
#define KSTRING_SYM(name) ks_##name
#else
#define KSTRING_SYM(name) name
#endif

void *KSTRING_SYM(memcpy)(void *restrict dst, const void *restrict src, size_t n);
void *KSTRING_SYM(memmove)(void *dst, const void *src, size_t n);
void *KSTRING_SYM(memset)(void *dst, int c, size_t n);
int KSTRING_SYM(memcmp)(const void *a, const void *b, size_t n);
size_t KSTRING_SYM(strlen)(const char *s);
size_t KSTRING_SYM(strnlen)(const char *s, size_t max);
int KSTRING_SYM(strcmp)(const char *a, const char *b);
int KSTRING_SYM(strncmp)(const char *a, const char *b, size_t n);
char *KSTRING_SYM(strchr)(const char *s, int c);
char *KSTRING_SYM(strstr)(const char *haystack, const char *needle);
size_t KSTRING_SYM(strlcpy)(char *restrict dst, const char *restrict src, size_t size);

#endif /* KESTREL_STRING_H */
