/*
 * kernel/profile.h - the sampling profiler (abi/prof.h): per-CPU sample
 * buffers filled from the clock interrupt, and their control by
 * SYS_PROFCTL (kernel/system/do_profctl.c).
 *
 *   profile_timer(f)     this CPU's timer interrupt, frame f: records a
 *                        sample while a timer profile runs, retunes the
 *                        timer when one starts or stops; true when the
 *                        interrupt is also a clock tick (clock_tick is due)
 *   profile_nmi(f)       this CPU's NMI (not a panic's), f the context it
 *                        struck: a sample while an NMI profile runs
 *   profile_start(rate, samples, source)   PROF_START
 *   profile_stop()                         PROF_STOP
 *   profile_status(cpu, out)               PROF_STATUS
 *   profile_read(caller, cpu, first, n, buf)  PROF_READ
 *
 * Locking (docs/locking.md): the sampling path takes no lock.  It runs
 * on the owner CPU with interrupts off and writes only that CPU's struct
 * prof_cpu; `busy` brackets it so that profile_stop can wait until no CPU
 * is inside it.  The control calls serialise on prof_lock; they change a
 * CPU's buffer only while no profile runs and no CPU is busy.
 */
#ifndef KERNEL_PROFILE_H
#define KERNEL_PROFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/prof.h>
#include <abi/types.h>

struct proc;
struct trap_frame;

/* One CPU's share of the profiler (in struct cpu). */
struct prof_cpu {
	/* Owner CPU only. */
	unsigned timer_rate;		/* the timer's rate now; 0: the clock's own (HZ) */
	unsigned tick_due;		/* HZ per interrupt; a clock tick per timer_rate */

	/*
	 * The buffer: written by the owner while a profile runs, by the
	 * control calls (under prof_lock) while none runs and busy is 0.
	 */
	struct prof_sample **pages;	/* a page of pointers to sample pages; NULL: none */
	uint32_t capacity;		/* samples the buffer holds */
	uint32_t head;			/* samples recorded (atomic: PROF_STATUS reads it) */
	uint32_t dropped;		/* samples lost to a full buffer (atomic, as head) */
	uint64_t cost;			/* timestamp units spent recording */
	uint32_t busy;			/* atomic: the owner is in the timer's sampling path */
	uint32_t nmi_busy;		/* atomic: the owner is in the NMI's */
};

bool profile_timer(const struct trap_frame *f);
void profile_nmi(const struct trap_frame *f);

struct prof_status {
	bool running;
	uint32_t rate, source, capacity, samples, dropped;
	uint64_t cost;
};

int profile_start(unsigned rate, uint32_t samples, unsigned source);
int profile_stop(void);
int profile_status(unsigned cpu, struct prof_status *out);
int profile_read(struct proc *caller, unsigned cpu, uint32_t first, uint32_t n, vir_bytes buf);

#endif /* KERNEL_PROFILE_H */
