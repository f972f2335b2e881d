/*
 * tests/guest/kcall_short.h - the short-form cases of kcall_test
 * (kcall_short.c), listed in kcall_test.c's table.
 */
#ifndef KCALL_SHORT_H
#define KCALL_SHORT_H

const char *t_short_same_results(void);
const char *t_short_alarm_answer(void);
const char *t_short_refused(void);
const char *t_short_denied(void);
const char *t_short_registers(void);

#endif /* KCALL_SHORT_H */
