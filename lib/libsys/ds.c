/*
 * lib/libsys/ds.c - client side of the data store's protocol (ds.h).
 */
#include <string.h>
#include <ds.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>

static endpoint_t ds_ep = NONE;

void ds_set_endpoint(endpoint_t ep)
{
	ds_ep = ep;
}

/* The boot module "ds", found once. */
endpoint_t ds_endpoint(void)
{
	if (ds_ep == NONE && (ds_ep = bootmod_endpoint("ds")) < 0)
		ds_ep = NONE;
	return ds_ep == NONE ? ESRCH : ds_ep;
}

/* A request about key: m zeroed but for key, flags, value, len. */
static int prepare(message *m, const char *key, uint32_t flags, uint32_t value, uint32_t len)
{
	size_t n = strlen(key);

	if (n == 0 || n >= DS_KEY_MAX)
		return EINVAL;
	memset(m, 0, sizeof(*m));
	memcpy(m->ds.key, key, n + 1);
	m->ds.flags = flags;
	m->ds.value = value;
	m->ds.len = len;
	return OK;
}

/* One request: the answer in m; returns the answer's m_type. */
static int ds_call(int type, message *m)
{
	return ipc_request(ds_endpoint(), type, m);
}

/* A request about key with a value that fits the message. */
static int call_word(int type, const char *key, uint32_t flags, uint32_t value, message *m)
{
	int r = prepare(m, key, flags, value, 0);

	return r == OK ? ds_call(type, m) : r;
}

/*
 * A request whose value travels through a grant to DS of [buf, buf + len)
 * with access, for this call only.
 */
static int call_granted(int type, const char *key, uint32_t flags, const void *buf, size_t len,
			uint32_t access, message *m)
{
	endpoint_t ep = ds_endpoint();
	cp_grant_id_t gid;
	int r;

	if (ep < 0)
		return ep;
	if ((gid = cpf_grant_direct(ep, (vir_bytes)buf, len, access)) < 0)
		return gid;
	if ((r = prepare(m, key, flags, (uint32_t)gid, (uint32_t)len)) == OK)
		r = ds_call(type, m);
	cpf_revoke(gid);
	return r;
}

int ds_publish_u32(const char *key, uint32_t value, uint32_t flags)
{
	message m;

	return call_word(DS_PUBLISH, key, DSF_TYPE_U32 | flags, value, &m);
}

int ds_publish_label(const char *label, endpoint_t ep, uint32_t flags)
{
	message m;

	return call_word(DS_PUBLISH, label, DSF_TYPE_LABEL | flags, (uint32_t)ep, &m);
}

int ds_publish_str(const char *key, const char *s, uint32_t flags)
{
	message m;

	return call_granted(DS_PUBLISH, key, DSF_TYPE_STR | flags, s, strlen(s) + 1, CPF_READ, &m);
}

int ds_publish_mem(const char *key, const void *buf, size_t len, uint32_t flags)
{
	message m;

	return call_granted(DS_PUBLISH, key, DSF_TYPE_MEM | flags, buf, len, CPF_READ, &m);
}

/* A grant of ours that DS answers it no longer uses (a replaced range) is revoked. */
static void revoke_returned(const message *m, cp_grant_id_t keep)
{
	cp_grant_id_t old = (cp_grant_id_t)m->ds.value;

	if (old != GRANT_INVALID && old != keep)
		cpf_revoke(old);
}

int ds_publish_map(const char *key, void *buf, size_t len, uint32_t flags)
{
	endpoint_t ep = ds_endpoint();
	cp_grant_id_t gid;
	message m;
	int r;

	if (ep < 0)
		return ep;
	if ((gid = cpf_grant_direct(ep, (vir_bytes)buf, len, CPF_READ | CPF_MAP)) < 0)
		return gid;
	if ((r = prepare(&m, key, DSF_TYPE_MAP | flags, (uint32_t)gid, (uint32_t)len)) == OK)
		r = ds_call(DS_PUBLISH, &m);
	if (r == OK) {
		revoke_returned(&m, gid);
		return OK;
	}
	cpf_revoke(gid);
	return r;
}

int ds_retrieve_u32(const char *key, uint32_t *value)
{
	message m;
	int r = call_word(DS_RETRIEVE, key, DSF_TYPE_U32, 0, &m);

	if (r == OK)
		*value = m.ds.value;
	return r;
}

int ds_retrieve_label(const char *label, endpoint_t *ep)
{
	message m;
	int r = call_word(DS_RETRIEVE, label, DSF_TYPE_LABEL, 0, &m);

	if (r == OK)
		*ep = (endpoint_t)m.ds.value;
	return r;
}

int ds_retrieve_str(const char *key, char *buf, size_t size)
{
	message m;

	return call_granted(DS_RETRIEVE, key, DSF_TYPE_STR, buf, size, CPF_WRITE, &m);
}

int ds_retrieve_mem(const char *key, void *buf, size_t *len)
{
	message m;
	int r = call_granted(DS_RETRIEVE, key, DSF_TYPE_MEM, buf, *len, CPF_WRITE, &m);

	if (r == OK || r == E2BIG)
		*len = m.ds.len;
	return r;
}

int ds_retrieve_map(const char *key, void *addr, size_t *len)
{
	message m;
	int r = call_word(DS_RETRIEVE, key, DSF_TYPE_MAP, 0, &m);

	if (r != OK)
		return r;
	if (m.ds.len > *len) {
		*len = m.ds.len;
		return E2BIG;
	}
	*len = m.ds.len;
	return sys_safemap(m.m_source, (cp_grant_id_t)m.ds.value, 0, addr, m.ds.len, 0);
}

static int delete(const char *key, uint32_t type)
{
	message m;
	int r = call_word(DS_DELETE, key, type, 0, &m);

	if (r == OK && type == DSF_TYPE_MAP)
		revoke_returned(&m, GRANT_INVALID);
	return r;
}

int ds_delete_u32(const char *key)	{ return delete(key, DSF_TYPE_U32); }
int ds_delete_label(const char *label)	{ return delete(label, DSF_TYPE_LABEL); }
int ds_delete_str(const char *key)	{ return delete(key, DSF_TYPE_STR); }
int ds_delete_mem(const char *key)	{ return delete(key, DSF_TYPE_MEM); }
int ds_delete_map(const char *key)	{ return delete(key, DSF_TYPE_MAP); }

int ds_subscribe(const char *pattern, uint32_t flags)
{
	message m;

	return call_word(DS_SUBSCRIBE, pattern, flags, 0, &m);
}

int ds_check(char key[DS_KEY_MAX], uint32_t *type, uint32_t *event, endpoint_t *owner)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	if ((r = ds_call(DS_CHECK, &m)) != OK)
		return r;
	memcpy(key, m.ds.key, DS_KEY_MAX);
	key[DS_KEY_MAX - 1] = '\0';
	*type = m.ds.flags;
	*event = m.ds.event;
	*owner = m.ds.owner;
	return OK;
}

int ds_info(struct mess_ds_info *info)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	if ((r = ds_call(DS_INFO, &m)) == OK)
		*info = m.ds_info;
	return r;
}
