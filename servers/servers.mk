# servers/: user-space services, one program per directory.
#   vm   the VM server (servers/vm, docs/vm.md): the first boot module of
#        every test run.  VM_SERVER_SRCS is also linked into programs that
#        start their own VM server (bench/: its main() wins over the weak
#        one in servers/vm/main.c).
#   ds   the data store (servers/ds, docs/ds.md): servers/ds/ds.mk.
VM_SERVER_SRCS := $(wildcard servers/vm/*.c)
VM_SERVER := $(BUILD)/servers/vm/vm

$(eval $(call user_program,$(VM_SERVER),$(VM_SERVER_SRCS)))

userland: $(VM_SERVER)

# pm   the process manager (servers/pm, docs/pm.md): fork, exec of boot-image
#      programs, exit and wait, POSIX signals for USER processes.
#      PM_SERVER_SRCS is also linked into programs that start their own
#      (bench/: its main() wins over the weak one in servers/pm/main.c).
include servers/pm/pm.mk
# rs: the reincarnation server (servers/rs, docs/services.md): runs the
# services marked priv=service on the boot line from its table.
RS_SERVER := $(BUILD)/servers/rs/rs
$(eval $(call user_program,$(RS_SERVER),$(wildcard servers/rs/*.c)))
userland: $(RS_SERVER)

# hello: the echo/counter service RS recovers (servers/hello/hello.h); its
# client library HELLO_CLIENT_SRCS is linked into the programs that use it.
# hello_v2 is its version 2 (HELLO_V=2: another state layout), the same
# sources built into objects of their own, for live updates.
HELLO_SERVER := $(BUILD)/servers/hello/hello
HELLO_V2_SERVER := $(BUILD)/servers/hello/hello_v2
HELLO_SRCS := servers/hello/main.c servers/hello/lu.c
HELLO_CLIENT_SRCS := servers/hello/client.c
$(eval $(call user_program,$(HELLO_SERVER),$(HELLO_SRCS)))
HELLO_V2_OBJS := $(patsubst %,$(BUILD)/user-objs/hello_v2/%.o,$(basename $(HELLO_SRCS)))
$(BUILD)/user-objs/hello_v2/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (HELLO_V=2)"
	@$(CC) $(USER_CFLAGS) -DHELLO_V=2 -c $< -o $@
$(HELLO_V2_SERVER): $(HELLO_V2_OBJS) $(CRT0) $(USER_LIBS) $(USER_LDSCRIPT)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(LD) $(GUEST_LDFLAGS) -T $(USER_LDSCRIPT) -o $@ $(CRT0) $(HELLO_V2_OBJS) $(USER_LIBS) $(LIBGCC)
userland: $(HELLO_SERVER) $(HELLO_V2_SERVER)

# service: RS's control program (servers/service/service.c).
SERVICE_PROG := $(BUILD)/servers/service/service
$(eval $(call user_program,$(SERVICE_PROG),servers/service/service.c))
userland: $(SERVICE_PROG)

include servers/ds/ds.mk

# sched: the user-space scheduler (servers/sched, MINIX's SCHED) of the
# boots with sched=user (tests/guest/sched.mk).
SCHED_SERVER := $(BUILD)/servers/sched/sched
$(eval $(call user_program,$(SCHED_SERVER),$(wildcard servers/sched/*.c)))
userland: $(SCHED_SERVER)
