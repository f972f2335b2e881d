/*
 * arch/i386/fpu.c - user x87/SSE state: each CPU's FPU setup, the save
 * area of each process (arch/fpu.h), and the two strategies chosen at boot
 * with fpu=lazy (the default) or fpu=eager.
 *
 * The rule, per CPU: CR0.TS is clear exactly while the current process's
 * registers are live there (c->arch.fpu.live, MF_FPU_LIVE on it).  Then:
 *   - a process becomes live at its first FPU instruction since it last
 *     ran (#NM, fpu_trap): its area is restored, or a fresh state (FCW
 *     0x37f, MXCSR 0x1f80, zeroed registers) loaded at its first use ever;
 *   - when a live process stops running (kernel_return finds it does not
 *     continue) its registers are saved and TS set (arch_fpu_save), so a
 *     process that migrates, is forked, exec'd, signalled or updated has
 *     its state in its area;
 *   - lazy: nothing more.  A process that does not touch the FPU while it
 *     runs costs nothing, an FPU user pays a trap when it touches it again;
 *   - eager: the general path's switch into a process that has used the
 *     FPU restores it at once (fpu_enter): no trap, a save and a restore
 *     on every switch of an FPU user.
 * The IPC and fault fast paths refuse a process with any misc_flags, so
 * they never switch away from live registers, and they restore nothing:
 * they cost nothing for a process that has not used the FPU, and under
 * eager a process they switch to restores at its first FPU instruction,
 * as under lazy.
 *
 * Saving: FXSAVE/FXRSTOR where the CPU has FXSR (with SSE: CR4.OSFXSR and
 * OSXMMEXCPT, so SIMD exceptions raise #XM), else FNSAVE/FRSTOR.  CR0.NE
 * makes x87 exceptions raise #MF; both end in SIGFPE for the process
 * (trap.c).  Without an x87, CR0.EM stays set: an FPU instruction raises
 * #NM, fpu_trap says no, and the process ends with SIGILL.
 *
 * Locking: the live pointer and MF_FPU_LIVE change under this CPU's lock
 * (misc_flags is under the lock of p->cpu, and a live process is this
 * CPU's current one); the area of a process that is not live, under the
 * lock of its CPU.  The kernel itself never uses the FPU.
 */
#include <string.h>
#include <abi/errno.h>
#include <arch/fpu.h>
#include <arch/x86.h>
#include "arch/i386/cpu_require.h"
#include "arch/i386/fpu.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "smp/cpu.h"

#define FCW_DEFAULT	0x037f		/* x87 exceptions masked, 64-bit, round to nearest */
#define MXCSR_DEFAULT	0x1f80		/* SIMD exceptions masked, round to nearest */
#define MXCSR_MASK_OLD	0x0000ffbf	/* where FXSAVE reports no mask (DAZ absent) */
#define FX_FCW		0		/* offsets in an FXSAVE image */
#define FX_MXCSR	24
#define FX_MXCSR_MASK	28

/* Set by the boot CPU before any other CPU or process runs; immutable after. */
bool fpu_eager;				/* fpu=eager, else lazy */
static unsigned save_kind;		/* CPU_FPU_* of the boot CPU */
static uint32_t mxcsr_mask;		/* MXCSR bits a process may set */
static uint8_t fresh[FPU_AREA_SIZE] __attribute__((aligned(16)));	/* FXSAVE: after exec */

static inline void clts(void)
{
	__asm__ volatile("clts" ::: "memory");
}

static inline void stts(void)
{
	write_cr0(read_cr0() | CR0_TS);
}

static void regs_save(uint8_t *image)
{
	if (save_kind == CPU_FPU_FXSAVE)
		__asm__ volatile("fxsave (%0)" : : "r"(image) : "memory");
	else
		__asm__ volatile("fnsave (%0)" : : "r"(image) : "memory");
}

static void regs_restore(const uint8_t *image)
{
	if (save_kind == CPU_FPU_FXSAVE)
		__asm__ volatile("fxrstor (%0)" : : "r"(image) : "memory");
	else
		__asm__ volatile("frstor (%0)" : : "r"(image) : "memory");
}

/* The state of a process that has not used the FPU: nothing of another's. */
static void regs_fresh(void)
{
	if (save_kind == CPU_FPU_FXSAVE)
		regs_restore(fresh);
	else
		__asm__ volatile("fninit");
}

/*
 * Boot CPU, TS clear: the MXCSR bits the CPU has (an FXSAVE into `fresh`,
 * the only 16-aligned buffer at hand: the kernel stack is aligned to 4),
 * then the fresh image.
 */
static void probe_boot(void)
{
	uint16_t fcw = FCW_DEFAULT;
	uint32_t mxcsr = MXCSR_DEFAULT;

	if (save_kind != CPU_FPU_FXSAVE)
		return;
	regs_save(fresh);
	memcpy(&mxcsr_mask, fresh + FX_MXCSR_MASK, sizeof(mxcsr_mask));
	if (!mxcsr_mask)
		mxcsr_mask = MXCSR_MASK_OLD;
	memset(fresh, 0, sizeof(fresh));
	memcpy(fresh + FX_FCW, &fcw, sizeof(fcw));
	if (cpu_fpu_sse(cpu_boot_id()))
		memcpy(fresh + FX_MXCSR, &mxcsr, sizeof(mxcsr));
}

void fpu_init_cpu(void)
{
	static bool probed;			/* the boot CPU comes first */
	const struct cpu_id *id = cpu_boot_id();
	uint32_t cr0 = read_cr0();

	if (!probed)
		save_kind = cpu_fpu_save(id);
	if (save_kind == CPU_FPU_NONE) {
		write_cr0((cr0 | CR0_EM | CR0_MP) & ~CR0_TS);
		return;
	}
	write_cr0((cr0 | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
	if (save_kind == CPU_FPU_FXSAVE)
		write_cr4(read_cr4() | CR4_OSFXSR | (cpu_fpu_sse(id) ? CR4_OSXMMEXCPT : 0));
	__asm__ volatile("fninit");
	if (!probed) {
		probe_boot();
		probed = true;
	}
	stts();					/* nothing live yet */
}

int arch_fpu_select(const char *name)
{
	if (!strcmp(name, "lazy"))
		fpu_eager = false;
	else if (!strcmp(name, "eager"))
		fpu_eager = true;
	else
		return EINVAL;
	return OK;
}

const char *arch_fpu_mode_name(void)
{
	if (save_kind == CPU_FPU_NONE)
		return "none";
	return fpu_eager ? "eager" : "lazy";
}

/* p's state into this CPU's registers, TS clear.  c's lock held, nothing live. */
static void make_live(struct cpu *c, struct proc *p)
{
	assert(spin_held(&c->lock) && !c->arch.fpu.live && c->current == p);
	clts();
	if (p->arch.fpu.used) {
		regs_restore(p->arch.fpu.image);
		c->arch.fpu.restores++;
	} else {
		regs_fresh();
		p->arch.fpu.used = true;
	}
	p->misc_flags |= MF_FPU_LIVE;
	c->arch.fpu.live = p;
}

bool fpu_trap(struct proc *p)
{
	struct cpu *c = this_cpu();

	if (save_kind == CPU_FPU_NONE)
		return false;
	spin_lock(&c->lock);
	make_live(c, p);
	c->arch.fpu.traps++;
	spin_unlock(&c->lock);
	return true;
}

void fpu_enter_eager(struct cpu *c, struct proc *p)
{
	spin_lock(&c->lock);
	make_live(c, p);
	spin_unlock(&c->lock);
}

/* Asserts that p is live here and may change (its CPU's lock held). */
static struct cpu *live_here(const struct proc *p)
{
	struct cpu *c = this_cpu();

	assert(p->cpu == c && spin_held(&c->lock) && c->arch.fpu.live == p &&
	       (p->misc_flags & MF_FPU_LIVE));
	return c;
}

void arch_fpu_save(struct proc *p)
{
	struct cpu *c = live_here(p);

	regs_save(p->arch.fpu.image);
	stts();
	p->misc_flags &= ~MF_FPU_LIVE;
	c->arch.fpu.live = NULL;
	c->arch.fpu.saves++;
}

void arch_fpu_drop(struct proc *p)
{
	struct cpu *c = live_here(p);

	stts();
	p->misc_flags &= ~MF_FPU_LIVE;
	c->arch.fpu.live = NULL;
}

void arch_fpu_fork(struct proc *child, struct proc *parent)
{
	if (parent->misc_flags & MF_FPU_LIVE)
		arch_fpu_save(parent);		/* it forks itself */
	child->arch.fpu.used = parent->arch.fpu.used;
	if (parent->arch.fpu.used)
		memcpy(child->arch.fpu.image, parent->arch.fpu.image, FPU_AREA_SIZE);
}

/*
 * SYS_SIGSEND: p's state (p not running, its CPU's lock held) into `image`
 * for its signal frame; false (image untouched) if it has none.
 */
bool fpu_sigframe_out(struct proc *p, uint8_t image[FPU_AREA_SIZE])
{
	assert(!(p->misc_flags & MF_FPU_LIVE));
	if (p->arch.fpu.used)
		memcpy(image, p->arch.fpu.image, FPU_AREA_SIZE);
	return p->arch.fpu.used;
}

/*
 * p's state (not running, its CPU's lock held) from a signal frame, or
 * with !used none (a fresh one at its first use: the handler's, after
 * SYS_SIGSEND).  The frame is the process's memory: MXCSR keeps only the
 * bits the CPU has (FXRSTOR faults on the others); nothing else in an
 * image can make a restore fault.
 */
void fpu_sigframe_in(struct proc *p, bool used, const uint8_t image[FPU_AREA_SIZE])
{
	uint32_t mxcsr;

	assert(!(p->misc_flags & MF_FPU_LIVE));
	p->arch.fpu.used = used && save_kind != CPU_FPU_NONE;
	if (!p->arch.fpu.used)
		return;
	memcpy(p->arch.fpu.image, image, FPU_AREA_SIZE);
	if (save_kind == CPU_FPU_FXSAVE) {
		memcpy(&mxcsr, image + FX_MXCSR, sizeof(mxcsr));
		mxcsr &= mxcsr_mask;
		memcpy(p->arch.fpu.image + FX_MXCSR, &mxcsr, sizeof(mxcsr));
	}
}
