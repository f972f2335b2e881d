/*
 * tests/fuzz/fuzz_doors.h - the trap instructions fuzz_trap can issue
 * (shared by fuzz_trap.S and the C side).
 */
#ifndef TESTS_FUZZ_DOORS_H
#define TESTS_FUZZ_DOORS_H

#define FUZZ_DOOR_KCALL		0	/* int $KERNEL_CALL_VECTOR */
#define FUZZ_DOOR_IPC		1	/* int $IPC_VECTOR */
#define FUZZ_DOOR_SHORT		2	/* int $KERNEL_CALL_SHORT_VECTOR */
#define FUZZ_DOOR_SYSENTER	3	/* SYSENTER, real return address and stack */
#define FUZZ_DOOR_SYSENTER_RAW	4	/* SYSENTER, %ecx/%edx as given */
#define FUZZ_DOOR_INT80		5	/* a vector user mode may not use */
#define FUZZ_DOOR_INT3		6	/* breakpoint */
#define FUZZ_DOOR_INTO		7	/* into (overflow) */
#define FUZZ_NR_DOORS		8

/* EFLAGS bits the fuzzer sets on a raw trap. */
#define FUZZ_EFLAGS_TF		0x00000100u
#define FUZZ_EFLAGS_DF		0x00000400u
#define FUZZ_EFLAGS_NT		0x00004000u
#define FUZZ_EFLAGS_AC		0x00040000u

#endif /* TESTS_FUZZ_DOORS_H */
