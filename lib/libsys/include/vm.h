/*
 * vm.h - asking the VM server for memory (protocol: abi/vm.h, docs/vm.md).
 *
 * Every call is one SENDREC to the VM server and returns OK (or what it
 * says) or a negative error.  The server is found once, as the boot module
 * named "vm", and remembered; a program that starts its own VM server (the
 * benchmarks) names it with vm_set_endpoint.
 *
 * A process that has VM memory must fork with vm_fork: the kernel's own
 * fork (sys_fork) would share VM's pages writable between parent and child
 * behind VM's back.
 */
#ifndef _VM_H
#define _VM_H

#include <stddef.h>
#include <stdint.h>
#include <abi/endpoint.h>
#include <abi/vm.h>

struct vm_info {
	uint32_t total_frames;	/* frames VM manages */
	uint32_t free_frames;	/* holding no page now */
	uint32_t committed;	/* pages of all regions (each promised a frame) */
	uint32_t commit_limit;	/* most pages VM can promise */
	uint32_t spaces;	/* processes with VM memory */
	uint32_t regions;	/* their regions */
};

endpoint_t vm_endpoint(void);		/* the server, or ESRCH if there is none */
void vm_set_endpoint(endpoint_t ep);

void *vm_mmap(size_t len);		/* len bytes of zeroed memory, or NULL */
int vm_mmap_flags(size_t len, uint32_t flags, void **addr);	/* VM_MAP_* flags */
int vm_munmap(void *addr, size_t len);
int vm_brk(void *want, void **brk);	/* set the break (want NULL: ask); *brk = it */
endpoint_t vm_fork(void);		/* child's endpoint in the parent, 0 in the child */
/* For system processes (PM): fork ep, waiting in its fork request to the
 * caller (the caller answers parent and child); drop ep's memory for exec. */
endpoint_t vm_fork_of(endpoint_t ep);
int vm_exec(endpoint_t ep);
int vm_info(struct vm_info *info);
/* ep's VM call mask (VM_CALL_BIT of abi/vm.h); for ep's signal manager. */
int vm_set_callmask(endpoint_t ep, uint32_t mask);

#endif /* _VM_H */
