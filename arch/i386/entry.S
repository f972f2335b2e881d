/*
 * arch/i386/entry.S - trap entry stubs and the return to user mode.
 *
 * One stub per vector pushes a dummy error code where the CPU pushes none,
 * then the vector, and jumps to trap_common, which completes the trap frame
 * (arch/frame.h).  From user mode the frame is inside the process slot (the
 * TSS's esp0 points past it); trap_common then moves to this CPU's kernel
 * stack and calls trap_user(frame).  From kernel mode (only the idle loop
 * runs with interrupts on) the frame is on the kernel stack and
 * trap_kernel(frame) is called.  Neither returns: both end in the scheduler,
 * which leaves through arch_return_to_user or waits in arch_idle.
 */
#include <abi/callnr.h>
#include <arch/frame.h>
#include <arch/segments.h>

#define EFLAGS_RESERVED	0x00000002	/* bit 1, always set */
#define EFLAGS_TF	0x00000100
#define EFLAGS_NT	0x00004000
#define EFLAGS_AC	0x00040000

#define TF_ERROR (4 * 13)	/* offsets in struct trap_frame */
#define TF_CS	(4 * 15)

.macro STUB vec
	.align 16
	.if \vec == 1
	jmp	debug_entry
	.elseif (\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	pushl	$\vec
	.else
	pushl	$0
	pushl	$\vec
	.endif
	jmp	trap_common
.endm

	/* Where the macros below put their segment reloads, the rare case. */
	.section .text.segments_cold, "ax"
segments_reload:
	.text
	.align 16
	.globl trap_stubs
trap_stubs:
	.altmacro
	.set vec, 0
	.rept 256
	STUB %vec
	.set vec, vec + 1
	.endr
	.noaltmacro

/*
 * Vector 1, #DB.  SYSENTER does not clear TF: a process that sets it and
 * enters through SYSENTER takes a single-step trap in ring 0 at
 * sysenter_entry, before its first instruction, with the CPU's frame
 * (eip, cs, eflags) pushed on the SYSENTER stack, that is into
 * cpu->sysenter_db just below cpu->frame_end.  That trap is dismissed
 * here, before anything else is pushed: TF, NT and AC go from the saved
 * flags (the gate cleared TF and NT for the IRET) and the entry runs on.
 * The process gets flags of the kernel's choosing, as every SYSENTER does.
 * Any other #DB is an ordinary trap.
 */
debug_entry:
	cmpl	$sysenter_entry, (%esp)
	je	1f
	pushl	$0
	pushl	$1
	jmp	trap_common
1:	andl	$~(EFLAGS_TF | EFLAGS_NT | EFLAGS_AC), 8(%esp)
	iret

/*
 * Segment registers in the kernel: %ds and %es hold SEL_UDATA, the flat
 * user data segment (usable at CPL 0 as at 3: protection is by page, not
 * segment), %fs SEL_CPU, %gs whatever the process had.  A segment load
 * costs more than a dozen plain instructions on hardware
 * (docs/cycle_model.md), so only %fs, which no process can hold, is
 * loaded at every crossing; %ds, %es and %gs only when a process holds
 * other values than the kernel's (its own choice: null or a flat user
 * selector, anything else faults in the process).  Selectors are
 * compared in 16 bits: a push of a segment register may leave the upper
 * half of its slot alone.
 */
#define TF_GS	(4 * 0)		/* offsets in struct trap_frame */
#define TF_FS	(4 * 1)
#define TF_ES	(4 * 2)
#define TF_DS	(4 * 3)

/* Completes the frame (general and segment registers), kernel segments. */
.macro SAVE_FRAME_REGISTERS
	cld
	pushal
	pushl	%ds
	pushl	%es
	pushl	%fs
	pushl	%gs
	movl	$SEL_CPU, %eax
	movl	%eax, %fs
	cmpw	$SEL_UDATA, TF_DS(%esp)
	jne	7f
	cmpw	$SEL_UDATA, TF_ES(%esp)
	jne	7f
8:
	.pushsection .text.segments_cold, "ax"
7:	movl	$SEL_UDATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	jmp	8b
	.popsection
.endm

trap_common:
	SAVE_FRAME_REGISTERS
	testl	$3, TF_CS(%esp)
	jz	1f
	movl	%esp, %ebx			/* frame inside the process */
	movl	%fs:CPU_OFF_KSTACK_TOP, %esp
	xorl	%ebp, %ebp			/* backtraces stop here */
	pushl	%ebx
	call	trap_user
	ud2
1:	pushl	%esp				/* frame on the kernel stack */
	call	trap_kernel
	ud2

/*
 * Restores segments and general registers of the frame at %esp: %fs
 * always, the others only where they differ from what the kernel holds
 * (SEL_UDATA in %ds and %es; %gs as it is).
 */
.macro RESTORE_FRAME_REGISTERS
	movl	%gs, %eax
	cmpw	%ax, TF_GS(%esp)
	jne	7f
	cmpw	$SEL_UDATA, TF_ES(%esp)
	jne	7f
	cmpw	$SEL_UDATA, TF_DS(%esp)
	jne	7f
8:	mov	TF_FS(%esp), %fs
	addl	$16, %esp
	popal
	.pushsection .text.segments_cold, "ax"
7:	mov	TF_GS(%esp), %gs
	mov	TF_ES(%esp), %es
	mov	TF_DS(%esp), %ds
	jmp	8b
	.popsection
.endm

/*
 * Restores the frame at %esp, made by sysenter_entry, and SYSEXITs.  STI's
 * shadow keeps interrupts off until SYSEXIT has left the kernel; an NMI
 * there ends the shadow, so the NMI task sends such a return back to the
 * STI (the addresses of these SYSEXITs are listed in sti_shadow_list).
 */
.macro SYSEXIT_FRAME
	RESTORE_FRAME_REGISTERS
	movl	8(%esp), %edx			/* eip */
	movl	20(%esp), %ecx			/* esp */
	sti
9:	sysexit
	.pushsection .rodata.sti_shadow, "a"
	.long	9b
	.popsection
.endm

/*
 * arch_return_to_user(frame): restore a user frame and iret.  The caller has
 * loaded the address space and pointed esp0 past the frame.  Entered at
 * arch_iret_frame with %esp already at the frame (arch/switch.h).
 */
	.globl arch_return_to_user, arch_iret_frame
arch_return_to_user:
	movl	4(%esp), %esp
arch_iret_frame:
	RESTORE_FRAME_REGISTERS
	addl	$8, %esp			/* vector, error */
	iret

/*
 * nmi_task_entry: the NMI task (arch/i386/nmi.c).  Every NMI switches to
 * this task, which handles it and irets: the iret switches back to the
 * interrupted task and saves this one just after it, with %esp back at the
 * top of its stack, so the next NMI goes round the loop once more.
 */
	.globl nmi_task_entry
nmi_task_entry:
1:	call	nmi_task
	iret
	jmp	1b

/*
 * arch_idle(): wait for interrupts with interrupts on, never returning.
 * Whatever called it is finished with its stack, so the wait starts from
 * the top of this CPU's kernel stack: an interrupt here pushes its frame
 * there and ends in kernel_return(), which may idle again, and the stack
 * does not grow with every idle interrupt.
 */
	.globl arch_idle
arch_idle:
	movl	%fs:CPU_OFF_KSTACK_TOP, %esp
	xorl	%ebp, %ebp			/* backtraces stop here */
1:	sti
	hlt
	cli
	jmp	1b

/*
 * sysenter_entry: the SYSENTER door for IPC and kernel calls (abi/callnr.h).
 *
 * The SYSENTER stack MSR points at this CPU's cpu->frame_end, which holds
 * the end of the current process's trap frame; so one load puts %esp where
 * the CPU would have pushed an int frame, and we push the same frame the
 * int doors build, converting the registers to their convention.  The
 * frame is marked (error = SYSENTER_MARK) so the way back can use SYSEXIT.
 * User flags are not kept (the ABI says so): the frame gets IF.  IPC goes
 * straight to ipc_entry (kernel/fastpath.h), without trap_user's decoding.
 *
 * SYSENTER clears only IF (and VM, RF) of the user's flags.  TF is dealt
 * with by debug_entry; DF by the CLD of SAVE_FRAME_REGISTERS; NT and AC
 * are tested here (the user's flags go to the ss slot, then ss over them)
 * and cleared when set: with NT set the kernel's next IRET would be a
 * task return through the TSS's back link.
 */
	.globl sysenter_entry
sysenter_entry:
	movl	(%esp), %esp			/* cpu->frame_end */
	pushfl					/* into the ss slot */
	testl	$(EFLAGS_NT | EFLAGS_AC), (%esp)
	jnz	.Lsysenter_clean_flags
.Lsysenter_flags_clean:
	movl	$SEL_UDATA, (%esp)		/* ss */
	pushl	%ecx				/* esp */
	pushl	$0x202				/* eflags: IF */
	pushl	$SEL_UCODE			/* cs */
	pushl	%edx				/* eip */
	pushl	$SYSENTER_MARK			/* error */
	cmpl	$SYSENTER_KERNEL_CALL, %eax
	jae	sysenter_kernel_call
	pushl	$IPC_VECTOR
	movl	%esi, %ecx			/* message */
	movl	%edi, %edx			/* SENDA count */
	SAVE_FRAME_REGISTERS			/* and straight to the IPC entry */
	movl	%fs:CPU_OFF_KSTACK_TOP, %esp
	xorl	%ebp, %ebp			/* backtraces stop here */
	call	ipc_entry
	ud2

.Lsysenter_clean_flags:
	pushl	$EFLAGS_RESERVED		/* IF stays off */
	popfl
	jmp	.Lsysenter_flags_clean

/*
 * Kernel calls through SYSENTER (flags still from the compare above): the
 * message form goes the int door's way.  The short form, %eax =
 * SYSENTER_KERNEL_CALL_SHORT + call, builds the same frame as
 * KERNEL_CALL_SHORT_VECTOR and calls kernel_call_short_direct() without
 * trap_user's decoding; when that returns, the caller simply continues and
 * its frame is restored here (%ebx keeps it across the call; SYSEXIT unless
 * the call rewrote the frame).  Any other %eax from SYSENTER_KERNEL_CALL up
 * becomes a short call number out of range.
 */
sysenter_kernel_call:
	jne	1f
	pushl	$KERNEL_CALL_VECTOR
	movl	%ebx, %eax			/* message */
	jmp	trap_common
1:	pushl	$KERNEL_CALL_SHORT_VECTOR
	subl	$SYSENTER_KERNEL_CALL_SHORT, %eax	/* call number */
	SAVE_FRAME_REGISTERS
	movl	%esp, %ebx			/* the frame */
	movl	%fs:CPU_OFF_KSTACK_TOP, %esp
	xorl	%ebp, %ebp			/* backtraces stop here */
	call	kernel_call_short_direct	/* returns only if the caller continues */
	cmpl	$SYSENTER_MARK, TF_ERROR(%ebx)
	jne	2f
	movl	%ebx, %esp
	SYSEXIT_FRAME
2:	pushl	%ebx
	call	arch_return_to_user

/*
 * arch_return_sysexit(frame): back to a process whose frame came through
 * SYSENTER: restore it and SYSEXIT to its eip/esp.  Interrupts come on
 * after SYSEXIT (STI's shadow), that is in user mode.  Entered at
 * arch_sysexit_frame with %esp already at the frame (arch/switch.h).
 */
	.globl arch_return_sysexit, arch_sysexit_frame
arch_return_sysexit:
	movl	4(%esp), %esp
arch_sysexit_frame:
	SYSEXIT_FRAME
