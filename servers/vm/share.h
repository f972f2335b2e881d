/*
 * servers/vm/share.h - page entries shared copy-on-write by a COW
 * safecopy: the destination's entries take the source's frames, both
 * read-only, and the destination's old frames are released.
 *
 * share_check says whether it can be done (every source frame can take
 * one more reference) without changing anything; share_pages then does
 * it and cannot fail.  Commitment does not change: every destination
 * page was promised a frame when its region was made, and now holds at
 * most one.  Pure (frames.c only); tests/host/test_vm_share.c.
 */
#ifndef VM_SHARE_H
#define VM_SHARE_H

#include "frames.h"
#include "page.h"

int share_check(const struct frames *f, const vm_page_t *src, uint32_t n);
void share_pages(struct frames *f, vm_page_t *src, vm_page_t *dst, uint32_t n);

#endif /* VM_SHARE_H */
