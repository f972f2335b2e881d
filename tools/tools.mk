# tools/: host-side targets - test, run, debug, iso, bench.  QEMU is started
# by tools/qemu.py alone (accelerators, the KVM canary, the command line).
# A boot that has not powered off after TEST_TIMEOUT seconds is a hang.  The
# 4-CPU suite boot (asrace) takes up to ~250 s on a loaded 2-core host.
TEST_TIMEOUT ?= 300
# ACCEL=auto|kvm|tcg|icount: what `make test`, `make run` and `make debug`
# boot under.  auto: KVM when the canary (tools/canary) runs under it, else
# TCG, with one line saying why; kvm that cannot be used is an error.
ACCEL ?= auto

# The KVM canary: the one module of the guest tools/qemu.py boots before it
# trusts KVM.  It runs as a USER process.
CANARY := $(BUILD)/tools/canary
$(eval $(call user_program,$(CANARY),tools/canary/canary.c))
userland: $(CANARY)
HOST_PY_TESTS := tools/test_harness.py tools/test_qemu.py
# make test boots the canary under TCG too, so a broken canary fails there.
CANARY_TEST_SPEC = name=canary-tcg-2cpu,accel=tcg,cpus=2,timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),modules=$(CANARY) cpus=2
# The configurations of tools/matrix.py that `make test` boots too: each
# guards a fix for a machine users have (the rest: make test-matrix).
TEST_MATRIX ?= cpu-486,cpu-pentium,cpu-pentium2,cpu-qemu32-noapic,cpu-qemu32-nosep,icount-4cpu,mem-16M,mem-16M-bench,mem-2G-4cpu,cpus-above,acpi-poweroff
# CPU counts `make test` boots the suite with; CPUS=N picks one.
TEST_CPUS ?= $(if $(filter command line,$(origin CPUS)),$(CPUS),1 4)

# The test boot on N CPUs through GRUB (the module list names N for smp_test).
# test-N.args holds the command line and module list the ISO was made with;
# it is rewritten only when they change, so that the ISO is rebuilt then.
$(BUILD)/test-%.args: FORCE
	@mkdir -p $(dir $@)
	@args='$(GUEST_TEST_CMDLINE) | $(call guest_test_modules,$*)'; \
	echo "$$args" | cmp -s - $@ || echo "$$args" > $@
.PHONY: FORCE
.PRECIOUS: $(BUILD)/test-%.args
$(BUILD)/test-%.iso: $(BUILD)/test-%.args $(KERNEL_ELF) $(GUEST_TEST_PROGS) $(GUEST_BAD_MODULES) tools/mkiso.sh
	@IFS=';' read -ra mods <<< "$(call guest_test_modules,$*)"; \
	tools/mkiso.sh $@ $(KERNEL_ELF) "$(GUEST_TEST_CMDLINE)" "$${mods[@]}"

iso: $(BUILD)/test-$(CPUS).iso
	cp $< $(BUILD)/test.iso

# Each CPU count boots the suite twice (QEMU's loader and GRUB) and the boot
# without the VM server once (tests/guest/guest.mk).
guest_novm_spec = name=novm-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=$(GUEST_NOVM_CMDLINE),modules=$(call guest_novm_modules,$(1))
guest_spec = name=$(2)-$(1)cpu,boot=$(3),cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),iso=$(BUILD)/test-$(1).iso,cmdline=$(GUEST_TEST_CMDLINE),modules=$(call guest_test_modules,$(1))

# GUEST_BOOTS: further boots of `make test`, each the name of a function
# that gives the harness spec of that boot on N CPUs; an area with a system
# of its own (services, a fuzzer, a policy) adds one in its own .mk:
#   GUEST_BOOTS += fuzz_spec
#   fuzz_spec = name=fuzz-$(1)cpu,boot=direct,cpus=$(1),...,modules=...
GUEST_BOOTS ?=

test: deps
	$(MAKE) --no-print-directory all host-tests $(foreach n,$(TEST_CPUS),$(BUILD)/test-$(n).iso)
	python3 tools/harness.py --out $(BUILD)/test --accel $(ACCEL) --canary $(CANARY) \
		$(foreach b,$(HOST_TEST_BINS) $(HOST_PY_TESTS),--host-test $(b)) --host-test $(BENCH_HOST_TEST) \
		--host-test tools/test_mkiso.sh --guest "$(CANARY_TEST_SPEC)" \
		$(foreach n,$(TEST_CPUS),--guest "$(call guest_spec,$(n),direct,direct)" \
			--guest "$(call guest_spec,$(n),grub,iso)" \
			--guest "$(call guest_novm_spec,$(n))" \
			--guest "$(call bench_test_spec,$(n))" \
			$(foreach b,$(GUEST_BOOTS),--guest "$(call $(b),$(n))")) \
		--matrix '$(TEST_MATRIX)' --matrix-suite "$(call guest_test_modules,@CPUS@)" \
		--matrix-cmdline "$(GUEST_TEST_CMDLINE)" --bench-program $(BENCH_PROG)

# make test-boots BOOTS="fuzz_spec guest_novm_spec" [CPUS=N]: only those
# boots of the suite (a spec function each, as in GUEST_BOOTS), no host tests.
.PHONY: test-boots
test-boots: deps
	$(MAKE) --no-print-directory all
	python3 tools/harness.py --out $(BUILD)/test --accel $(ACCEL) --canary $(CANARY) \
		$(foreach n,$(TEST_CPUS),$(foreach b,$(BOOTS),--guest "$(call $(b),$(n))"))

# make test-bochs: the GRUB ISOs of the 1-CPU test boot and of the bench
# program in tiny mode under Bochs (tools/bochs.py: a Pentium III, ACPI
# power-off).  Minutes per boot: Bochs interprets every instruction.
BENCH_ISO := $(BUILD)/bench-tiny.iso
$(BENCH_ISO): $(KERNEL_ELF) $(BENCH_PROG) tools/mkiso.sh
	tools/mkiso.sh $@ $(KERNEL_ELF) "bench=tiny:force" "$(BENCH_PROG) priv=system"
.PHONY: test-bochs
test-bochs:
	@tools/deps.sh test bochs
	$(MAKE) --no-print-directory all $(BUILD)/test-1.iso $(BENCH_ISO)
	python3 tools/bochs.py --out $(BUILD)/bochs suite=$(BUILD)/test-1.iso bench-tiny=$(BENCH_ISO)

# make test-matrix: the suite (or the bench program, or the canary) on every
# configuration of tools/matrix.py: CPU models from the 486 up, pc and q35,
# 1-16 CPUs, icount, 16 MiB to 3 GiB, ACPI power-off.  ONLY=names,prefix*
# picks some; the table ends the run and is written to build/matrix/matrix.md.
.PHONY: test-matrix
test-matrix: deps
	$(MAKE) --no-print-directory all $(BUILD)/test-2.iso
	python3 tools/matrix.py --out $(BUILD)/matrix --kernel $(KERNEL_ELF) \
		--cmdline "$(GUEST_TEST_CMDLINE)" --suite "$(call guest_test_modules,@CPUS@)" \
		--bench $(BENCH_PROG) --canary $(CANARY) $(if $(ONLY),--only '$(ONLY)')

# make run: the test boot with the console on stdio (Ctrl-A X quits);
# make debug: the same, QEMU waiting for gdb (tools/kestrel.gdb).
RUN_ARGS = --accel $(ACCEL) --cpus $(CPUS) --kernel $(KERNEL_ELF) --canary $(CANARY) \
	--cmdline "$(GUEST_TEST_CMDLINE)" --modules "$(call guest_test_modules,$(CPUS))"
.PHONY: debug
run: deps all
	python3 tools/qemu.py $(RUN_ARGS)
debug: deps all
	python3 tools/qemu.py --gdb $(RUN_ARGS)

# make bench: the benchmark suite (tools/bench.py, BENCHMARKS.md).
#   MODE=auto|kvm|icount|tcg|model  auto: kvm when the KVM canary runs, else
#                             icount; model: icount with the cycle model
#                             (tools/cyclemodel, docs/cycle_model.md)
#   CPUS=N                    guest CPUs
#   BENCH=ITEMS               the guest's bench= value: names, prefix*, all,
#                             quick, tiny, force (lib/libbench/include/bench.h)
#   RUNS=N                    boots to take the median of (default 5 under kvm
#                             and tcg, whose wall clock is noisy; 1 under
#                             icount and model, which are exact)
#   HOSTBENCH=0               skip the host microbenchmarks that follow
#   KARGS='opt=v ...'         more kernel options, e.g. KARGS=safecopy_cow=0
# Writes build/bench/<date>-<mode>.json, latest.json and plots/, then
# host-<date>.json (make hostbench); compare two runs with
# tools/compare.sh OLD.json NEW.json.  The extras (hwloc for
# pinning, gnuplot, compare.py) are optional: without them it still runs.
MODE ?= auto
BENCH ?= all
RUNS ?= 0
BENCH_OUT := $(BUILD)/bench

# After a successful guest run, the host microbenchmarks
# (tools/hostbench/hostbench.mk); HOSTBENCH=0 leaves them out.
HOSTBENCH_RUN = $(if $(filter 0 no,$(HOSTBENCH)),,yes)

bench: deps
	@tools/deps.sh bench || echo "make bench: benchmark extras missing (hwloc, gnuplot, compare.py); going on without them"
	@$(MAKE) --no-print-directory kernel $(BENCH_PROG) $(LATPROC) $(CANARY) $(if $(filter model,$(MODE)),$(MODEL_PLUGIN))
	python3 tools/bench.py --mode $(MODE) --cpus $(CPUS) --select '$(BENCH)' \
		--kernel $(KERNEL_ELF) --program $(BENCH_PROG) --module $(LATPROC) --out $(BENCH_OUT) --canary $(CANARY) \
		--kernel-args '$(KARGS)' --model-plugin $(MODEL_PLUGIN) --runs $(RUNS)
	@$(if $(HOSTBENCH_RUN),echo && $(MAKE) --no-print-directory hostbench,true)

include tools/hostbench/hostbench.mk

# The bench program booted once in tiny mode, for `make test`: add
#   --host-test $(BENCH_HOST_TEST) $(foreach n,$(TEST_CPUS),--guest "$(call bench_test_spec,$(n))")
# (or --guest "$(BENCH_TEST_SPEC)" for CPUS) to the harness call.  It prints
# TAP `bench.<name>` per benchmark; `force` runs the multi-CPU benchmarks
# even where they would skip, so their code is exercised.  BENCH_HOST_TEST
# checks the runner's parsing and JSON (TAP under the harness).
bench_test_spec = name=bench-tiny-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=bench=tiny:force,modules=$(BENCH_MODULES)
BENCH_TEST_SPEC = $(call bench_test_spec,$(CPUS))
BENCH_HOST_TEST := tools/test_bench.py

.PHONY: bench-test
bench-test: deps
	@$(MAKE) --no-print-directory kernel $(BENCH_PROG) $(CANARY)
	python3 tools/harness.py --out $(BUILD)/bench-test --accel $(ACCEL) --canary $(CANARY) \
		--host-test $(BENCH_HOST_TEST) --guest "$(BENCH_TEST_SPEC)"

include tools/profile/profile.mk
include tools/cyclemodel/cyclemodel.mk
include tools/coverage/coverage.mk
