/*
 * tests/guest/rs_test.h - what rs_test.c and its campaign share.
 */
#ifndef TESTS_GUEST_RS_TEST_H
#define TESTS_GUEST_RS_TEST_H

#include <abi/rs.h>

extern endpoint_t rs_ep;
extern unsigned campaign_crashes;	/* crashes=N on the boot line; 100 */

int rs_call(int type, const char *label, struct mess_rs *out);
int rs_wait(const char *label, int state, endpoint_t not_ep, struct mess_rs *out);
const char *t_campaign(void);
const char *t_ds_run_by_rs(void);	/* rs_ds.c */
const char *t_labels_published(void);
const char *t_ds_restart(void);
const char *t_state_in_ds(void);

#endif /* TESTS_GUEST_RS_TEST_H */
