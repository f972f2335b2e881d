/*
 * tests/host/test_vm_share.c - host tests of servers/vm/share.c: page
 * entries shared copy-on-write by a COW safecopy, with frames.c's counts.
 */
#include <stdbool.h>
#include <string.h>
#include <abi/errno.h>
#include "tests/host/host_test.h"
#include "servers/vm/share.h"

#define CAP	16u
#define BASE	0x00400000u

static uint16_t refs[CAP];
static uint32_t stack[CAP];

static void setup(struct frames *f)
{
	frames_init(f, refs, stack, CAP);
	assert_int_equal(frames_add_range(f, BASE, CAP), OK);
}

static vm_page_t take(struct frames *f, bool write)
{
	phys_bytes pa;

	assert_int_equal(frames_alloc(f, &pa), OK);
	return pa | (write ? VMPG_WRITE : 0);
}

/* The destination takes the source's frames read-only; its own are freed. */
static void test_share_replaces(void **state)
{
	struct frames f;
	vm_page_t src[3], dst[3];

	(void)state;
	setup(&f);
	src[0] = take(&f, true);
	src[1] = 0;				/* absent: the destination's goes too */
	src[2] = take(&f, false);
	dst[0] = take(&f, true);
	dst[1] = take(&f, true);
	dst[2] = 0;
	assert_int_equal(f.nfree, CAP - 4);
	assert_int_equal(share_check(&f, src, 3), OK);
	share_pages(&f, src, dst, 3);
	assert_int_equal(f.nfree, CAP - 2);
	assert_int_equal(dst[0], src[0]);
	assert_int_equal(dst[1], 0);
	assert_int_equal(dst[2], src[2]);
	assert_int_equal(src[0] & VMPG_WRITE, 0);
	assert_int_equal(frames_refs(&f, VMPG_FRAME(src[0])), 2);
	assert_int_equal(frames_refs(&f, VMPG_FRAME(src[2])), 2);
}

/* Sharing again over pages that already share the frame changes no count. */
static void test_share_again(void **state)
{
	struct frames f;
	vm_page_t src[1], dst[1] = { 0 };

	(void)state;
	setup(&f);
	src[0] = take(&f, true);
	share_pages(&f, src, dst, 1);
	share_pages(&f, src, dst, 1);
	assert_int_equal(frames_refs(&f, VMPG_FRAME(src[0])), 2);
	assert_int_equal(f.nfree, CAP - 1);
}

/* A frame at the most references is refused before anything changes. */
static void test_check_full(void **state)
{
	struct frames f;
	vm_page_t src[2];

	(void)state;
	setup(&f);
	src[0] = take(&f, false);
	src[1] = take(&f, false);
	refs[(VMPG_FRAME(src[1]) - BASE) / VM_PAGE_SIZE] = FRAMES_MAX_REFS;
	assert_int_equal(share_check(&f, src, 2), ENOMEM);
	assert_int_equal(share_check(&f, src, 1), OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("vm_share", "replaces", test_share_replaces),
		HOST_TEST("vm_share", "again", test_share_again),
		HOST_TEST("vm_share", "check_full", test_check_full),
	};

	return cmocka_run_group_tests_name("host.vm_share", tests, NULL, NULL);
}
