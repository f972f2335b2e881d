/*
 * servers/sched/sched.h - the user-space scheduler (MINIX's SCHED): its
 * request, and its policy's interface (policy.c, pure: host-tested).
 *
 * SCHED_TAKE (words[0] = endpoint): the scheduler schedules that process
 * from now on, and every process it forks (kernel/sched_user.c).  Only
 * SYSTEM-class processes may ask; the answer's m_type is SYS_SCHEDULE's
 * result (EPERM for another asker).
 *
 * The policy (MINIX's): a process that uses up its quantum drops a level,
 * down to SCHED_LOWEST; every SCHED_BOOST_TICKS each process below the
 * level it came with climbs one back, so one that blocks (interactive)
 * returns to it while a CPU hog stays low; a process whose CPU has at
 * least two more of the scheduler's processes than the least loaded one
 * moves there.
 */
#ifndef SERVERS_SCHED_SCHED_H
#define SERVERS_SCHED_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/endpoint.h>

#define SCHED_TAKE		0x5c00	/* m_type of the request */

#define SCHED_LOWEST		15	/* lowest level (kernel: 16 levels) */
#define SCHED_BOOST_TICKS	100	/* between climbs: a second */
#define SCHED_SLOTS		128	/* process slots it tracks (kinfo.nr_slots at most) */
#define SCHED_MAX_CPUS		16

struct sched_entry {
	endpoint_t ep;			/* NONE: a free entry */
	int base;			/* the level it came with */
	int prio, quantum, cpu;		/* its current ones */
};

struct sched_policy {
	struct sched_entry proc[SCHED_SLOTS];
	unsigned ncpus;
	unsigned load[SCHED_MAX_CPUS];	/* its processes on each CPU */
};

/* What the kernel reported of a process out of quantum, and the decision. */
struct sched_decision {
	endpoint_t ep;
	int prio, quantum, cpu;		/* cpu -1: stays */
};

void policy_init(struct sched_policy *s, unsigned ncpus);
void policy_out_of_quantum(struct sched_policy *s, const struct sched_decision *seen,
			   struct sched_decision *out);
/* The next climb from entry *at on (out set: true), or false when none is left. */
bool policy_next_boost(struct sched_policy *s, unsigned *at, struct sched_decision *out);
void policy_forget(struct sched_policy *s, endpoint_t ep);

#endif /* SERVERS_SCHED_SCHED_H */
