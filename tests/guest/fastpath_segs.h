/*
 * tests/guest/fastpath_segs.h - the cases of fastpath_segs.c, for
 * fastpath_test.c's table: X(function, case name); the case's guarded
 * entry point is function##_g.
 */
#ifndef TESTS_GUEST_FASTPATH_SEGS_H
#define TESTS_GUEST_FASTPATH_SEGS_H

#define FASTPATH_SEGS_CASES(X)							\
	X(t_segments_ipc, "ipc.segments_kept_ipc")				\
	X(t_segments_kcall, "ipc.segments_kept_kernel_call")

#define FASTPATH_SEGS_DECLARE(fn, name)	const char *fn##_g(void);
FASTPATH_SEGS_CASES(FASTPATH_SEGS_DECLARE)

#endif /* TESTS_GUEST_FASTPATH_SEGS_H */
