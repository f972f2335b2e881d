/*
 * tools/linuxproc/lat_proc.c - the Linux side of Kestrel's proc/fork,
 * proc/exec, sig/install and sig/catch (bench/proc.c): lmbench's lat_proc
 * fork and exec and lat_sig install and catch, as a static i386 program
 * under a Linux guest (run.sh).  Each operation is timed alone with
 * lfence;rdtsc (under QEMU -icount shift=0: guest instructions), the
 * timer's own cost subtracted, after a warm-up; the median and spread are
 * printed as one JSON line per benchmark, as in ../shared/anchors.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static inline uint64_t now(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static volatile int caught;
static void on_usr1(int s) { (void)s; caught++; }

static void op_fork(void)
{
	pid_t p = fork();
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
}

static void op_exec(void)
{
	pid_t p = fork();
	if (p == 0) {
		char *argv[] = { "/hello", NULL };
		execv("/hello", argv);
		_exit(1);
	}
	waitpid(p, NULL, 0);
}

static void op_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
}

static void op_catch(void)
{
	kill(getpid(), SIGUSR1);
}

static uint64_t samples[4096];

static void measure(const char *name, const char *per, void (*op)(void), int iters, int warm)
{
	uint64_t t0, t1, overhead;

	for (int i = 0; i < 64; i++) {
		t0 = now(); t1 = now();
		samples[i] = t1 - t0;
	}
	qsort(samples, 64, sizeof(samples[0]), cmp);
	overhead = samples[32];
	for (int i = 0; i < warm; i++)
		op();
	for (int i = 0; i < iters; i++) {
		t0 = now();
		op();
		t1 = now();
		samples[i] = t1 - t0 - overhead;
	}
	qsort(samples, iters, sizeof(samples[0]), cmp);
	printf("{\"bench\":\"%s\",\"abi\":\"i386\",\"unit\":\"instructions\",\"per\":\"%s\","
	       "\"median\":%llu,\"p10\":%llu,\"p90\":%llu,\"min\":%llu,\"max\":%llu,"
	       "\"iters\":%d,\"warmup\":%d,\"timer_overhead\":%llu}\n",
	       name, per, (unsigned long long)samples[iters / 2],
	       (unsigned long long)samples[iters / 10], (unsigned long long)samples[iters * 9 / 10],
	       (unsigned long long)samples[0], (unsigned long long)samples[iters - 1], iters, warm,
	       (unsigned long long)overhead);
	fflush(stdout);
}

int main(void)
{
	op_install();
	measure("lat_proc_fork", "fork+exit+wait", op_fork, 200, 20);
	measure("lat_proc_exec", "fork+exec+exit+wait", op_exec, 100, 10);
	measure("lat_sig_install", "sigaction", op_install, 1000, 100);
	measure("lat_sig_catch", "signal", op_catch, 1000, 100);
	printf("{\"bench\":\"end\",\"abi\":\"i386\",\"caught\":%d}\n", caught);
	return 0;
}
