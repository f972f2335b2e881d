# tests/guest: in-guest test programs and the deliberately bad modules.
# $(call guest_test_modules,N) is the module list of a test boot on N CPUs
# ("path args" items separated by ';').  The VM server boots first, so it
# has registered before any test program faults.
GT := $(BUILD)/tests/guest
GUEST_TEST_PROGS := $(GT)/boot_test $(GT)/arch_test $(GT)/fault $(GT)/ipc_test $(GT)/kcall_test \
	$(GT)/sys_test $(GT)/smp_test $(GT)/grant_test $(GT)/fastpath_test $(GT)/vm_test \
	$(GT)/vmgrant_test $(GT)/asrace_test $(VM_SERVER)
GUEST_BAD_MODULES := $(GT)/not_elf $(GT)/truncated_elf $(GT)/huge_elf

$(eval $(call user_program,$(GT)/boot_test,tests/guest/boot_test.c tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/arch_test,tests/guest/arch_test.c tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/fault,tests/guest/fault.c))
$(eval $(call user_program,$(GT)/ipc_test,tests/guest/ipc_test.c tests/guest/children.c tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/kcall_test,tests/guest/kcall_test.c tests/guest/kcall_short.c \
	tests/guest/kcall_regs.S tests/guest/children.c tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/sys_test,tests/guest/sys_test.c tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/fastpath_test,tests/guest/fastpath_test.c tests/guest/fastpath_ops.c \
	tests/guest/fastpath_segs.c tests/guest/segs.S tests/guest/children.c tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/grant_test,tests/guest/grant_test.c tests/guest/children.c tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/smp_test,tests/guest/smp_test.c tests/guest/children.c tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/vm_test,tests/guest/vm_test.c tests/guest/children.c tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/vmgrant_test,tests/guest/vmgrant_test.c tests/guest/children.c tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/asrace_test,tests/guest/asrace_test.c tests/guest/children.c tests/guest/guest_util.c))

$(GT)/not_elf: tests/guest/not_elf.txt
	@mkdir -p $(dir $@)
	cp $< $@
$(GT)/truncated_elf: $(GT)/fault tools/mkbadelf.py
	python3 tools/mkbadelf.py truncate $< $@
$(GT)/huge_elf: $(GT)/fault tools/mkbadelf.py
	python3 tools/mkbadelf.py huge $< $@

FAULTS := pf_null pf_kernel pf_unmapped write_text priv_cli priv_hlt priv_out priv_cr3 \
	div0 ud2 x87_div0 int_irq stack_overflow sel_kernel sel_cpu
# The suite's command line has one boot problem of each kind: an unknown
# option, a missing required module, an unknown policy, a bad value (so
# loglevel keeps its default, 6): boot_test problems=4 loglevel=6.
GUEST_TEST_CMDLINE := test=all bogus_option require=absent_module sched=rr loglevel=9
# Test programs that make privileged calls are marked priv=system on the boot
# line (kernel/bootmods.c); the fault modules run unmarked, as USER.  One
# module's mark names no class: boot_test checks that it was not started.
SYSTEM := priv=system
GUEST_TEST_MODULES := $(subst ; ,;,$(GT)/boot_test $(SYSTEM) problems=4 loglevel=6 class=system;$(GT)/arch_test $(SYSTEM);$(GT)/ipc_test $(SYSTEM);$(GT)/kcall_test $(SYSTEM);$(GT)/sys_test $(SYSTEM);$(foreach f,$(FAULTS),$(GT)/fault $(f);)$(GT)/fault priv=root pf_null;$(GT)/not_elf;$(GT)/truncated_elf;$(GT)/huge_elf)
guest_test_modules = $(VM_SERVER) $(SYSTEM);$(GUEST_TEST_MODULES);$(GT)/smp_test $(SYSTEM) cpus=$(1);$(GT)/grant_test $(SYSTEM);$(GT)/fastpath_test $(SYSTEM);$(GT)/vm_test $(SYSTEM);$(GT)/vmgrant_test $(SYSTEM);$(GT)/asrace_test $(SYSTEM)

# The boot without the VM server: sys_test's vmsuspend cases act as VM
# (they skip where the real one is registered), and the console is quiet
# (boot_test checks level 4 and that boot's info lines were suppressed).
# boot_test runs unmarked there, as a USER process.
# $(call guest_novm_modules,N) for N CPUs; the harness spec is
# name=novm-Ncpu,boot=direct,cpus=N,cmdline=$(GUEST_NOVM_CMDLINE),modules=...
GUEST_NOVM_CMDLINE := test=all quiet
guest_novm_modules = $(GT)/sys_test $(SYSTEM) novm;$(GT)/boot_test problems=0 loglevel=4 class=user;$(GT)/fault priv=root pf_null;$(GT)/not_elf;$(GT)/truncated_elf;$(GT)/huge_elf

userland: $(GUEST_TEST_PROGS) $(GUEST_BAD_MODULES)
include tests/guest/prof.mk

include tests/guest/ds.mk
