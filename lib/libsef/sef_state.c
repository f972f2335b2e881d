/*
 * sef_state.c - state a service keeps across its restarts (sef.h).  The
 * bytes travel by grant: RS copies them from the service on save and to it
 * on restore (abi/sef.h).
 */
#include <string.h>
#include <grant.h>
#include <ipc.h>
#include <sef.h>
#include "lib/libsef/sef_priv.h"

static int state_call(int type, void *buf, size_t len, uint32_t access)
{
	cp_grant_id_t gid;
	message m;
	int r;

	if (sef_rs_ep == NONE)
		return ESRCH;
	if (len > SEF_STATE_MAX)
		return E2BIG;
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
	int r = state_call(SEF_STATE_SAVE, (void *)buf, len, CPF_READ);

	return r < 0 ? r : OK;
}

int sef_state_restore(void *buf, size_t len)
{
	return state_call(SEF_STATE_GET, buf, len < SEF_STATE_MAX ? len : SEF_STATE_MAX, CPF_WRITE);
}
