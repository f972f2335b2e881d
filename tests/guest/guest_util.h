/*
 * tests/guest/guest_util.h - helpers shared by the in-guest test programs.
 */
#ifndef TESTS_GUEST_UTIL_H
#define TESTS_GUEST_UTIL_H

#include <stdint.h>
#include <abi/info.h>

/* Finds boot module `name` whose arguments are `args` (NULL: any); -1 if none. */
int find_bootmod(const char *name, const char *args, struct bootmod_info *out);

/*
 * Waits (sleeping) until the process with endpoint ep has ended; fills *out
 * with its slot's record.  Returns 0, or -1 if it is still alive after 30 s.
 */
int wait_for_death(endpoint_t ep, struct proc_info *out);

/*
 * Byte patterns for copy tests: byte i of pattern `seed` is pattern_byte;
 * pattern_fill writes bytes [from, from + n) of it to p, pattern_matches
 * checks them (1 if all match).
 */
uint8_t pattern_byte(unsigned seed, unsigned i);
void pattern_fill(uint8_t *p, unsigned n, unsigned seed, unsigned from);
int pattern_matches(const uint8_t *p, unsigned n, unsigned seed, unsigned from);

/*
 * The scheduling policy in use (kinfo.sched); "" if it cannot be read.
 * The cases about mlfq's hand-off rules between priorities (mlfq's, and
 * fp's for processes without a budget) skip under the others with
 * skip_unless_prio_handoff's reason.
 */
const char *sched_policy(void);
const char *skip_unless_prio_handoff(void);

#endif /* TESTS_GUEST_UTIL_H */
