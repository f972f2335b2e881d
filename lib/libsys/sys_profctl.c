/*
 * sys_prof_start, sys_prof_stop, sys_prof_status, sys_prof_read -
 * SYS_PROFCTL: the kernel's sampling profiler (abi/prof.h).
 */
#include <string.h>
#include <syslib.h>

static int profctl(message *m, int code)
{
	m->profctl.code = code;
	return kernel_call(SYS_PROFCTL, m);
}

int sys_prof_start(unsigned rate, uint32_t samples_per_cpu, unsigned source)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.profctl.rate = rate;
	m.profctl.count = samples_per_cpu;
	m.profctl.source = source;
	return profctl(&m, PROF_START);
}

int sys_prof_stop(void)
{
	message m;

	memset(&m, 0, sizeof(m));
	return profctl(&m, PROF_STOP);
}

int sys_prof_status(unsigned cpu, struct mess_profctl *out)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.profctl.cpu = cpu;
	r = profctl(&m, PROF_STATUS);
	if (r == OK)
		*out = m.profctl;
	return r;
}

int sys_prof_read(unsigned cpu, uint32_t first, struct prof_sample *buf, uint32_t n)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.profctl.cpu = cpu;
	m.profctl.first = first;
	m.profctl.count = n;
	m.profctl.buf = (vir_bytes)buf;
	return profctl(&m, PROF_READ);
}
