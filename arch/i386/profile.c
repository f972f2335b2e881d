/*
 * arch/i386/profile.c - the profiler's view of an interrupted context
 * (arch_prof_capture, arch/arch.h): the instruction and the return
 * addresses of its frame-pointer chain.
 *
 * Kernel and programs are built with frame pointers: at a function's
 * %ebp sit the caller's %ebp and, above it, the return address.  A chain
 * is followed while each frame pointer is aligned, lies above the one
 * before (stacks grow down) and inside the stack it started in: this
 * CPU's kernel stack, or the process's user space read by as_peek_word,
 * which never faults.  A function sampled in its prologue or epilogue has
 * no frame yet, so its caller is missing from that sample.
 */
#include <abi/prof.h>
#include <arch/arch.h>
#include "smp/cpu.h"

/* Frame pointer of a kernel chain: on this CPU's stack, room for both words. */
static bool kernel_frame_ok(uint32_t fp, uint32_t below)
{
	uint32_t top = this_cpu()->kstack_top;

	return !(fp & 3) && fp > below && fp >= top - KSTACK_SIZE && fp <= top - 8;
}

/* Appends the kernel chain from fp to s->chain; how many it added. */
static uint32_t kernel_chain(uint32_t fp, struct prof_sample *s)
{
	uint32_t n = s->depth;

	for (uint32_t below = 0; n < PROF_CHAIN_MAX && kernel_frame_ok(fp, below); below = fp) {
		const uint32_t *frame = (const uint32_t *)fp;

		s->chain[n++] = frame[1];
		fp = frame[0];
	}
	return n - s->depth;
}

/* Appends the user chain from fp in `as` to s->chain; how many it added. */
static uint32_t user_chain(const struct addr_space *as, uint32_t fp, struct prof_sample *s)
{
	uint32_t n = s->depth, next, ret;

	for (uint32_t below = 0; n < PROF_CHAIN_MAX && fp > below; below = fp, fp = next) {
		if (!as_peek_word(as, fp, &next) || !as_peek_word(as, fp + 4, &ret))
			break;
		s->chain[n++] = ret;
	}
	return n - s->depth;
}

void arch_prof_capture(const struct trap_frame *f, const struct proc_arch *p, struct prof_sample *s)
{
	s->pc = f->eip;
	s->depth = 0;
	if (frame_from_user(f) && p) {
		s->flags = 0;
		s->depth = user_chain(&p->as, f->ebp, s);
	} else {
		s->flags = PROF_KERNEL;
		s->depth = kernel_chain(f->ebp, s);
	}
	s->own = s->depth;
}

/* q is blocked (its frame saved in its slot): read racily, any value is harmless. */
void arch_prof_peer(const struct proc_arch *q, struct prof_sample *s)
{
	uint32_t eip = __atomic_load_n(&q->frame.eip, __ATOMIC_RELAXED);
	uint32_t ebp = __atomic_load_n(&q->frame.ebp, __ATOMIC_RELAXED);

	if (s->depth >= PROF_CHAIN_MAX)
		return;
	s->chain[s->depth++] = eip;
	s->depth += user_chain(&q->as, ebp, s);
}
