/*
 * tests/guest/lu_test.h - what lu_test.c and its campaign (lu_campaign.c)
 * share: RS_UPDATE and requests to hello at its current endpoint.
 */
#ifndef TESTS_GUEST_LU_TEST_H
#define TESTS_GUEST_LU_TEST_H

#include <abi/message.h>
#include <abi/rs.h>

extern endpoint_t rs_ep;
extern unsigned campaign_updates;	/* updates=N on the boot line */

/* RS_UPDATE of hello to program: RS's answer (OK or an error), *out its report. */
int lu_update(const char *program, int state, uint32_t maxtime, struct mess_rs_lu *out);
/* hello's endpoint once RS has it up (NONE if not within the wait). */
endpoint_t hello_ep(void);
/* One request to hello (m in and out): its answer's m_type, or an IPC error. */
int hello_req(int type, uint32_t w0, message *m);
const char *t_lu_campaign(void);

#endif /* TESTS_GUEST_LU_TEST_H */
