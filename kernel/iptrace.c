/*
 * kernel/iptrace.c - the out-of-line half of the IPC tracepoints
 * (kernel/iptrace.h): the pair table, and the copy PROF_TRACE returns.
 * Empty unless the kernel is built with TRACE=1.
 */
#include "kernel/iptrace.h"

#ifdef IPC_TRACE
#include <abi/errno.h>
#include <string.h>
#include "smp/cpu.h"

/*
 * The entry of the open operation's pair: found, or added while there is
 * room; NULL (counted in pairs_lost) when the table is full.
 */
struct ipt_pair *iptrace_pair(struct iptrace_cpu *tr)
{
	struct ipc_trace *t = &tr->t;
	const struct ipt_pair *k = &tr->key;
	struct ipt_pair *p;

	for (uint32_t i = 0; i < t->pairs_used; i++) {
		p = &t->pair[i];
		if (p->src == k->src && p->dst == k->dst && p->path == k->path && p->type == k->type)
			return p;
	}
	if (t->pairs_used == IPT_PAIRS) {
		t->pairs_lost++;
		return NULL;
	}
	p = &t->pair[t->pairs_used++];
	memset(p, 0, sizeof(*p));
	p->src = k->src;
	p->dst = k->dst;
	p->path = k->path;
	p->type = k->type;
	return p;
}

/* An unlocked snapshot of cpu's counts; EINVAL for a CPU not online. */
int iptrace_copy(unsigned cpu, struct ipc_trace *out)
{
	if (!cpu_index_online(cpu))
		return EINVAL;
	memcpy(out, &cpus[cpu].trace.t, sizeof(*out));
	return OK;
}
#endif
