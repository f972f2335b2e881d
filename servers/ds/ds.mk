# servers/ds: the data store (docs/ds.md).  store.c, pool.c and subs.c are
# pure and host-tested (tests/host/test_ds_*.c); the rest is the server.
DS_SERVER_SRCS := $(wildcard servers/ds/*.c)
DS_SERVER := $(BUILD)/servers/ds/ds

$(eval $(call user_program,$(DS_SERVER),$(DS_SERVER_SRCS)))

userland: $(DS_SERVER)
