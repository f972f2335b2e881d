/*
 * arch/fpu.h - a user process's x87/SSE state and the hooks the portable
 * kernel calls for it (arch/i386/fpu.c has the strategies and the rules).
 *
 * Each process has a 512-byte, 16-aligned save area in struct proc_arch:
 * an FXSAVE image, or an FNSAVE one (its first 108 bytes) on a CPU without
 * FXSR.  A process's registers are "live" while it runs with CR0.TS clear
 * on its CPU; it then has MF_FPU_LIVE (kernel/proc.h), and its area is
 * stale until arch_fpu_save.  Otherwise the area, once `used`, is its state.
 */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include <stdbool.h>
#include <stdint.h>

#define FPU_AREA_SIZE	512

/* Per process (struct proc_arch); under the lock of p->cpu while not live. */
struct fpu_area {
	uint8_t image[FPU_AREA_SIZE] __attribute__((aligned(16)));
	bool used;		/* it used the FPU since its exec: image is its state */
};

/* Per CPU (struct cpu_arch): owner CPU only, the counters read as snapshots. */
struct fpu_cpu {
	struct proc *live;	/* current process whose registers are live, or NULL;
				   CR0.TS is clear exactly while it is not NULL */
	uint64_t saves;		/* registers written to a save area */
	uint64_t restores;	/* a save area loaded into the registers */
	uint64_t traps;		/* #NM: a process's first FPU instruction since it last ran */
};

struct proc;

int arch_fpu_select(const char *name);	/* fpu=lazy|eager: OK or EINVAL */
const char *arch_fpu_mode_name(void);	/* "lazy", "eager", or "none" without an FPU */

/*
 * p, whose registers are live on this CPU (MF_FPU_LIVE), stops using them:
 * they go to its area and the FPU traps again (CR0.TS).  Lock: p->cpu's.
 */
void arch_fpu_save(struct proc *p);

/* p, current here, is ending: its live registers are dropped unsaved.  Lock: p->cpu's. */
void arch_fpu_drop(struct proc *p);

/* child starts with a copy of parent's state (SYS_FORK).  Lock: parent->cpu's. */
void arch_fpu_fork(struct proc *child, struct proc *parent);

#endif /* ARCH_FPU_H */
