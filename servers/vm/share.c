/*
 * servers/vm/share.c - sharing page entries for a COW safecopy (share.h).
 */
#include <abi/errno.h>
#include "share.h"

/* OK if every present source page's frame can take one more reference. */
int share_check(const struct frames *f, const vm_page_t *src, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (src[i] && frames_refs(f, VMPG_FRAME(src[i])) >= FRAMES_MAX_REFS)
			return ENOMEM;
	return OK;
}

/*
 * dst[i] takes src[i]'s frame (or becomes absent with it), both without
 * VMPG_WRITE; the reference is taken before the old one is dropped, so a
 * page that already shared its source's frame keeps it.
 */
void share_pages(struct frames *f, vm_page_t *src, vm_page_t *dst, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		vm_page_t old = dst[i];

		src[i] &= ~VMPG_WRITE;
		if (src[i])
			frames_ref(f, VMPG_FRAME(src[i]));
		dst[i] = src[i];
		if (old)
			frames_unref(f, VMPG_FRAME(old));
	}
}
