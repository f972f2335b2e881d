/*
 * tests/host/host_test.h - common includes and naming for the host tests.
 *
 * HOST_TEST(module, what, fn) builds a cmocka test entry named
 * "host.<module>.<what>", the name the harness reports.
 */
#ifndef TESTS_HOST_HOST_TEST_H
#define TESTS_HOST_HOST_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define HOST_TEST(module, what, fn) { "host." module "." what, fn, NULL, NULL, NULL }

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif /* TESTS_HOST_HOST_TEST_H */
