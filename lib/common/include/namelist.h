/*
 * namelist.h - name lists as the kernel command line, the test runner and
 * the benchmark runner take them: comma-separated items, each "all", a
 * whole name, or "prefix*".  An empty item selects nothing.
 */
#ifndef COMMON_NAMELIST_H
#define COMMON_NAMELIST_H

#include <stdbool.h>
#include <stddef.h>

/* Does some item of the list select name?  An empty list selects nothing. */
bool namelist_selects(const char *list, const char *name);

/* How many items the list has: 0 for "", else its commas plus one. */
unsigned namelist_count(const char *list);

/*
 * Item i (from 0) of the list: sets *item to its first character and
 * returns its length (0 for an empty item); returns 0 with *item at the end
 * of list when there is no item i.
 */
size_t namelist_item(const char *list, unsigned i, const char **item);

/* Does the item [item, item + len) select name? */
bool namelist_item_selects(const char *item, size_t len, const char *name);

#endif /* COMMON_NAMELIST_H */
