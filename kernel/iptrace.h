/*
 * kernel/iptrace.h - IPC tracepoints (abi/prof.h, "The IPC tracepoints"):
 * TSC stamps at the stages of the traced fast paths and hit/miss counts
 * per endpoint pair and message type, per CPU.
 *
 * A build option: `make TRACE=1` defines IPC_TRACE (in a build tree of its
 * own, build/trace).  Without it every macro here expands to nothing, so
 * the fast paths have not one instruction more (make profile-exact shows
 * the same counts; BENCHMARKS.md).  The macros:
 *   IPC_TRACE_ENTRY(c, path, src, dst, type)  an operation of `path` starts
 *   IPC_TRACE_TYPE(c, type)     its message type, once the message is readable
 *   IPC_TRACE_STAGE(c, stage)   it reached `stage` (IPT_CHECKED..IPT_EXIT);
 *                               IPT_EXIT ends it as a hit
 *   IPC_TRACE_MISS(c, why)      it falls back to the general path (FP_SLOW_*)
 * Stages and misses of an operation that did not start with ENTRY (the
 * untraced paths, the general path's switches) are ignored.
 *
 * Locking: everything is this CPU's (struct cpu.trace), written by the
 * owner with interrupts off; PROF_TRACE copies it out as an unlocked
 * snapshot, as GET_CPUSTATS does.
 */
#ifndef KERNEL_IPTRACE_H
#define KERNEL_IPTRACE_H

#include <abi/prof.h>

#ifdef IPC_TRACE
#include <stdbool.h>
#include <arch/arch.h>

struct iptrace_cpu {
	struct ipc_trace t;
	bool open;			/* an operation between ENTRY and EXIT or MISS */
	uint32_t path;
	struct ipt_pair key;		/* its pair (src, dst, path, type) */
	uint64_t last;			/* TSC at its last stage */
};

#define IPC_TRACE_ENTRY(c, path, src, dst, type)	iptrace_entry(&(c)->trace, path, src, dst, type)
#define IPC_TRACE_TYPE(c, ty)		((c)->trace.key.type = (ty))
#define IPC_TRACE_STAGE(c, stage)	iptrace_stage(&(c)->trace, stage)
#define IPC_TRACE_MISS(c, why)		iptrace_miss(&(c)->trace, why)

struct ipt_pair *iptrace_pair(struct iptrace_cpu *tr);	/* kernel/iptrace.c */

static inline void iptrace_entry(struct iptrace_cpu *tr, uint32_t path, int32_t src, int32_t dst,
				 uint32_t type)
{
	tr->open = true;
	tr->path = path;
	tr->key.src = src;
	tr->key.dst = dst;
	tr->key.path = path;
	tr->key.type = type;
	tr->last = arch_timestamp();
}

static inline void iptrace_stage(struct iptrace_cpu *tr, unsigned stage)
{
	uint64_t now;
	struct ipt_pair *p;

	if (!tr->open)
		return;
	now = arch_timestamp();
	tr->t.ticks[tr->path][stage] += now - tr->last;
	tr->last = now;
	if (stage != IPT_EXIT)
		return;
	tr->open = false;
	tr->t.ops[tr->path]++;
	if ((p = iptrace_pair(tr)))
		p->hits++;
}

static inline void iptrace_miss(struct iptrace_cpu *tr, unsigned why)
{
	struct ipt_pair *p;

	if (!tr->open)
		return;
	tr->open = false;
	if ((p = iptrace_pair(tr)))
		p->slow[why]++;
}

int iptrace_copy(unsigned cpu, struct ipc_trace *out);
#else
#define IPC_TRACE_ENTRY(c, path, src, dst, type)	((void)0)
#define IPC_TRACE_TYPE(c, ty)		((void)0)
#define IPC_TRACE_STAGE(c, stage)	((void)0)
#define IPC_TRACE_MISS(c, why)		((void)0)
#endif

#endif /* KERNEL_IPTRACE_H */
