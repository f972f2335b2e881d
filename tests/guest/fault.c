/*
 * tests/guest/fault.c - a process that does one forbidden thing, named by
 * its argument, and should be ended by the kernel for it.  arch_test checks
 * how it died.  Reaching the end of main is itself a failure (exit 99).
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv);

static volatile int zero;
static const unsigned short x87_cw_zm_unmasked = 0x037b;	/* FCW default less ZM */

/* Recurses until the stack runs into the unmapped page below it. */
static int recurse(volatile int depth)
{
	volatile char pad[512];

	pad[0] = (char)depth;
	if (depth >= 0)
		return recurse(depth + 1) + pad[0];
	return pad[0];
}

static void do_fault(const char *what)
{
	if (!strcmp(what, "pf_null"))
		(void)*(volatile int *)0;
	else if (!strcmp(what, "pf_kernel"))
		(void)*(volatile int *)0x100000;	/* the kernel image */
	else if (!strcmp(what, "pf_unmapped"))
		*(volatile int *)0x80000000 = 1;
	else if (!strcmp(what, "write_text"))
		*(volatile unsigned char *)(void *)main = 0xc3;
	else if (!strcmp(what, "priv_cli"))
		__asm__ volatile("cli");
	else if (!strcmp(what, "priv_hlt"))
		__asm__ volatile("hlt");
	else if (!strcmp(what, "priv_out"))
		__asm__ volatile("outb %%al, $0x80" : : "a"(0));
	else if (!strcmp(what, "priv_cr3"))
		__asm__ volatile("mov %%cr3, %%eax" : : : "eax");
	else if (!strcmp(what, "div0"))
		__asm__ volatile("divl %2" : "=a"(zero) : "a"(1), "r"(zero), "d"(0));
	else if (!strcmp(what, "ud2"))
		__asm__ volatile("ud2");
	else if (!strcmp(what, "x87_div0"))	/* unmasked: #MF at the FWAIT */
		__asm__ volatile("fninit\n\tfldcw %0\n\tfld1\n\tfidivl %1\n\tfwait"
				 : : "m"(x87_cw_zm_unmasked), "m"(zero));
	else if (!strcmp(what, "int_irq"))
		__asm__ volatile("int $0x40");
	else if (!strcmp(what, "sel_kernel"))
		__asm__ volatile("movl %0, %%ds" : : "r"(0x13));	/* kernel data, RPL 3 */
	else if (!strcmp(what, "sel_cpu"))
		__asm__ volatile("movl %0, %%fs" : : "r"(0x33));	/* this CPU's data, RPL 3 */
	else if (!strcmp(what, "stack_overflow"))
		recurse(0);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		do_fault(argv[1]);
	printf("# fault: '%s' did not fault\n", argc > 1 ? argv[1] : "(nothing)");
	return 99;
}
