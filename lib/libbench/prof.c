/*
 * lib/libbench/prof.c - the sampling profile of a benchmark (prof.h): the
 * kernel's profiler (SYS_PROFCTL) started before the measured repetitions
 * and stopped after them, its samples printed on the console for the host
 * to symbolize (`make profile`, docs/profiling.md); and the IPC
 * tracepoints' counts over the same repetitions (`trace`).
 */
#include <stdio.h>
#include <string.h>
#include <syslib.h>
#include <abi/errno.h>
#include <abi/info.h>
#include <bench.h>
#include "prof.h"

#define CHUNK	64		/* samples read per call */

static struct prof_sample chunk[CHUNK];
static unsigned rate_now, source_now;	/* of the profile prof_begin started */

int prof_begin(unsigned rate, unsigned source)
{
	int r = sys_prof_start(rate, PROF_BENCH_SAMPLES, source);

	if (r != OK) {
		bench_error("prof: the profiler refused rate %u Hz, %u samples per CPU, source %s: "
			    "error %d", rate, PROF_BENCH_SAMPLES, source == PROF_SRC_NMI ? "nmi" : "timer",
			    r);
		return -1;
	}
	rate_now = rate;
	source_now = source;
	return 0;
}

/* The processes a sample may name: every live one, by endpoint. */
static void print_procs(void)
{
	struct kinfo k;
	struct proc_info p;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return;
	for (uint32_t slot = 0; slot < k.nr_slots; slot++)
		if (sys_getinfo(GET_PROC, (int)slot, &p, sizeof(p)) > 0 && p.state == PROC_STATE_LIVE)
			printf("PROF proc %d %s\n", p.endpoint, p.name);
}

static void print_samples(unsigned cpu, uint32_t n)
{
	for (uint32_t first = 0; first < n; first += CHUNK) {
		int got = sys_prof_read(cpu, first, chunk, CHUNK);

		for (int i = 0; i < got; i++) {
			const struct prof_sample *s = &chunk[i];

			printf("PROF s %u %d %x %x %u %d", cpu, s->endpoint, s->flags, s->pc, s->own,
			       s->peer);
			for (uint32_t d = 0; d < s->depth && d < PROF_CHAIN_MAX; d++)
				printf(" %x", s->chain[d]);
			printf("\n");
		}
		if (got <= 0)
			return;
	}
}

void prof_end(const char *name, uint64_t ops, uint64_t ticks)
{
	struct mess_profctl st;
	int r = sys_prof_stop();

	if (r != OK) {
		bench_error("prof: stop failed: error %d", r);
		return;
	}
	printf("PROF begin %s rate=%u ops=%llu ticks=%llu cpus=%u source=%s\n", name, rate_now,
	       (unsigned long long)ops, (unsigned long long)ticks, bench_ncpus(),
	       source_now == PROF_SRC_NMI ? "nmi" : "timer");
	print_procs();
	for (unsigned cpu = 0; cpu < bench_ncpus(); cpu++) {
		if (sys_prof_status(cpu, &st) != OK)
			continue;
		printf("PROF cpu %u samples=%u dropped=%u cost=%llu\n", cpu, st.count, st.dropped,
		       ((unsigned long long)st.cost_hi << 32) | st.cost_lo);
		print_samples(cpu, st.count);
	}
	printf("PROF end %s\n", name);
}

/* ---- IPC tracepoints ---------------------------------------------------- */

static struct ipc_trace before[ABI_MAX_CPUS], after[ABI_MAX_CPUS];
static const char *const path_name[IPT_PATHS] = {
	[IPT_PATH_CALL] = "call", [IPT_PATH_REPLYRECV] = "replyrecv",
};
static const char *const stage_name[IPT_STAGES] = {
	[IPT_CHECKED] = "checked", [IPT_COPIED] = "copied", [IPT_SWITCH] = "switch",
	[IPT_EXIT] = "exit",
};

/* Every CPU's counts into t[]; 0, or the first error. */
static int trace_read(struct ipc_trace *t)
{
	for (unsigned cpu = 0; cpu < bench_ncpus(); cpu++) {
		message m;
		int r;

		memset(&m, 0, sizeof(m));
		m.profctl.code = PROF_TRACE;
		m.profctl.cpu = cpu;
		m.profctl.buf = (vir_bytes)&t[cpu];
		m.profctl.count = sizeof(t[cpu]);
		if ((r = kernel_call(SYS_PROFCTL, &m)) != OK)
			return r;
	}
	return OK;
}

int trace_begin(void)
{
	int r = trace_read(before);

	if (r != OK) {
		bench_error("trace: the kernel gives no IPC tracepoint counts (error %d%s)", r,
			    r == ENOSYS ? ": build it with make TRACE=1" : "");
		return -1;
	}
	return 0;
}

/* The pair p of `cpu` before the run, or NULL if it is new. */
static const struct ipt_pair *pair_before(unsigned cpu, const struct ipt_pair *p)
{
	const struct ipc_trace *t = &before[cpu];

	for (uint32_t i = 0; i < t->pairs_used && i < IPT_PAIRS; i++) {
		const struct ipt_pair *q = &t->pair[i];

		if (q->src == p->src && q->dst == p->dst && q->path == p->path && q->type == p->type)
			return q;
	}
	return NULL;
}

static void print_pair(const char *name, unsigned cpu, const struct ipt_pair *p)
{
	const struct ipt_pair *q = pair_before(cpu, p);
	uint32_t hits = p->hits - (q ? q->hits : 0), slow[FP_SLOW_REASONS], any = hits;

	for (unsigned r = 0; r < FP_SLOW_REASONS; r++)
		any |= slow[r] = p->slow[r] - (q ? q->slow[r] : 0);
	if (!any || p->path >= IPT_PATHS)
		return;
	printf("FPPAIR %s %s %d %d %x hits=%u", name, path_name[p->path], p->src, p->dst, p->type, hits);
	for (unsigned r = 0; r < FP_SLOW_REASONS; r++)
		if (slow[r])
			printf(" %s=%u", bench_fp_reason[r], slow[r]);
	printf("\n");
}

void trace_end(const char *name)
{
	int r = trace_read(after);

	if (r != OK) {
		bench_error("trace: reading the counts after the run failed: error %d", r);
		return;
	}
	for (unsigned path = 0; path < IPT_PATHS; path++) {
		uint64_t ops = 0, ticks[IPT_STAGES] = { 0 };

		for (unsigned cpu = 0; cpu < bench_ncpus(); cpu++) {
			ops += after[cpu].ops[path] - before[cpu].ops[path];
			for (unsigned s = IPT_CHECKED; s < IPT_STAGES; s++)
				ticks[s] += after[cpu].ticks[path][s] - before[cpu].ticks[path][s];
		}
		if (!ops)
			continue;
		printf("TRACE %s %s ops=%llu", name, path_name[path], (unsigned long long)ops);
		for (unsigned s = IPT_CHECKED; s < IPT_STAGES; s++)
			printf(" %s=%llu.%02llu", stage_name[s], (unsigned long long)(ticks[s] / ops),
			       (unsigned long long)(ticks[s] * 100 / ops % 100));
		printf("\n");
	}
	for (unsigned cpu = 0; cpu < bench_ncpus(); cpu++) {
		for (uint32_t i = 0; i < after[cpu].pairs_used && i < IPT_PAIRS; i++)
			print_pair(name, cpu, &after[cpu].pair[i]);
		if (after[cpu].pairs_lost != before[cpu].pairs_lost)
			printf("FPPAIR %s lost %u operations of pairs beyond the table on cpu %u\n", name,
			       after[cpu].pairs_lost - before[cpu].pairs_lost, cpu);
	}
}
