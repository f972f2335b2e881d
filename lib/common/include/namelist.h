/*
 * namelist.h - name lists as the kernel command line, the test runner and
 * the benchmark runner take them: comma-separated items, each "all", a
 * whole name, or "prefix*".
 */
#ifndef COMMON_NAMELIST_H
#define COMMON_NAMELIST_H

#include <stdbool.h>

/* Does some item of the list select name?  An empty list selects nothing. */
bool namelist_selects(const char *list, const char *name);

#endif /* COMMON_NAMELIST_H */
