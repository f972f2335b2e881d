/*
 * arch/x86.h - thin wrappers around i386 instructions the kernel needs:
 * port I/O, control registers, TSC, CPUID, MSRs, interrupt flag.
 */
#ifndef ARCH_X86_H
#define ARCH_X86_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr2(void) { uint32_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr3(void) { uint32_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr4(void) { uint32_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(uint32_t v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void write_cr3(uint32_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void write_cr4(uint32_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }
static inline void invlpg(uint32_t va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }

static inline uint32_t read_ebp(void) { uint32_t v; __asm__ volatile("mov %%ebp, %0" : "=r"(v)); return v; }
static inline uint32_t read_eflags(void) { uint32_t v; __asm__ volatile("pushfl; popl %0" : "=r"(v)); return v; }

static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* EFLAGS bits */
#define EFLAGS_TF	(1u << 8)
#define EFLAGS_IF	(1u << 9)
#define EFLAGS_DF	(1u << 10)
#define EFLAGS_RESERVED	(1u << 1)
#define EFLAGS_AC	(1u << 18)
#define EFLAGS_ID	(1u << 21)	/* toggles where CPUID exists */

/* CR0 / CR4 bits */
#define CR0_PE		(1u << 0)
#define CR0_MP		(1u << 1)
#define CR0_EM		(1u << 2)
#define CR0_TS		(1u << 3)
#define CR0_NE		(1u << 5)
#define CR0_WP		(1u << 16)
#define CR0_PG		(1u << 31)
#define CR4_PSE		(1u << 4)
#define CR4_PGE		(1u << 7)
#define CR4_OSFXSR	(1u << 9)
#define CR4_OSXMMEXCPT	(1u << 10)

/* CPUID.1 EDX and ECX feature bits */
#define CPUID_EDX_FPU	(1u << 0)
#define CPUID_EDX_PSE	(1u << 3)
#define CPUID_EDX_TSC	(1u << 4)
#define CPUID_EDX_MSR	(1u << 5)
#define CPUID_EDX_APIC	(1u << 9)
#define CPUID_EDX_SEP	(1u << 11)
#define CPUID_EDX_PGE	(1u << 13)
#define CPUID_EDX_CMOV	(1u << 15)
#define CPUID_EDX_FXSR	(1u << 24)
#define CPUID_EDX_SSE	(1u << 25)
#define CPUID_EDX_SSE2	(1u << 26)
#define CPUID_ECX_X2APIC	(1u << 21)

#endif /* ARCH_X86_H */
