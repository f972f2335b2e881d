# tests/guest/sched.mk - the scheduling policies' boots of `make test`
# (GUEST_BOOTS, tools/tools.mk), at 1 and 4 CPUs each:
#
#   sched-<policy>-Ncpu   sched=<policy> (mlfq, fair, edf, fp): sched_test's
#                         sched.* cases (each policy's defining property,
#                         SYS_SCHEDPARAM's checks), and fastpath_test (every
#                         IPC fast path, its fallbacks and its results
#                         against the general path's) under that policy.
#   balance-<how>-Ncpu    balance=pull, steal: sched_test's sched.balance
#                         (spinners spread, migrations counted, budgeted
#                         ones left where they are).
#
# The whole suite also runs under fair, edf and fp (`make test-sched-suite`, a
# boot each at 4 CPUs, minutes under TCG): make test runs this subset, the
# programs whose results depend on the policy's hand-offs and order, to
# stay within its time.

$(eval $(call user_program,$(GT)/sched_test,tests/guest/sched_test.c tests/guest/children.c \
	tests/guest/guest_util.c))
userland: $(GT)/sched_test

sched_boot_modules = $(VM_SERVER) $(SYSTEM);$(GT)/sched_test $(SYSTEM) policy=$(1);$(GT)/fastpath_test $(SYSTEM)
sched_boot_spec = name=sched-$(2)-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=all sched=$(2),modules=$(call sched_boot_modules,$(2))
sched_mlfq_spec = $(call sched_boot_spec,$(1),mlfq)
sched_fair_spec = $(call sched_boot_spec,$(1),fair)
sched_edf_spec = $(call sched_boot_spec,$(1),edf)
GUEST_BOOTS += sched_mlfq_spec sched_fair_spec sched_edf_spec

# fp: fixed priorities with sporadic-server budgets (kernel/sched_fp.c).
sched_fp_spec = $(call sched_boot_spec,$(1),fp)
GUEST_BOOTS += sched_fp_spec

# The balancers (balance=pull, steal): sched_test alone; pull under mlfq
# (all of sched.*: the other policies' cases skip), steal under edf (its
# sched.balance* cases: sched.balance_leaves_budgets needs budgets; the
# others would see their children moved).
sched_balance_spec = name=balance-$(2)-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=$(4) balance=$(2) sched=$(3),modules=$(VM_SERVER) $(SYSTEM);$(GT)/sched_test $(SYSTEM) policy=$(3)
sched_pull_spec = $(call sched_balance_spec,$(1),pull,mlfq,sched.*)
sched_steal_spec = $(call sched_balance_spec,$(1),steal,edf,sched.balance*)
GUEST_BOOTS += sched_pull_spec sched_steal_spec

# The whole suite under a policy: its command line with sched=<policy> for
# the suite's unknown one (boot_test then counts one problem less).
sched_suite_spec = name=suite-$(2)-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=$(subst sched=rr,sched=$(2),$(GUEST_TEST_CMDLINE)),modules=$(subst problems=4,problems=3,$(call guest_test_modules,$(1)));$(GT)/sched_test $(SYSTEM) policy=$(2)
sched_suite_fair_spec = $(call sched_suite_spec,$(1),fair)
sched_suite_edf_spec = $(call sched_suite_spec,$(1),edf)
sched_suite_fp_spec = $(call sched_suite_spec,$(1),fp)

.PHONY: test-sched-suite
test-sched-suite:
	$(MAKE) --no-print-directory test-boots BOOTS="sched_suite_fair_spec sched_suite_edf_spec sched_suite_fp_spec" CPUS=4

# sched=user: the user-space scheduler servers/sched with sched_test and
# fastpath_test (the server schedules fastpath_test and its children:
# take=), and usched_test's sched.user_* (the server's decisions, the
# kernel's refusals and its fallback when a scheduler stalls, answers
# garbage or is killed; its last case kills the server, which ends the boot).
$(eval $(call user_program,$(GT)/usched_test,tests/guest/usched_test.c tests/guest/children.c \
	tests/guest/guest_util.c))
userland: $(GT)/usched_test
sched_user_modules = $(VM_SERVER) $(SYSTEM);$(SCHED_SERVER) $(SYSTEM) take=fastpath_test;$(GT)/usched_test $(SYSTEM);$(GT)/sched_test $(SYSTEM) policy=user;$(GT)/fastpath_test $(SYSTEM)
sched_user_spec = name=sched-user-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=all sched=user,modules=$(sched_user_modules)
GUEST_BOOTS += sched_user_spec
