# riscv64 bare-metal test guests (images/<name>-riscv64/*.c + images/guest-lib-riscv64),
# built into build/images-riscv64/<name>/<name>.bin; included by the riscv64
# arch.mk. They start in VS-mode at RV_GUEST_BASE with a0 = hart id and
# talk to the hypervisor through SBI (DBCN console, HSM, SRST).

RV_GUESTS := hello smp probe resetter ticker
GUEST_IMG_RV := $(BUILD)/images-riscv64
RV_GUEST_BASE ?= 0x80000000
RV_GUEST_CC := $(CROSS)gcc
RV_GUEST_CFLAGS := -O2 -g -std=c11 -Wall -Wextra -Werror -ffreestanding -nostdlib \
	-fno-builtin -fno-stack-protector -fno-pic -fno-pie -no-pie -march=rv64imac_zicsr_zifencei \
	-mabi=lp64 -mcmodel=medany -Iimages/guest-lib-riscv64 \
	-Wl,--no-warn-rwx-segments -Wl,--build-id=none -Wl,-static
RV_GUEST_LIB := images/guest-lib-riscv64/start.S images/guest-lib-riscv64/lib.c
RV_GUEST_DEPS := $(RV_GUEST_LIB) $(wildcard images/guest-lib-riscv64/*.h) \
	images/guest-lib-riscv64/guest.ld images/riscv64.mk
# vCPU counts of their configs (configs/vms/<name>-riscv64.toml).
GUEST_FLAGS_RV_smp := -DNCPUS=4
GUEST_FLAGS_RV_resetter := -DNCPUS=2

define rv_guest_rule
$(GUEST_IMG_RV)/$(1)/$(1).elf: $(wildcard images/$(1)-riscv64/*.[cS]) $(RV_GUEST_DEPS)
	@mkdir -p $$(@D)
	$(RV_GUEST_CC) $(RV_GUEST_CFLAGS) $(GUEST_FLAGS_RV_$(1)) -Wl,--defsym=GUEST_BASE=$(RV_GUEST_BASE) \
		-T images/guest-lib-riscv64/guest.ld -o $$@ $(RV_GUEST_LIB) $(wildcard images/$(1)-riscv64/*.[cS])
$(GUEST_IMG_RV)/$(1)/$(1).bin: $(GUEST_IMG_RV)/$(1)/$(1).elf
	$(CROSS)objcopy -O binary $$< $$@
endef
$(foreach g,$(RV_GUESTS),$(eval $(call rv_guest_rule,$(g))))

images-riscv64: $(foreach g,$(RV_GUESTS),$(GUEST_IMG_RV)/$(g)/$(g).bin)
.PHONY: images-riscv64
