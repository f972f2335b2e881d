/*
 * servers/vm/vm.h - the VM server's shared state and its request handlers.
 *
 * The server is single-threaded: everything here belongs to its one
 * receive loop (main.c) and needs no locking.  Every process VM manages
 * has a vm_space (space.c), indexed by process slot; regions and page
 * arrays come from vm_regions, frames from vm_frames.
 */
#ifndef VM_VM_H
#define VM_VM_H

#include <stdbool.h>
#include <abi/errno.h>
#include <abi/message.h>
#include "frames.h"
#include "region.h"

#define VM_HEAP_BASE	0xd0000000u	/* VM's own tables, in its own space */
#define VM_MAX_FRAMES	(256u * 1024)	/* frames VM can manage (1 GiB) */
#define VM_MAX_REGIONS	4096		/* regions of all processes together */

extern struct frames vm_frames;
extern struct region_pool vm_regions;

/* main.c: start-up and the receive loop (for programs that embed the server) */
_Noreturn int vm_server_main(void);

/* callmask.c: the VM call mask of RS's table */
bool callmask_allows(endpoint_t ep, int type);
int callmask_refuse(const message *m, const char *why);
int do_callmask(message *m);

/* space.c */
void space_init(struct vm_space *table, unsigned n);
struct vm_space *space_find(endpoint_t ep);
struct vm_space *space_get(endpoint_t ep);
struct vm_space *space_at(unsigned slot);
unsigned space_slots(void);
unsigned space_used(void);

/*
 * Where the call that resolves a fault may go on to wait for VM's next
 * message (MAP_PHYS with VMF_WAIT): the buffer, and the status word of
 * what arrived there (0: nothing did; VM receives itself).
 */
struct vm_wait {
	message *m;
	uint32_t status;
};

/* vmctl.c: the kernel calls VM makes */
int vmk_simple(int request, message *m);
int vmk_map(endpoint_t ep, vir_bytes va, phys_bytes pa, uint32_t flags, phys_bytes src);
int vmk_map_wait(endpoint_t ep, vir_bytes va, phys_bytes pa, uint32_t flags, phys_bytes src,
		 struct vm_wait *w);
int vmk_protect(endpoint_t ep, vir_bytes va, uint32_t pages, uint32_t flags);
int vmk_unmap(endpoint_t ep, vir_bytes va, uint32_t pages);
int vmk_resume(endpoint_t ep, int result);
int vmk_reply(endpoint_t ep, int result);
int vmk_fork(endpoint_t parent, endpoint_t *child);
bool vmk_is_system(endpoint_t ep);
int vmk_cow_share(endpoint_t src, vir_bytes src_addr, endpoint_t dst, vir_bytes dst_addr,
		  uint32_t len);

/* cowcopy.c */
int cowcopy_request(const message *m);

/* pagefault.c */
void pagefault_handle(endpoint_t ep, vir_bytes addr, uint32_t flags, struct vm_wait *w);
int pagefault_request(endpoint_t target, vir_bytes addr, uint32_t len, uint32_t flags);
void page_release(void *ctx, vir_bytes va, vm_page_t page);

/* exit.c */
void exit_release(struct vm_space *s);
void exit_notice(const message *m);

/* Request handlers: return the reply's m_type, or EDONTREPLY. */
int do_mmap(message *m);	/* mmap.c */
int do_munmap(message *m);
int do_brk(message *m);
int do_info(message *m);
int do_fork(message *m);	/* fork.c */
int do_exec(message *m);	/* exec.c */

#endif /* VM_VM_H */
