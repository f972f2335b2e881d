/*
 * lib/libc/stdio.c - line-buffered console output (see stdio.h).
 */
#include <stdio.h>
#include <string.h>
#include <syslib.h>

#define STDOUT_BUF	1024

static char outbuf[STDOUT_BUF];
static size_t outlen;

void fflush_stdout(void)
{
	if (outlen)
		sys_diag_print(outbuf, outlen);
	outlen = 0;
}

/* Flushes up to the last newline; a full buffer without one goes as is. */
static void put(void *ctx, char c)
{
	(void)ctx;
	outbuf[outlen++] = c;
	if (outlen == STDOUT_BUF)
		fflush_stdout();
}

int vprintf(const char *fmt, va_list ap)
{
	int n = fmt_vformat(put, NULL, fmt, ap);

	if (outlen && outbuf[outlen - 1] == '\n')
		fflush_stdout();
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	return printf("%s\n", s);
}
