/*
 * smp/tlb.h - TLB shootdown: after a mapping changed in an address space,
 * no CPU may keep using the old translation once tlb_shootdown returns.
 *
 * Every CPU that may hold translations of the space (the ones that have it
 * loaded: cpu_arch.loaded_as) gets an IPI and invalidates the range itself; the
 * caller waits for all of them.  A CPU spinning on a lock with interrupts
 * off would never take that IPI, so spin_lock serves pending shootdowns
 * while it waits (tlb_serve), which keeps the scheme deadlock-free.
 */
#ifndef SMP_TLB_H
#define SMP_TLB_H

#include <abi/types.h>

struct addr_space;

void tlb_shootdown(const struct addr_space *as, vir_bytes va, unsigned pages);
void tlb_serve(void);

#endif /* SMP_TLB_H */
