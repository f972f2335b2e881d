/*
 * sef_lu.c - SEF's part of a live update (sef.h, abi/sef.h,
 * docs/liveupdate.md).
 *
 * Old version: SEF_LU_PREPARE from RS records the safe state asked for;
 * before each receive sef_lu_check() asks whether the service is in it
 * (SEF_LU_STATE_WORK_FREE holds there by construction: the service is
 * between two messages), and once it is, serializes the state through the
 * state-save callback and hands it to RS with SENDREC(SEF_LU_READY).  That
 * wait receives only RS's answer, so every other sender stays queued at
 * the endpoint; RS answers only a rollback, and the service then goes on.
 *
 * New version: sef_lu_state_load() fetches the blob from RS into the same
 * buffer and checks its shape; sef_lu_region() finds a region by type.
 */
#include <string.h>
#include <grant.h>
#include <ipc.h>
#include <sef.h>
#include "lib/libsef/sef_priv.h"

static sef_cb_lu_prepare_t cb_prepare;
static sef_cb_lu_state_save_t cb_save;
static int want_state;			/* SEF_LU_STATE_* asked for; 0: no update */
static uint32_t want_id;		/* RS's number of that update */

/* The state as it travels: header, descriptors, data (abi/sef.h). */
static union {
	struct sef_lu_header hdr;
	uint8_t bytes[SEF_LU_BLOB_MAX];
} blob;
static struct sef_lu_desc *const desc = (struct sef_lu_desc *)(blob.bytes + sizeof(blob.hdr));
#define DATA_START	(sizeof(struct sef_lu_header) + SEF_LU_REGIONS * sizeof(struct sef_lu_desc))

void sef_setcb_lu_prepare(sef_cb_lu_prepare_t cb)
{
	cb_prepare = cb;
}

void sef_setcb_lu_state_save(sef_cb_lu_state_save_t cb)
{
	cb_save = cb;
}

void sef_lu_prepare_request(const message *m)
{
	want_state = m->sef.lu_state;
	want_id = m->sef.lu_id;
}

int sef_lu_put(uint32_t type, uint32_t version, uint32_t elem_size, uint32_t count,
	       const void *data)
{
	uint32_t n = blob.hdr.nregions, bytes = elem_size * count;

	if (n >= SEF_LU_REGIONS || (count && bytes / count != elem_size) ||
	    bytes > SEF_LU_BLOB_MAX - blob.hdr.len)
		return E2BIG;
	desc[n] = (struct sef_lu_desc){ .type = type, .version = version, .elem_size = elem_size,
					.count = count, .offset = blob.hdr.len };
	memcpy(blob.bytes + blob.hdr.len, data, bytes);
	blob.hdr.len += bytes;
	blob.hdr.nregions = n + 1;
	return OK;
}

static bool reached(int state)
{
	if (state == SEF_LU_STATE_WORK_FREE)
		return true;
	return cb_prepare && cb_prepare(state);
}

void sef_lu_check(void)
{
	cp_grant_id_t gid = -1;
	message m;
	int r = OK;

	if (!want_state || sef_rs_ep == NONE || !reached(want_state))
		return;
	blob.hdr = (struct sef_lu_header){ .magic = SEF_LU_MAGIC, .len = DATA_START };
	if (cb_save)
		r = cb_save();
	if (r == OK && (gid = cpf_grant_direct(sef_rs_ep, (vir_bytes)(uintptr_t)&blob,
					       blob.hdr.len, CPF_READ)) < 0)
		r = gid;
	memset(&m, 0, sizeof(m));
	m.m_type = SEF_LU_READY;
	m.sef.lu_id = want_id;
	m.sef.result = r;
	m.sef.gid = gid;
	m.sef.len = blob.hdr.len;
	want_state = 0;
	ipc_sendrec(sef_rs_ep, &m);	/* answered only if the update is rolled back */
	if (gid >= 0)
		cpf_revoke(gid);
}

int sef_lu_state_load(void)
{
	const struct sef_lu_header *h = &blob.hdr;
	cp_grant_id_t gid;
	message m;
	int r;

	if (sef_rs_ep == NONE)
		return ESRCH;
	if ((gid = cpf_grant_direct(sef_rs_ep, (vir_bytes)(uintptr_t)&blob, sizeof(blob),
				    CPF_WRITE)) < 0)
		return gid;
	memset(&blob, 0, sizeof(blob));
	memset(&m, 0, sizeof(m));
	m.m_type = SEF_LU_STATE;
	m.sef.gid = gid;
	m.sef.len = sizeof(blob);
	r = ipc_sendrec(sef_rs_ep, &m);
	cpf_revoke(gid);
	if (r != OK)
		return r;
	if (m.m_type != OK)
		return m.m_type;
	if (m.sef.len < DATA_START || h->magic != SEF_LU_MAGIC || h->len != m.sef.len ||
	    h->nregions > SEF_LU_REGIONS)
		return EINVAL;
	for (uint32_t i = 0; i < h->nregions; i++) {
		uint64_t end = (uint64_t)desc[i].elem_size * desc[i].count + desc[i].offset;

		if (desc[i].offset < DATA_START || end > h->len)
			return EINVAL;
	}
	return OK;
}

int sef_lu_region(uint32_t type, struct sef_lu_region *r)
{
	for (uint32_t i = 0; i < blob.hdr.nregions; i++)
		if (desc[i].type == type) {
			r->version = desc[i].version;
			r->elem_size = desc[i].elem_size;
			r->count = desc[i].count;
			r->data = blob.bytes + desc[i].offset;
			return OK;
		}
	return ENOENT;
}
