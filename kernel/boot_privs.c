/*
 * kernel/boot_privs.c - which boot modules are system processes (the
 * kernel's system.conf).  A module not listed runs as a USER process.
 */
#include <string.h>
#include "kernel/kernel.h"
#include "kernel/priv.h"

static const struct {
	const char *name;
	enum priv_class class;
} boot_privs[] = {
	{ "vm",		PRIV_CLASS_SYSTEM },	/* the VM server (servers/vm) */
	/* in-guest test programs exercise privileged calls */
	{ "boot_test",	PRIV_CLASS_SYSTEM },
	{ "arch_test",	PRIV_CLASS_SYSTEM },
	{ "ipc_test",	PRIV_CLASS_SYSTEM },
	{ "kcall_test",	PRIV_CLASS_SYSTEM },
	{ "sys_test",	PRIV_CLASS_SYSTEM },
	{ "smp_test",	PRIV_CLASS_SYSTEM },
	{ "grant_test",	PRIV_CLASS_SYSTEM },
	{ "vm_test",	PRIV_CLASS_SYSTEM },
	{ "vmgrant_test", PRIV_CLASS_SYSTEM },
	{ "fastpath_test", PRIV_CLASS_SYSTEM },
	{ "asrace_test", PRIV_CLASS_SYSTEM },
	{ "bench",	PRIV_CLASS_SYSTEM },
};

enum priv_class priv_boot_class(const char *name)
{
	for (unsigned i = 0; i < ARRAY_SIZE(boot_privs); i++)
		if (strcmp(boot_privs[i].name, name) == 0)
			return boot_privs[i].class;
	return PRIV_CLASS_USER;
}
