/*
 * kernel/ksyms.c - address to symbol lookup over the generated table.
 */
#include <stddef.h>
#include "kernel/ksyms.h"

extern const struct ksym ksym_table[];
extern const uint32_t ksym_count;
extern const char ksym_names[];

const char *ksym_lookup(uint32_t addr, uint32_t *offset)
{
	uint32_t lo = 0, hi = ksym_count;

	*offset = 0;
	if (hi == 0 || addr < ksym_table[0].addr)
		return NULL;
	while (hi - lo > 1) {		/* last entry with .addr <= addr */
		uint32_t mid = lo + (hi - lo) / 2;
		if (ksym_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksym_table[lo].addr;
	return &ksym_names[ksym_table[lo].name];
}
