# tools/: host-side targets - test, run, iso, bench.
QEMU := qemu-system-i386
TEST_TIMEOUT ?= 180
# ACCEL=auto|kvm|tcg: the accelerator guests boot under.
ACCEL ?= auto
HARNESS_KVM = $(if $(filter tcg,$(ACCEL)),off,$(if $(filter kvm,$(ACCEL)),on,auto))
# CPU counts `make test` boots the suite with; CPUS=N picks one.
TEST_CPUS ?= $(if $(filter command line,$(origin CPUS)),$(CPUS),1 4)

# The test boot on N CPUs through GRUB (the module list names N for smp_test).
$(BUILD)/test-%.iso: $(KERNEL_ELF) $(GUEST_TEST_PROGS) $(GUEST_BAD_MODULES) tools/mkiso.sh
	@IFS=';' read -ra mods <<< "$(call guest_test_modules,$*)"; \
	tools/mkiso.sh $@ $(KERNEL_ELF) "$(GUEST_TEST_CMDLINE)" "$${mods[@]}"

iso: $(BUILD)/test-$(CPUS).iso
	cp $< $(BUILD)/test.iso

# Each CPU count boots the suite twice: QEMU's loader and GRUB.
guest_spec = name=$(2)-$(1)cpu,boot=$(3),cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),iso=$(BUILD)/test-$(1).iso,cmdline=$(GUEST_TEST_CMDLINE),modules=$(call guest_test_modules,$(1))

test: deps
	$(MAKE) --no-print-directory all host-tests $(foreach n,$(TEST_CPUS),$(BUILD)/test-$(n).iso)
	python3 tools/harness.py --out $(BUILD)/test --kvm $(HARNESS_KVM) \
		$(foreach b,$(HOST_TEST_BINS),--host-test $(b)) --host-test $(BENCH_HOST_TEST) \
		--host-test tools/test_mkiso.sh \
		$(foreach n,$(TEST_CPUS),--guest "$(call guest_spec,$(n),direct,direct)" \
			--guest "$(call guest_spec,$(n),grub,iso)" \
			--guest "$(call bench_test_spec,$(n))")

run: deps all
	@IFS=';' read -ra mods <<< "$(call guest_test_modules,$(CPUS))"; initrd=$$(IFS=,; echo "$${mods[*]}"); \
	$(QEMU) -machine pc -cpu max -m 256 -smp $(CPUS) -nographic -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel $(KERNEL_ELF) -append "$(GUEST_TEST_CMDLINE)" -initrd "$$initrd"; \
	rc=$$?; [ $$rc = 1 ] || { echo "make run: QEMU exited with $$rc"; exit $$rc; }

# make bench: the benchmark suite (tools/bench.py, BENCHMARKS.md).
#   MODE=auto|kvm|icount|tcg  auto: kvm when usable, else icount
#   CPUS=N                    guest CPUs
#   BENCH=ITEMS               the guest's bench= value: names, prefix*, all,
#                             quick, tiny, force (lib/libbench/include/bench.h)
#   HOSTBENCH=0               skip the host microbenchmarks that follow
#   KARGS='opt=v ...'         more kernel options, e.g. KARGS=safecopy_cow=0
# Writes build/bench/<date>-<mode>.json, latest.json and plots/, then
# host-<date>.json (make hostbench); compare two runs with
# tools/compare.sh OLD.json NEW.json.  The extras (hwloc for
# pinning, gnuplot, compare.py) are optional: without them it still runs.
MODE ?= auto
BENCH ?= all
BENCH_OUT := $(BUILD)/bench

# After a successful guest run, the host microbenchmarks
# (tools/hostbench/hostbench.mk); HOSTBENCH=0 leaves them out.
HOSTBENCH_RUN = $(if $(filter 0 no,$(HOSTBENCH)),,yes)

bench: deps
	@tools/deps.sh bench || echo "make bench: benchmark extras missing (hwloc, gnuplot, compare.py); going on without them"
	@$(MAKE) --no-print-directory kernel $(BENCH_PROG)
	python3 tools/bench.py --mode $(MODE) --cpus $(CPUS) --select '$(BENCH)' \
		--kernel $(KERNEL_ELF) --program $(BENCH_PROG) --out $(BENCH_OUT) \
		--kernel-args '$(KARGS)'
	@$(if $(HOSTBENCH_RUN),echo && $(MAKE) --no-print-directory hostbench,true)

include tools/hostbench/hostbench.mk

# The bench program booted once in tiny mode, for `make test`: add
#   --host-test $(BENCH_HOST_TEST) $(foreach n,$(TEST_CPUS),--guest "$(call bench_test_spec,$(n))")
# (or --guest "$(BENCH_TEST_SPEC)" for CPUS) to the harness call.  It prints
# TAP `bench.<name>` per benchmark; `force` runs the multi-CPU benchmarks
# even where they would skip, so their code is exercised.  BENCH_HOST_TEST
# checks the runner's parsing and JSON (TAP under the harness).
bench_test_spec = name=bench-tiny-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=bench=tiny:force,modules=$(BENCH_PROG)
BENCH_TEST_SPEC = $(call bench_test_spec,$(CPUS))
BENCH_HOST_TEST := tools/test_bench.py

.PHONY: bench-test
bench-test: deps
	@$(MAKE) --no-print-directory kernel $(BENCH_PROG)
	python3 tools/harness.py --out $(BUILD)/bench-test \
		--host-test $(BENCH_HOST_TEST) --guest "$(BENCH_TEST_SPEC)"
