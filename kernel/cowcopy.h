/*
 * kernel/cowcopy.h - copy-on-write safecopy: large page-aligned safecopies
 * of VM memory share frames instead of copying bytes.
 *
 * The kernel owns no VM frame, so it asks VM: the caller is suspended as
 * for a missing page (kernel/vmreq.h) with a VMF_COW request naming the
 * source and destination ranges; VM takes its references and has the
 * kernel remap both sides at once (VMCTL_COW_SHARE: the source's pages
 * read-only, the destination's pages mapping the source's frames
 * read-only, safemaps of the replaced destination pages removed, one
 * shootdown per side); its answer restarts the call, which then returns
 * OK (shared) or copies bytes as before (VM could not).  A later write on
 * either side is a copy-on-write fault VM resolves.
 *
 * A safecopy qualifies when both addresses are page aligned and it is at
 * least cowcopy_threshold bytes long (COWCOPY_THRESHOLD, or the boot
 * option safecopy_cow=BYTES; 0 = never); a tail of less than a page is
 * copied first.  The grant is checked before anything is asked of VM.
 */
#ifndef KERNEL_COWCOPY_H
#define KERNEL_COWCOPY_H

#include <abi/message.h>
#include "kernel/proc.h"

struct boot_options;

/*
 * From the safecopy_cow benchmarks (BENCHMARKS.md, icount): copying costs
 * about 1090 + 1241 per page, sharing about 5870 + 547 per page, so
 * sharing wins from 7 pages (28 KiB) on; 32 KiB leaves a margin for the
 * copy-on-write faults of a destination that is then written.
 */
#define COWCOPY_THRESHOLD	(32u * 1024)

/* The state of a COW safecopy across its restart (proc.vmreq.cow). */
enum { COWCOPY_NONE, COWCOPY_DONE, COWCOPY_REFUSED };

/*
 * The smallest safecopy that may be shared (the threshold; UINT32_MAX when
 * sharing is off).  Written once by cowcopy_init at boot, read-only after.
 */
extern uint32_t cowcopy_min_bytes;

void cowcopy_init(const struct boot_options *opts);
uint32_t cowcopy_threshold(void);

/* Might a safecopy of `bytes` be shared?  One compare: below, it is copied. */
static inline bool cowcopy_candidate(uint32_t bytes)
{
	return bytes >= cowcopy_min_bytes;
}

/* What VM answered the caller's COW request, if it made one; cleared (locking: cowcopy.c). */
static inline int cowcopy_take_state(struct proc *caller)
{
	int state = caller->vmreq.cow;

	caller->vmreq.cow = COWCOPY_NONE;
	return state;
}

int cowcopy_safecopy(struct proc *caller, const struct mess_copy *c, int state);
int cowcopy_share(struct proc *vm, message *m);

#endif /* KERNEL_COWCOPY_H */
