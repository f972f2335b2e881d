/*
 * stdio.h - formatted console output for user programs.
 *
 * Output is buffered per line and handed to the kernel (SYS_DIAGCTL) one
 * batch of whole lines at a time, so lines from different processes never
 * mix.  The buffer is flushed at a newline, when full, and at exit.
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>
#include <fmt.h>

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int puts(const char *s);
void fflush_stdout(void);

#define snprintf fmt_snprintf
#define vsnprintf fmt_vsnprintf

#endif /* _STDIO_H */
