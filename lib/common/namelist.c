/*
 * namelist.c - matching a name against a name list (namelist.h).
 */
#include <stddef.h>
#include "namelist.h"
#include "string.h"

/* Does the item [item, item + len) select name? */
static bool item_selects(const char *item, size_t len, const char *name)
{
	if (len == 3 && memcmp(item, "all", 3) == 0)
		return true;
	if (len > 0 && item[len - 1] == '*')
		return strncmp(name, item, len - 1) == 0;
	return strlen(name) == len && memcmp(name, item, len) == 0;
}

bool namelist_selects(const char *list, const char *name)
{
	for (;;) {
		const char *comma = strchr(list, ',');
		size_t len = comma != NULL ? (size_t)(comma - list) : strlen(list);

		if (len > 0 && item_selects(list, len, name))
			return true;
		if (comma == NULL)
			return false;
		list = comma + 1;
	}
}
