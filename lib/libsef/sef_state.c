/*
 * sef_state.c - state a service keeps across its restarts (sef.h).
 *
 * DS keeps it: a MEM entry "sef.<label>" (the service's label is its
 * process name, the name of its boot module; docs/ds.md), published by
 * the service and so owned by its label, which a restarted instance keeps.
 * A fresh start (RS's `up`, `refresh`) drops it.  DS's own state (its
 * subscriptions) cannot live in DS, which loses its entries when it
 * crashes: DS, and a service in a boot without DS, keep theirs with RS,
 * which copies the bytes by grant (SEF_STATE_SAVE, SEF_STATE_GET;
 * abi/sef.h).
 */
#include <stdio.h>
#include <string.h>
#include <ds.h>
#include <grant.h>
#include <ipc.h>
#include <sef.h>
#include <syslib.h>
#include "lib/libsef/sef_priv.h"

#define STATE_KEY_PREFIX	"sef."

/* The key of this service's state in DS; false if DS does not keep it (see above). */
static bool ds_key(char key[DS_KEY_MAX])
{
	static endpoint_t self = NONE;
	static char name[DS_KEY_MAX];
	struct proc_info me;
	endpoint_t ds = ds_endpoint();

	if (self == NONE) {
		if (sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) < 0)
			return false;		/* asked again next time */
		self = me.endpoint;
		snprintf(name, sizeof(name), STATE_KEY_PREFIX "%s", me.name);
	}
	memcpy(key, name, DS_KEY_MAX);
	return ds >= 0 && ds != self;
}

static int rs_state_call(int type, void *buf, size_t len, uint32_t access)
{
	cp_grant_id_t gid;
	message m;
	int r;

	if ((gid = cpf_grant_direct(sef_rs_ep, (vir_bytes)(uintptr_t)buf, len, access)) < 0)
		return gid;
	memset(&m, 0, sizeof(m));
	m.m_type = type;
	m.sef.gid = gid;
	m.sef.len = (uint32_t)len;
	r = ipc_sendrec(sef_rs_ep, &m);
	cpf_revoke(gid);
	if (r != OK)
		return r;
	if (m.m_type != OK)
		return m.m_type;
	return (int)m.sef.len;
}

int sef_state_save(const void *buf, size_t len)
{
	char key[DS_KEY_MAX];
	int r;

	if (sef_rs_ep == NONE)
		return ESRCH;
	if (len > SEF_STATE_MAX)
		return E2BIG;
	if (ds_key(key))
		return ds_publish_mem(key, buf, len, DSF_OVERWRITE);
	r = rs_state_call(SEF_STATE_SAVE, (void *)buf, len, CPF_READ);
	return r < 0 ? r : OK;
}

int sef_state_restore(void *buf, size_t len)
{
	static uint8_t saved[SEF_STATE_MAX];
	size_t got = sizeof(saved);
	char key[DS_KEY_MAX];
	int r;

	if (sef_rs_ep == NONE)
		return ESRCH;
	if (len > SEF_STATE_MAX)
		len = SEF_STATE_MAX;
	if (!ds_key(key))
		return rs_state_call(SEF_STATE_GET, buf, len, CPF_WRITE);
	if ((r = ds_retrieve_mem(key, saved, &got)) == ENOENT)
		return 0;
	if (r != OK)
		return r;
	if (got > len)
		got = len;
	memcpy(buf, saved, got);
	return (int)got;
}

void sef_state_drop(void)
{
	char key[DS_KEY_MAX];

	if (ds_key(key))
		ds_delete_mem(key);		/* ENOENT: none saved */
}
