/*
 * stdlib.h - process exit and small conversions.
 */
#ifndef _STDLIB_H
#define _STDLIB_H

_Noreturn void exit(int status);
long strtol(const char *s, char **end, int base);
int atoi(const char *s);

#endif /* _STDLIB_H */
