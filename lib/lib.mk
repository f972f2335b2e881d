# lib/: user-space libraries.  libc (startup, stdio, exit), libsys (kernel
# call and IPC stubs, one per call), libtest (TAP test runner), libsef
# (system services: init with RS, heartbeats, signals; include/sef.h).  User
# programs link crt0.o first and these archives after their own objects.
USER_CFLAGS := $(GUEST_CFLAGS) -I lib/libc/include -I lib/libsys/include -I lib/libtest/include \
	-I lib/libsef/include
USER_LDSCRIPT := lib/user.ld

LIBC_SRCS := $(filter-out lib/libc/crt0.S,$(wildcard lib/libc/*.c lib/libc/*.S)) $(COMMON_SRCS)
LIBSYS_SRCS := $(wildcard lib/libsys/*.c lib/libsys/*.S)
LIBTEST_SRCS := $(wildcard lib/libtest/*.c)
LIBSEF_SRCS := $(wildcard lib/libsef/*.c)

uobjs = $(patsubst %,$(BUILD)/user-objs/%.o,$(basename $(1)))

CRT0 := $(BUILD)/user-objs/lib/libc/crt0.o
LIBC := $(BUILD)/lib/libc.a
LIBSYS := $(BUILD)/lib/libsys.a
LIBTEST := $(BUILD)/lib/libtest.a
LIBSEF := $(BUILD)/lib/libsef.a
USER_LIBS := $(LIBTEST) $(LIBSEF) $(LIBC) $(LIBSYS) $(LIBC)

$(BUILD)/user-objs/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS) -c $< -o $@

$(BUILD)/user-objs/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(GUEST_ASFLAGS) -c $< -o $@

$(LIBC): $(call uobjs,$(LIBC_SRCS))
$(LIBSYS): $(call uobjs,$(LIBSYS_SRCS))
$(LIBTEST): $(call uobjs,$(LIBTEST_SRCS))
$(LIBSEF): $(call uobjs,$(LIBSEF_SRCS))
$(LIBC) $(LIBSYS) $(LIBTEST) $(LIBSEF):
	@mkdir -p $(dir $@)
	@echo "  AR      $@"
	@rm -f $@ && $(AR) rcs $@ $^

# $(call user_program,OUTPUT,SOURCES): link a user ELF executable.
define user_program
$(1): $(call uobjs,$(2)) $(CRT0) $(USER_LIBS) $(USER_LDSCRIPT)
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	@$(LD) $(GUEST_LDFLAGS) -T $(USER_LDSCRIPT) -o $$@ $(CRT0) $(call uobjs,$(2)) $(USER_LIBS) $(LIBGCC)
endef
