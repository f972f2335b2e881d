/*
 * tools/profile/insn_class.h - what the exact profiler needs to know about
 * one i386 instruction, decoded once from its bytes at translation time.
 *
 * flow: how control may leave the instruction, which is what the shadow
 * call stacks (callstack.c) follow.  classes: a bit per instruction class
 * whose cost icount hides and real hardware charges for; insn_class_names
 * lists them in bit order and is what the output file's `classes` line
 * prints, so the report reads the names from the file.
 *
 * The profile marks (FLOW_MARK_*) are the instruction that
 * lib/libbench/include/bench_mark.h defines and the guest emits.
 */
#ifndef PROFILE_INSN_CLASS_H
#define PROFILE_INSN_CLASS_H

#include <stddef.h>
#include <stdint.h>

enum insn_flow {
	FLOW_NEXT,		/* falls through to the next instruction */
	FLOW_BRANCH,		/* jmp, jcc, loop: anywhere in the same context */
	FLOW_CALL,		/* near or far call: pushes a frame */
	FLOW_RET,		/* near or far ret: pops frames */
	FLOW_TRAP,		/* int, int3, into, sysenter, syscall, ud2: enters the kernel */
	FLOW_EXIT,		/* iret, sysexit: leaves a trap */
	FLOW_REP,		/* rep string: runs again at the same address per iteration */
	FLOW_MARK_BEGIN,	/* profile marks (bench_mark.h) */
	FLOW_MARK_END,
};

/* Instruction classes, one bit each; names in insn_class_names[]. */
enum insn_class_bit {
	IC_CR3_WRITE,		/* mov to %cr3: an address-space switch */
	IC_CR_WRITE,		/* mov to any control register */
	IC_SYSENTER,
	IC_SYSEXIT,
	IC_INT,			/* int n, int3, into */
	IC_IRET,
	IC_SERIALIZING,		/* cpuid, iret, mov to CR/DR, wrmsr, lgdt/lidt/lldt/ltr, invd, wbinvd, invlpg */
	IC_FENCE,		/* lfence, mfence, sfence */
	IC_LOCKED,		/* lock prefix, xchg with memory */
	IC_REP_STRING,		/* rep/repe/repne string instruction: counts iterations */
	IC_SEG_LOAD,		/* mov/pop to a segment register, lds/les/lfs/lgs/lss, far jmp/call/ret */
	IC_IO,			/* in, out, ins, outs */
	IC_MSR,			/* rdmsr, wrmsr */
	IC_RDTSC,
	IC_CLI_STI,
	IC_HLT,
	IC_CALL,
	IC_RET,
	IC_COUNT
};

extern const char *const insn_class_names[IC_COUNT];

struct insn_info {
	enum insn_flow flow;
	uint32_t classes;	/* 1u << enum insn_class_bit */
};

/* Decodes bytes[0..len) (one whole instruction, 32-bit code) into *out. */
void insn_classify(const uint8_t *bytes, size_t len, struct insn_info *out);

#endif /* PROFILE_INSN_CLASS_H */
