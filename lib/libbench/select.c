/*
 * lib/libbench/select.c - the benchmark selection (select.h).
 */
#include <string.h>
#include "namelist.h"
#include "select.h"

void select_init(struct bench_selection *s, const char *const *mode_names, unsigned nmodes)
{
	memset(s, 0, sizeof(*s));
	s->mode_names = mode_names;
	s->nmodes = nmodes;
	s->mode = -1;
}

static int is_sep(char c)
{
	return c == ',' || c == ':' || c == ' ';
}

static int is_word(const char *item, size_t len, const char *word)
{
	return strlen(word) == len && strncmp(word, item, len) == 0;
}

/*
 * `prof=N`: the decimal rate, or 0 (refused by the kernel, reported) when
 * N is not a plain number.
 */
static unsigned prof_rate(const char *item, size_t len)
{
	unsigned rate = 0;

	for (size_t i = 5; i < len; i++) {
		if (item[i] < '0' || item[i] > '9' || rate > 100000000)
			return 0;
		rate = rate * 10 + (unsigned)(item[i] - '0');
	}
	return rate;
}

/*
 * Takes one item: a mode word sets the mode, `force`, `list`, `trace`,
 * `nmi` and `prof=RATE` their flags, anything else is a name item.
 */
static void add_item(struct bench_selection *s, const char *item, size_t len)
{
	size_t used;

	for (unsigned i = 0; i < s->nmodes; i++) {
		if (is_word(item, len, s->mode_names[i])) {
			s->mode = (int)i;
			return;
		}
	}
	if (is_word(item, len, "force")) {
		s->forced = 1;
		return;
	}
	if (is_word(item, len, "list")) {
		s->list_only = 1;
		return;
	}
	if (is_word(item, len, "nmi")) {
		s->prof_nmi = 1;
		return;
	}
	if (is_word(item, len, "trace")) {
		s->trace = 1;
		return;
	}
	if (len >= 5 && strncmp(item, "prof=", 5) == 0) {
		s->prof_rate = prof_rate(item, len);
		s->prof_given = 1;
		return;
	}
	used = strlen(s->names);
	if (used + len + 2 > sizeof(s->names))
		return;
	if (used)
		s->names[used++] = ',';
	memcpy(s->names + used, item, len);
	s->names[used + len] = '\0';
}

void select_add(struct bench_selection *s, const char *text)
{
	size_t i = 0, len = strlen(text);

	while (i < len) {
		size_t start;

		while (i < len && is_sep(text[i]))
			i++;
		start = i;
		while (i < len && !is_sep(text[i]))
			i++;
		if (i > start)
			add_item(s, text + start, i - start);
	}
}

int select_has(const struct bench_selection *s, const char *name)
{
	return !s->names[0] || namelist_selects(s->names, name);
}

unsigned select_unmatched(const struct bench_selection *s, const struct bench *const *table,
			  unsigned n, void (*report)(const char *item, size_t len))
{
	unsigned items = namelist_count(s->names), unmatched = 0;

	for (unsigned i = 0; i < items; i++) {
		const char *item;
		size_t len = namelist_item(s->names, i, &item);
		unsigned b = 0;

		while (b < n && !namelist_item_selects(item, len, table[b]->name))
			b++;
		if (b == n) {
			report(item, len);
			unmatched++;
		}
	}
	return unmatched;
}
