/*
 * tests/fuzz/fuzz_trap.S - one raw trap with every general register and
 * EFLAGS chosen by the fuzzer (struct fuzz_regs, fuzz.h):
 *
 *   void fuzz_trap(struct fuzz_regs *r)
 *
 * r->door picks the instruction (FUZZ_DOOR_*).  POPF comes right before
 * it, so flags such as TF, NT, AC and DF are live on the trap itself (a TF
 * set by POPF traps after the instruction that follows it).  Every
 * register the kernel hands back, and the flags after the trap, are stored
 * into r.  FUZZ_DOOR_SYSENTER passes the real return address and stack in
 * %edx and %ecx; FUZZ_DOOR_SYSENTER_RAW passes r's, so the kernel SYSEXITs
 * wherever they point (a child's job: it dies there).
 */
#include "tests/fuzz/fuzz_doors.h"

#define R_EAX	0
#define R_EBX	4
#define R_ECX	8
#define R_EDX	12
#define R_ESI	16
#define R_EDI	20
#define R_EBP	24
#define R_EFLAGS 28
#define R_DOOR	32

/* Loads r (in %eax) except %ecx, %edx; flags pushed last, for POPF. */
.macro LOAD_MOST
	pushl	R_EFLAGS(%eax)
	movl	R_EBX(%eax), %ebx
	movl	R_ESI(%eax), %esi
	movl	R_EDI(%eax), %edi
	movl	R_EBP(%eax), %ebp
.endm

.macro INT_DOOR vec
	LOAD_MOST
	movl	R_ECX(%eax), %ecx
	movl	R_EDX(%eax), %edx
	movl	R_EAX(%eax), %eax
	popfl
	int	$\vec
	jmp	done
.endm

	.text
	.globl fuzz_trap
fuzz_trap:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	20(%esp), %eax			/* r */
	pushl	%eax
	movl	R_DOOR(%eax), %ecx
	cmpl	$FUZZ_NR_DOORS, %ecx
	jb	1f
	xorl	%ecx, %ecx
1:	jmp	*doors(, %ecx, 4)

	.section .rodata
	.align 4
doors:
	.long	door_kcall, door_ipc, door_short, door_sysenter, door_sysenter_raw
	.long	door_int80, door_int3, door_into
	.text

door_kcall:	INT_DOOR 32
door_ipc:	INT_DOOR 33
door_short:	INT_DOOR 34
door_int80:	INT_DOOR 0x80
door_int3:	INT_DOOR 3
door_into:	INT_DOOR 4

door_sysenter:
	movl	%esp, %ecx			/* the stack SYSEXIT gives back */
	movl	$done, %edx
	LOAD_MOST
	movl	R_EAX(%eax), %eax
	popfl
	sysenter

door_sysenter_raw:
	LOAD_MOST
	movl	R_ECX(%eax), %ecx
	movl	R_EDX(%eax), %edx
	movl	R_EAX(%eax), %eax
	popfl
	sysenter

/* The kernel's registers and the flags back into r (on top of the stack). */
done:
	pushfl
	cld
	xchgl	%eax, 4(%esp)			/* %eax = r, result above the flags */
	popl	R_EFLAGS(%eax)
	movl	%ebx, R_EBX(%eax)
	movl	%ecx, R_ECX(%eax)
	movl	%edx, R_EDX(%eax)
	movl	%esi, R_ESI(%eax)
	movl	%edi, R_EDI(%eax)
	movl	%ebp, R_EBP(%eax)
	popl	R_EAX(%eax)
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret
