/*
 * tests/guest/rs_svc.h - requests of the test services (rs_svc.c) that
 * the sef.* and rs.* cases (rs_test.c) send them.  Every request is a
 * SENDREC; the answer's m_type is the result, words[] the values.
 */
#ifndef TESTS_GUEST_RS_SVC_H
#define TESTS_GUEST_RS_SVC_H

#define SVC_RQ_BASE	0x1500
#define SVC_INFO	(SVC_RQ_BASE + 0)	/* out: init type, restarts, old_ep, counter, others */
#define SVC_BUMP	(SVC_RQ_BASE + 1)	/* counter + 1, saved as state; out: words[0] it */
#define SVC_CALL	(SVC_RQ_BASE + 2)	/* words[0] kernel call: its result */
#define SVC_CRASH	(SVC_RQ_BASE + 3)	/* a wild pointer now (no answer) */
#define SVC_EXIT	(SVC_RQ_BASE + 4)	/* exit(words[0]) now (no answer) */
#define SVC_SENDNB	(SVC_RQ_BASE + 5)	/* SENDNB an empty message to words[0]: the result */
#define SVC_RSREQ	(SVC_RQ_BASE + 6)	/* words[0] an RS_* request about svc_fresh: result */
#define SVC_BIGSTATE	(SVC_RQ_BASE + 7)	/* sef_state_save of SEF_STATE_MAX + 1 bytes */
#define SVC_VMCALL	(SVC_RQ_BASE + 8)	/* words[0] a VM request (empty): its result */

/* SVC_INFO's answer */
#define SVC_W_TYPE	0	/* init type of this instance */
#define SVC_W_RESTARTS	1	/* restarts RS told it */
#define SVC_W_OLD_EP	2	/* old_ep RS told it */
#define SVC_W_COUNTER	3	/* the counter (state) */
#define SVC_W_OTHERS	4	/* messages it got that were no SVC_ request */
#define SVC_W_SIGNALS	5	/* signals its handler took */

#endif /* TESTS_GUEST_RS_SVC_H */
