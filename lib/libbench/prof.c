/*
 * lib/libbench/prof.c - the sampling profile of a benchmark (prof.h): the
 * kernel's profiler (SYS_PROFCTL) started before the measured repetitions
 * and stopped after them, its samples printed on the console for the host
 * to symbolize (`make profile`, docs/profiling.md).
 */
#include <stdio.h>
#include <syslib.h>
#include <abi/errno.h>
#include <abi/info.h>
#include <bench.h>
#include "prof.h"

#define CHUNK	64		/* samples read per call */

static struct prof_sample chunk[CHUNK];
static unsigned rate_now;		/* of the profile prof_begin started */

int prof_begin(unsigned rate)
{
	int r = sys_prof_start(rate, PROF_BENCH_SAMPLES);

	if (r != OK) {
		bench_error("prof: the profiler refused rate %u Hz, %u samples per CPU: error %d",
			    rate, PROF_BENCH_SAMPLES, r);
		return -1;
	}
	rate_now = rate;
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

			printf("PROF s %u %d %x %x", cpu, s->endpoint, s->flags, s->pc);
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
	printf("PROF begin %s rate=%u ops=%llu ticks=%llu cpus=%u\n", name, rate_now,
	       (unsigned long long)ops, (unsigned long long)ticks, bench_ncpus());
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
