# The hypervisor firmware: `make firmware` → $(FW_DIR)/axvisor.elf, axvisor.bin.
# Included by the top Makefile (BOARD, VARIANT, GEN_DIR, FW_DIR, CROSS) after
# boards/$(BOARD)/board.mk, which names what is built:
#   ARCH             hypervisor/arch/$(ARCH)/arch.mk (its objects, flags, ld script)
#   ARCH_CPU_CFLAGS  CPU tuning flags (-mcpu=...)
#   IRQCHIP          the arch's interrupt controller (HV_IRQCHIP_SRCS_$(IRQCHIP))
#   UART             hypervisor/drivers/$(UART).c, the console UART driver
# Each directory lists its own objects (core/objects.mk, lib/objects.mk,
# arch/<arch>/arch.mk); nothing is selected by whether a file exists.
# tests/unit/unit.mk uses HV_CORE_SRCS, HV_LIB_SRCS and the *_PURE_SRCS lists.

HV_DIR := hypervisor
include $(HV_DIR)/core/objects.mk
include $(HV_DIR)/lib/objects.mk
include $(HV_DIR)/arch/$(ARCH)/arch.mk
HV_IRQCHIP_SRCS := $(HV_IRQCHIP_SRCS_$(IRQCHIP))
ifeq ($(HV_IRQCHIP_SRCS),)
$(error board $(BOARD): IRQCHIP '$(IRQCHIP)' is not one of arch $(ARCH)'s)
endif
HV_TARGET_SRCS := $(HV_CORE_SRCS) $(HV_LIB_SRCS) $(HV_LIB_TARGET_SRCS) $(HV_ARCH_SRCS) \
	$(HV_IRQCHIP_SRCS) $(HV_DIR)/drivers/$(UART).c

HV_CC := $(CROSS)gcc
# Link-time optimisation: the trap path crosses core/arch files (accessors,
# dispatch) and inlining across them is most of its cost. HV_LTO= to disable.
HV_LTO ?= -flto=auto -fno-fat-lto-objects
# mem*/str* must stay real symbols: the code generator emits calls to them
# after LTO has decided what is used.
HV_CFLAGS_string.c := -fno-lto
HV_OBJCOPY := $(CROSS)objcopy
HV_ASM_DEFS := $(FW_DIR)/include/asm_defs.h
HV_INCLUDES := -I$(HV_DIR)/include -I$(HV_DIR)/arch/$(ARCH)/include -I$(GEN_DIR) \
	-I$(FW_DIR)/include
HV_CFLAGS_BASE := -std=c11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-prototypes -ffreestanding -fno-builtin \
	-fno-common -fno-stack-protector -fno-pic -fno-omit-frame-pointer \
	$(HV_ARCH_CFLAGS) $(ARCH_CPU_CFLAGS) -ffunction-sections -fdata-sections $(HV_INCLUDES)
HV_CFLAGS := $(HV_CFLAGS_BASE) -MMD -MP $(HV_LTO)
HV_LDFLAGS := $(HV_LTO) -O2 $(HV_ARCH_LDFLAGS) -nostdlib -static -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
	-Wl,--build-id=none -Wl,-z,max-page-size=4096 -L$(GEN_DIR)

HV_OBJ_DIR := $(FW_DIR)/obj
HV_GEN_SRCS := $(GEN_DIR)/config.c $(GEN_DIR)/guests.S
HV_OBJS := $(patsubst %,$(HV_OBJ_DIR)/%.o,$(HV_TARGET_SRCS) $(HV_GEN_SRCS))
HV_LDS := $(FW_DIR)/axvisor.ld

firmware: $(FW_DIR)/axvisor.bin

# Every object depends on the generated header (sizing of static arrays).
$(HV_OBJ_DIR)/%.c.o: %.c $(GEN_DIR)/config.c $(HV_DIR)/hypervisor.mk
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(HV_CC) $(filter-out $(HV_CFLAGS_REMOVE_$(notdir $<)),$(HV_CFLAGS)) $(HV_CFLAGS_$(notdir $<)) -c $< -o $@

$(HV_OBJ_DIR)/%.S.o: %.S $(GEN_DIR)/config.c $(HV_DIR)/hypervisor.mk $(HV_ASM_DEFS)
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(HV_CC) $(HV_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

# Struct offsets for the assembly: asm_defs.c compiled to assembly, each
# "->NAME value" marker turned into a #define (Bao asm_defs, Linux asm-offsets).
$(HV_ASM_DEFS): $(HV_DIR)/arch/$(ARCH)/asm_defs.c $(GEN_DIR)/config.c $(HV_DIR)/hypervisor.mk
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	@$(HV_CC) $(HV_CFLAGS_BASE) -S -o $@.s $<
	@{ echo "/* Generated from $< -- do not edit */"; \
	  sed -n 's/.*->\([A-Z_0-9]*\) #\{0,1\}\([0-9][0-9]*\).*/#define \1 \2/p' $@.s; } > $@.tmp
	@mv $@.tmp $@

# guests.S .incbin's the images by path: assemble from the repo root.
$(HV_OBJ_DIR)/$(GEN_DIR)/config.c.o $(HV_OBJ_DIR)/$(GEN_DIR)/guests.S.o: $(GEN_DIR)/config.c

$(GEN_DIR)/guests.S $(GEN_DIR)/config.h $(GEN_DIR)/guests.ld: $(GEN_DIR)/config.c ;

$(HV_LDS): $(HV_ARCH_LDS_SRC) $(GEN_DIR)/config.c
	@mkdir -p $(@D)
	$(HV_CC) -E -P -x c $(HV_INCLUDES) -D__ASSEMBLY__ $< -o $@

$(FW_DIR)/axvisor.elf: $(HV_OBJS) $(HV_LDS)
	@echo "  LD      $@"
	@$(HV_CC) $(HV_LDFLAGS) -T $(HV_LDS) -o $@ $(HV_OBJS) -lgcc
	@$(CROSS)size $@ | tail -1 | awk '{printf "[hv] text %d data %d bss %d\n", $$1, $$2, $$3}'

$(FW_DIR)/axvisor.bin: $(FW_DIR)/axvisor.elf
	$(HV_OBJCOPY) -O binary $< $@

-include $(HV_OBJS:.o=.d)
