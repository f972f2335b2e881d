/*
 * kernel/system.h - kernel calls: the trap handler and the handlers' type.
 *
 * A handler gets the caller and its request (a copy kept in the process, so
 * a suspended call can be restarted from it; for a short call, words 2..5
 * from the registers, the rest stale) and returns the result, which
 * is written back into the caller's message, or EDONTREPLY when the caller
 * must not be answered now (it exited, or waits for VM).
 */
#ifndef KERNEL_SYSTEM_H
#define KERNEL_SYSTEM_H

#include <stdbool.h>
#include <abi/message.h>

struct proc;

typedef int (*kcall_handler)(struct proc *caller, message *m);

/*
 * Where a copy stopped at a page VM could provide, for a caller that may
 * not wait for VM (kernel/async.c): a NULL one suspends the caller instead.
 */
struct copy_stop {
	endpoint_t target;	/* whose page; NONE: the copy did not stop at one */
	vir_bytes addr;
	bool write;
};

/* do_vircopy and do_physcopy (physical: endpoint NONE means physical memory). */
int copy_call(struct proc *caller, const struct mess_copy *c, bool physical,
	      struct copy_stop *stop);
struct copy_fault;
int copy_wait_vm(struct proc *caller, int r, const struct copy_fault *fault, struct proc *src,
		 struct proc *dst, uint32_t bytes, struct copy_stop *stop);

void kernel_call_trap(struct proc *caller);
void kernel_call_short_trap(struct proc *caller);
void kernel_call_short_direct(void);
void kernel_call_resume(struct proc *caller);

int do_diagctl(struct proc *caller, message *m);
int do_exit(struct proc *caller, message *m);
int do_getinfo(struct proc *caller, message *m);
int do_abort(struct proc *caller, message *m);
int do_yield(struct proc *caller, message *m);
int do_times(struct proc *caller, message *m);
int do_privctl(struct proc *caller, message *m);
int do_kill(struct proc *caller, message *m);
int do_getksig(struct proc *caller, message *m);
int do_endksig(struct proc *caller, message *m);
int do_setalarm(struct proc *caller, message *m);
int do_runctl(struct proc *caller, message *m);
int do_clear(struct proc *caller, message *m);
int do_fork(struct proc *caller, message *m);
int do_vircopy(struct proc *caller, message *m);
int do_physcopy(struct proc *caller, message *m);
int do_devio(struct proc *caller, message *m);
int do_irqctl(struct proc *caller, message *m);
int do_exec(struct proc *caller, message *m);
int do_update(struct proc *caller, message *m);
int do_vmctl(struct proc *caller, message *m);
int do_schedctl(struct proc *caller, message *m);
int do_schedparam(struct proc *caller, message *m);
int do_schedule(struct proc *caller, message *m);
int do_setgrant(struct proc *caller, message *m);
int do_safecopy_from(struct proc *caller, message *m);
int do_safecopy_to(struct proc *caller, message *m);
int do_vsafecopy(struct proc *caller, message *m);
int do_safemap(struct proc *caller, message *m);
int do_saferevmap(struct proc *caller, message *m);
int do_safeunmap(struct proc *caller, message *m);
int do_async_setup(struct proc *caller, message *m);
int do_async_enter(struct proc *caller, message *m);
int do_profctl(struct proc *caller, message *m);
int do_sigsend(struct proc *caller, message *m);
int do_sigreturn(struct proc *caller, message *m);

/*
 * do_safecopy, do_vsafecopy and async SAFECOPY: one checked copy between a
 * grant and the caller (stop: as for copy_call; only with cow false).
 */
int safecopy(struct proc *caller, endpoint_t granter, int32_t gid, vir_bytes offset,
	     vir_bytes addr, uint32_t bytes, bool to_grant, bool cow, struct copy_stop *stop);

#endif /* KERNEL_SYSTEM_H */
