/*
 * lib/libsys/trap_door.c - which door into the kernel the stubs use:
 * SYSENTER where the CPU has it (the kernel opens it on every CPU then),
 * the int vectors otherwise.  Tests force the int doors to cover both.
 */
#include <syslib.h>
#include <ipc.h>

#define CPUID_EDX_SEP	(1u << 11)

int _kernel_call_sysenter(vir_bytes msg);
int _ipc_sysenter(int op, endpoint_t ep, void *msg, unsigned count, uint32_t *status);

static int door = -1;		/* -1 unknown, 0 int, 1 sysenter */

static int use_sysenter(void)
{
	if (door < 0) {
		uint32_t a = 1, b, c = 0, d;

		__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
		door = (d & CPUID_EDX_SEP) != 0;
	}
	return door;
}

void libsys_force_int_doors(int on)
{
	door = on ? 0 : -1;
}

int libsys_uses_sysenter(void)
{
	return use_sysenter();
}

int _kernel_call_door(vir_bytes msg)
{
	return use_sysenter() ? _kernel_call_sysenter(msg) : _kernel_call_raw(msg);
}

int _ipc_door(int op, endpoint_t ep, void *msg, unsigned count, uint32_t *status)
{
	return use_sysenter() ? _ipc_sysenter(op, ep, msg, count, status)
			      : _ipc_trap(op, ep, msg, count, status);
}
