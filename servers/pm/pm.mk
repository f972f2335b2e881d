# servers/pm: the process manager, its tests and their boot (docs/pm.md).
# PM_SERVER_SRCS is also linked into the bench program, which starts its
# own PM (its main() wins over the weak one in servers/pm/main.c).
PM_SERVER_SRCS := $(wildcard servers/pm/*.c)
PM_SERVER := $(BUILD)/servers/pm/pm

$(eval $(call user_program,$(PM_SERVER),$(PM_SERVER_SRCS)))

# pm_test runs unmarked (a USER process PM adopts); pm_prog is the
# boot-image program it execs (started at boot too: it then just ends).
PM_GT := $(BUILD)/tests/guest
$(eval $(call user_program,$(PM_GT)/pm_test,tests/guest/pm_test.c tests/guest/pm_regs.S \
	tests/guest/fpu_regs.c))
$(eval $(call user_program,$(PM_GT)/pm_prog,tests/guest/pm_prog.c))
# pm_kcall_test (priv=system) makes PM's kernel calls itself, as a signal manager.
$(eval $(call user_program,$(PM_GT)/pm_kcall_test,tests/guest/pm_kcall_test.c \
	tests/guest/children.c tests/guest/guest_util.c tests/guest/fpu_regs.c))

userland: $(PM_SERVER) $(PM_GT)/pm_test $(PM_GT)/pm_prog $(PM_GT)/pm_kcall_test

# The boot of the pm.* tests, at 1 and 4 CPUs in make test.
pm_modules = $(VM_SERVER) priv=system;$(PM_SERVER) priv=system;$(PM_GT)/pm_test;$(PM_GT)/pm_prog;$(PM_GT)/pm_kcall_test priv=system
pm_spec = name=pm-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=all,modules=$(pm_modules)
GUEST_BOOTS += pm_spec
