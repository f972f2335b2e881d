/*
 * abi/message.h - the fixed-size IPC message and its typed layouts.
 *
 * Every message is 64 bytes: the sender's endpoint (filled in by the kernel),
 * a type, and a 56-byte payload interpreted through one of the layouts below.
 * Each layout is checked to fit the payload at compile time.
 */
#ifndef ABI_MESSAGE_H
#define ABI_MESSAGE_H

#include <abi/types.h>
#include <abi/pm.h>
#include <abi/vm.h>
#include <abi/ds.h>
#include <abi/rs.h>
#include <abi/sef.h>

#define MESSAGE_SIZE		64
#define MESSAGE_PAYLOAD		(MESSAGE_SIZE - 2 * sizeof(int32_t))

/* SYS_DIAGCTL */
struct mess_diagctl {
	int32_t code;		/* DIAG_* */
	vir_bytes buf;		/* PRINT, LOG: text in the caller's address space */
	uint32_t len;		/* its length in bytes */
	uint32_t arg;		/* LOG: level 0..7; TEST_SELECTED: items, one bit each */
};
#define DIAG_PRINT	1	/* print buf[0..len) as whole console lines */
#define DIAG_LOG	2	/* log buf[0..len) as a kernel line of level arg;
				   returns 1 if printed, 0 if the level hid it */
#define DIAG_TEST_SELECTED 3	/* bit i of arg: item i of test= selects a case
				   of the caller (see kernel/testsel.h) */

/* SYS_EXIT */
struct mess_exit {
	int32_t status;
};

/* SYS_GETINFO */
struct mess_getinfo {
	int32_t what;		/* GET_* from abi/info.h */
	int32_t arg;		/* selector for the request, e.g. a slot */
	vir_bytes buf;		/* destination in the caller's address space */
	uint32_t len;		/* its size */
};

/* SYS_ABORT */
struct mess_abort {
	int32_t how;		/* ABORT_* */
	int32_t status;		/* exit status reported to the host */
};
#define ABORT_POWEROFF	1	/* power off, status to the host */

/* SYS_TIMES */
struct mess_times {
	endpoint_t endpoint;	/* in: process (SELF allowed) */
	uint32_t user_ticks;	/* out */
	uint32_t kernel_ticks;	/* out */
	uint32_t uptime_ticks;	/* out */
	uint64_t boot_tsc;	/* out: TSC at kernel entry */
};

/* Notifications (m_type NOTIFY_MESSAGE, abi/ipc.h) */
struct mess_notify {
	uint32_t uptime;	/* clock ticks when it was delivered */
	uint32_t irqs;		/* from HARDWARE: lines that fired (bit n = IRQ n) */
};

/* SYS_PRIVCTL */
struct mess_privctl {
	endpoint_t endpoint;	/* the process to change */
	int32_t request;	/* PRIVCTL_* */
	int32_t arg;		/* call number, endpoint, ... per request */
};
#define PRIVCTL_SET_USER	1	/* back to the shared unprivileged structure */
#define PRIVCTL_SET_SYS		2	/* own privilege structure, copied from the caller's */
#define PRIVCTL_ALLOW_IPC	3	/* may exchange messages with endpoint arg */
#define PRIVCTL_DENY_IPC	4	/* may no longer exchange messages with arg */
#define PRIVCTL_ALLOW_CALL	5	/* may make kernel call arg */
#define PRIVCTL_DENY_CALL	6	/* may no longer make kernel call arg */
#define PRIVCTL_SET_SIGMGR	7	/* signals go to endpoint arg (NONE: kernel kills) */
#define PRIVCTL_ALLOW_IRQ	8	/* may control IRQ line arg */
#define PRIVCTL_ALLOW_IO	9	/* may use I/O ports [arg & 0xffff, arg >> 16] */
#define PRIVCTL_EXIT_TO_MGR	10	/* arg 1: its SYS_EXIT becomes SIGEXIT for its signal
				   manager, which ends or restarts it (0: off) */
#define PRIVCTL_CRITICAL	11	/* arg 1: its end is logged as an error (0: off) */
#define PRIVCTL_CLEAR_IPC	12	/* may exchange messages only with the caller */

/* SYS_KILL, SYS_GETKSIG, SYS_ENDKSIG, SYS_CLEAR */
struct mess_sig {
	endpoint_t endpoint;	/* the process signalled / to clear */
	int32_t sig;		/* SYS_KILL: signal number */
	uint32_t sigmask;	/* SYS_GETKSIG out: pending signals (bit n = signal n) */
};

/* SYS_SETALARM */
struct mess_alarm {
	uint32_t ticks;		/* in: ticks from now (0 cancels) */
	uint32_t remaining;	/* out: ticks the previous alarm had left, 0 if none */
};

/* SYS_RUNCTL */
struct mess_runctl {
	endpoint_t endpoint;
	int32_t action;		/* RC_STOP, RC_RESUME or RC_RESTARTED */
};
#define RC_STOP		1
#define RC_RESUME	2
#define RC_RESTARTED	3	/* a new program took over the endpoint (a restart in
				   place): SENDRECs waiting for its reply fail with
				   ERESTART (the new one never got them) */

/* SYS_FORK */
struct mess_fork {
	endpoint_t parent;	/* in: process to copy (SELF allowed) */
	endpoint_t child;	/* out: the new process */
};

/* SYS_VIRCOPY, SYS_PHYSCOPY: endpoint NONE means a physical address (PHYSCOPY) */
struct mess_copy {
	endpoint_t src_ep;	/* SELF allowed */
	vir_bytes src_addr;
	endpoint_t dst_ep;
	vir_bytes dst_addr;
	uint32_t bytes;
};

/* SYS_DEVIO */
struct mess_devio {
	uint32_t port;
	uint32_t request;	/* DIO_INPUT or DIO_OUTPUT | DIO_BYTE/WORD/LONG */
	uint32_t value;		/* in for output, out for input */
};
#define DIO_INPUT	0x0
#define DIO_OUTPUT	0x1
#define DIO_BYTE	0x10
#define DIO_WORD	0x20
#define DIO_LONG	0x40

/* SYS_IRQCTL */
struct mess_irqctl {
	int32_t request;	/* IRQ_SETPOLICY, IRQ_RMPOLICY, IRQ_ENABLE, IRQ_DISABLE */
	uint32_t irq;		/* line 0..15 */
};
#define IRQ_SETPOLICY	1	/* notify the caller (from HARDWARE) when it fires */
#define IRQ_RMPOLICY	2	/* stop that */
#define IRQ_ENABLE	3	/* unmask again after handling */
#define IRQ_DISABLE	4	/* mask */

/* SYS_EXEC */
struct mess_exec {
	endpoint_t endpoint;	/* the process to start afresh */
	vir_bytes ip;		/* new program counter */
	vir_bytes sp;		/* new stack pointer */
	char name[16];		/* new process name */
	uint32_t flags;		/* EXEC_BOOTMOD: the fields below, not ip, sp, name */
	uint32_t module;	/* EXEC_BOOTMOD: boot module number (GET_BOOTMOD) */
	vir_bytes args;		/* EXEC_BOOTMOD: arguments, in the caller's memory */
	uint32_t args_len;	/*   their length without a NUL, < BOOTMOD_ARGS_LEN */
};
#define EXEC_BOOTMOD	(1u << 0)	/* load a boot module's program as the new image */

/* SYS_UPDATE */
struct mess_update {
	endpoint_t old_ep;	/* running version, keeps its endpoint */
	endpoint_t new_ep;	/* new version, takes over old_ep */
};

/* SYS_VMCTL (fields per request: kernel/system/do_vmctl.c) */
struct mess_vmctl {
	int32_t request;	/* VMCTL_* */
	endpoint_t endpoint;	/* REPLY: the suspended caller; MAP_ZERO: the target.
				   GET_REQUEST out: the suspended caller */
	endpoint_t target;	/* GET_REQUEST out: whose memory is missing */
	vir_bytes addr;		/* GET_REQUEST out / MAP_ZERO in: the address */
	uint32_t len;		/* GET_REQUEST out: bytes the call needs from addr */
	uint32_t flags;		/* GET_REQUEST out / MAP_ZERO in: VMF_WRITE */
	int32_t result;		/* REPLY in: OK, or the error the call fails with */
	phys_bytes phys;	/* MAP_PHYS, ZERO_PHYS, COPY_PHYS (to) in; GET_MEMORY out */
	phys_bytes src_phys;	/* COPY_PHYS, MAP_PHYS with VMF_COPY: copied from */
	uint32_t pending;	/* GET_* out: VMP_* queues that still hold entries */
	uint32_t live;		/* GET_EXITED out: processes alive, VM included */
	endpoint_t dst_ep;	/* GET_REQUEST with VMF_COW out, COW_SHARE in: */
	vir_bytes dst_addr;	/*   the destination (target/addr: the source) */
};
#define VMCTL_REGISTER		1	/* the caller is the VM server from now on */
#define VMCTL_UNREGISTER	2	/* it no longer is; pending calls fail */
#define VMCTL_GET_REQUEST	3	/* next suspended call; endpoint NONE if none */
#define VMCTL_REPLY		4	/* restart (or fail) a suspended call */
#define VMCTL_MAP_ZERO		5	/* map a zeroed page at addr in endpoint */
#define VMCTL_UNMAP		6	/* unmap page(s) at addr in endpoint, on every CPU */
#define VMCTL_GET_MEMORY	7	/* VM: physical range number addr of VM's share */
#define VMCTL_MAP_PHYS		8	/* VM: map one of its frames at addr in endpoint */
#define VMCTL_PROTECT		9	/* VM: set or clear write access to its pages */
#define VMCTL_ZERO_PHYS		10	/* VM: zero one of its frames */
#define VMCTL_COPY_PHYS		11	/* VM: copy src_phys to phys (one frame each) */
#define VMCTL_GET_PAGEFAULT	12	/* VM: next page fault; endpoint NONE if none */
#define VMCTL_PF_RESUME		13	/* VM: resume a faulting process, or SIGSEGV it */
#define VMCTL_GET_EXITED	14	/* VM: next process that exited; NONE if none */
#define VMCTL_COW_SHARE		15	/* VM: share pages copy-on-write (COW safecopy) */
#define VMF_WRITE		(1u << 0)	/* writable mapping / the access wrote */
#define VMF_PRESENT		(1u << 1)	/* GET_PAGEFAULT: the page was there (protection) */
#define VMF_ZERO		(1u << 2)	/* MAP_PHYS: zero the frame first */
#define VMF_COPY		(1u << 3)	/* MAP_PHYS: copy src_phys into the frame first */
#define VMF_RESUME		(1u << 4)	/* MAP_PHYS, PROTECT: then resume endpoint's fault */
#define VMF_OVERFLOW		(1u << 5)	/* GET_EXITED: exits were lost; check every process */
#define VMF_COW			(1u << 6)	/* GET_REQUEST: a COW safecopy; REPLY OK = shared */
#define VMF_WAIT		(1u << 7)	/* MAP_PHYS with VMF_RESUME: may then receive (do_vmctl.c) */
#define VMP_REQUEST		(1u << 0)	/* pending: suspended kernel calls */
#define VMP_PAGEFAULT		(1u << 1)	/* pending: page faults */
#define VMP_EXITED		(1u << 2)	/* pending: exit notices */

/* SYS_SCHEDCTL */
struct mess_schedctl {
	endpoint_t endpoint;	/* the process (SELF allowed) */
	int32_t cpu;		/* CPU to run on, or -1 to stay */
	int32_t priority;	/* 0 (highest) .. 15, or -1 to keep */
};

/*
 * SYS_SCHEDPARAM: `budget` clock ticks in every `period` (1 <= budget <=
 * period <= a minute; both 0: best effort), or with SCHEDPARAM_PASSIVE
 * (both 0) no budget of its own: it runs on its callers' (budget
 * donation).  Policies with budgets only (sched=edf, fp); others say
 * ENOSYS.  sched=edf answers EBUSY to a budget that would reserve more
 * than all of the process's CPU (admission control).
 */
#define SCHEDPARAM_PASSIVE	(1u << 0)
struct mess_schedparam {
	endpoint_t endpoint;	/* the process (SELF allowed) */
	uint32_t budget;	/* ticks per period */
	uint32_t period;	/* ticks */
	uint32_t flags;		/* SCHEDPARAM_* */
};

/*
 * SYS_SCHEDULE (kernel/sched_user.c): a user-space scheduler's call.
 *   SCHEDULE_START  the caller becomes endpoint's scheduler; the kernel
 *                   notifies it (from SYSTEM) when the process uses up a
 *                   quantum, and the process waits for its decision
 *   SCHEDULE_GET    answers one process waiting for a decision, in
 *                   endpoint, priority, quantum, cpu (endpoint NONE: none)
 *   SCHEDULE_SET    the decision for endpoint: priority 0..15, quantum
 *                   1..SCHEDULE_MAX_QUANTUM ticks, cpu or -1 to stay; it
 *                   runs again.  A value out of range ends the caller's
 *                   scheduling (the kernel takes its processes back).
 */
#define SCHEDULE_START		1
#define SCHEDULE_GET		2
#define SCHEDULE_SET		3
#define SCHEDULE_MAX_QUANTUM	100
struct mess_schedule {
	endpoint_t endpoint;
	uint16_t op;		/* SCHEDULE_* */
	int16_t cpu;
	int32_t priority;
	int32_t quantum;
};

/* SYS_SETGRANT */
struct mess_setgrant {
	vir_bytes table;	/* struct grant_entry[count] in the caller's memory */
	uint32_t count;		/* entries; 0 removes the table */
};

/* SYS_SAFECOPYFROM, SYS_SAFECOPYTO */
struct mess_safecopy {
	endpoint_t granter;
	int32_t gid;		/* cp_grant_id_t */
	vir_bytes offset;	/* into the grant */
	vir_bytes addr;		/* the caller's buffer */
	uint32_t bytes;
};

/*
 * SYS_SAFECOPYFROM, SYS_SAFECOPYTO in short form (abi/callnr.h): the same
 * copy in four words, for an offset and a length of at most
 * SAFECOPY_SHORT_MAX each (sys_safecopyfrom/to use it then).
 */
struct mess_safecopy_short {
	endpoint_t granter;
	int32_t gid;		/* cp_grant_id_t */
	vir_bytes addr;		/* the caller's buffer */
	uint32_t offset_bytes;	/* offset << 16 | bytes */
};
#define SAFECOPY_SHORT_MAX	0xffffu

/* SYS_VSAFECOPY */
struct mess_vsafecopy {
	vir_bytes vec;		/* struct vscp_vec[count] in the caller's memory */
	uint32_t count;		/* at most VSCP_MAX */
};

/* SYS_SAFEMAP, SYS_SAFEREVMAP, SYS_SAFEUNMAP */
struct mess_safemap {
	endpoint_t granter;	/* SAFEMAP */
	int32_t gid;		/* SAFEMAP, SAFEREVMAP */
	vir_bytes offset;	/* SAFEMAP: page-aligned offset into the grant */
	vir_bytes addr;		/* SAFEMAP, SAFEUNMAP: page-aligned address in the caller */
	uint32_t bytes;		/* SAFEMAP: page-aligned length */
	uint32_t flags;		/* SAFEMAP: CPF_WRITE for a writable mapping */
};

/* SYS_ASYNC_SETUP, SYS_ASYNC_ENTER (abi/async.h) */
struct mess_async {
	vir_bytes ring;		/* SETUP: page-aligned; 0 with both sizes 0 tears down */
	uint32_t sq_entries;	/* SETUP: a power of two, 1..ASYNC_MAX_ENTRIES */
	uint32_t cq_entries;	/* SETUP: likewise */
	uint32_t flags;		/* SETUP: ASYNC_NOTIFY */
	uint32_t quota;		/* SETUP out: calls it may have outstanding */
};
struct mess_async_enter {
	uint32_t min_complete;	/* completions to wait for in the CQ (0: none) */
};

/*
 * SYS_PROFCTL (abi/prof.h).  In: code; START rate, count (samples per
 * CPU), source (PROF_SRC_*); STATUS cpu; READ cpu, first, count, buf.  Out (STATUS): running,
 * rate, source, capacity, count (samples recorded), dropped, cost (timestamp
 * units spent recording; 0 while running).  READ returns how many samples
 * it copied.  TRACE: cpu, buf, count (its size in bytes).
 */
struct mess_profctl {
	int32_t code;		/* PROF_* */
	uint32_t rate;		/* START: samples per second per CPU; STATUS: the rate */
	uint32_t count;		/* START, READ: samples; STATUS: samples recorded */
	uint32_t cpu;		/* STATUS, READ, TRACE */
	uint32_t first;		/* READ: index of the first sample */
	vir_bytes buf;		/* READ: room for count samples; TRACE: for a struct ipc_trace */
	uint32_t capacity;	/* STATUS: samples the CPU's buffer holds */
	uint32_t dropped;	/* STATUS */
	uint32_t running;	/* STATUS: 1 while a profile runs */
	uint32_t cost_lo, cost_hi;	/* STATUS */
	uint32_t source;	/* START, STATUS: PROF_SRC_* */
};

/* SYS_SIGSEND, SYS_SIGRETURN (kernel/system/do_sigsend.c, do_sigreturn.c) */
struct mess_sigframe {
	endpoint_t endpoint;	/* the process; the caller is its signal manager */
	vir_bytes ctx;		/* SIGSEND out, SIGRETURN in: the saved context */
	uint32_t mask;		/* SIGSEND in: kept in the frame; SIGRETURN out: read back */
	int32_t sig;		/* SIGSEND: signal number, the handler's argument */
	vir_bytes handler;	/* SIGSEND: the handler */
	vir_bytes restorer;	/* SIGSEND: the handler's return address */
};

typedef struct message {
	endpoint_t m_source;	/* sender, filled in by the kernel */
	int32_t m_type;		/* request or reply type */
	union {
		uint8_t raw[MESSAGE_PAYLOAD];
		uint32_t words[MESSAGE_PAYLOAD / 4];
		struct mess_diagctl diagctl;
		struct mess_exit exit;
		struct mess_getinfo getinfo;
		struct mess_abort abort;
		struct mess_times times;
		struct mess_notify notify;
		struct mess_privctl privctl;
		struct mess_sig sig;
		struct mess_alarm alarm;
		struct mess_runctl runctl;
		struct mess_fork fork;
		struct mess_copy copy;
		struct mess_devio devio;
		struct mess_irqctl irqctl;
		struct mess_exec exec;
		struct mess_update update;
		struct mess_vmctl vmctl;
		struct mess_schedctl schedctl;
		struct mess_schedparam schedparam;
		struct mess_schedule schedule;
		struct mess_setgrant setgrant;
		struct mess_safecopy safecopy;
		struct mess_safecopy_short safecopy_short;
		struct mess_vsafecopy vsafecopy;
		struct mess_safemap safemap;
		struct mess_async async;
		struct mess_async_enter async_enter;
		struct mess_vm vm;
		struct mess_profctl profctl;
		struct mess_pm pm;
		struct mess_sigframe sigframe;
		struct mess_ds ds;
		struct mess_ds_info ds_info;
		struct mess_sef sef;
		struct mess_rs rs;
		struct mess_rs_lu rs_lu;
	};
} message;

_Static_assert(sizeof(message) == MESSAGE_SIZE, "message must be 64 bytes");
#define MESSAGE_LAYOUT_FITS(t) _Static_assert(sizeof(t) <= MESSAGE_PAYLOAD, #t " exceeds the payload")
MESSAGE_LAYOUT_FITS(struct mess_diagctl);
MESSAGE_LAYOUT_FITS(struct mess_exit);
MESSAGE_LAYOUT_FITS(struct mess_getinfo);
MESSAGE_LAYOUT_FITS(struct mess_abort);
MESSAGE_LAYOUT_FITS(struct mess_times);
MESSAGE_LAYOUT_FITS(struct mess_notify);
MESSAGE_LAYOUT_FITS(struct mess_privctl);
MESSAGE_LAYOUT_FITS(struct mess_sig);
MESSAGE_LAYOUT_FITS(struct mess_alarm);
MESSAGE_LAYOUT_FITS(struct mess_runctl);
MESSAGE_LAYOUT_FITS(struct mess_fork);
MESSAGE_LAYOUT_FITS(struct mess_copy);
MESSAGE_LAYOUT_FITS(struct mess_devio);
MESSAGE_LAYOUT_FITS(struct mess_irqctl);
MESSAGE_LAYOUT_FITS(struct mess_exec);
MESSAGE_LAYOUT_FITS(struct mess_update);
MESSAGE_LAYOUT_FITS(struct mess_vmctl);
MESSAGE_LAYOUT_FITS(struct mess_async);
MESSAGE_LAYOUT_FITS(struct mess_async_enter);
MESSAGE_LAYOUT_FITS(struct mess_schedctl);
MESSAGE_LAYOUT_FITS(struct mess_schedparam);
MESSAGE_LAYOUT_FITS(struct mess_schedule);
MESSAGE_LAYOUT_FITS(struct mess_setgrant);
MESSAGE_LAYOUT_FITS(struct mess_safecopy);
MESSAGE_LAYOUT_FITS(struct mess_vsafecopy);
MESSAGE_LAYOUT_FITS(struct mess_safemap);
MESSAGE_LAYOUT_FITS(struct mess_vm);
MESSAGE_LAYOUT_FITS(struct mess_profctl);
MESSAGE_LAYOUT_FITS(struct mess_pm);
MESSAGE_LAYOUT_FITS(struct mess_sigframe);
MESSAGE_LAYOUT_FITS(struct mess_ds);
MESSAGE_LAYOUT_FITS(struct mess_ds_info);
MESSAGE_LAYOUT_FITS(struct mess_sef);
MESSAGE_LAYOUT_FITS(struct mess_rs);
MESSAGE_LAYOUT_FITS(struct mess_rs_lu);

#endif /* ABI_MESSAGE_H */
