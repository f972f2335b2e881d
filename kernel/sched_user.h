/*
 * kernel/sched_user.h - `user`: scheduling decided by user-space
 * schedulers (MINIX's SCHED), with the kernel's fallback.
 *
 * Under sched=user the kernel runs mlfq; a process handed to a scheduler
 * (SYS_SCHEDULE, SCHEDULE_START) waits, when it uses up its quantum, for
 * that scheduler's decision (priority, quantum, CPU), and the kernel
 * notifies the scheduler (from SYSTEM).  A scheduler that exits, leaves a
 * process waiting longer than USCHED_STALL_TICKS, or answers garbage loses
 * its processes: the kernel schedules them again under mlfq at the level
 * and quantum they had before, and says so in one log line.
 *
 * Locking: usched_lock (in sched_user.c) guards the schedulers' table and
 * their queues of notices; it nests inside the CPU locks.  A process's
 * usched fields are under the lock of its CPU, like its other scheduling
 * fields.
 */
#ifndef KERNEL_SCHED_USER_H
#define KERNEL_SCHED_USER_H

#include <abi/types.h>
#include <abi/message.h>

struct proc;
struct cpu;

#define USCHED_MAX		4		/* schedulers at once */
#define USCHED_STALL_TICKS	(2 * HZ)	/* longest wait for a decision */
#define USCHED_SCAN_TICKS	10		/* between a CPU's watchdog scans */

endpoint_t usched_scheduler_of(const struct proc *p);	/* NONE: the kernel's policy */
void usched_tick(struct cpu *c);		/* clock tick on c, no lock held */
void usched_exit(struct proc *p);		/* p ends; every CPU lock held */
void usched_fork(const struct proc *parent, struct proc *child);	/* both CPUs' locks */
int usched_start(struct proc *caller, endpoint_t e);
int usched_get(struct proc *caller, struct mess_schedule *answer);
int usched_set(struct proc *caller, const struct mess_schedule *decision);

#endif /* KERNEL_SCHED_USER_H */
