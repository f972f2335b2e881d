/*
 * sys_setgrant, sys_safecopyfrom/to, sys_vsafecopy, sys_safemap,
 * sys_saferevmap, sys_safeunmap - the grant kernel calls (grant.h).
 */
#include <string.h>
#include <grant.h>
#include <syslib.h>

int sys_setgrant(struct grant_entry *table, unsigned count)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.setgrant.table = (vir_bytes)table;
	m.setgrant.count = count;
	return kernel_call(SYS_SETGRANT, &m);
}

/*
 * The kernel reads only these fields (and sets m_source itself), so the
 * rest of the message is left as it is: no memset on this hot path.  The
 * short form (registers, no message in memory) when offset and length
 * fit it, else the message form.
 */
static int safecopy_call(int call, endpoint_t granter, cp_grant_id_t gid, vir_bytes offset,
			 vir_bytes addr, size_t bytes)
{
	message m;

	if (offset <= SAFECOPY_SHORT_MAX && bytes <= SAFECOPY_SHORT_MAX) {
		m.safecopy_short.granter = granter;
		m.safecopy_short.gid = gid;
		m.safecopy_short.addr = addr;
		m.safecopy_short.offset_bytes = offset << 16 | bytes;
		return kernel_call_short(call, &m);
	}
	m.safecopy.granter = granter;
	m.safecopy.gid = gid;
	m.safecopy.offset = offset;
	m.safecopy.addr = addr;
	m.safecopy.bytes = bytes;
	return kernel_call(call, &m);
}

int sys_safecopyfrom(endpoint_t granter, cp_grant_id_t gid, vir_bytes offset, void *buf,
		     size_t bytes)
{
	return safecopy_call(SYS_SAFECOPYFROM, granter, gid, offset, (vir_bytes)buf, bytes);
}

int sys_safecopyto(endpoint_t granter, cp_grant_id_t gid, vir_bytes offset, const void *buf,
		   size_t bytes)
{
	return safecopy_call(SYS_SAFECOPYTO, granter, gid, offset, (vir_bytes)buf, bytes);
}

int sys_vsafecopy(struct vscp_vec *vec, unsigned count)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.vsafecopy.vec = (vir_bytes)vec;
	m.vsafecopy.count = count;
	return kernel_call(SYS_VSAFECOPY, &m);
}

static int safemap_call(int call, endpoint_t granter, cp_grant_id_t gid, vir_bytes offset,
			void *addr, size_t bytes, uint32_t flags)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.safemap.granter = granter;
	m.safemap.gid = gid;
	m.safemap.offset = offset;
	m.safemap.addr = (vir_bytes)addr;
	m.safemap.bytes = bytes;
	m.safemap.flags = flags;
	return kernel_call(call, &m);
}

int sys_safemap(endpoint_t granter, cp_grant_id_t gid, vir_bytes offset, void *addr,
		size_t bytes, int writable)
{
	return safemap_call(SYS_SAFEMAP, granter, gid, offset, addr, bytes,
			    writable ? CPF_WRITE : 0);
}

int sys_saferevmap(cp_grant_id_t gid)
{
	return safemap_call(SYS_SAFEREVMAP, NONE, gid, 0, NULL, 0, 0);
}

int sys_safeunmap(void *addr)
{
	return safemap_call(SYS_SAFEUNMAP, NONE, GRANT_INVALID, 0, addr, 0, 0);
}
