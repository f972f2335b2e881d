/*
 * tools/hostbench/hb_mem.c - the frame allocator (kernel/mm/frame.c) and
 * the IPC fast path's 64-byte message copy on the host.
 *
 * frame/alloc_free: one frame_alloc + frame_free in a pool of 65536 frames
 * (256 MiB), empty or with 9 of every 10 frames in use; the rotating hint
 * makes each allocation search from where the last one ended.
 * msg/copy64: kernel/fastpath.c's copy_message_fp (the sender stamped in
 * word 0, words 1-15 with arch_copy_words: rep movsl); msg/copy64_memcpy
 * the same with the compiler's memcpy, for comparison.
 */
#include <string.h>
#include <abi/errno.h>
#include <abi/message.h>
#include <arch/arch.h>
#include "kernel/lib/bitmap.h"
#include "kernel/mm/frame.h"
#include "hostbench.h"

#define FRAMES		65536u
#define BASE_PFN	256u		/* the pool starts at 1 MiB */

static struct frame_pool pool;
static uint32_t pool_map[BITMAP_WORDS(FRAMES)];

static void setup_empty(void)
{
	frame_pool_init(&pool, pool_map, BASE_PFN, FRAMES);
	frame_pool_add_free(&pool, (uint64_t)BASE_PFN << FRAME_SHIFT,
			    (uint64_t)(BASE_PFN + FRAMES) << FRAME_SHIFT);
	hb_require(frame_pool_free_count(&pool) == FRAMES, "empty pool");
}

static void setup_90(void)
{
	setup_empty();
	for (uint32_t i = 0; i < FRAMES; i++) {
		uint64_t a = (uint64_t)(BASE_PFN + i) << FRAME_SHIFT;

		if (i % 10)
			frame_pool_reserve(&pool, a, a + FRAME_SIZE);
	}
	hb_require(frame_pool_free_count(&pool) == (FRAMES + 9) / 10, "pool 90% used");
}

static void run_alloc_free(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		uint32_t pfn;

		if (frame_alloc(&pool, &pfn) != OK || frame_free(&pool, pfn) != OK)
			hb_require(0, "frame_alloc + frame_free");
	}
}

/* ---- message copy ------------------------------------------------------ */

static uint32_t src_msg[MESSAGE_SIZE / 4], dst_msg[MESSAGE_SIZE / 4];
_Static_assert(MESSAGE_SIZE == 64, "a Kestrel message is 64 bytes");

/* As copy_message_fp in kernel/fastpath.c. */
static inline void copy_message_fp(uint32_t *to, const uint32_t *from, endpoint_t src)
{
	to[0] = (uint32_t)src;
	arch_copy_words(to + 1, from + 1, MESSAGE_SIZE / 4 - 1);
}

static void run_copy(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		copy_message_fp(dst_msg, src_msg, (endpoint_t)i);
		HB_KEEP(dst_msg);
	}
}

static void run_copy_memcpy(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		memcpy(dst_msg + 1, src_msg + 1, MESSAGE_SIZE - 4);
		dst_msg[0] = (uint32_t)i;
		HB_KEEP(dst_msg);
	}
}

const struct hostbench hb_frame_empty = {
	"frame/alloc_free/empty", "frame_alloc + frame_free, 65536-frame pool, all free", NULL,
	setup_empty, run_alloc_free,
};
const struct hostbench hb_frame_90 = {
	"frame/alloc_free/90pct_used", "frame_alloc + frame_free, 9 of 10 frames in use", NULL,
	setup_90, run_alloc_free,
};
const struct hostbench hb_msg_copy = {
	"msg/copy64", "64-byte message copy of the IPC fast path (rep movsl)", NULL,
	NULL, run_copy,
};
const struct hostbench hb_msg_copy_memcpy = {
	"msg/copy64_memcpy", "the same copy with the compiler's memcpy", NULL,
	NULL, run_copy_memcpy,
};
