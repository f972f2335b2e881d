# tests/guest/lu.mk - the lu boot: RS, hello (version 1) and hello_v2 (its
# version 2, held for RS), lu_test with the lu.* cases and the live-update
# campaign under load, and `service update hello hello_v2` on the boot
# line.  It boots at 1 and 4 CPUs in make test (GUEST_BOOTS); `make
# soak-lu` runs the long campaign (SOAK_UPDATES updates under load).
$(eval $(call user_program,$(GT)/lu_test,tests/guest/lu_test.c tests/guest/lu_campaign.c \
	tests/guest/children.c tests/guest/guest_util.c $(HELLO_CLIENT_SRCS)))

userland: $(GT)/lu_test

# $(call lu_modules,ARGS): the boot's modules; ARGS go to lu_test.
lu_modules = $(VM_SERVER) priv=system;$(RS_SERVER) priv=system;$(HELLO_SERVER) priv=service;$(HELLO_V2_SERVER) priv=service;$(GT)/lu_test priv=system $(1);$(SERVICE_PROG) priv=system update hello hello_v2 -state requestfree -maxtime 200
# make test: 20 updates (4 of them after a rollback) at 1 CPU, 10 at 4 CPUs.
lu_updates = $(if $(filter 1,$(1)),20,10)
lu_spec = name=lu-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=all,modules=$(call lu_modules,updates=$(call lu_updates,$(1)))
GUEST_BOOTS += lu_spec

SOAK_UPDATES ?= 100
lu_soak_spec = name=lu-soak-$(1)cpu,boot=direct,cpus=$(1),timeout=1800,kernel=$(KERNEL_ELF),cmdline=test=lu.campaign,modules=$(call lu_modules,updates=$(SOAK_UPDATES))

# make soak-lu [SOAK_UPDATES=N SOAK_CPUS=N]: the long campaign alone.
.PHONY: soak-lu
soak-lu: deps
	$(MAKE) --no-print-directory all
	python3 tools/harness.py --out $(BUILD)/soak-lu --accel $(ACCEL) --canary $(CANARY) \
		--guest "$(call lu_soak_spec,$(SOAK_CPUS))"
