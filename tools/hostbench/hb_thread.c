/*
 * tools/hostbench/hb_thread.c - one helper thread, for the benchmarks that
 * need a second CPU.  Apart from the kernel headers: the host's <sched.h>
 * (through <pthread.h>) and kernel/sched.h both declare sched_yield.
 */
#include <pthread.h>
#include <sched.h>
#include <unistd.h>
#include "hb_env.h"
#include "hostbench.h"

static pthread_t helper;
static void (*helper_fn)(void);

static void *helper_main(void *arg)
{
	(void)arg;
	helper_fn();
	return NULL;
}

void hb_thread_start(void (*fn)(void))
{
	helper_fn = fn;
	hb_require(pthread_create(&helper, NULL, helper_main, NULL) == 0, "pthread_create");
}

void hb_thread_join(void)
{
	pthread_join(helper, NULL);
}

void hb_relax(unsigned *spins)
{
	if (++*spins % 256)
		__builtin_ia32_pause();
	else
		sched_yield();
}

long hb_host_cpus(void)
{
	return sysconf(_SC_NPROCESSORS_ONLN);
}
