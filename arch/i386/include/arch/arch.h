/*
 * arch/arch.h - the hooks the portable kernel calls into arch/i386.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stdint.h>
#include <stdbool.h>
#include <abi/callnr.h>
#include <abi/types.h>
#include <arch/fpu.h>
#include <arch/frame.h>
#include <arch/paging.h>

struct proc;

/* Per-process architecture state: the saved registers, the address space, the FPU's. */
struct proc_arch {
	struct trap_frame frame;
	struct addr_space as;
	struct fpu_area fpu;		/* arch/fpu.h */
};

/* Boot and platform. */
void arch_early_init(void);
void arch_clock_init(unsigned hz);
void arch_clock_ack(void);
bool arch_clock_rate_settable(void);	/* each CPU has a timer of its own (local APIC) */
void arch_clock_set_rate(unsigned hz);	/* this CPU's timer; only if settable */
_Noreturn void arch_poweroff(int status);

/*
 * ACPI soft-off (S5) registers for arch_poweroff, found in the FADT and
 * the DSDT at boot (smp/acpi_power.c).  I/O ports; 0 means absent, and
 * pm1a_cnt 0 means no ACPI power-off.
 */
struct arch_acpi_s5 {
	uint16_t pm1a_cnt, pm1b_cnt;	/* PM1 control blocks */
	uint16_t smi_cmd;		/* where ACPI_ENABLE switches to ACPI mode */
	uint8_t acpi_enable;
	uint8_t slp_typa, slp_typb;	/* \_S5's sleep types for PM1a, PM1b */
};
void arch_set_acpi_s5(const struct arch_acpi_s5 *regs);
_Noreturn void arch_idle(void);
uint64_t arch_boot_tsc(void);

static inline uint64_t arch_timestamp(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * One round of a wait for another CPU: every loop that waits for what
 * another CPU does calls it (docs/locking.md, "Waiting").  PAUSE spares a
 * hyperthread sibling the spin; QEMU's TCG ends the vCPU's turn at it,
 * which under -icount is what lets the other vCPUs run at all.  CPUs
 * before the Pentium 4 read it as REP NOP: fine in the i386 code that
 * checks the CPU.
 */
static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

/* Console. */
void arch_console_init(void);
void arch_console_write(const char *s, unsigned len);

/* Processes. */
void arch_proc_init(struct proc *p, uint32_t entry, uint32_t stack);
_Noreturn void arch_switch_to_user(struct proc *p);

/* Device access for drivers (SYS_DEVIO, SYS_IRQCTL). */
uint32_t arch_port_read(uint16_t port, unsigned size);
void arch_port_write(uint16_t port, unsigned size, uint32_t value);
bool arch_irq_assignable(int irq);
void arch_irq_mask(unsigned irq);
void arch_irq_unmask(unsigned irq);

/*
 * Profiling (kernel/profile.c).  arch_prof_capture fills s->pc, s->flags
 * (PROF_KERNEL), s->depth and s->own with the frame-pointer chain of the
 * context interrupted at f; `p` is the running process (its address space
 * is the loaded one), NULL when idle.  arch_prof_peer appends a blocked
 * process's side to s->chain: where it trapped, then its chain.  Both read
 * user memory without a lock and never fault: a frame that does not
 * resolve ends the chain.
 */
struct prof_sample;
void arch_prof_capture(const struct trap_frame *f, const struct proc_arch *p, struct prof_sample *s);
void arch_prof_peer(const struct proc_arch *q, struct prof_sample *s);

/*
 * The profiler's NMI source (arch/i386/nmi.c): NMIs on every CPU at hz,
 * each handled by profile_nmi(f) with f the interrupted context, kernel
 * code included; only where available (an IOAPIC line for the PIT).
 */
bool arch_prof_nmi_available(void);
void arch_prof_nmi_start(unsigned hz);
void arch_prof_nmi_stop(void);

/* Debugging. */
void arch_dump_frame(const struct trap_frame *f);
void arch_dump_cpu(void);
void arch_backtrace(uint32_t ebp);

/* Copies n 32-bit words (no overlap), one instruction per word. */
static inline void arch_copy_words(uint32_t *to, const uint32_t *from, uint32_t n)
{
	__asm__ volatile("rep movsl" : "+D"(to), "+S"(from), "+c"(n) : : "memory");
}

/* Zeroes n 32-bit words, one instruction per word. */
static inline void arch_zero_words(uint32_t *to, uint32_t n)
{
	__asm__ volatile("rep stosl" : "+D"(to), "+c"(n) : "a"(0) : "memory");
}

/* Kernel call and IPC registers. */
static inline uint32_t arch_syscall_arg(const struct proc_arch *a) { return a->frame.eax; }
static inline void arch_set_syscall_result(struct proc_arch *a, int32_t r) { a->frame.eax = (uint32_t)r; }
static inline void arch_set_ipc_status(struct proc_arch *a, uint32_t s) { a->frame.ebx = s; }

/*
 * IPC arguments (abi/ipc.h): the operation is arch_syscall_arg (%eax), then
 * endpoint %ebx, message %ecx, SENDA entry count %edx.
 */
static inline endpoint_t arch_ipc_endpoint(const struct proc_arch *a) { return (endpoint_t)a->frame.ebx; }
static inline uint32_t arch_ipc_buffer(const struct proc_arch *a) { return a->frame.ecx; }
static inline uint32_t arch_ipc_count(const struct proc_arch *a) { return a->frame.edx; }

/* A register message (abi/ipc.h): m_type in %edi, words[0] in %ebp; m_source out in %esi. */
static inline uint32_t arch_regs_msg_type(const struct proc_arch *a) { return a->frame.edi; }
static inline uint32_t arch_regs_msg_word(const struct proc_arch *a) { return a->frame.ebp; }
static inline void arch_set_regs_msg(struct proc_arch *a, uint32_t src, uint32_t type, uint32_t word)
{
	a->frame.esi = src;
	a->frame.edi = type;
	a->frame.ebp = word;
}

/*
 * Short kernel calls (abi/callnr.h): message words 2..5 in %ebx %esi %edi
 * %ebp.  Which form a call came in stays in its frame (the vector) until
 * the process traps again, so a call restarted after waiting for VM
 * answers in the same form.
 */
static inline bool arch_kcall_is_short(const struct proc_arch *a)
{
	return a->frame.vector == KERNEL_CALL_SHORT_VECTOR;
}

static inline void arch_kcall_short_in(const struct proc_arch *a, uint32_t w[4])
{
	w[0] = a->frame.ebx;
	w[1] = a->frame.esi;
	w[2] = a->frame.edi;
	w[3] = a->frame.ebp;
}

static inline void arch_kcall_short_out(struct proc_arch *a, const uint32_t w[4])
{
	a->frame.ebx = w[0];
	a->frame.esi = w[1];
	a->frame.edi = w[2];
	a->frame.ebp = w[3];
}

#endif /* ARCH_ARCH_H */
