# riscv64 firmware, standalone until the architecture-neutral core lands
# (issue 9): the arch files, the NS16550 driver and the neutral log/printf/
# string code, with one VM whose guest image is bound in (vm.c). Included by
# hypervisor/hypervisor.mk when the board sets HV_ARCH_MK (board.mk:
# RV_STANDALONE=1); the default riscv64 build is arch.mk on the neutral core.
#
#   make firmware BOARD=qemu-virt-riscv64 [RV_GUEST=hello] [RV_VM_VCPUS=1]
#
# Guests: images/riscv64.mk ($(FW_DIR)/images/<name>/<name>.bin).

HV_DIR := hypervisor
RV_DIR := $(HV_DIR)/arch/riscv64
RV_GUEST ?= hello
RV_VM_VCPUS ?= 1
# Where the hypervisor is linked: board.toml [hypervisor] base + text_offset.
RV_LOAD_ADDR ?= 0x80200000
# The resetter guest's boot count: the last page of RAM, kept across a reset (vm.c).
RV_NVRAM_BASE := 0x83fff000

include images/riscv64.mk

RV_GUEST_IMAGE := $(GUEST_IMG_RV)/$(RV_GUEST)/$(RV_GUEST).bin
HV_TARGET_SRCS := $(addprefix $(RV_DIR)/, boot.S trap.S main.c trap.c vm.c vpower.c vsbi.c \
	sbi.c gstage.c hspt.c insn.c guest_image.S) \
	$(addprefix $(HV_DIR)/, core/log.c core/log_direct.c lib/printf.c lib/string.c \
	drivers/ns16550.c)

HV_CC := $(CROSS)gcc
HV_OBJCOPY := $(CROSS)objcopy
HV_INCLUDES := -I$(HV_DIR)/include -I$(RV_DIR)/include -I$(RV_DIR)
# No F/D in the hypervisor: the FP registers are the guests' (sstatus.FS).
# -fno-pic/-no-pie: Debian's default PIE would move the entry point.
HV_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-ffreestanding -fno-builtin -fno-common -fno-stack-protector -fno-pic -fno-pie \
	-fno-omit-frame-pointer -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-ffunction-sections -fdata-sections -MMD -MP $(HV_INCLUDES) \
	-DRV_LOAD_ADDR=$(RV_LOAD_ADDR) -DRV_VM_NAME='"$(RV_GUEST)"' -DRV_VM_VCPUS=$(RV_VM_VCPUS) \
	-DRV_GUEST_BIN='"$(RV_GUEST_IMAGE)"'
HV_LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
	-Wl,--build-id=none -Wl,-z,max-page-size=4096

HV_OBJ_DIR := $(FW_DIR)/obj
HV_OBJS := $(patsubst %,$(HV_OBJ_DIR)/%.o,$(HV_TARGET_SRCS))
HV_LDS := $(FW_DIR)/axvisor.ld
# The VM selection is part of the build: a stamp that changes only with it.
RV_STAMP := $(FW_DIR)/rv-vm.stamp

firmware: $(FW_DIR)/axvisor.bin

$(RV_STAMP): FORCE
	@mkdir -p $(@D)
	@echo "$(RV_GUEST) $(RV_VM_VCPUS) $(RV_LOAD_ADDR)" | cmp -s - $@ || \
		echo "$(RV_GUEST) $(RV_VM_VCPUS) $(RV_LOAD_ADDR)" > $@

$(HV_OBJ_DIR)/%.c.o: %.c $(RV_DIR)/standalone.mk $(RV_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(HV_CC) $(HV_CFLAGS) -c $< -o $@

$(HV_OBJ_DIR)/%.S.o: %.S $(RV_DIR)/standalone.mk $(RV_STAMP)
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(HV_CC) $(HV_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(HV_OBJ_DIR)/$(RV_DIR)/guest_image.S.o: $(RV_GUEST_IMAGE)

$(HV_LDS): $(RV_DIR)/axvisor.ld.S $(RV_STAMP)
	@mkdir -p $(@D)
	@$(HV_CC) -E -P -x c $(HV_INCLUDES) -DRV_LOAD_ADDR=$(RV_LOAD_ADDR) -D__ASSEMBLY__ $< -o $@

$(FW_DIR)/axvisor.elf: $(HV_OBJS) $(HV_LDS)
	@echo "  LD      $@"
	@$(HV_CC) $(HV_CFLAGS) $(HV_LDFLAGS) -T $(HV_LDS) -o $@ $(HV_OBJS) -lgcc
	@$(CROSS)size $@ | tail -1 | awk '{printf "[hv] text %d data %d bss %d\n", $$1, $$2, $$3}'

$(FW_DIR)/axvisor.bin: $(FW_DIR)/axvisor.elf
	$(HV_OBJCOPY) -O binary $< $@

-include $(HV_OBJS:.o=.d)
