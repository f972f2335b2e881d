/*
 * lib/libsys/trap_door.c - which door into the kernel the stubs use:
 * SYSENTER where the CPU has it (the kernel opens it on every CPU then),
 * the int vectors otherwise; door.S jumps through the choice.  Tests force
 * the int doors to cover both.
 */
#include <syslib.h>
#include <ipc.h>

#define CPUID_EDX_SEP	(1u << 11)

int libsys_door = -1;		/* -1 not chosen yet, 0 int, 1 SYSENTER (door.S reads it) */

/* Chooses the door once (door.S calls this while libsys_door is -1). */
void libsys_choose_door(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	libsys_door = (d & CPUID_EDX_SEP) != 0;
}

void libsys_force_int_doors(int on)
{
	libsys_door = on ? 0 : -1;
}

int libsys_uses_sysenter(void)
{
	if (libsys_door < 0)
		libsys_choose_door();
	return libsys_door;
}
