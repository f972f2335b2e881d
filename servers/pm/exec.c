/*
 * servers/pm/exec.c - PM_EXEC: the caller runs a boot-image program.
 *
 * The program is named by its boot module's name; its arguments come
 * after argv[0], space separated, as on a boot line.  Everything that can
 * fail on the caller's side is checked before anything changes (names,
 * lengths, the module); then VM drops the caller's memory (VM_EXEC) and
 * the kernel loads the module's image as its new space (SYS_EXEC with
 * EXEC_BOOTMOD).  From there on there is no old program to return to: a
 * kernel failure (out of memory) ends the process, with SIGKILL.
 * Success gets no reply: the new program starts at its entry.  Caught
 * signals go back to their default actions; the mask, ignored and
 * pending signals stay (POSIX).
 */
#include <string.h>
#include <stdio.h>
#include <syslib.h>
#include <vm.h>
#include "pm.h"

/* The number of the boot module named `name` that started, or ENOENT. */
static int find_module(const char *name)
{
	struct bootmod_info mod;
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return ENOENT;
	for (unsigned i = 0; i < k.nr_bootmods; i++)
		if (sys_getinfo(GET_BOOTMOD, (int)i, &mod, sizeof(mod)) >= 0 &&
		    mod.status == OK && !strcmp(mod.name, name))
			return (int)i;
	return ENOENT;
}

/* Copies len bytes from the caller at addr into buf (size bytes) and ends it with a NUL. */
static int copy_string(const struct mproc *mp, vir_bytes addr, uint32_t len, char *buf,
		       size_t size)
{
	int r;

	if (len >= size)
		return E2BIG;
	if (len && (r = sys_vircopy(mp->ep, addr, SELF, (vir_bytes)buf, len)) != OK)
		return r;
	buf[len] = '\0';
	return strlen(buf) == len ? OK : EINVAL;	/* no NUL inside */
}

int pm_exec(struct mproc *mp, message *m)
{
	char name[PM_EXEC_NAME_MAX], args[PM_EXEC_ARGS_MAX];
	int module, r;

	if ((r = copy_string(mp, m->pm.name, m->pm.name_len, name, sizeof(name))) != OK ||
	    (r = copy_string(mp, m->pm.args, m->pm.args_len, args, sizeof(args))) != OK)
		return r;
	if ((module = find_module(name)) < 0)
		return module;
	if ((r = vm_exec(mp->ep)) != OK)
		return r;			/* VM refused: nothing changed */
	while ((r = sys_exec_bootmod(mp->ep, (unsigned)module, args)) == EBUSY)
		pm_relax();			/* still leaving its CPU */
	if (r != OK) {
		printf("pm: exec of %s for pid %d failed: %d; ended\n", name, mp->pid, r);
		exit_proc(mp, W_TERMSIG(SIGKILL));
		return EDONTREPLY;
	}
	sig_exec(mp);
	return EDONTREPLY;
}
