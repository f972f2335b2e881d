/*
 * vm.c - client side of the VM server's protocol (vm.h).
 */
#include <string.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include <vm.h>

static endpoint_t vm_ep = NONE;

void vm_set_endpoint(endpoint_t ep)
{
	vm_ep = ep;
}

/* The boot module "vm", found once. */
endpoint_t vm_endpoint(void)
{
	if (vm_ep == NONE && (vm_ep = bootmod_endpoint("vm")) < 0)
		vm_ep = NONE;
	return vm_ep == NONE ? ESRCH : vm_ep;
}

/* One request: m's payload in, the answer in m; returns the answer's m_type. */
static int vm_call(int type, message *m)
{
	return ipc_request(vm_endpoint(), type, m);
}

int vm_mmap_flags(size_t len, uint32_t flags, void **addr)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	if (len > UINT32_MAX)
		return ENOMEM;
	m.vm.len = (uint32_t)len;
	m.vm.flags = flags;
	if ((r = vm_call(VM_MMAP, &m)) == OK)
		*addr = (void *)m.vm.addr;
	return r;
}

void *vm_mmap(size_t len)
{
	void *addr;

	return vm_mmap_flags(len, 0, &addr) == OK ? addr : NULL;
}

int vm_munmap(void *addr, size_t len)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.vm.addr = (vir_bytes)addr;
	m.vm.len = (uint32_t)len;
	return vm_call(VM_MUNMAP, &m);
}

int vm_brk(void *want, void **brk)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.vm.addr = (vir_bytes)want;
	if ((r = vm_call(VM_BRK, &m)) == OK && brk)
		*brk = (void *)m.vm.addr;
	return r;
}

/* VM_FORK of ep (0: the caller); the child's endpoint, or an error. */
static endpoint_t fork_call(endpoint_t ep)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.vm.endpoint = ep;
	if ((r = vm_call(VM_FORK, &m)) != OK)
		return r;
	if (m.vm.endpoint == 0)
		cpf_forked();
	return m.vm.endpoint;
}

endpoint_t vm_fork(void)
{
	return fork_call(0);
}

endpoint_t vm_fork_of(endpoint_t ep)
{
	return ep > 0 ? fork_call(ep) : EBADEPT;
}

int vm_exec(endpoint_t ep)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.vm.endpoint = ep;
	return vm_call(VM_EXEC, &m);
}

int vm_info(struct vm_info *info)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	if ((r = vm_call(VM_INFO, &m)) != OK)
		return r;
	info->total_frames = m.vm.total_frames;
	info->free_frames = m.vm.free_frames;
	info->committed = m.vm.committed;
	info->commit_limit = m.vm.commit_limit;
	info->spaces = m.vm.spaces;
	info->regions = m.vm.regions;
	return OK;
}

int vm_set_callmask(endpoint_t ep, uint32_t mask)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.vm.endpoint = ep;
	m.vm.flags = mask;
	return vm_call(VM_CALLMASK, &m);
}
