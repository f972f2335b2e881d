# tools/: host-side targets - test, run, iso, bench.
QEMU := qemu-system-i386
TEST_TIMEOUT ?= 180
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
	python3 tools/harness.py --out $(BUILD)/test \
		$(foreach b,$(HOST_TEST_BINS),--host-test $(b)) \
		$(foreach n,$(TEST_CPUS),--guest "$(call guest_spec,$(n),direct,direct)" \
			--guest "$(call guest_spec,$(n),grub,iso)")

run: deps all
	@IFS=';' read -ra mods <<< "$(call guest_test_modules,$(CPUS))"; initrd=$$(IFS=,; echo "$${mods[*]}"); \
	$(QEMU) -machine pc -cpu max -m 256 -smp $(CPUS) -nographic -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel $(KERNEL_ELF) -append "$(GUEST_TEST_CMDLINE)" -initrd "$$initrd"; \
	rc=$$?; [ $$rc = 1 ] || { echo "make run: QEMU exited with $$rc"; exit $$rc; }

bench: deps
	@echo "make bench: no benchmarks yet (see BENCHMARKS.md)"
