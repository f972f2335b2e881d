/*
 * tests/guest/segs.h - segs_trap (segs.S): a trap made with odd segment
 * registers, and what the kernel left in them.
 */
#ifndef TESTS_GUEST_SEGS_H
#define TESTS_GUEST_SEGS_H

#define SEGS_DOOR_IPC_INT	0	/* int $IPC_VECTOR, %ecx = %esi: back by IRET */
#define SEGS_DOOR_SYSENTER	1	/* IPC or kernel call by %eax: back by SYSEXIT */
#define SEGS_DOOR_KCALL_INT	2	/* int $KERNEL_CALL_SHORT_VECTOR */

#define SEGS_FLAT		0x23	/* the user data selector every process starts with */

#define SEGS_DOOR		0	/* offsets in struct segs_trap */
#define SEGS_EAX		4
#define SEGS_EBX		8
#define SEGS_ESI		12
#define SEGS_IN			16
#define SEGS_OUT		24
#define SEGS_RESULT_EAX		32
#define SEGS_RESULT_EBX		36

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

enum { SEG_DS, SEG_ES, SEG_FS, SEG_GS, SEGS };

struct segs_trap {
	uint32_t door, eax, ebx, esi;	/* in */
	uint16_t in[SEGS];		/* loaded before the trap */
	uint16_t out[SEGS];		/* found after it */
	uint32_t result_eax, result_ebx;
};

_Static_assert(offsetof(struct segs_trap, in) == SEGS_IN && offsetof(struct segs_trap, out) == SEGS_OUT &&
	       offsetof(struct segs_trap, result_ebx) == SEGS_RESULT_EBX, "segs.S offsets");

void segs_trap(struct segs_trap *t);
#endif

#endif /* TESTS_GUEST_SEGS_H */
