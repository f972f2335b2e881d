/*
 * kernel/testsel.h - the test= selection across every test program of a
 * boot: which of its items selected some test, and the report of those
 * that selected none.
 *
 * Test names belong to the test programs, each of which sees only its own
 * cases, so no one program can tell that an item (a typo such as
 * "test=nosuchtest") selects nothing anywhere.  Each test runner tells the
 * kernel which items select one of its cases (DIAG_TEST_SELECTED, before
 * it runs them); when the last process has exited, the kernel prints
 * "Bail out! ..." (TAP, unprefixed) for each item no runner claimed.
 */
#ifndef KERNEL_TESTSEL_H
#define KERNEL_TESTSEL_H

#include <stdint.h>

/* Bit i: item i of test= selects a case of some runner.  Any context. */
void testsel_mark(uint32_t items);

/* At power-off, no process left: reports the items no runner claimed. */
void testsel_report(void);

#endif /* KERNEL_TESTSEL_H */
