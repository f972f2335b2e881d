# tools/: host-side targets - test, run, iso, bench.
QEMU := qemu-system-i386
TEST_TIMEOUT ?= 180
TEST_ISO := $(BUILD)/test.iso

# The same test boot, once through QEMU's loader and once through GRUB.
$(TEST_ISO): $(KERNEL_ELF) $(GUEST_TEST_PROGS) $(GUEST_BAD_MODULES) tools/mkiso.sh
	@IFS=';' read -ra mods <<< "$(GUEST_TEST_MODULES)"; \
	tools/mkiso.sh $@ $(KERNEL_ELF) "$(GUEST_TEST_CMDLINE)" "$${mods[@]}"

iso: $(TEST_ISO)

guest_spec = name=$(1),boot=$(2),cpus=$(3),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),iso=$(TEST_ISO),cmdline=$(GUEST_TEST_CMDLINE),modules=$(GUEST_TEST_MODULES)

test: deps
	$(MAKE) --no-print-directory all host-tests $(TEST_ISO)
	python3 tools/harness.py --out $(BUILD)/test \
		$(foreach b,$(HOST_TEST_BINS),--host-test $(b)) \
		--guest "$(call guest_spec,direct-$(CPUS)cpu,direct,$(CPUS))" \
		--guest "$(call guest_spec,grub-$(CPUS)cpu,iso,$(CPUS))"

run: deps all
	@IFS=';' read -ra mods <<< "$(GUEST_TEST_MODULES)"; initrd=$$(IFS=,; echo "$${mods[*]}"); \
	$(QEMU) -machine pc -cpu max -m 256 -smp $(CPUS) -nographic -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel $(KERNEL_ELF) -append "$(GUEST_TEST_CMDLINE)" -initrd "$$initrd"; \
	rc=$$?; [ $$rc = 1 ] || { echo "make run: QEMU exited with $$rc"; exit $$rc; }

bench: deps
	@echo "make bench: no benchmarks yet (see BENCHMARKS.md)"
