# lib/libbench: the in-guest benchmark harness (include/bench.h).  Its
# sources are linked into the `bench` program by bench/bench.mk; objects
# build with USER_CFLAGS plus this include directory.
LIBBENCH_SRCS := $(wildcard lib/libbench/*.c)
LIBBENCH_CFLAGS := -I lib/libbench/include
