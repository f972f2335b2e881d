/*
 * servers/hello/lu.c - hello's live update (sef.h, docs/liveupdate.md):
 * the old version's state as typed regions, and the new version's
 * transfer from whichever version it was (1 or 2) into its own layout.
 *
 *   HR_COUNTER  1 x u32, version 1
 *   HR_UPDATES  1 x u32, version 1: updates so far
 *   HR_CLIENTS  the client table: version 1 {ep, seq, value} x 16, version 2
 *               {ep, seq, value, executed} x 32; only used entries move
 *   HR_HELD     0 or 1 endpoint: the caller of a held HELLO_HOLD
 *   HR_CHECK    1 x u32: a check value over counter and clients, computed
 *               by the old version and recomputed by the new after the
 *               transfer (the state check)
 *   HR_FAULT    1 x u32: a HELLO_FAULT_LU_* the new version injects
 *
 * Version 2 from 1: `executed` is each client's seq (clients number their
 * requests 1, 2, 3, ...).  Version 1 from 2: the field is dropped; more
 * clients than 16 do not fit (ENOSPC: the update is rolled back).  A
 * region in a layout this version does not know, or a check value that
 * does not match, fails the init too (EINVAL).  After the transfer the new
 * version saves its state for restarts in its own layout.
 */
#include <string.h>
#include <sef.h>
#include <syslib.h>
#include "servers/hello/hello.h"
#include "servers/hello/hello_state.h"

enum { HR_COUNTER = 1, HR_UPDATES, HR_CLIENTS, HR_HELD, HR_CHECK, HR_FAULT };

/* The client entry of each layout (version 1 and 2), as they travel. */
struct client_v1 {
	endpoint_t ep;
	uint32_t seq, value;
};
struct client_v2 {
	endpoint_t ep;
	uint32_t seq, value, executed;
};

static uint32_t lu_fault;		/* armed for the next version */

void hello_lu_arm(int kind)
{
	lu_fault = (uint32_t)kind;
}

static uint32_t check_value(void)
{
	uint32_t h = hello_st.counter * 2654435761u;

	for (unsigned i = 0; i < HELLO_MAX_CLIENTS; i++) {
		const struct hello_client_entry *c = &hello_st.client[i];

		if (c->ep != NONE)
			h = (h << 5 | h >> 27) ^ ((uint32_t)c->ep * 31u + c->seq * 7u + c->value);
	}
	return h;
}

/* Old version: in the safe state, its state for the next one. */
static int save(void)
{
	struct client_v2 out[HELLO_MAX_CLIENTS];
	uint32_t n = 0, check = check_value(), fault = lu_fault;
	int r;

	for (unsigned i = 0; i < HELLO_MAX_CLIENTS; i++) {
		const struct hello_client_entry *c = &hello_st.client[i];

		if (c->ep == NONE)
			continue;
		out[n] = (struct client_v2){ .ep = c->ep, .seq = c->seq, .value = c->value };
#if HELLO_V >= 2
		out[n].executed = c->executed;
#endif
		n++;
	}
	if (fault == HELLO_FAULT_LU_CORRUPT)
		check ^= 1;
	lu_fault = 0;				/* one update only */
	if ((r = sef_lu_put(HR_COUNTER, 1, 4, 1, &hello_st.counter)) != OK ||
	    (r = sef_lu_put(HR_UPDATES, 1, 4, 1, &hello_st.updates)) != OK ||
	    (r = sef_lu_put(HR_HELD, 1, 4, hello_held != NONE, &hello_held)) != OK ||
	    (r = sef_lu_put(HR_CHECK, 1, 4, 1, &check)) != OK ||
	    (r = sef_lu_put(HR_FAULT, 1, 4, 1, &fault)) != OK)
		return r;
	if (fault == HELLO_FAULT_LU_BADDESC)
		return sef_lu_put(HR_CLIENTS, HELLO_V, 8, n, out);
#if HELLO_V == 1
	struct client_v1 v1[HELLO_MAX_CLIENTS];

	for (uint32_t i = 0; i < n; i++)
		v1[i] = (struct client_v1){ .ep = out[i].ep, .seq = out[i].seq, .value = out[i].value };
	return sef_lu_put(HR_CLIENTS, 1, sizeof(v1[0]), n, v1);
#else
	return sef_lu_put(HR_CLIENTS, 2, sizeof(out[0]), n, out);
#endif
}

/* One u32 region (version 1); absent: *v unchanged when optional. */
static int take_u32(uint32_t type, uint32_t *v, bool optional)
{
	struct sef_lu_region r;

	if (sef_lu_region(type, &r) != OK)
		return optional ? OK : EINVAL;
	if (r.version != 1 || r.elem_size != 4 || r.count != 1)
		return EINVAL;
	memcpy(v, r.data, 4);
	return OK;
}

/* The client table of version 1 or 2 into this version's. */
static int take_clients(void)
{
	struct sef_lu_region r;

	if (sef_lu_region(HR_CLIENTS, &r) != OK)
		return EINVAL;
	if (!((r.version == 1 && r.elem_size == sizeof(struct client_v1)) ||
	      (r.version == 2 && r.elem_size == sizeof(struct client_v2))))
		return EINVAL;			/* a layout this version does not know */
	if (r.count > HELLO_MAX_CLIENTS)
		return ENOSPC;
	for (uint32_t i = 0; i < r.count; i++) {
		struct hello_client_entry *c = &hello_st.client[i];
		struct client_v2 in = { 0 };

		memcpy(&in, (const uint8_t *)r.data + i * r.elem_size, r.elem_size);
		c->ep = in.ep;
		c->seq = in.seq;
		c->value = in.value;
#if HELLO_V >= 2
		c->executed = r.version >= 2 ? in.executed : in.seq;
#endif
	}
	return OK;
}

static int take_held(void)
{
	struct sef_lu_region r;

	if (sef_lu_region(HR_HELD, &r) != OK || r.version != 1 || r.elem_size != 4 || r.count > 1)
		return EINVAL;
	if (r.count)
		memcpy(&hello_held, r.data, 4);
	return OK;
}

/* New version: SEF_INIT_LU.  The transfer, the check, then the injected fault. */
static int init_lu(int type, const struct sef_init_info *info)
{
	uint32_t check, fault = 0;
	int r;

	(void)type;
	(void)info;
	hello_state_fresh();
	if ((r = sef_lu_state_load()) != OK || (r = take_u32(HR_COUNTER, &hello_st.counter, false)) ||
	    (r = take_u32(HR_UPDATES, &hello_st.updates, true)) || (r = take_clients()) ||
	    (r = take_held()) || (r = take_u32(HR_CHECK, &check, false)) ||
	    (r = take_u32(HR_FAULT, &fault, true)))
		return r;
	if (check != check_value())
		return EINVAL;				/* the state check failed */
	switch (fault) {
	case HELLO_FAULT_LU_CRASH:
		hello_crash_now(HELLO_FAULT_WILD);
		break;
	case HELLO_FAULT_LU_FAIL:
		return ENOMEM;
	case HELLO_FAULT_LU_HANG:
		hello_crash_now(HELLO_FAULT_LOOP);
		break;
	default:
		break;
	}
	hello_st.updates++;
	return sef_state_save(&hello_st, sizeof(hello_st));
}

/* Safe states: work-free always; request- and protocol-free without a held request. */
static bool prepare(int state)
{
	switch (state) {
	case SEF_LU_STATE_REQUEST_FREE:
	case SEF_LU_STATE_PROTOCOL_FREE:	/* HOLD..RELEASE is its only exchange */
		return hello_held == NONE;
	case SEF_LU_STATE_EVAL:
		return hello_gate;
	default:
		return false;
	}
}

void hello_lu_setup(void)
{
	sef_setcb_init_lu(init_lu);
	sef_setcb_lu_prepare(prepare);
	sef_setcb_lu_state_save(save);
}
