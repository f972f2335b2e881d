# tests/guest/rs.mk - the rs boot: RS, DS, hello and the test services
# (rs_svc under one name per row of RS's table), rs_test with the sef.*
# and rs.* cases and the crash-recovery campaign, and a `service` command.
# It boots at 1 and 4 CPUs in make test (GUEST_BOOTS); `make soak-services`
# runs the long campaign (SOAK_CRASHES crashes under load).
RS_SVC_NAMES := svc_sync svc_order svc_same svc_dep svc_ipc svc_fresh svc_mute svc_initfail \
	svc_liar svc_slow svc_crashy svc_stubborn svc_ctl
RS_SVCS := $(RS_SVC_NAMES:%=$(GT)/%)

$(eval $(call user_program,$(GT)/rs_svc,tests/guest/rs_svc.c tests/guest/children.c \
	tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/rs_test,tests/guest/rs_test.c tests/guest/rs_campaign.c \
	tests/guest/rs_ds.c \
	tests/guest/children.c tests/guest/guest_util.c $(HELLO_CLIENT_SRCS)))
$(RS_SVCS): $(GT)/rs_svc
	cp $< $@

userland: $(GT)/rs_test $(RS_SVCS)

# $(call rs_modules,ARGS): the boot's modules; ARGS go to rs_test.
rs_modules = $(subst ; ,;,$(VM_SERVER) priv=system;$(RS_SERVER) priv=system;$(DS_SERVER) priv=service;$(HELLO_SERVER) priv=service;$(foreach s,$(RS_SVCS),$(s) priv=service;)$(GT)/rs_test priv=system $(1);$(SERVICE_PROG) priv=system restart svc_ctl)
RS_CMDLINE := test=all
# The 1-CPU boot runs the quick campaign (100 crashes); on more CPUs it is
# 25: cross-CPU IPC under TCG on a shared host makes each crash ~10x slower.
rs_crashes = $(if $(filter 1,$(1)),100,25)
rs_spec = name=rs-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=$(RS_CMDLINE),modules=$(call rs_modules,crashes=$(call rs_crashes,$(1)))
GUEST_BOOTS += rs_spec

SOAK_CRASHES ?= 1000
SOAK_CPUS ?= 2
rs_soak_spec = name=rs-soak-$(1)cpu,boot=direct,cpus=$(1),timeout=1800,kernel=$(KERNEL_ELF),cmdline=test=rs.campaign,modules=$(call rs_modules,crashes=$(SOAK_CRASHES))

# make soak-services [SOAK_CRASHES=N SOAK_CPUS=N]: the long campaign alone.
.PHONY: soak-services
soak-services: deps
	$(MAKE) --no-print-directory all
	python3 tools/harness.py --out $(BUILD)/soak --accel $(ACCEL) --canary $(CANARY) \
		--guest "$(call rs_soak_spec,$(SOAK_CPUS))"

# The rs_death boot (tests/guest/rs_death_test.c): RS with DS and one
# service, killed by the test; the system must stay up.  At 1 and 4 CPUs.
$(eval $(call user_program,$(GT)/rs_death_test,tests/guest/rs_death_test.c \
	tests/guest/children.c tests/guest/guest_util.c))
userland: $(GT)/rs_death_test
rs_death_modules = $(VM_SERVER) priv=system;$(RS_SERVER) priv=system;$(DS_SERVER) priv=service;$(GT)/svc_fresh priv=service;$(GT)/rs_death_test priv=system
rs_death_spec = name=rs-death-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=all,modules=$(rs_death_modules)
GUEST_BOOTS += rs_death_spec
