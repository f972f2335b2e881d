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
	tests/fuzz/fuzz_ops.c tests/fuzz/fuzz_async.c tests/fuzz/fuzz_cow.c tests/fuzz/fuzz_partner.c tests/fuzz/fuzz_trap.S \
	tests/guest/children.c tests/guest/guest_util.c))
FOUND_TEST := $(FZ)/found_test
$(eval $(call user_program,$(FOUND_TEST),tests/fuzz/found_test.c tests/fuzz/fuzz_trap.S \
	tests/guest/children.c tests/guest/guest_util.c))
userland: $(FUZZ_PROG) $(FOUND_TEST)

FUZZ_TEST_CALLS ?= 1000
# make test's boot: VM, the replayed finds, asrace's races of ending and
# moving processes (tests/guest/asrace_test.c, argument end), the partner,
# then a USER and a SYSTEM campaign of seed 1 (tools/fuzz.py boots the same
# campaigns for make fuzz).
fuzz_spec = name=fuzz-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=all quiet,modules=$(VM_SERVER) $(SYSTEM);$(FOUND_TEST) $(SYSTEM);$(GT)/asrace_test $(SYSTEM) end;$(FUZZ_PROG) $(SYSTEM) partner=2;$(FUZZ_PROG) seed=1 calls=$(FUZZ_TEST_CALLS);$(FUZZ_PROG) $(SYSTEM) seed=1 calls=$(FUZZ_TEST_CALLS)
GUEST_BOOTS += fuzz_spec

# make fuzz SEED=N CALLS=N CPUS=N [PRIV=user|system|both] [ACCEL=tcg] [COVER=1] [JOBS=J]
# COVER=1: with the kernel coverage plugin (tools/coverage), the coverage
# after the counts.  JOBS=J: J guests side by side, seeds SEED.. with
# CALLS/J calls each (a campaign mostly waits for clock ticks under TCG).
SEED ?= 1
JOBS ?= 1
CALLS ?= 100000
PRIV ?= both
FUZZ_ARGS = --seed $(SEED) --cpus $(CPUS) --priv $(PRIV) --kernel $(KERNEL_ELF) --vm $(VM_SERVER) \
	--prog $(FUZZ_PROG) --canary $(CANARY) --accel $(ACCEL) --out $(BUILD)/fuzz
FUZZ_COVER_ARGS = $(if $(filter 1 yes,$(COVER)),--cover $(COVER_PLUGIN) --objs $(BUILD)/kernel-objs)
.PHONY: fuzz fuzz-repro
fuzz: deps all $(if $(filter 1 yes,$(COVER)),cover-plugin)
	python3 tools/fuzz.py $(FUZZ_ARGS) $(FUZZ_COVER_ARGS) --calls $(CALLS) --jobs $(JOBS)

# make fuzz-repro SEED=N UPTO=K [PRIV=...]: the first K operations, each of
# the last batch printed (a crash at operation K shows as the last line).
fuzz-repro: deps all
	@test -n "$(UPTO)" || { echo "make fuzz-repro: UPTO=K (the call to stop after) is needed"; exit 2; }
	python3 tools/fuzz.py $(FUZZ_ARGS) --calls $(UPTO) --upto $(UPTO) \
		--verbose-from $$(( $(UPTO) > 1000 ? $(UPTO) - 1000 : 0 ))
