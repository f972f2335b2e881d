/*
 * arch/i386/lapic.c - the local APIC: enable, EOI, errors, IPIs, timer.
 *
 * Two access modes, chosen once on the boot CPU and used by all CPUs:
 * xAPIC, registers in MMIO (the uncached device window maps them at their
 * physical address), or x2APIC, registers in MSRs 0x800 + offset/16, when
 * CPUID.1:ECX[21] offers it.  The register offsets below are the xAPIC
 * ones; x2APIC differs only in the 64-bit ICR and the 32-bit APIC id.
 *
 * The timer runs periodic at VEC_LAPIC_TIMER, divided by 16, with a count
 * calibrated once against the (PIT-calibrated) TSC.  TSC-deadline mode is
 * not used: periodic mode is simpler and the tick is all the kernel needs.
 *
 * Interface: lapic.h (arch-internal), and arch_send_ipi*,
 * arch_apic_send_init/startup (arch/smp.h, arch/apic.h).
 */
#include <stddef.h>
#include <arch/arch.h>
#include <arch/apic.h>
#include <arch/layout.h>
#include <arch/smp.h>
#include <arch/vectors.h>
#include <arch/x86.h>
#include "arch/i386/cpu_require.h"
#include "arch/i386/lapic.h"
#include "arch/i386/tsc.h"
#include "kernel/kernel.h"
#include "smp/cpu.h"

#define LAPIC_TPR		0x080
#define LAPIC_EOI		0x0b0
#define LAPIC_SVR		0x0f0
#define LAPIC_ESR		0x280
#define LAPIC_ICR_LO		0x300
#define LAPIC_ICR_HI		0x310	/* xAPIC only: x2APIC's ICR is one 64-bit MSR */
#define LAPIC_LVT_TIMER		0x320
#define LAPIC_LVT_LINT0		0x350
#define LAPIC_LVT_LINT1		0x360
#define LAPIC_LVT_ERROR		0x370
#define LAPIC_TIMER_INIT	0x380
#define LAPIC_TIMER_COUNT	0x390
#define LAPIC_TIMER_DIV		0x3e0

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_X2APIC	(1u << 10)
#define APIC_BASE_ENABLE	(1u << 11)
#define MSR_X2APIC_BASE		0x800

#define SVR_ENABLE		(1u << 8)
#define LVT_MASKED		(1u << 16)
#define LVT_PERIODIC		(1u << 17)
#define LVT_EXTINT		(7u << 8)
#define TIMER_DIV_16		0x3

#define ICR_FIXED		(0u << 8)
#define ICR_NMI			(4u << 8)
#define ICR_INIT		(5u << 8)
#define ICR_STARTUP		(6u << 8)
#define ICR_PENDING		(1u << 12)	/* xAPIC: not yet accepted */
#define ICR_ASSERT		(1u << 14)
#define ICR_ALL_BUT_SELF	(3u << 18)

#define CALIBRATE_US		10000

/* Set on the boot CPU before any AP starts; read-only after. */
static bool active;
static bool x2apic;
static volatile uint32_t *mmio;		/* xAPIC registers, NULL in x2APIC mode */
static uint32_t timer_counts_per_sec;	/* after the divide-by-16 */

static uint32_t lapic_read(unsigned reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(MSR_X2APIC_BASE + (reg >> 4));
	return mmio[reg / 4];
}

static void lapic_write(unsigned reg, uint32_t v)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_BASE + (reg >> 4), v);
	else
		mmio[reg / 4] = v;
}

bool lapic_in_use(void)
{
	return active;
}

uint32_t arch_apic_boot_id(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	return r[1] >> 24;
}

bool lapic_probe(uint32_t phys)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	if (!(r[3] & CPUID_EDX_APIC)) {
		kprintf(KLOG_WARN "lapic: the CPU has no local APIC");
		return false;
	}
	x2apic = (r[2] & CPUID_ECX_X2APIC) != 0;
	if (!x2apic && (phys < DEVICE_WINDOW_BASE || (phys & (PAGE_SIZE - 1)))) {
		kprintf(KLOG_WARN "lapic: registers at %#x, outside the device window; not used", phys);
		return false;
	}
	mmio = x2apic ? NULL : (volatile uint32_t *)phys;
	return true;
}

/*
 * CPUID says there is no local APIC, yet QEMU builds one for every CPU of a
 * multiprocessor machine (-cpu qemu32,-apic -smp 2): enabled, LINT0 masked,
 * so the 8259's interrupt never reaches the CPU (turning the APIC off
 * through its MSR leaves LINT0 masked there).  Such an APIC, found through
 * the APIC base MSR, is put in virtual-wire mode (MP spec 3.6.2.2):
 * software-enabled, LINT0 ExtINT, everything else as it was; the 8259 then
 * answers the interrupt acknowledge as on a CPU without an APIC, and the
 * kernel uses nothing else of it.  Only where the MSR can be read
 * (cpu_apic_hidden_msr); on any other CPU nothing is touched.
 */
void lapic_pass_8259(void)
{
	uint64_t base;
	uint32_t phys;

	if (!cpu_apic_hidden_msr(cpu_boot_id()))
		return;
	base = rdmsr(MSR_APIC_BASE);
	if (!(base & APIC_BASE_ENABLE) || (base & APIC_BASE_X2APIC))
		return;
	phys = (uint32_t)base & ~(PAGE_SIZE - 1);
	if (phys < DEVICE_WINDOW_BASE) {
		kprintf("lapic: CPUID hides an APIC at %#x, outside the device window; "
			"the 8259 may not get through", phys);
		return;
	}
	mmio = (volatile uint32_t *)phys;
	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
	lapic_write(LAPIC_LVT_LINT0, LVT_EXTINT);
	kprintf("lapic: CPUID hides an enabled local APIC at %#x; virtual wire for the 8259",
		phys);
}

/* Disabled -> xAPIC -> x2APIC: the mode changes the SDM permits, one at a time. */
void lapic_enable(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	if (!(base & APIC_BASE_ENABLE))
		wrmsr(MSR_APIC_BASE, base |= APIC_BASE_ENABLE);
	if (x2apic && !(base & APIC_BASE_X2APIC))
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_X2APIC);
	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VEC_LAPIC_TIMER);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);	/* the 8259 pair is parked */
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, VEC_APIC_ERROR);
	lapic_write(LAPIC_ESR, 0);			/* the ESR latches on a write */
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_TPR, 0);
	lapic_eoi();					/* anything left in service */
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

void lapic_error(void)
{
	uint32_t esr;

	lapic_write(LAPIC_ESR, 0);
	esr = lapic_read(LAPIC_ESR);
	lapic_eoi();
	klog_ratelimited(KLOG_WARN "lapic: APIC error, ESR %#x", esr);
}

/* Counts the timer (one-shot, masked) over CALIBRATE_US of TSC time. */
static void timer_calibrate(void)
{
	uint32_t left;

	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VEC_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, UINT32_MAX);
	arch_delay_us(CALIBRATE_US);
	left = lapic_read(LAPIC_TIMER_COUNT);
	lapic_write(LAPIC_TIMER_INIT, 0);
	timer_counts_per_sec = (UINT32_MAX - left) * (1000000u / CALIBRATE_US);
	kprintf("lapic: %s mode, timer %u kHz, TSC %u kHz", x2apic ? "x2APIC" : "xAPIC",
		timer_counts_per_sec / 1000, tsc_khz());
}

void lapic_init_boot(void)
{
	active = true;
	lapic_enable();
	timer_calibrate();
}

void lapic_timer_start(unsigned hz)
{
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VEC_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, timer_counts_per_sec / hz);
}

/*
 * Sends one IPI; the kernel runs with interrupts off, so nothing on this
 * CPU comes between the two xAPIC ICR writes.  x2APIC's WRMSR does not
 * order earlier stores, hence the fence: the receiver must see whatever
 * the IPI announces.
 */
static void icr_send(uint32_t apic_id, uint32_t cmd)
{
	if (!active)
		return;
	if (x2apic) {
		__asm__ volatile("mfence; lfence" ::: "memory");
		wrmsr(MSR_X2APIC_BASE + (LAPIC_ICR_LO >> 4), ((uint64_t)apic_id << 32) | cmd);
		return;
	}
	while (mmio[LAPIC_ICR_LO / 4] & ICR_PENDING)
		cpu_relax();
	mmio[LAPIC_ICR_HI / 4] = apic_id << 24;
	mmio[LAPIC_ICR_LO / 4] = cmd;
	while (mmio[LAPIC_ICR_LO / 4] & ICR_PENDING)
		cpu_relax();
}

void arch_send_ipi(unsigned cpu_id, unsigned vector)
{
	icr_send(cpus[cpu_id].apic_id, ICR_ASSERT | ICR_FIXED | vector);
}

void arch_send_ipi_all_but_self(unsigned vector)
{
	icr_send(0, ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_FIXED | vector);
}

void arch_send_nmi_all_but_self(void)
{
	icr_send(0, ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_NMI);
}

/* INIT, edge, assert: no de-assert message (ignored since the P4, and x2APIC lacks it). */
void arch_apic_send_init(uint32_t apic_id)
{
	icr_send(apic_id, ICR_ASSERT | ICR_INIT);
}

void arch_apic_send_startup(uint32_t apic_id, uint32_t page)
{
	icr_send(apic_id, ICR_ASSERT | ICR_STARTUP | (page & 0xff));
}
