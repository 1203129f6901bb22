# Bare-metal test guests (images/<name>/*.c + images/guest-lib), built with
# the cross compiler into build/images/<name>/<name>.bin. Included by the
# top Makefile. To add a guest: create images/<name>/main.c, add <name> to
# GUESTS, and set GUEST_BASE_<name> if it is not loaded at 0x5000_0000.
#
#   make images                      all of them
#   make build/images/hello/hello.bin

GUESTS := hello smp smp-reset heartbeat heartbeat-b heartbeat-c heartbeat-long attacker resetter \
	vgic-test ticker irq-pt irq-bystander ticker-e2000 \
	archtest slowreader fuzz-a fuzz-b fuzz-victim hello-b
# Same code at other load addresses / with other parameters.
GUEST_SRC_heartbeat-b := heartbeat
GUEST_BASE_heartbeat-b := 0x70000000
GUEST_SRC_heartbeat-c := heartbeat
GUEST_BASE_heartbeat-c := 0x58000000
GUEST_FLAGS_heartbeat-c := -DBEATS=6 -DPERIOD_MS=150
GUEST_SRC_heartbeat-long := heartbeat
GUEST_FLAGS_heartbeat-long := -DBEATS=30 -DPERIOD_MS=100
GUEST_BASE_attacker := 0x60000000
# Pieces of images/guest-lib that only some guests link (the EL1 vector table).
GUEST_EXTRA_attacker := images/guest-lib/vectors.S
GUEST_EXTRA_irq-pt := images/guest-lib/vectors.S
GUEST_EXTRA_archtest := images/guest-lib/vectors.S
# The guest-side fuzzer (issue 18): two seeds beside one victim.
GUEST_EXTRA_fuzzer := images/guest-lib/vectors.S
GUEST_SRC_fuzz-a := fuzzer
GUEST_FLAGS_fuzz-a := -DSEED=1 -DGUEST_RAM_BASE=0x50000000ul
GUEST_SRC_fuzz-b := fuzzer
GUEST_BASE_fuzz-b := 0x70000000
GUEST_FLAGS_fuzz-b := -DSEED=2 -DGUEST_RAM_BASE=0x70000000ul
GUEST_SRC_fuzz-victim := fuzzer
GUEST_BASE_fuzz-victim := 0x60000000
GUEST_FLAGS_fuzz-victim := -DVICTIM -DGUEST_RAM_BASE=0x60000000ul
GUEST_EXTRA_irq-bystander := images/guest-lib/vectors.S
GUEST_BASE_irq-bystander := 0x60000000
GUEST_BASE_smp := 0x60000000
# hello beside the ticker (tests/integration/test_console_cmd.py).
GUEST_SRC_hello-b := hello
GUEST_BASE_hello-b := 0x60000000
GUEST_BASE_smp-reset := 0x60000000
# The ticker for Phytium Pi, whose RAM starts at 0x8000_0000 (configs/vms/e2000-ticker.toml).
GUEST_SRC_ticker-e2000 := ticker
GUEST_BASE_ticker-e2000 := 0xb0000000
GUEST_CC := $(CROSS)gcc
GUEST_OBJCOPY := $(CROSS)objcopy
GUEST_CFLAGS := -O2 -g -std=c11 -Wall -Wextra -Werror -ffreestanding -nostdlib \
	-fno-builtin -fno-stack-protector -fno-pic -mgeneral-regs-only -mstrict-align \
	-mcpu=cortex-a72 -Iimages/guest-lib \
	-Wl,--no-warn-rwx-segments -Wl,--build-id=none -Wl,-static
GUEST_LIB := images/guest-lib/start.S images/guest-lib/lib.c
GUEST_DEPS := $(GUEST_LIB) $(wildcard images/guest-lib/*.h images/guest-lib/*.S) images/guest-lib/guest.ld \
	images/images.mk
GUEST_IMG := $(BUILD)/images
GUEST_BASE_DEFAULT := 0x50000000

# $(1) = guest name; several VMs may run the same guest code at other bases
# (heartbeat-b etc., see below).
define guest_rule
GUEST_SRCS_$(1) := $(wildcard images/$(or $(GUEST_SRC_$(1)),$(1))/*.c images/$(or $(GUEST_SRC_$(1)),$(1))/*.S) \
	$(GUEST_EXTRA_$(or $(GUEST_SRC_$(1)),$(1)))
$(GUEST_IMG)/$(1)/$(1).elf: $$(GUEST_SRCS_$(1)) $(GUEST_DEPS)
	@mkdir -p $$(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_FLAGS_$(1)) -Wl,--defsym=GUEST_BASE=$(or $(GUEST_BASE_$(1)),$(GUEST_BASE_DEFAULT)) \
		-T images/guest-lib/guest.ld -o $$@ $(GUEST_LIB) $$(GUEST_SRCS_$(1))
$(GUEST_IMG)/$(1)/$(1).bin: $(GUEST_IMG)/$(1)/$(1).elf
	$(GUEST_OBJCOPY) -O binary $$< $$@
endef

GUEST_ALL = $(foreach g,$(GUESTS),$(if $(wildcard images/$(or $(GUEST_SRC_$(g)),$(g))/*.c),$(g)))
$(foreach g,$(GUESTS),$(eval $(call guest_rule,$(g))))

images: $(foreach g,$(GUEST_ALL),$(GUEST_IMG)/$(g)/$(g).bin)

# x86_64 guests (host gcc, images/x86-lib): images/x86-guests.mk.
include images/x86-guests.mk

# The console multiplexer's test guests (own start code and link script).
include images/console-test/console-test.mk

# The Linux guest: Debian arm64 kernel + busybox initramfs (images/linux/).
include images/linux/linux.mk

# The riscv64 guests (images/riscv64.mk, included by that arch) from any
# board: `make images-riscv64`, the target axvmconfig's hints name for them.
ifneq ($(ARCH),riscv64)
.PHONY: images-riscv64
images-riscv64:
	$(MAKE) --no-print-directory BOARD=qemu-virt-riscv64 images-riscv64
endif
