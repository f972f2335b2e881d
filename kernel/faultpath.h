/*
 * kernel/faultpath.h - the page-fault fast paths (kernel/faultpath.c).
 *
 *   faultpath_fault   p (current on this CPU) faults while VM waits in a
 *                     receive on the same CPU: the fault goes straight into
 *                     VM's buffer and VM runs in p's place.  Returns only
 *                     to fall back (counted in cpu.pf_fault_slow); the
 *                     caller then takes the general path.
 *   faultpath_resume  VM (current) has just mapped p's page under p's CPU
 *                     lock, which is this CPU's, for a MAP_PHYS with
 *                     VMF_RESUME | VMF_WAIT: p runs in VM's place and VM
 *                     waits in RECEIVE(ANY) into buf.  Releases the lock
 *                     and never returns on success; returns false, with
 *                     the lock still held, to fall back (cpu.pf_resume_slow).
 */
#ifndef KERNEL_FAULTPATH_H
#define KERNEL_FAULTPATH_H
#include <stdbool.h>
#include <stdint.h>
#include <abi/types.h>

struct proc;

void faultpath_fault(struct proc *p, struct proc *vm, vir_bytes addr, uint32_t flags, uint32_t ip);
bool faultpath_resume(struct proc *vm, struct proc *p, vir_bytes buf, vir_bytes va, bool replaced);

#endif /* KERNEL_FAULTPATH_H */
