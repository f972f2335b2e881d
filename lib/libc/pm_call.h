/*
 * lib/libc/pm_call.h - libc's own way to the process manager (pm.c),
 * shared by the process and signal calls.
 */
#ifndef LIBC_PM_CALL_H
#define LIBC_PM_CALL_H

#include <abi/message.h>

/* One request: m's payload in, the answer in m; returns the answer's m_type. */
int __pm_call(int type, message *m);

/* The C half of __sigreturn (sigreturn.S). */
_Noreturn void __sigreturn_to(vir_bytes ctx);

#endif /* LIBC_PM_CALL_H */
