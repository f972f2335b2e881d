/*
 * tools/profile/callstack.h - one vCPU's shadow call stack, followed
 * instruction by instruction, and the call tree its stacks form.
 *
 * A frame is pushed when a call reaches its target and popped when a ret
 * lands on its return address (an unmatched ret leaves the stack alone
 * and is counted).  Traps switch stacks: user -> kernel (int, sysenter, a
 * fault, an interrupt) pushes a site frame for the user instruction that
 * trapped and a trap frame for the kernel entry point on top of the user
 * frames, so a kernel stack reads `user frames; site; entry; kernel
 * frames` (the site names the function that trapped, which a jump may
 * have reached without a call); an interrupt or fault inside the kernel
 * pushes another trap frame, and iret pops back to it.  Kernel -> user
 * drops the kernel frames.
 *
 * Address spaces.  QEMU 7.2 lets a plugin read no register, so CR3 is out
 * of sight and every user program is linked at the same address
 * (lib/user.ld).  A process is recognised by where it resumes instead:
 * when the kernel returns to user code at R, the stack kept is the one
 * whose last user instruction L before its trap satisfies R == L (a fault,
 * retried) or R == L + size (int, sysenter with the stub's return label
 * right after it, an interrupt after a non-branch).  Other stacks wait in a
 * small parked set; a resume that matches none (an interrupt right after a
 * branch) starts an empty stack.
 *
 * The call tree: node 0 is the root; every other node is (parent, entry
 * address, kind), numbered in the order first reached, which is
 * deterministic when the run is.
 */
#ifndef PROFILE_CALLSTACK_H
#define PROFILE_CALLSTACK_H

#include <stdint.h>
#include "insn_class.h"
#include "table.h"

#define CS_MAX_DEPTH	128
#define CS_PARKED	32

/* Kestrel's layout (arch/layout.h): user space is [USER_BASE, USER_TOP). */
#define CS_USER_BASE	0x40000000u
#define CS_USER_TOP	0xf0000000u

static inline int cs_is_user(uint32_t pc)
{
	return pc >= CS_USER_BASE && pc < CS_USER_TOP;
}

enum cs_kind {
	CS_CALL,		/* entry: the called function's first instruction */
	CS_TRAP,		/* entry: the first instruction of the trap's handler */
	CS_SITE,		/* entry: the user instruction that trapped */
};

struct cs_frame {
	uint32_t ret;		/* return address (a trap frame's: where iret goes, or 0) */
	uint32_t node;		/* call-tree node of this frame */
	enum cs_kind kind;
};

struct cs_node {
	uint32_t parent;
	uint32_t entry;
	enum cs_kind kind;
};

/* A user stack waiting for its process to resume. */
struct cs_parked {
	uint32_t last, resume;	/* its last user instruction L and L + size */
	uint64_t age;		/* 0: slot free */
	unsigned depth;
	struct cs_frame frames[CS_MAX_DEPTH];
};

/* What the stack tracking could not follow, for the output file. */
struct cs_diag {
	uint64_t unmatched_rets;	/* a ret to no frame's return address */
	uint64_t unmatched_resumes;	/* a return to user code no parked stack fits */
	uint64_t lost_frames;		/* calls past CS_MAX_DEPTH */
};

struct callstack {
	struct cs_frame frames[CS_MAX_DEPTH];
	unsigned depth;
	unsigned overflow;		/* pushes past CS_MAX_DEPTH not yet popped */
	unsigned user_depth;		/* frames below this are user frames */
	uint32_t user_last, user_resume;	/* see cs_parked */
	struct cs_parked parked[CS_PARKED];
	uint64_t clock;
	/* the call tree */
	struct cs_node *nodes;
	uint32_t n_nodes, cap_nodes;
	struct table node_index;	/* (parent, entry, kind) -> node */
	struct cs_diag diag;
};

void cs_init(struct callstack *cs);

/* The call-tree node of the current stack. */
static inline uint32_t cs_node(const struct callstack *cs)
{
	return cs->depth ? cs->frames[cs->depth - 1].node : 0;
}

/*
 * Follows control from the instruction at prev (size bytes, flow) to the
 * one at pc, the next this vCPU executes.
 */
void cs_step(struct callstack *cs, uint32_t prev, uint32_t size, enum insn_flow flow,
	     uint32_t pc);

#endif /* PROFILE_CALLSTACK_H */
