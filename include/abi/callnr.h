/*
 * abi/callnr.h - kernel-call numbers and trap vectors.
 *
 * Declared once here and used by the kernel's dispatch table, the system
 * library stubs and the tools.  A kernel call is `int $KERNEL_CALL_VECTOR`
 * with %eax pointing at a message whose m_type is the call number; the kernel
 * writes the result back into m_type and returns it in %eax.
 *
 * Short kernel calls carry the message in registers instead, for the calls
 * whose request and answer fit in its words 1..5 (m_type and the first four
 * payload words; kernel/system.c flags them, others are refused with
 * EBADREQUEST).  `int $KERNEL_CALL_SHORT_VECTOR` with
 *   in:  %eax = call number, %ebx %esi %edi %ebp = message words 2..5
 *   out: %eax = result; for calls that answer in message fields the answer's
 *        words 2..5 in %ebx %esi %edi %ebp, for the others those registers
 *        as they were.  Every other register is preserved.
 * No user memory is read or written for the message.
 */
#ifndef ABI_CALLNR_H
#define ABI_CALLNR_H

#define KERNEL_CALL_VECTOR	32	/* kernel calls (as in MINIX 3) */
#define IPC_VECTOR		33	/* SEND, RECEIVE, SENDREC, NOTIFY, ... */
#define KERNEL_CALL_SHORT_VECTOR 34	/* kernel calls with the message in registers */

/*
 * The same two entries through SYSENTER, where the CPU has it (CPUID SEP):
 * %edx = return address, %ecx = user stack pointer (SYSEXIT needs both).
 *   IPC:          %eax = operation, %ebx = endpoint, %esi = message,
 *                 %edi = SENDA count; out: %eax result, %ebx status
 *   kernel call:  %eax = SYSENTER_KERNEL_CALL, %ebx = message
 *   short kernel call: %eax = SYSENTER_KERNEL_CALL_SHORT + call number,
 *                 %ebx %esi %edi %ebp as for KERNEL_CALL_SHORT_VECTOR;
 *                 out: as there
 * Flags and %ecx, %edx are not preserved; everything else is.  IPC
 * operations are below SYSENTER_KERNEL_CALL: every %eax from there up is a
 * kernel call, and one that is neither form is a short call out of range.
 */
#define SYSENTER_KERNEL_CALL	0x100
#define SYSENTER_KERNEL_CALL_SHORT 0x200

#define SYS_DIAGCTL	0	/* console output and diagnostics */
#define SYS_EXIT	1	/* a process ends itself */
#define SYS_GETINFO	2	/* copy kernel information out */
#define SYS_ABORT	3	/* shut the machine down */
#define SYS_YIELD	4	/* give up the rest of the quantum */
#define SYS_TIMES	5	/* process times and uptime */
#define SYS_PRIVCTL	6	/* change a process's privileges */
#define SYS_KILL	7	/* signal a process (through its signal manager) */
#define SYS_GETKSIG	8	/* signal manager: fetch a process with pending signals */
#define SYS_ENDKSIG	9	/* signal manager: done with that process's signals */
#define SYS_SETALARM	10	/* notification from CLOCK after n ticks */
#define SYS_RUNCTL	11	/* stop or resume a process */
#define SYS_CLEAR	12	/* end another process (its manager) */
#define SYS_FORK	13	/* copy a process into a new slot */
#define SYS_VIRCOPY	14	/* copy between address spaces */
#define SYS_PHYSCOPY	15	/* copy with physical addresses allowed */
#define SYS_DEVIO	16	/* port I/O on behalf of a driver */
#define SYS_IRQCTL	17	/* interrupt notifications for a driver */
#define SYS_EXEC	18	/* start a process afresh at a new ip/sp */
#define SYS_UPDATE	19	/* swap two processes (live update) */
#define SYS_VMCTL	20	/* VM server: memory requests and mappings */
#define SYS_SCHEDCTL	21	/* move a process to a CPU, set its priority */
#define SYS_SETGRANT	22	/* where the caller's grant table is */
#define SYS_SAFECOPYFROM 23	/* copy from a grant */
#define SYS_SAFECOPYTO	24	/* copy to a grant */
#define SYS_VSAFECOPY	25	/* a vector of safecopies */
#define SYS_SAFEMAP	26	/* map granted pages */
#define SYS_SAFEREVMAP	27	/* granter: revoke every mapping of a grant */
#define SYS_SAFEUNMAP	28	/* mapper: remove its own mapping */
#define SYS_SIGSEND	29	/* signal manager: run a handler on a process's stack */
#define SYS_SIGRETURN	30	/* signal manager: resume the context a handler saved */
#define SYS_SCHEDULE	31	/* user-space scheduler: take, hear of, decide for processes */
#define SYS_SCHEDPARAM	32	/* a process's budget and period, or passive */
#define SYS_ASYNC_SETUP	33	/* set up (or tear down) the caller's async ring */
#define SYS_ASYNC_ENTER	34	/* take the ring's submissions, wait for completions */
#define SYS_PROFCTL	35	/* the sampling profiler (abi/prof.h) */

#define NR_SYS_CALLS	36	/* one past the highest call number */

#endif /* ABI_CALLNR_H */
