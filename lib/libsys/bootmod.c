/*
 * bootmod.c - finding a boot module's process by its name (syslib.h).
 */
#include <string.h>
#include <syslib.h>

endpoint_t bootmod_endpoint(const char *name)
{
	struct bootmod_info mod;
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return ESRCH;
	for (unsigned i = 0; i < k.nr_bootmods; i++) {
		if (sys_getinfo(GET_BOOTMOD, (int)i, &mod, sizeof(mod)) < 0)
			return ESRCH;
		if (!strcmp(mod.name, name) && mod.status == OK)
			return mod.endpoint;
	}
	return ESRCH;
}
