/*
 * do_profctl - SYS_PROFCTL: the sampling profiler (abi/prof.h,
 * kernel/profile.h).  Privileged: only processes whose call mask has it
 * (SYSTEM) may profile.
 *
 * m->profctl.code   PROF_START, PROF_STOP, PROF_STATUS or PROF_READ
 * START   rate (PROF_RATE_MIN..PROF_RATE_MAX Hz), count (samples per CPU,
 *         1..PROF_SAMPLES_MAX), source (PROF_SRC_*): EINVAL, EBUSY (one
 *         runs), ENOMEM (the buffers do not fit), ENOSYS (no such source)
 * STOP    EINVAL if no profile runs
 * STATUS  cpu: answers running, rate, source, capacity, count, dropped, cost;
 *         EINVAL for a CPU that is not online
 * READ    cpu, first, count, buf: copies samples out, returns how many;
 *         EBUSY while running, ENOENT before any profile, EINVAL (cpu,
 *         first past the end), EFAULT
 * TRACE   cpu, buf, count (bytes, at least sizeof(struct ipc_trace)):
 *         copies that CPU's IPC tracepoint counts out; ENOSYS unless the
 *         kernel was built with TRACE=1 (kernel/iptrace.h), EINVAL, EFAULT
 */
#include <abi/errno.h>
#include <abi/prof.h>
#include "kernel/iptrace.h"
#include "kernel/kernel.h"
#include "kernel/profile.h"
#include "kernel/proc.h"
#include "kernel/system.h"

static int status(message *m)
{
	struct prof_status st;
	int r = profile_status(m->profctl.cpu, &st);

	if (r != OK)
		return r;
	m->profctl.running = st.running;
	m->profctl.rate = st.rate;
	m->profctl.source = st.source;
	m->profctl.capacity = st.capacity;
	m->profctl.count = st.samples;
	m->profctl.dropped = st.dropped;
	m->profctl.cost_lo = (uint32_t)st.cost;
	m->profctl.cost_hi = (uint32_t)(st.cost >> 32);
	return OK;
}

#ifdef IPC_TRACE
static int trace(struct proc *caller, const message *m)
{
	struct ipc_trace t;
	int r;

	if (m->profctl.count < sizeof(t))
		return EINVAL;
	if ((r = iptrace_copy(m->profctl.cpu, &t)) != OK)
		return r;
	return user_copy_out(&caller->arch.as, &t, m->profctl.buf, sizeof(t)) == OK ? OK : EFAULT;
}
#else
static int trace(struct proc *caller, const message *m)
{
	klog_ratelimited(KLOG_NOTICE "prof: %s (endpoint %d): no IPC tracepoints in this kernel "
			 "(build it with make TRACE=1)", caller->name, caller->endpoint);
	return ENOSYS;
}
#endif

int do_profctl(struct proc *caller, message *m)
{
	switch (m->profctl.code) {
	case PROF_START:
		return profile_start(m->profctl.rate, m->profctl.count, m->profctl.source);
	case PROF_STOP:
		return profile_stop();
	case PROF_STATUS:
		return status(m);
	case PROF_READ:
		return profile_read(caller, m->profctl.cpu, m->profctl.first, m->profctl.count,
				    m->profctl.buf);
	case PROF_TRACE:
		return trace(caller, m);
	default:
		klog_ratelimited(KLOG_NOTICE "prof: %s (endpoint %d): unknown code %d", caller->name,
				 caller->endpoint, m->profctl.code);
		return EINVAL;
	}
}
