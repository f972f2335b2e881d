# tests/soak: make soak CPUS=8 MINUTES=N, an SMP soak (docs/soak.md).
SOAK_PROG := $(BUILD)/tests/soak/soak
$(eval $(call user_program,$(SOAK_PROG),tests/soak/soak.c tests/guest/children.c tests/guest/guest_util.c))
userland: $(SOAK_PROG)

MINUTES ?= 1
.PHONY: soak
soak: deps all
	python3 tools/harness.py --out $(BUILD)/soak --accel $(ACCEL) --canary $(CANARY) \
		--guest "name=soak-$(CPUS)cpu-$(MINUTES)min,boot=direct,cpus=$(CPUS),timeout=$$(( $(MINUTES) * 60 + 300 )),kernel=$(KERNEL_ELF),cmdline=test=soak.* quiet,modules=$(SOAK_PROG) $(SYSTEM) minutes=$(MINUTES)"
