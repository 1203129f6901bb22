# lib/: freestanding helpers (string.c is target only: the host has libc).
HV_LIB_SRCS := $(addprefix $(HV_DIR)/lib/, sha256.c printf.c)
HV_LIB_TARGET_SRCS := $(HV_DIR)/lib/string.c
