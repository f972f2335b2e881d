/*
 * tools/hostbench/hostbench.c - the table of host microbenchmarks, in the
 * order they run (hostbench.h).
 */
#include "hostbench.h"

extern const struct hostbench hb_bitmap_first_set, hb_bitmap_first_clear, hb_sched_pick,
	hb_sched_enqueue_dequeue, hb_sched_handoff, hb_xcpu_wake, hb_xcpu_pingpong,
	hb_endpoint_encode_decode, hb_endpoint_lookup, hb_grant_direct, hb_grant_indirect,
	hb_frame_empty, hb_frame_90, hb_msg_copy, hb_msg_copy_memcpy;

const struct hostbench *const hostbench_table[] = {
	&hb_bitmap_first_set,
	&hb_bitmap_first_clear,
	&hb_sched_pick,
	&hb_sched_enqueue_dequeue,
	&hb_sched_handoff,
	&hb_xcpu_wake,
	&hb_xcpu_pingpong,
	&hb_endpoint_encode_decode,
	&hb_endpoint_lookup,
	&hb_grant_direct,
	&hb_grant_indirect,
	&hb_frame_empty,
	&hb_frame_90,
	&hb_msg_copy,
	&hb_msg_copy_memcpy,
};

const unsigned hostbench_count = sizeof(hostbench_table) / sizeof(hostbench_table[0]);
