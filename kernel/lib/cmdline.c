/*
 * kernel/lib/cmdline.c - kernel command-line parsing (see cmdline.h).
 *
 * Table driven: every option is one row of options[] naming its parser.
 * A parser gets the value (not NUL-terminated) and returns NULL when it
 * applied it, or a problem description otherwise.
 */
#include <stddef.h>
#include <stdint.h>
#include "namelist.h"
#include "string.h"
#include "kernel/lib/cmdline.h"

typedef const char *(*option_parser)(struct boot_options *opts, const char *value, size_t len);

struct option_row {
	const char *name;
	bool takes_value;
	option_parser parse;
};

/* One option of the command line, split at its first '='. */
struct option_text {
	const char *key;
	size_t key_len;
	const char *value;	/* NULL for a bare key */
	size_t value_len;
};

/* Longest option name handed to the report callback. */
#define NAME_MAX_LEN 31

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copies a list value into dst[CMDLINE_LIST_MAX + 1]. */
static const char *copy_list(char *dst, const char *value, size_t len)
{
	if (len > CMDLINE_LIST_MAX)
		return "value too long (max 127 characters)";
	memcpy(dst, value, len);
	dst[len] = '\0';
	return NULL;
}

/* Parses a decimal number in [min, max] into *out. */
static const char *parse_decimal(const char *value, size_t len, unsigned min,
				 unsigned max, unsigned *out)
{
	uint64_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (value[i] < '0' || value[i] > '9')
			return "not a decimal number";
		if (n <= max)
			n = n * 10 + (uint64_t)(value[i] - '0');
	}
	if (n < min || n > max)
		return "value out of range";
	*out = (unsigned)n;
	return NULL;
}

static const char *parse_test(struct boot_options *opts, const char *value, size_t len)
{
	const char *problem = copy_list(opts->test, value, len);

	if (problem == NULL && namelist_count(opts->test) > CMDLINE_TEST_ITEMS) {
		opts->test[0] = '\0';
		return "too many items (max 32)";
	}
	return problem;
}

static const char *parse_require(struct boot_options *opts, const char *value, size_t len)
{
	return copy_list(opts->require, value, len);
}

static const char *parse_bench(struct boot_options *opts, const char *value, size_t len)
{
	return copy_list(opts->bench, value, len);
}

static const char *parse_cpus(struct boot_options *opts, const char *value, size_t len)
{
	return parse_decimal(value, len, 1, CMDLINE_CPUS_MAX, &opts->cpus);
}

static const char *parse_loglevel(struct boot_options *opts, const char *value, size_t len)
{
	return parse_decimal(value, len, 0, CMDLINE_LOGLEVEL_MAX, &opts->loglevel);
}

static const char *parse_safecopy_cow(struct boot_options *opts, const char *value, size_t len)
{
	const char *problem = parse_decimal(value, len, 0, CMDLINE_COW_MAX, &opts->safecopy_cow);

	opts->safecopy_cow_set = problem == NULL;
	return problem;
}

/* A name of the kernel's (sched=, balance=, fpu=): 1..15 characters of [a-z0-9_]. */
static const char *parse_name(char *out, const char *value, size_t len)
{
	if (len > CMDLINE_SCHED_MAX)
		return "value too long (max 15 characters)";
	for (size_t i = 0; i < len; i++) {
		char c = value[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return "bad character (allowed: a-z 0-9 _)";
	}
	memcpy(out, value, len);
	out[len] = '\0';
	return NULL;
}

static const char *parse_sched(struct boot_options *opts, const char *value, size_t len)
{
	return parse_name(opts->sched, value, len);
}

static const char *parse_balance(struct boot_options *opts, const char *value, size_t len)
{
	return parse_name(opts->balance, value, len);
}

static const char *parse_fpu(struct boot_options *opts, const char *value, size_t len)
{
	return parse_name(opts->fpu, value, len);
}

static const char *parse_quiet(struct boot_options *opts, const char *value, size_t len)
{
	(void)value;
	(void)len;
	opts->quiet = true;
	return NULL;
}

/* The option table: one row per option. */
static const struct option_row options[] = {
	{ "test", true, parse_test },
	{ "bench", true, parse_bench },
	{ "require", true, parse_require },
	{ "cpus", true, parse_cpus },
	{ "sched", true, parse_sched },
	{ "balance", true, parse_balance },
	{ "fpu", true, parse_fpu },
	{ "loglevel", true, parse_loglevel },
	{ "safecopy_cow", true, parse_safecopy_cow },
	{ "quiet", false, parse_quiet },
};

#define NOPTIONS (sizeof(options) / sizeof(options[0]))
_Static_assert(NOPTIONS <= 32, "the seen-set of cmdline_parse is one word");

/* Returns the row for the key of t, or NULL if the option is unknown. */
static const struct option_row *find_option(const struct option_text *t)
{
	for (size_t i = 0; i < NOPTIONS; i++) {
		if (strlen(options[i].name) == t->key_len &&
		    memcmp(options[i].name, t->key, t->key_len) == 0)
			return &options[i];
	}
	return NULL;
}

/* Splits the option at s (non-blank) into t; returns the end of it. */
static const char *split_option(const char *s, struct option_text *t)
{
	t->key = s;
	t->value = NULL;
	t->value_len = 0;
	while (*s != '\0' && !is_blank(*s) && *s != '=')
		s++;
	t->key_len = (size_t)(s - t->key);
	if (*s != '=')
		return s;
	t->value = ++s;
	while (*s != '\0' && !is_blank(*s))
		s++;
	t->value_len = (size_t)(s - t->value);
	return s;
}

/*
 * Applies one option; returns NULL or its problem.  *seen holds one bit
 * per row already applied.
 */
static const char *apply_option(const struct option_text *t, struct boot_options *opts,
				uint32_t *seen)
{
	const struct option_row *row = find_option(t);

	if (row == NULL)
		return "unknown option";
	if (row->takes_value && t->value == NULL)
		return "needs a value (key=value)";
	if (!row->takes_value && t->value != NULL)
		return "takes no value";
	if (row->takes_value && t->value_len == 0)
		return "empty value";
	uint32_t bit = 1u << (row - options);

	if (*seen & bit)
		return "repeated (first value kept)";
	const char *problem = row->parse(opts, t->value, t->value_len);

	if (problem == NULL)
		*seen |= bit;
	return problem;
}

static void report_problem(const struct option_text *t, const char *problem,
			   cmdline_report_fn report, void *ctx)
{
	char name[NAME_MAX_LEN + 1];
	size_t n = t->key_len < NAME_MAX_LEN ? t->key_len : NAME_MAX_LEN;

	if (report == NULL)
		return;
	memcpy(name, t->key, n);
	name[n] = '\0';
	report(ctx, name, problem);
}

/* See cmdline.h. */
void cmdline_defaults(struct boot_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->loglevel = CMDLINE_LOGLEVEL_DEFAULT;
}

/* See cmdline.h. */
unsigned cmdline_loglevel(const struct boot_options *opts)
{
	if (opts->quiet && opts->loglevel > CMDLINE_LOGLEVEL_QUIET)
		return CMDLINE_LOGLEVEL_QUIET;
	return opts->loglevel;
}

/* See cmdline.h. */
int cmdline_parse(const char *args, struct boot_options *opts,
		  cmdline_report_fn report, void *ctx)
{
	uint32_t seen = 0;
	int problems = 0;

	for (const char *s = args != NULL ? args : ""; *s != '\0'; ) {
		struct option_text t;

		if (is_blank(*s)) {
			s++;
			continue;
		}
		s = split_option(s, &t);
		const char *problem = apply_option(&t, opts, &seen);

		if (problem != NULL) {
			report_problem(&t, problem, report, ctx);
			problems++;
		}
	}
	return problems;
}

/* See cmdline.h. */
const char *cmdline_skip_image(const char *line)
{
	if (line == NULL)
		return "";
	while (is_blank(*line))
		line++;
	while (*line != '\0' && !is_blank(*line))
		line++;
	while (is_blank(*line))
		line++;
	return line;
}
