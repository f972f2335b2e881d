# lib/common: freestanding string, formatting and name-list code shared, as source, by
# the kernel and the user libraries (pure functions, no system dependency).
COMMON_SRCS := lib/common/string.c lib/common/format.c lib/common/namelist.c
COMMON_KOBJS := $(COMMON_SRCS:%.c=$(BUILD)/kernel-objs/%.o)
COMMON_UOBJS := $(COMMON_SRCS:%.c=$(BUILD)/user-objs/%.o)
