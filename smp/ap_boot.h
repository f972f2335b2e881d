/*
 * smp/ap_boot.h - bringing the other CPUs up.
 *
 *   smp_init(max_cpus)  boot CPU, once, after memory_init and proc_init
 *                       and before any process runs: find the CPUs and
 *                       interrupt controllers (smp/topology.h), take the
 *                       APIC into service, start up to max_cpus CPUs in
 *                       all (0: every one found), each as cpus[i] with
 *                       i = 1, 2, ... in start order, and log
 *                       "N CPUs online" (and a max_cpus above the
 *                       machine's count, and CPUs left out that started
 *                       late).  Without a usable APIC it leaves
 *                       the machine on one CPU and the 8259 PIC.
 *   smp_ap_online(c)    called by ap_main on the new CPU c once it is set
 *                       up (arch_ap_init done), before kernel_return():
 *                       tells the waiting boot CPU, which then sets
 *                       c in cpus_online and counts it in ncpus_online.
 *                       If the boot CPU has already given up on c, c logs that
 *                       it came up late and halts for good instead of
 *                       returning.
 */
#ifndef SMP_AP_BOOT_H
#define SMP_AP_BOOT_H

struct cpu;

void smp_init(unsigned max_cpus);
void smp_ap_online(struct cpu *c);

#endif /* SMP_AP_BOOT_H */
