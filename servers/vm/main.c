/*
 * servers/vm/main.c - the VM server: start-up, the receive loop and the
 * request table.
 *
 * VM owns the memory of every process it manages (MINIX 3's VM, small):
 * the kernel hands it most free frames at start (VMCTL_GET_MEMORY), installs
 * the mappings VM asks for, and reports to it, from SYSTEM, what a process
 * cannot fake: page faults (as a message while VM waits, else queued with
 * a notification), kernel calls waiting for a page, exits.  Processes ask
 * for memory with VM_* messages (abi/vm.h).  Protocol and data structures:
 * docs/vm.md.
 *
 * Start-up: register, take the memory, map VM's own tables (frame
 * reference counts, page arrays, regions, spaces) into VM's heap from the
 * first frames of that memory, then serve.  The program is `vm`, the first
 * boot module; a program may also embed the server and run vm_server_main
 * in a child (the benchmarks do, as they boot alone).
 */
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <ipc.h>
#include <syslib.h>
#include "vm.h"

struct frames vm_frames;
struct region_pool vm_regions;
static struct arena vm_arena;

static int do_fake_fault(message *m);

static int (*const handlers[VM_NR_RQS])(message *m) = {
	[VM_MMAP - VM_RQ_BASE]		= do_mmap,
	[VM_MUNMAP - VM_RQ_BASE]	= do_munmap,
	[VM_BRK - VM_RQ_BASE]		= do_brk,
	[VM_FORK - VM_RQ_BASE]		= do_fork,
	[VM_INFO - VM_RQ_BASE]		= do_info,
	[VM_PAGEFAULT - VM_RQ_BASE]	= do_fake_fault,
	[VM_EXEC - VM_RQ_BASE]		= do_exec,
	[VM_CALLMASK - VM_RQ_BASE]	= do_callmask,
};

/* At most 5 lines per second from what processes can provoke. */
static bool log_ok(void)
{
	static struct log_limit limit;

	return log_limit_ok(&limit, 5);
}

/* VM_PAGEFAULT from a process: faults come from the kernel only. */
static int do_fake_fault(message *m)
{
	if (log_ok())
		printf("vm: refused a page-fault message from endpoint %d: faults come from the kernel\n",
		       m->m_source);
	return EPERM;
}

/* The memory the kernel hands over: up to FRAMES_MAX_RANGES ranges. */
struct handover {
	phys_bytes base[FRAMES_MAX_RANGES];
	uint32_t count[FRAMES_MAX_RANGES];
	unsigned n;
	uint32_t total;
};

static int take_memory(struct handover *h)
{
	message m;

	h->n = 0;
	h->total = 0;
	while (h->n < FRAMES_MAX_RANGES && h->total < VM_MAX_FRAMES) {
		memset(&m, 0, sizeof(m));
		m.vmctl.addr = h->n;
		m.vmctl.len = VM_MAX_FRAMES - h->total;
		if (vmk_simple(VMCTL_GET_MEMORY, &m) != OK || m.vmctl.len == 0)
			break;
		h->base[h->n] = m.vmctl.phys;
		h->count[h->n++] = m.vmctl.len;
		h->total += m.vmctl.len;
	}
	return h->total > 0 ? OK : ENOMEM;
}

/* Maps pages frames from the start of the handover at VM_HEAP_BASE (zeroed). */
static int map_heap(struct handover *h, uint32_t pages)
{
	for (uint32_t i = 0, j = 0; i < pages; i++) {
		int r;

		while (j < h->n && h->count[j] == 0)
			j++;
		if (j == h->n)
			return ENOMEM;
		r = vmk_map(SELF, VM_HEAP_BASE + (i << VM_PAGE_SHIFT), h->base[j],
			    VMF_WRITE | VMF_ZERO, 0);
		if (r != OK)
			return r;
		h->base[j] += VM_PAGE_SIZE;
		h->count[j]--;
		h->total--;
	}
	return OK;
}

/* Carves the next n bytes (16-byte aligned) of the heap. */
static void *heap_take(uintptr_t *at, size_t n)
{
	void *p = (void *)*at;

	*at += (n + 15) & ~(size_t)15;
	return p;
}

static int init(void)
{
	struct handover h;
	struct kinfo k;
	uint32_t slots, frames, nslots, heap_bytes;	/* 16 bytes of slack per heap_take */
	uintptr_t at = VM_HEAP_BASE;
	int r;

	if ((r = vmk_simple(VMCTL_REGISTER, &(message){ 0 })) != OK)
		return r;
	if ((r = sys_getinfo(GET_KINFO, 0, &k, sizeof(k))) < 0 || (r = take_memory(&h)) != OK)
		return r;
	frames = h.total;
	slots = frames + frames / 4 + 64;	/* page arrays: room to spare against holes */
	nslots = k.nr_slots;
	heap_bytes = frames * (sizeof(uint16_t) + sizeof(uint32_t)) + 16 * 8 +
		     slots * sizeof(vm_page_t) + ARENA_MAP_WORDS(slots) * 4 +
		     VM_MAX_REGIONS * sizeof(struct vm_region) + nslots * sizeof(struct vm_space);
	if ((r = map_heap(&h, VM_PAGES(heap_bytes))) != OK)
		return r;
	frames_init(&vm_frames, heap_take(&at, frames * sizeof(uint16_t)),
		    heap_take(&at, frames * sizeof(uint32_t)), h.total);
	for (unsigned i = 0; i < h.n; i++)
		if (h.count[i] && (r = frames_add_range(&vm_frames, h.base[i], h.count[i])) != OK)
			return r;
	arena_init(&vm_arena, heap_take(&at, slots * sizeof(vm_page_t)),
		   heap_take(&at, ARENA_MAP_WORDS(slots) * 4), slots);
	region_pool_init(&vm_regions, heap_take(&at, VM_MAX_REGIONS * sizeof(struct vm_region)),
			 VM_MAX_REGIONS, &vm_arena);
	space_init(heap_take(&at, nslots * sizeof(struct vm_space)), nslots);
	printf("vm: managing %u frames (%u MiB) in %u ranges; %u pages of tables\n",
	       vm_frames.total, vm_frames.total >> 8, vm_frames.nranges, VM_PAGES(heap_bytes));
	return OK;
}

/* One queue entry the kernel handed over (GET_* answer in m). */
static void kernel_event(int request, message *m)
{
	switch (request) {
	case VMCTL_GET_PAGEFAULT:
		if (m->vmctl.endpoint != NONE)
			pagefault_handle(m->vmctl.endpoint, m->vmctl.addr, m->vmctl.flags, NULL);
		break;
	case VMCTL_GET_REQUEST:
		if (m->vmctl.endpoint == NONE)
			break;
		if (m->vmctl.flags & VMF_COW)
			vmk_reply(m->vmctl.endpoint, cowcopy_request(m));
		else
			vmk_reply(m->vmctl.endpoint, pagefault_request(m->vmctl.target, m->vmctl.addr,
								       m->vmctl.len, m->vmctl.flags));
		break;
	default:
		exit_notice(m);
		break;
	}
}

/*
 * A notification from SYSTEM: drains the kernel's queues, page faults
 * first.  Each answer says which queues still hold entries.
 */
static void kernel_events(void)
{
	uint32_t pending = VMP_PAGEFAULT | VMP_REQUEST | VMP_EXITED;

	while (pending) {
		int request = (pending & VMP_PAGEFAULT) ? VMCTL_GET_PAGEFAULT :
			      (pending & VMP_REQUEST) ? VMCTL_GET_REQUEST : VMCTL_GET_EXITED;
		message m;

		m.vmctl.request = request;
		if (sys_vmctl(&m) != OK)
			return;
		pending = m.vmctl.pending;
		kernel_event(request, &m);
	}
}

/* A request from a process: the reply's m_type, or EDONTREPLY. */
static int dispatch(message *m)
{
	unsigned i = (unsigned)(m->m_type - VM_RQ_BASE);

	if (i >= VM_NR_RQS || !handlers[i])
		return ENOSYS;
	if (!callmask_allows(m->m_source, m->m_type))
		return callmask_refuse(m, "not in its VM call mask");
	return handlers[i](m);
}

/*
 * From SYSTEM (no process can send as SYSTEM): a page fault handed over
 * directly because VM was waiting, or a notification that the kernel's
 * queues hold entries.  True when the call that resolved the fault also
 * received VM's next message into m (its status in *status): only when
 * the kernel's queues were empty, so nothing is left to drain first.
 */
static bool from_kernel(message *m, uint32_t *status)
{
	if (m->m_type == VM_PAGEFAULT) {
		uint32_t pending = m->vmctl.pending;
		struct vm_wait w = { .m = m, .status = 0 };

		pagefault_handle(m->vmctl.endpoint, m->vmctl.addr, m->vmctl.flags,
				 pending ? NULL : &w);
		if (w.status) {
			*status = w.status;
			return true;
		}
		if (!pending)
			return false;
	}
	kernel_events();
	return false;
}

_Noreturn int vm_server_main(void)
{
	uint32_t status = 0;
	message m;
	int r;

	if ((r = init()) != OK) {
		printf("vm: cannot start: %d\n", r);
		exit(1);
	}
	r = ipc_receive(ANY, &m, &status);
	for (;;) {
		if (r == OK && m.m_source == SYSTEM) {
			if (from_kernel(&m, &status))
				continue;		/* m holds the next message */
		} else if (r == OK && !(status & IPC_STATUS_NOTIFY) &&
			   (r = dispatch(&m)) != EDONTREPLY) {
			m.m_type = r;
			r = ipc_replyrecv(m.m_source, &m, &status);	/* answer and wait: one trap */
			if (r == OK)
				continue;
		}
		r = ipc_receive(ANY, &m, &status);
	}
}

/* Weak, so that a program embedding the server keeps its own main. */
__attribute__((weak)) int main(void)
{
	vm_server_main();
}
