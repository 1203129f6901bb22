# The x86_64 (AMD SVM) hypervisor firmware: `make firmware BOARD=qemu-pc-x86_64`
# -> $(FW_DIR)/axvisor.elf (ELF64, for gdb) and axvisor.bin (the flat image
# QEMU's -kernel loads through the Multiboot header's address fields).
#
# Selected by boards/qemu-pc-x86_64/board.mk (HV_MK). Standalone until the
# architecture-neutral core (issue 9) lands: it links the generic page-table
# builder, the log and printf/string from core/ and lib/, and the x86 VM
# tables axvmconfig generates for $(VMS) (generated/<board>/config.c,
# guests.S: tools/axvmconfig/axvmconfig_pkg/arch_x86_64.py).
X86_DIR := hypervisor/arch/x86_64
HV_X86_ARCH_SRCS := $(addprefix $(X86_DIR)/, boot.S exc.S svm_run.S \
	setup.c cpu.c apic.c svm.c svm_bitmap.c insn.c gmem.c pgtable.c vm.c vio.c)
HV_X86_SRCS := $(HV_X86_ARCH_SRCS) hypervisor/core/pgtable.c hypervisor/core/log.c \
	hypervisor/core/log_direct.c hypervisor/lib/printf.c hypervisor/lib/string.c \
	hypervisor/drivers/ns16550_pio.c

include images/x86-guests.mk

HV_CC := $(CROSS)gcc
HV_OBJCOPY := $(CROSS)objcopy
HV_INCLUDES := -Ihypervisor/include -I$(X86_DIR)/include -I$(GEN_DIR)
# No SSE/x87 in the hypervisor (guests own that state), no red zone (the
# CPU pushes exception frames on the current stack), everything linked
# below 2 GiB and identity-mapped (-mcmodel=small, no PIC).
HV_CFLAGS := -std=c11 -O2 -g -m64 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -ffreestanding -fno-builtin -fno-common -fno-stack-protector \
	-fno-pic -fno-pie -fno-omit-frame-pointer -mno-red-zone -mgeneral-regs-only \
	-mcmodel=small -fcf-protection=none -ffunction-sections -fdata-sections -MMD -MP \
	$(HV_INCLUDES)
HV_LDFLAGS := -m64 -nostdlib -static -no-pie -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
	-Wl,--build-id=none -Wl,-z,max-page-size=4096

HV_OBJ_DIR := $(FW_DIR)/obj
HV_GEN_SRCS := $(GEN_DIR)/config.c $(GEN_DIR)/guests.S
HV_OBJS := $(patsubst %,$(HV_OBJ_DIR)/%.o,$(HV_X86_SRCS) $(HV_GEN_SRCS))
HV_LDS := $(FW_DIR)/axvisor.ld

firmware: $(FW_DIR)/axvisor.bin

$(HV_OBJ_DIR)/%.c.o: %.c $(GEN_DIR)/config.c $(X86_DIR)/standalone.mk
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(HV_CC) $(HV_CFLAGS) -c $< -o $@

$(HV_OBJ_DIR)/%.S.o: %.S $(GEN_DIR)/config.c $(X86_DIR)/standalone.mk
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(HV_CC) $(HV_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

# guests.S .incbin's the images by path: assembled from the repo root.
$(GEN_DIR)/guests.S: $(GEN_DIR)/config.c ;

$(HV_LDS): $(X86_DIR)/axvisor.ld.S $(X86_DIR)/standalone.mk
	@mkdir -p $(@D)
	$(HV_CC) -E -P -x c $(HV_INCLUDES) -D__ASSEMBLY__ $< -o $@

$(FW_DIR)/axvisor.elf: $(HV_OBJS) $(HV_LDS)
	@echo "  LD      $@"
	@$(HV_CC) $(HV_LDFLAGS) -T $(HV_LDS) -o $@ $(HV_OBJS) -lgcc
	@size $@ | tail -1 | awk '{printf "[hv] text %d data %d bss %d\n", $$1, $$2, $$3}'

$(FW_DIR)/axvisor.bin: $(FW_DIR)/axvisor.elf
	$(HV_OBJCOPY) -O binary $< $@

-include $(HV_OBJS:.o=.d)
