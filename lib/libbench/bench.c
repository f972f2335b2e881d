/*
 * lib/libbench/bench.c - the benchmark harness behind bench.h: selection
 * (through select.c), timer overhead, iteration scaling, samples,
 * statistics, output.
 *
 * Every number is an integer: a sample is the TSC ticks of one run(n)
 * minus the timer overhead; per-operation values are kept in hundredths
 * (ticks * 100 / (n * ops_per_iter)) and printed with two decimals.
 *
 * Around the measured repetitions (not the scaling or warm-up runs, and
 * outside every timed run) the harness reads the IPC fast-path counters of
 * every online CPU (GET_CPUSTATS: fastpath_hits, fastpath_slow[reason],
 * kernel/fastpath.c) and prints their differences with the result, so the
 * report can say which path each operation took.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syslib.h>
#include <vm.h>
#include <abi/errno.h>
#include <abi/info.h>
#include <bench.h>
#include <bench_mark.h>
#include "prof.h"
#include "select.h"

#define MAX_REPS	31		/* the most repetitions a mode takes */
#define OVERHEAD_SAMPLES 255
#define MAX_ITERS	(1ull << 28)	/* a run that cheap is broken */
#define CALIB_GIVE_UP	(1ull << 32)	/* TSC ticks to wait for a clock tick */

/* A mode: repetitions, TSC ticks per sample, warm-up runs, clock ticks to calibrate over. */
struct bench_mode {
	const char *name;
	unsigned reps;
	uint64_t target;
	unsigned warmup;
	unsigned calib_ticks;
};

static const struct bench_mode modes[] = {
	{ "full",  31, 1000000, 2, 5 },
	{ "quick", 11,  200000, 1, 2 },
	{ "tiny",   3,   20000, 0, 1 },
};

static const struct bench_mode *mode = &modes[0];
static int forced;
static unsigned ncpus = 1;
static uint32_t nr_slots;		/* process-table slots */
static char reason[160];
static int run_error;

/* ---- reasons and errors ------------------------------------------------ */

static void set_reason(const char *fmt, va_list ap)
{
	vsnprintf(reason, sizeof(reason), fmt, ap);
}

int bench_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(fmt, ap);
	va_end(ap);
	return BENCH_SKIP;
}

int bench_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(fmt, ap);
	va_end(ap);
	return BENCH_FAIL;
}

int bench_setup_error(int err, const char *fmt, ...)
{
	char what[sizeof(reason)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (err == ENOMEM)
		return bench_skip("out of memory: %s", what);
	return bench_fail("%s", what);
}

void bench_error(const char *fmt, ...)
{
	va_list ap;

	if (run_error)
		return;
	run_error = 1;
	va_start(ap, fmt);
	set_reason(fmt, ap);
	va_end(ap);
}

int bench_failed(void)
{
	return run_error;
}

unsigned bench_ncpus(void)
{
	return ncpus;
}

int bench_forced(void)
{
	return forced;
}

/* ---- selection (select.c) --------------------------------------------- */

static struct bench_selection selection;

/* The kernel's parse of `bench=` (kinfo.bench), then the module's arguments. */
static void load_selection(const struct kinfo *k, int argc, char **argv)
{
	static const char *mode_names[BENCH_COUNT(modes)];

	for (unsigned i = 0; i < BENCH_COUNT(modes); i++)
		mode_names[i] = modes[i].name;
	select_init(&selection, mode_names, BENCH_COUNT(modes));
	select_add(&selection, k->bench);
	for (int i = 1; i < argc; i++)
		select_add(&selection, argv[i]);
	if (selection.mode >= 0)
		mode = &modes[selection.mode];
	forced = selection.forced;
}

/* A name item that selects nothing: a typo must not pass as an empty run. */
static void bail_unmatched(const char *item, size_t len)
{
	printf("Bail out! bench: '%.*s' selects no benchmark\n", (int)len, item);
}

/* ---- statistics -------------------------------------------------------- */

struct stats {
	uint64_t median, mean, p10, p90, p99, min, max;	/* hundredths */
};

static void sort_u64(uint64_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		uint64_t x = v[i];
		unsigned j = i;

		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* Nearest-rank percentile of sorted v[n]: the ceil(p * n / 100)-th value. */
static uint64_t percentile(const uint64_t *v, unsigned n, unsigned p)
{
	unsigned rank = (p * n + 99) / 100;

	if (rank == 0)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

static void compute_stats(uint64_t *v, unsigned n, struct stats *s)
{
	uint64_t sum = 0;

	sort_u64(v, n);
	for (unsigned i = 0; i < n; i++)
		sum += v[i];
	s->mean = sum / n;
	s->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	s->p10 = percentile(v, n, 10);
	s->p90 = percentile(v, n, 90);
	s->p99 = percentile(v, n, 99);
	s->min = v[0];
	s->max = v[n - 1];
}

/* ---- timing ------------------------------------------------------------ */

#define CPUID_EDX_SSE2	(1u << 26)

static uint64_t timer_overhead;
int bench_timer_lfence;		/* bench.h: 1 LFENCE, 0 CPUID before RDTSC */

/* LFENCE is an SSE2 instruction: use it only where CPUID.1 offers SSE2. */
static void choose_timer_fence(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	bench_timer_lfence = (d & CPUID_EDX_SSE2) != 0;
}

static int marking;		/* set around the measured repetitions: BENCH_MARK them */

/* Median ticks between two back-to-back bench_now() calls. */
static uint64_t measure_timer_overhead(void)
{
	static uint64_t v[OVERHEAD_SAMPLES];

	for (unsigned i = 0; i < OVERHEAD_SAMPLES; i++) {
		uint64_t t0 = bench_now();
		uint64_t t1 = bench_now();
		v[i] = t1 - t0;
	}
	sort_u64(v, OVERHEAD_SAMPLES);
	return v[OVERHEAD_SAMPLES / 2];
}

/* Spins until the clock has advanced `ticks` past start; 0 if it never does. */
static int wait_ticks(uint32_t start, unsigned ticks, struct mess_times *t)
{
	uint64_t give_up = bench_now() + CALIB_GIVE_UP;

	do {
		if (sys_times(SELF, t) != OK || bench_now() > give_up)
			return 0;
	} while (t->uptime_ticks - start < ticks);
	return 1;
}

/* TSC ticks per second, counted over `ticks` clock ticks (0 if no clock). */
static uint64_t calibrate_tsc(unsigned hz, unsigned ticks)
{
	struct mess_times t;
	uint64_t t0, t1;

	if (hz == 0 || sys_times(SELF, &t) != OK || !wait_ticks(t.uptime_ticks, 1, &t))
		return 0;
	t0 = bench_now();
	if (!wait_ticks(t.uptime_ticks, ticks, &t))
		return 0;
	t1 = bench_now();
	return (t1 - t0) * hz / ticks;
}

/* Ticks of one run(n), timer overhead removed. */
static uint64_t time_run(const struct bench *b, uint64_t n)
{
	uint64_t t0, t1, d;

	if (marking)
		BENCH_MARK(BENCH_MARK_BEGIN);
	t0 = bench_now();
	b->run(n);
	t1 = bench_now();
	if (marking)
		BENCH_MARK(BENCH_MARK_END);
	d = t1 - t0;
	return d > timer_overhead ? d - timer_overhead : 0;
}

/* The smallest n (roughly) whose run lasts mode->target ticks. */
static uint64_t scale_iterations(const struct bench *b)
{
	uint64_t n = 1;

	for (;;) {
		uint64_t d = time_run(b, n), next;

		if (run_error || d >= mode->target || n >= MAX_ITERS)
			return n;
		/* aim 10% past the target, grow at least 2x and at most 100x */
		next = d ? n * mode->target / d + n * mode->target / d / 10 + 1 : n * 100;
		if (next < 2 * n)
			next = 2 * n;
		if (next > 100 * n)
			next = 100 * n;
		n = next;
	}
}

/* ---- fast-path counters ------------------------------------------------- */

/*
 * The IPC fast-path counters of all online CPUs, summed (abi/info.h), and
 * per CPU the events that show it did work (switches, IPIs, fast-path
 * and page-fault-path outcomes): a benchmark whose partners run on other
 * CPUs shows work there.
 */
struct fastpath {
	int valid;			/* at least one CPU could be read */
	uint64_t hits;
	uint64_t slow[FP_SLOW_REASONS];
	uint64_t work[ABI_MAX_CPUS];
};

/* Names of the FP_SLOW_* reasons, as the report prints them. */
const char *const bench_fp_reason[FP_SLOW_REASONS] = {
	[FP_SLOW_ENDPOINT] = "endpoint",
	[FP_SLOW_DENIED] = "denied",
	[FP_SLOW_BUFFER] = "buffer",
	[FP_SLOW_NOT_WAITING] = "not_waiting",
	[FP_SLOW_OTHER_CPU] = "other_cpu",
	[FP_SLOW_PENDING] = "pending",
	[FP_SLOW_SCHED] = "sched",
};
_Static_assert(FP_SLOW_REASONS == 7, "name the new FP_SLOW_ reason in bench_fp_reason[]");

static void read_fastpath(struct fastpath *f)
{
	struct cpu_stats s;

	memset(f, 0, sizeof(*f));
	for (int c = 0; c < ABI_MAX_CPUS; c++) {
		if (sys_getinfo(GET_CPUSTATS, c, &s, sizeof(s)) != (int)sizeof(s) || !s.online)
			continue;
		f->valid = 1;
		f->hits += s.fastpath_hits;
		f->work[c] = s.ctx_switches + s.ipis_received + s.fastpath_hits + s.pf_fault_hits +
			     s.pf_resume_hits;
		for (int r = 0; r < FP_SLOW_REASONS; r++) {
			f->slow[r] += s.fastpath_slow[r];
			f->work[c] += s.fastpath_slow[r];
		}
		for (int r = 0; r < PF_SLOW_REASONS; r++)
			f->work[c] += s.pf_fault_slow[r] + s.pf_resume_slow[r];
	}
}

/* *after -= *before (unsigned: a 32-bit counter that wrapped still counts right). */
static void fastpath_diff(struct fastpath *after, const struct fastpath *before)
{
	after->valid = after->valid && before->valid;
	after->hits -= before->hits;
	for (int r = 0; r < FP_SLOW_REASONS; r++)
		after->slow[r] = (uint32_t)(after->slow[r] - before->slow[r]);
	for (int c = 0; c < ABI_MAX_CPUS; c++)
		after->work[c] -= before->work[c];
}

/* CPUs that did work in the measured runs: those with work, and ours. */
static unsigned cpus_used(const struct fastpath *f)
{
	int mine = bench_partner_cpu(bench_self());
	unsigned n = 0;

	for (int c = 0; c < ABI_MAX_CPUS; c++)
		n += f->work[c] != 0 || c == mine;
	return n ? n : 1;
}

/* ---- output ------------------------------------------------------------ */

/* Prints s as a JSON string body (constant names: only quotes need care). */
static void print_json_text(const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s >= ' ')
			printf("%c", *s);
	}
}

static void print_hundredths(const char *key, uint64_t v)
{
	printf(",\"%s\":%llu.%02llu", key, (unsigned long long)(v / 100),
	       (unsigned long long)(v % 100));
}

/*
 * ,"fastpath":{"ops":O,"hits":H,"hits_per_op":H/O,"slow":{"reason":N,...},
 * "slow_per_op":S/O}: counts over the O measured operations, only the
 * reasons that occurred.
 */
static void print_fastpath(const struct fastpath *f, uint64_t ops)
{
	uint64_t slow = 0;
	int first = 1;

	if (!f->valid || ops == 0)
		return;
	printf(",\"fastpath\":{\"ops\":%llu,\"hits\":%llu", (unsigned long long)ops,
	       (unsigned long long)f->hits);
	print_hundredths("hits_per_op", f->hits * 100 / ops);
	printf(",\"slow\":{");
	for (int r = 0; r < FP_SLOW_REASONS; r++) {
		if (!f->slow[r])
			continue;
		printf("%s\"%s\":%llu", first ? "" : ",", bench_fp_reason[r],
		       (unsigned long long)f->slow[r]);
		slow += f->slow[r];
		first = 0;
	}
	printf("}");
	print_hundredths("slow_per_op", slow * 100 / ops);
	printf("}");
}

static void print_result(const struct bench *b, uint64_t n, const struct stats *s,
			 const struct fastpath *f)
{
	printf("BENCH {\"name\":\"");
	print_json_text(b->name);
	printf("\",\"unit\":\"");
	print_json_text(b->unit_per);
	printf("\",\"iterations\":%llu,\"ops_per_iter\":%u,\"repetitions\":%u",
	       (unsigned long long)n, b->ops_per_iter ? b->ops_per_iter : 1, mode->reps);
	print_hundredths("median", s->median);
	print_hundredths("mean", s->mean);
	print_hundredths("p10", s->p10);
	print_hundredths("p90", s->p90);
	print_hundredths("p99", s->p99);
	print_hundredths("min", s->min);
	print_hundredths("max", s->max);
	print_fastpath(f, (uint64_t)mode->reps * n * (b->ops_per_iter ? b->ops_per_iter : 1));
	printf(",\"cpus\":%u", cpus_used(f));
	printf(",\"timer_overhead\":%llu,\"desc\":\"", (unsigned long long)timer_overhead);
	print_json_text(b->description);
	printf("\"}\n");
}

static void print_not_run(const struct bench *b, const char *key)
{
	printf("BENCH {\"name\":\"");
	print_json_text(b->name);
	printf("\",\"%s\":\"", key);
	print_json_text(reason);
	printf("\"}\n");
}

/* ---- running ----------------------------------------------------------- */

/* Measures one benchmark whose setup succeeded; 0 or -1 (reason set). */
static int measure(const struct bench *b, uint64_t *iters, struct stats *s,
		   struct fastpath *f)
{
	static uint64_t samples[MAX_REPS];
	struct fastpath before;
	uint64_t n, div, t0;

	n = scale_iterations(b);
	for (unsigned i = 0; i < mode->warmup && !run_error; i++)
		time_run(b, n);
	div = n * (b->ops_per_iter ? b->ops_per_iter : 1);
	read_fastpath(&before);
	if (selection.trace && trace_begin() < 0)
		return -1;
	if (selection.prof_given &&
	    prof_begin(selection.prof_rate, selection.prof_nmi ? PROF_SRC_NMI : PROF_SRC_TIMER) < 0)
		return -1;
	t0 = bench_now();
	marking = 1;
	for (unsigned i = 0; i < mode->reps && !run_error; i++)
		samples[i] = time_run(b, n) * 100 / div;
	marking = 0;
	if (selection.prof_given)
		prof_end(b->name, (uint64_t)mode->reps * div, bench_now() - t0);
	if (selection.trace)
		trace_end(b->name);
	read_fastpath(f);
	fastpath_diff(f, &before);
	if (run_error)
		return -1;
	compute_stats(samples, mode->reps, s);
	*iters = n;
	return 0;
}

/*
 * Live processes but the VM server (which a benchmark may start for the
 * ones after it): every benchmark must leave as many as it found.
 */
static unsigned live_processes(void)
{
	endpoint_t vm = vm_endpoint();
	struct proc_info info;
	unsigned n = 0;

	for (uint32_t slot = 0; slot < nr_slots; slot++)
		if (sys_getinfo(GET_PROC, (int)slot, &info, sizeof(info)) >= 0 &&
		    info.state == PROC_STATE_LIVE && info.endpoint != vm)
			n++;
	return n;
}

enum outcome { RAN, SKIPPED, SETUP_FAILED, RUN_FAILED };

/* Runs b and prints its BENCH and TAP lines; returns 1 if it failed. */
static int run_one(const struct bench *b, unsigned num)
{
	unsigned before = live_processes(), after;
	enum outcome o;
	struct stats s;
	struct fastpath f;
	uint64_t n = 0;
	int r;

	reason[0] = '\0';
	run_error = 0;
	r = b->setup ? b->setup() : BENCH_OK;
	o = r == BENCH_OK ? RAN : r == BENCH_SKIP ? SKIPPED : SETUP_FAILED;
	if (o == RAN) {
		if (measure(b, &n, &s, &f) != 0)
			o = RUN_FAILED;
		if (b->teardown)
			b->teardown();
	}
	if ((after = live_processes()) > before) {
		bool set_up = o == RAN || o == RUN_FAILED;

		snprintf(reason, sizeof(reason), "%s left %u processes running",
			 set_up ? "teardown" : "setup", after - before);
		o = set_up ? RUN_FAILED : SETUP_FAILED;
	}
	switch (o) {
	case SKIPPED:
		print_not_run(b, "skipped");
		printf("ok %u bench.%s # SKIP %s\n", num, b->name, reason);
		return 0;
	case SETUP_FAILED:
		print_not_run(b, "error");
		printf("not ok %u bench.%s # setup: %s\n", num, b->name, reason);
		return 1;
	case RUN_FAILED:
		print_not_run(b, "error");
		printf("not ok %u bench.%s # %s\n", num, b->name, reason);
		return 1;
	case RAN:
		break;
	}
	print_result(b, n, &s, &f);
	printf("ok %u bench.%s\n", num, b->name);
	return 0;
}

static void print_info(const struct kinfo *k, uint64_t tsc_hz)
{
	printf("BENCH_INFO {\"mode\":\"%s\",\"reps\":%u,\"target\":%llu,\"warmup\":%u,"
	       "\"timer_overhead\":%llu,\"timer_fence\":\"%s\",\"tsc_hz\":%llu,\"ncpus\":%u,"
	       "\"hz\":%u,\"forced\":%d}\n",
	       mode->name, mode->reps, (unsigned long long)mode->target, mode->warmup,
	       (unsigned long long)timer_overhead, bench_timer_lfence ? "lfence" : "cpuid",
	       (unsigned long long)tsc_hz, k->ncpus,
	       k->hz, forced);
}

int bench_main(const struct bench *const *table, unsigned n, int argc, char **argv)
{
	static struct kinfo k;
	unsigned planned = 0, num = 0;
	int failures = 0;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0) {
		printf("Bail out! bench: cannot read kernel information\n");
		return 1;
	}
	if (bench_self() == NONE) {
		printf("Bail out! bench: cannot read own process information\n");
		return 1;
	}
	ncpus = k.ncpus ? k.ncpus : 1;
	nr_slots = k.nr_slots;
	load_selection(&k, argc, argv);
	if (select_unmatched(&selection, table, n, bail_unmatched))
		return 1;
	if (selection.list_only) {
		for (unsigned i = 0; i < n; i++)
			printf("# %-22s %s\n", table[i]->name, table[i]->description);
		return 0;
	}
	choose_timer_fence();
	timer_overhead = measure_timer_overhead();
	print_info(&k, calibrate_tsc(k.hz, mode->calib_ticks));
	for (unsigned i = 0; i < n; i++)
		planned += select_has(&selection, table[i]->name) ? 1 : 0;
	printf("1..%u\n", planned);
	for (unsigned i = 0; i < n; i++)
		if (select_has(&selection, table[i]->name))
			failures += run_one(table[i], ++num);
	return failures;
}
