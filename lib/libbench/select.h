/*
 * lib/libbench/select.h - which benchmarks a run selects, and how (the
 * "Selection" paragraph of bench.h): the items of `bench=` and of the
 * module's arguments, split into mode words and name items.  Pure code,
 * also built for the host tests.
 */
#ifndef LIBBENCH_SELECT_H
#define LIBBENCH_SELECT_H

#include <stddef.h>
#include <abi/info.h>
#include <bench.h>

#define SELECT_NAMES_LEN	(128 + KINFO_LIST_LEN)

struct bench_selection {
	const char *const *mode_names;	/* the mode words the runner has */
	unsigned nmodes;
	int mode;			/* the last mode word given, -1 if none */
	int forced;			/* `force` given */
	int list_only;			/* `list` given */
	int prof_given;			/* `prof=RATE` given: sample (prof.c) */
	int trace;			/* `trace`: print the IPC tracepoints' counts (prof.c) */
	unsigned prof_rate;		/* its RATE in Hz; 0 if not a number */
	int prof_nmi;			/* `nmi`: sample from NMIs, not the timer */
	char names[SELECT_NAMES_LEN];	/* name items, ',' separated; "" = all */
};

void select_init(struct bench_selection *s, const char *const *mode_names, unsigned nmodes);

/* Takes the items of text: separated by ',' ':' or blanks. */
void select_add(struct bench_selection *s, const char *text);

/* Does the selection take benchmark `name`? */
int select_has(const struct bench_selection *s, const char *name);

/*
 * Calls report(item, len) for each name item that selects no benchmark of
 * table[n], in order; returns how many there were.
 */
unsigned select_unmatched(const struct bench_selection *s, const struct bench *const *table,
			  unsigned n, void (*report)(const char *item, size_t len));

#endif /* LIBBENCH_SELECT_H */
