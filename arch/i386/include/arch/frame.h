/*
 * arch/frame.h - the register frame saved on every trap.
 *
 * The layout is what the entry stubs push, lowest address first.  For a trap
 * from user mode the frame lives inside the process (struct proc_arch): the
 * TSS's esp0 points just past it, so the CPU pushes eip..ss straight into the
 * process slot and the stub completes it.  Nothing of a user thread's state
 * is ever on a kernel stack, which is why one kernel stack per CPU suffices
 * and why a suspended call is restarted rather than continued.
 */
#ifndef ARCH_FRAME_H
#define ARCH_FRAME_H

#define TRAP_FRAME_SIZE	76
#define SYSENTER_MARK	0x5e	/* trap_frame.error of a frame built by sysenter_entry */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trap_frame {
	uint32_t gs, fs, es, ds;			/* pushed by the stub */
	uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax; /* pusha */
	uint32_t vector, error;				/* stub (error: CPU or 0) */
	uint32_t eip, cs, eflags;			/* CPU */
	uint32_t esp, ss;				/* CPU, ring change only */
};

_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "trap frame layout");

static inline int frame_from_user(const struct trap_frame *f)
{
	return (f->cs & 3) == 3;
}
#endif /* __ASSEMBLER__ */

#endif /* ARCH_FRAME_H */
