/*
 * sef_init.c - SEF's init protocol: the callbacks a service registers and
 * sef_startup(), the synchronous exchange with RS (abi/sef.h).
 */
#include <string.h>
#include <ipc.h>
#include <sef.h>
#include <syslib.h>
#include "lib/libsef/sef_priv.h"

endpoint_t sef_rs_ep = NONE;

static sef_cb_init_t cb_init[SEF_INIT_LU + 1];

void sef_setcb_init_fresh(sef_cb_init_t cb)
{
	cb_init[SEF_INIT_FRESH] = cb;
}

void sef_setcb_init_restart(sef_cb_init_t cb)
{
	cb_init[SEF_INIT_RESTART] = cb;
}

void sef_setcb_init_lu(sef_cb_init_t cb)
{
	cb_init[SEF_INIT_LU] = cb;
}

endpoint_t sef_rs_endpoint(void)
{
	return sef_rs_ep;
}

int sef_startup(void)
{
	struct sef_init_info info;
	endpoint_t rs = bootmod_endpoint("rs");
	message m;
	int r, result;

	if (rs < 0)
		return rs;
	memset(&m, 0, sizeof(m));
	m.m_type = SEF_INIT_ASK;
	if ((r = ipc_sendrec(rs, &m)) != OK)
		return r;
	if (m.m_type != SEF_INIT)
		return m.m_type < 0 ? m.m_type : EINVAL;	/* RS refused: not its service */
	if (m.sef.init_type < SEF_INIT_FRESH || m.sef.init_type > SEF_INIT_LU)
		return EINVAL;
	sef_rs_ep = rs;
	info.type = m.sef.init_type;
	info.restarts = m.sef.restarts;
	info.old_ep = m.sef.old_ep;
	if (info.type == SEF_INIT_FRESH)
		sef_state_drop();
	result = cb_init[info.type] ? cb_init[info.type](info.type, &info) : OK;

	memset(&m, 0, sizeof(m));
	m.m_type = SEF_INIT_REPLY;
	m.sef.result = result;
	if ((r = ipc_sendrec(rs, &m)) != OK)
		return r;
	if (m.m_type != OK)
		return m.m_type;
	return result;
}
