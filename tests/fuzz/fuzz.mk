# tests/fuzz: the in-guest kernel fuzzer (docs/fuzzing.md).
#
# make test boots a short fixed-seed campaign at 1 and 4 CPUs (fuzz_spec in
# GUEST_BOOTS): a USER campaign, then a SYSTEM one, and their partner.
# make fuzz SEED=N CALLS=N CPUS=N [PRIV=user|system|both] runs a long one;
# make fuzz-repro SEED=N UPTO=K [PRIV=...] replays its first K operations,
# printing each from K-BATCH on (tools/fuzz.py).
FZ := $(BUILD)/tests/fuzz
FUZZ_PROG := $(FZ)/fuzz
$(eval $(call user_program,$(FUZZ_PROG),tests/fuzz/fuzz_main.c tests/fuzz/fuzz_gen.c \
	tests/fuzz/fuzz_ops.c tests/fuzz/fuzz_partner.c tests/fuzz/fuzz_trap.S \
	tests/guest/guest_util.c))
FOUND_TEST := $(FZ)/found_test
$(eval $(call user_program,$(FOUND_TEST),tests/fuzz/found_test.c tests/fuzz/fuzz_trap.S \
	tests/guest/children.c tests/guest/guest_util.c))
userland: $(FUZZ_PROG) $(FOUND_TEST)

FUZZ_TEST_CALLS ?= 2000
# $(call fuzz_modules,SEED,CALLS,EXTRA): the partner, a USER campaign, a SYSTEM one.
fuzz_modules = $(VM_SERVER) $(SYSTEM);$(FUZZ_PROG) $(SYSTEM) partner=2;$(FUZZ_PROG) seed=$(1) calls=$(2) $(3);$(FUZZ_PROG) $(SYSTEM) seed=$(1) calls=$(2) $(3)
# make test's boot: the replayed finds first, then the short campaigns.
fuzz_spec = name=fuzz-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=all quiet,modules=$(FOUND_TEST) $(SYSTEM);$(call fuzz_modules,1,$(FUZZ_TEST_CALLS),)
GUEST_BOOTS += fuzz_spec
