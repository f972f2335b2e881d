/*
 * sys_vircopy, sys_physcopy - copies between address spaces (SELF allowed;
 * NONE = physical memory for physcopy).
 */
#include <string.h>
#include <syslib.h>

static int copy_call(int call, endpoint_t src, vir_bytes src_addr, endpoint_t dst,
		     vir_bytes dst_addr, size_t bytes)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.copy.src_ep = src;
	m.copy.src_addr = src_addr;
	m.copy.dst_ep = dst;
	m.copy.dst_addr = dst_addr;
	m.copy.bytes = bytes;
	return kernel_call(call, &m);
}

int sys_vircopy(endpoint_t src, vir_bytes src_addr, endpoint_t dst, vir_bytes dst_addr,
		size_t bytes)
{
	return copy_call(SYS_VIRCOPY, src, src_addr, dst, dst_addr, bytes);
}

int sys_physcopy(endpoint_t src, vir_bytes src_addr, endpoint_t dst, vir_bytes dst_addr,
		 size_t bytes)
{
	return copy_call(SYS_PHYSCOPY, src, src_addr, dst, dst_addr, bytes);
}
