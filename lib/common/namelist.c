/*
 * namelist.c - matching a name against a name list (namelist.h).
 */
#include <stddef.h>
#include "namelist.h"
#include "string.h"

bool namelist_item_selects(const char *item, size_t len, const char *name)
{
	if (len == 3 && memcmp(item, "all", 3) == 0)
		return true;
	if (len > 0 && item[len - 1] == '*')
		return strncmp(name, item, len - 1) == 0;
	return len > 0 && strlen(name) == len && memcmp(name, item, len) == 0;
}

/* The length of the item that starts at list. */
static size_t item_len(const char *list)
{
	const char *comma = strchr(list, ',');

	return comma != NULL ? (size_t)(comma - list) : strlen(list);
}

bool namelist_selects(const char *list, const char *name)
{
	for (;;) {
		size_t len = item_len(list);

		if (namelist_item_selects(list, len, name))
			return true;
		if (list[len] == '\0')
			return false;
		list += len + 1;
	}
}

unsigned namelist_count(const char *list)
{
	unsigned n = 1;

	if (*list == '\0')
		return 0;
	for (; *list != '\0'; list++)
		n += *list == ',';
	return n;
}

size_t namelist_item(const char *list, unsigned i, const char **item)
{
	if (*list == '\0') {
		*item = list;
		return 0;
	}
	for (; i > 0; i--) {
		list += item_len(list);
		if (*list == '\0') {
			*item = list;
			return 0;
		}
		list++;
	}
	*item = list;
	return item_len(list);
}
