/*
 * syslib.h - the system library: one stub per kernel call, and the raw
 * kernel-call trap.  Stubs return OK (or a non-negative result) or a
 * negative error from abi/errno.h.
 */
#ifndef _SYSLIB_H
#define _SYSLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <abi/callnr.h>
#include <abi/endpoint.h>
#include <abi/errno.h>
#include <abi/info.h>
#include <abi/message.h>
#include <abi/prof.h>

/* Traps to the kernel with m (m->m_type = call number); returns the result. */
int kernel_call(int call, message *m);
int _kernel_call_raw(vir_bytes msg);	/* the bare int trap, for tests */
int _kernel_call_door(vir_bytes msg);	/* SYSENTER where available, else int */

/*
 * The short form, for calls whose message fits registers (abi/callnr.h; the
 * kernel refuses others with EBADREQUEST): same results in *m and the
 * return value as kernel_call(), no message in memory for the kernel.
 */
int _kernel_call_short(int call, message *m);		/* SYSENTER or int, as above */
int _kernel_call_short_raw(int call, message *m);	/* int $34, for tests */
static inline int kernel_call_short(int call, message *m)
{
	return _kernel_call_short(call, m);
}
void libsys_force_int_doors(int on);	/* tests: use the int doors only */
void libsys_choose_door(void);		/* door.S: pick SYSENTER or int once */
int libsys_uses_sysenter(void);

int sys_diag_print(const char *text, size_t len);
int sys_diag_log(unsigned level, const char *text, size_t len);	/* 1 printed, 0 hidden */
int sys_test_selected(uint32_t items);		/* libtest: DIAG_TEST_SELECTED */
_Noreturn void sys_exit(int status);
int sys_getinfo(int what, int arg, void *buf, size_t len);
int sys_abort(int how, int status);
int sys_yield(void);
int sys_times(endpoint_t ep, struct mess_times *out);

/* Lines about other processes' doings, limited per second (log_limit.c). */
struct log_limit {
	uint32_t second;	/* the second the count is for */
	uint32_t lines;		/* lines printed in it */
	uint32_t left_out;	/* lines refused since the caller last cleared it */
};
bool log_limit_ok(struct log_limit *l, unsigned per_second);
int sys_privctl(endpoint_t ep, int request, int arg);
int sys_kill(endpoint_t ep, int sig);
int sys_getksig(endpoint_t *ep, uint32_t *sigmask);	/* *ep = NONE if none pending */
int sys_endksig(endpoint_t ep);
int sys_setalarm(uint32_t ticks, uint32_t *remaining);	/* remaining may be NULL */
int sys_runctl(endpoint_t ep, int action);
int sys_clear(endpoint_t ep);
endpoint_t sys_fork(void);	/* child's endpoint in the parent, 0 in the child */
endpoint_t sys_fork_of(endpoint_t parent);	/* a copy of parent (SELF: as sys_fork) */
int sys_vircopy(endpoint_t src, vir_bytes src_addr, endpoint_t dst, vir_bytes dst_addr,
		size_t bytes);
int sys_physcopy(endpoint_t src, vir_bytes src_addr, endpoint_t dst, vir_bytes dst_addr,
		 size_t bytes);
int sys_devio(uint32_t port, uint32_t request, uint32_t *value);
int sys_irqctl(int request, unsigned irq);
int sys_exec(endpoint_t ep, vir_bytes ip, vir_bytes sp, const char *name);
int sys_exec_bootmod(endpoint_t ep, unsigned module, const char *args);
int sys_sigsend(endpoint_t ep, int sig, vir_bytes handler, vir_bytes restorer, uint32_t mask);
int sys_sigreturn(endpoint_t ep, vir_bytes ctx, uint32_t *mask);	/* *mask: the frame's */
int sys_update(endpoint_t old_ep, endpoint_t new_ep);
int sys_schedctl(endpoint_t ep, int cpu, int priority);	/* -1: leave as is */
int sys_schedparam(endpoint_t ep, uint32_t budget, uint32_t period, uint32_t flags);
int sys_schedule(struct mess_schedule *s);		/* a user-space scheduler's call */
int sys_vmctl(message *m);	/* m->vmctl filled in by the caller; results come back in it */
int sys_vmctl_wait(message *m, uint32_t *status);	/* MAP_PHYS, VMF_WAIT: vmctl_wait.S */
int sys_vmctl_page(int request, endpoint_t ep, vir_bytes addr, uint32_t flags, int result);
int sys_prof_start(unsigned rate, uint32_t samples_per_cpu, unsigned source);	/* abi/prof.h */
int sys_prof_stop(void);
int sys_prof_status(unsigned cpu, struct mess_profctl *out);
int sys_prof_read(unsigned cpu, uint32_t first, struct prof_sample *buf, uint32_t n);	/* how many */

/* The process of the boot module called name (GET_BOOTMOD), or ESRCH. */
endpoint_t bootmod_endpoint(const char *name);

#endif /* _SYSLIB_H */
