/*
 * abi/vm.h - the VM server's protocol with processes.
 *
 * A process sends a request with SENDREC to the VM server (find it as the
 * boot module "vm"; lib/libsys vm.h does that) with m_type VM_* and the
 * payload struct mess_vm; the reply's m_type is OK or an error.  Page
 * faults never travel this way: the kernel reports them to VM itself
 * (VMCTL_GET_PAGEFAULT), and a VM_PAGEFAULT message from a process is
 * refused with EPERM.
 *
 * Where VM places memory in every process it manages:
 *
 *   VM_MMAP_BASE - VM_MMAP_TOP   anonymous regions (VM_MMAP), first fit
 *   VM_BRK_BASE  - VM_BRK_TOP    the break (VM_BRK), one growing region
 *
 * Both lie between the program image (at USER_BASE) and the stack (below
 * 0xeffff000), so they never collide with what the kernel loaded.
 */
#ifndef ABI_VM_H
#define ABI_VM_H

#include <abi/types.h>

#define VM_RQ_BASE	0x0c00
#define VM_MMAP		(VM_RQ_BASE + 0)	/* in: len, flags; out: addr */
#define VM_MUNMAP	(VM_RQ_BASE + 1)	/* in: addr, len (page aligned) */
#define VM_BRK		(VM_RQ_BASE + 2)	/* in: addr (0 asks); out: addr = the break */
#define VM_FORK		(VM_RQ_BASE + 3)	/* in: endpoint; out: endpoint (the child) */
#define VM_INFO		(VM_RQ_BASE + 4)	/* out: the frame counters below */
#define VM_PAGEFAULT	(VM_RQ_BASE + 5)	/* a fault claimed by a process: EPERM */
#define VM_EXEC		(VM_RQ_BASE + 6)	/* in: endpoint; system processes only */
#define VM_CALLMASK	(VM_RQ_BASE + 7)	/* in: endpoint, flags (its call mask) */
#define VM_NR_RQS	8

/*
 * The VM call mask (RS's table, docs/services.md): bit VM_CALL_BIT(type)
 * set when the process may send VM request type.  VM_CALLMASK sets it for
 * a live process, asked by that process's signal manager alone (RS for the
 * services it runs; EPERM for anyone else).  A process with no mask set
 * may send every request; a request outside a set mask gets EPERM.
 */
#define VM_CALL_BIT(type)	(1u << ((type) - VM_RQ_BASE))

/*
 * VM_FORK: endpoint 0 forks the caller (the child's answer is 0, the
 * parent's the child's endpoint).  Another endpoint, for a SYSTEM caller
 * (PM): fork that process, which waits in a SENDREC to the caller (its own
 * fork request); the child waits the same way, and only the caller gets an
 * answer (the child's endpoint): it answers both.  VM_EXEC: the process
 * (blocked, about to get a new program) loses all its VM memory: unmapped,
 * its frames released, as at its exit.
 */

/* mess_vm.flags of VM_MMAP */
#define VM_MAP_RDONLY	(1u << 0)	/* the region cannot be written */

#define VM_MMAP_BASE	0x90000000u
#define VM_MMAP_TOP	0xc0000000u
#define VM_BRK_BASE	0xc0000000u
#define VM_BRK_TOP	0xd0000000u

struct mess_vm {
	vir_bytes addr;
	uint32_t len;		/* bytes */
	uint32_t flags;		/* VM_MAP_* */
	endpoint_t endpoint;	/* VM_FORK in and out, VM_EXEC in */
	/* VM_INFO out, in frames (pages) */
	uint32_t total_frames;	/* managed by VM */
	uint32_t free_frames;	/* not holding any page now */
	uint32_t committed;	/* promised to regions (every region page counts) */
	uint32_t commit_limit;	/* most that can be promised */
	uint32_t spaces;	/* processes with VM memory */
	uint32_t regions;	/* regions in all of them */
};

#endif /* ABI_VM_H */
