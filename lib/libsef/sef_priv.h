/*
 * lib/libsef/sef_priv.h - what the parts of libsef share.
 */
#ifndef LIBSEF_SEF_PRIV_H
#define LIBSEF_SEF_PRIV_H

#include <abi/endpoint.h>
#include <abi/message.h>

extern endpoint_t sef_rs_ep;	/* set by sef_startup once RS sent the init */

void sef_state_drop(void);	/* sef_state.c: a fresh start drops the saved state */
/* sef_lu.c: the old version's side of a live update, for sef_receive */
void sef_lu_prepare_request(const message *m);
void sef_lu_check(void);

#endif /* LIBSEF_SEF_PRIV_H */
