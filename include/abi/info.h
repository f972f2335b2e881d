/*
 * abi/info.h - what SYS_GETINFO returns.
 */
#ifndef ABI_INFO_H
#define ABI_INFO_H

#include <abi/types.h>

#define GET_KINFO	1	/* struct kinfo */
#define GET_BOOTMOD	2	/* struct bootmod_info for module number arg */
#define GET_PROC	3	/* struct proc_info for process slot arg */
#define GET_WHOAMI	4	/* struct proc_info of the caller */
#define GET_CPUSTATS	5	/* struct cpu_stats for CPU arg */
#define GET_ASYNC	6	/* struct async_stats */

#define ABI_MAX_CPUS	16	/* CPUs the kernel can run */

/* Why an IPC fast path fell back to the general path (cpu_stats.fastpath_slow). */
#define FP_SLOW_ENDPOINT	0	/* partner endpoint malformed, stale or self */
#define FP_SLOW_DENIED		1	/* privileges do not allow it */
#define FP_SLOW_BUFFER		2	/* a message buffer absent or across a page */
#define FP_SLOW_NOT_WAITING	3	/* partner not blocked waiting for this message */
#define FP_SLOW_OTHER_CPU	4	/* partner runs on another CPU */
#define FP_SLOW_PENDING		5	/* something else pending (flags, queued work) */
#define FP_SLOW_SCHED		6	/* the policy cannot hand off in O(1) */
#define FP_SLOW_REASONS		7

/*
 * Why a page-fault fast path (kernel/faultpath.c) fell back to the general
 * path (cpu_stats.pf_fault_slow for a fault going to VM, pf_resume_slow
 * for VM's MAP_PHYS with VMF_WAIT going back to the process).
 */
#define PF_SLOW_OTHER_CPU	0	/* VM and the process on different CPUs */
#define PF_SLOW_NOT_WAITING	1	/* VM not in a receive / the process not on its fault alone */
#define PF_SLOW_PENDING		2	/* flags, an older fault, work for VM, safemaps to revoke */
#define PF_SLOW_BUFFER		3	/* VM's message buffer absent or across a page */
#define PF_SLOW_SCHED		4	/* the policy cannot hand off in O(1) */
#define PF_SLOW_REASONS		5

/*
 * Why a policy's hand-off (struct sched_policy.handoff) declined, where
 * the policy counts it (cpu_stats.sched_slow; sched=fp does).
 */
#define SCHED_SLOW_ORDER	0	/* another process runs first */
#define SCHED_SLOW_REASONS	1

/* GET_ASYNC: the kernel's pool of async-call records (kernel/async.c). */
struct async_stats {
	uint32_t pool_size;		/* records in all */
	uint32_t pool_free;		/* not held by any process */
	uint32_t quota;			/* the caller's: records it holds with a ring */
	uint32_t outstanding;		/* the caller's calls in flight or held */
};

struct cpu_stats {
	uint32_t id;			/* CPU index */
	uint32_t online;		/* 1 if it runs */
	uint64_t ticks;			/* clock ticks taken */
	uint64_t idle_ticks;		/* of which idle */
	uint64_t ctx_switches;		/* process changes */
	uint64_t ipis_sent;
	uint64_t ipis_received;
	uint64_t migrations;		/* processes moved onto it */
	uint32_t current;		/* endpoint running now, NONE if idle */
	uint32_t fastpath_slow[FP_SLOW_REASONS];	/* fast path fallbacks by reason */
	uint64_t fastpath_hits;		/* IPC operations done by a fast path */
	uint64_t pf_fault_hits;		/* faults switched straight to VM */
	uint64_t pf_resume_hits;	/* MAP_PHYS with VMF_WAIT switched straight back */
	uint32_t pf_fault_slow[PF_SLOW_REASONS];	/* their fallbacks by reason */
	uint32_t pf_resume_slow[PF_SLOW_REASONS];
	uint32_t sched_slow[SCHED_SLOW_REASONS];	/* policy hand-offs declined, by reason */
	/* The user FPU state (arch/fpu.h). */
	uint64_t fpu_saves;		/* registers saved to a process's area */
	uint64_t fpu_restores;		/* a process's area loaded */
	uint64_t fpu_traps;		/* first FPU instructions since a process last ran (#NM) */
};

#define KINFO_LIST_LEN		128	/* a test= or bench= value and its NUL */
#define KINFO_TEST_ITEMS	32	/* most items a test= value has */
#define KINFO_SCHED_LEN		16	/* a policy's or balancer's name and its NUL */

struct kinfo {
	uint32_t ncpus;			/* CPUs online */
	uint32_t nr_slots;		/* process-table slots */
	uint32_t nr_bootmods;		/* modules the loader handed over */
	uint32_t hz;			/* clock ticks per second */
	uint32_t total_frames;		/* physical frames managed */
	uint32_t free_frames;		/* of which free now */
	uint32_t cmdline_problems;	/* boot problems: bad options, missing modules */
	uint32_t safecopy_cow;		/* smallest COW safecopy in bytes, 0 = never */
	uint64_t boot_tsc;		/* TSC at kernel entry */
	uint64_t first_user_tsc;	/* TSC just before the first user instruction */
	uint32_t loglevel;		/* kernel lines of level 0..loglevel are printed */
	uint32_t log_suppressed;	/* kernel lines not printed since boot */
	uint32_t free_slots;		/* process slots a new process can take now */
	uint32_t free_privs;		/* privilege structures a SYSTEM process can take */
	/* the kernel's parse of the command line: the only one (no raw line here) */
	char test[KINFO_LIST_LEN];	/* test= value, "" if none given */
	char bench[KINFO_LIST_LEN];	/* bench= value, "" if none given */
	char sched[KINFO_SCHED_LEN];	/* the scheduling policy in use (sched=) */
	char balance[KINFO_SCHED_LEN];	/* the load balancing in use (balance=) */
	char fpu[KINFO_SCHED_LEN];	/* the FPU strategy in use (fpu=): lazy, eager, none */
};

#define BOOTMOD_NAME_LEN	32
#define BOOTMOD_ARGS_LEN	64
#define BOOTMOD_REASON_LEN	64

/* bootmod_info.flags */
#define BOOTMOD_HELD	(1u << 0)	/* marked priv=service: created stopped, as a
					   USER process, until RS (any SYSTEM process
					   with SYS_PRIVCTL and SYS_RUNCTL) sets its
					   privileges and resumes it */

struct bootmod_info {
	char name[BOOTMOD_NAME_LEN];	/* basename of the module path */
	char args[BOOTMOD_ARGS_LEN];	/* arguments after the path */
	int32_t status;			/* OK or why it was not started */
	endpoint_t endpoint;		/* its process, when started */
	uint32_t size;			/* bytes */
	char reason[BOOTMOD_REASON_LEN];/* human-readable status */
	uint32_t flags;			/* BOOTMOD_* */
};

#define PROC_NAME_LEN		16
#define PROC_REASON_LEN		64

/* proc_info.state */
#define PROC_STATE_FREE		0	/* slot never used */
#define PROC_STATE_LIVE		1	/* process exists */
#define PROC_STATE_DEAD		2	/* slot free; exit fields describe its last owner */

/* proc_info.flags: one bit of the kernel's blocking flags is ABI */
#define PROC_FLAG_SENDING	(1u << 2)	/* blocked sending (kernel: RTS_SENDING) */

/* proc_info.priv_flags */
#define PROC_PRIV_SYSTEM	(1u << 0)	/* has its own privilege structure */

struct proc_info {
	endpoint_t endpoint;		/* current or last endpoint of the slot */
	uint32_t state;			/* PROC_STATE_* */
	uint32_t flags;			/* kernel's blocking flags (live only) */
	uint32_t cpu;			/* CPU it runs on */
	int32_t exit_status;		/* exit status, or -signal number if killed */
	uint32_t user_ticks;
	uint32_t kernel_ticks;
	uint32_t priv_flags;		/* PROC_PRIV_* (live only) */
	endpoint_t sig_mgr;		/* its signal manager (live only), NONE if none */
	uint32_t priority;		/* its ready-queue level (live only) */
	endpoint_t scheduler;		/* its user-space scheduler (live only), NONE: the kernel */
	char name[PROC_NAME_LEN];
	char exit_reason[PROC_REASON_LEN];
};

#endif /* ABI_INFO_H */
