# Benchmarks: `make bench` (see bench/README.md). Included by the top Makefile.
#
# Bare-metal bench guests (images/bench-*/) are built here into
# build/images/bench-*/bench-*.bin; configs/vms/bench-*.toml point at them so
# that `make firmware VMS=configs/vms/bench-*.toml` finds a rule for them.

BENCH_CC := $(CROSS)gcc
BENCH_OBJCOPY := $(CROSS)objcopy
BENCH_CFLAGS := -O2 -std=gnu11 -Wall -Wextra -Werror -ffreestanding -nostdlib \
	-fno-builtin -fno-tree-loop-distribute-patterns -fno-stack-protector \
	-fno-pic -mgeneral-regs-only -mstrict-align -mcpu=cortex-a72 -g \
	-Wl,--no-warn-rwx-segments -Wl,--build-id=none
BENCH_LIB := images/bench-lib/head.S images/bench-lib/lib.c
BENCH_DEPS := $(BENCH_LIB) images/bench-lib/lib.h images/bench-lib/link.ld bench/bench.mk
BENCH_IMG := $(BUILD)/images

# name → main.c directory and extra flags
BENCH_GUESTS := bench-exit bench-timer bench-timer-short bench-ipi bench-boot \
	bench-work bench-hammer
BENCH_SRC_bench-timer-short := bench-timer
BENCH_FLAGS_bench-timer-short := -DSAMPLES=300

define bench_guest_rule
$(BENCH_IMG)/$(1)/$(1).elf: images/$(or $(BENCH_SRC_$(1)),$(1))/main.c $(BENCH_DEPS)
	@mkdir -p $$(@D)
	$(BENCH_CC) $(BENCH_CFLAGS) $(BENCH_FLAGS_$(1)) -T images/bench-lib/link.ld \
		-o $$@ $(BENCH_LIB) $$<
$(BENCH_IMG)/$(1)/$(1).bin: $(BENCH_IMG)/$(1)/$(1).elf
	$(BENCH_OBJCOPY) -O binary $$< $$@
endef
$(foreach g,$(BENCH_GUESTS),$(eval $(call bench_guest_rule,$(g))))

# The boot guest padded with zeros to 30 MiB: a Linux-sized image to copy.
# The Image header's image_size (offset 16) becomes 30 MiB too, so native
# QEMU places the DTB after it.
$(BENCH_IMG)/bench-boot-30m/bench-boot-30m.bin: $(BENCH_IMG)/bench-boot/bench-boot.bin bench/pad_image.py
	@mkdir -p $(@D)
	$(PYTHON) bench/pad_image.py $< $@ 31457280

BENCH_BINS := $(foreach g,$(BENCH_GUESTS),$(BENCH_IMG)/$(g)/$(g).bin) \
	$(BENCH_IMG)/bench-boot-30m/bench-boot-30m.bin

.PHONY: bench-images
bench-images: $(BENCH_BINS)

# BENCH_ARGS: e.g. "--only native" or "--quick"; see bench/run.py --help.
BENCH_ARGS ?=
bench: bench-images
	$(PYTHON) bench/run.py $(BENCH_ARGS)
