# The hypervisor firmware: `make firmware` → $(FW_DIR)/axvisor.elf, axvisor.bin.
# Included by the top Makefile (BOARD, VARIANT, GEN_DIR, FW_DIR, CROSS).
#
# Source lists (also used by tests/unit/unit.mk for the host build):
#   HV_CORE_SRCS   generic code, built for the target and for host tests.
#                  Add your core files here (or `HV_CORE_SRCS += ...` from a
#                  fragment of your own); they must compile on the host.
#   HV_IRQ_SRCS    the interrupt module: core/irq_absent.c for now; the vGIC
#                  engineer switches HV_IRQ_DEFAULT to `vgic` once it builds
#                  (`make firmware HV_IRQ=vgic` tries it meanwhile).
#   HV_CONSOLE_SRCS  the console multiplexer if core/console.c exists, else
#                  core/log_direct.c.
#   HV_ARCH_SRCS   arch/aarch64 core files (target only); the GIC/timer arch
#                  files belong to HV_IRQ_SRCS_vgic.
# Override any list on the command line, e.g. `make firmware HV_IRQ=vgic`.

# A board whose arch is not wired in below brings its own build (board.mk
# sets HV_ARCH_MK; riscv64 until the architecture-neutral core lands).
ifneq ($(HV_ARCH_MK),)
include $(HV_ARCH_MK)
else
HV_DIR := hypervisor
HV_CORE_SRCS += $(addprefix $(HV_DIR)/, core/pgtable.c core/vm.c core/psci.c \
	core/emul.c core/hv.c core/vdebug.c core/layout.c core/log.c lib/sha256.c lib/printf.c)
HV_IRQ_DEFAULT := vgic
HV_IRQ ?= $(HV_IRQ_DEFAULT)
HV_IRQ_SRCS_absent := $(HV_DIR)/core/irq_absent.c
HV_IRQ_SRCS_vgic = $(wildcard $(HV_DIR)/core/vgic*.c $(HV_DIR)/core/vtimer*.c)
HV_IRQ_SRCS ?= $(HV_IRQ_SRCS_$(HV_IRQ))
HV_CONSOLE_SRCS ?= $(if $(wildcard $(HV_DIR)/core/console.c),\
	$(wildcard $(HV_DIR)/core/console*.c $(HV_DIR)/core/vpl011*.c) \
	$(HV_DIR)/core/log_console_sync.c,\
	$(HV_DIR)/core/log_direct.c)
HV_ARCH_SRCS ?= $(addprefix $(HV_DIR)/arch/aarch64/, boot.S vectors.S setup.c cpu.c \
	pgtable.c vcpu.c traps.c abort.c exc.c timer.c sha256_ce.c)
HV_IRQ_SRCS_vgic += $(wildcard $(HV_DIR)/arch/aarch64/gic*.c $(HV_DIR)/arch/aarch64/vgic*.c)
HV_TARGET_SRCS := $(HV_CORE_SRCS) $(HV_IRQ_SRCS) $(HV_CONSOLE_SRCS) $(HV_ARCH_SRCS) \
	$(HV_DIR)/lib/string.c $(HV_DIR)/drivers/pl011.c

HV_CC := $(CROSS)gcc
# Link-time optimisation: the trap path crosses core/arch files (accessors,
# dispatch) and inlining across them is most of its cost. HV_LTO= to disable.
HV_LTO ?= -flto=auto -fno-fat-lto-objects
# mem*/str* must stay real symbols: the code generator emits calls to them
# after LTO has decided what is used.
HV_CFLAGS_string.c := -fno-lto
# The one file allowed SIMD (the SHA-256 instructions): see its header. It
# runs with the MMU on (Normal memory), so unaligned vector loads are fine.
HV_CFLAGS_sha256_ce.c := -fno-lto -mcpu=cortex-a72+crypto
HV_CFLAGS_REMOVE_sha256_ce.c := -mgeneral-regs-only -mstrict-align -mcpu=cortex-a72 $(HV_LTO)
HV_OBJCOPY := $(CROSS)objcopy
HV_INCLUDES := -I$(HV_DIR)/include -I$(HV_DIR)/arch/aarch64/include -I$(GEN_DIR)
# No FP/SIMD in the hypervisor (guests own those registers); strict alignment
# because the boot path runs C with the MMU off (Device memory).
HV_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-prototypes -ffreestanding -fno-builtin \
	-fno-common -fno-stack-protector -fno-pic -fno-omit-frame-pointer \
	-mgeneral-regs-only -mstrict-align -mcpu=cortex-a72 -mno-outline-atomics -ffunction-sections \
	-fdata-sections -MMD -MP $(HV_INCLUDES) $(HV_LTO)
HV_LDFLAGS := $(HV_LTO) -O2 -mgeneral-regs-only -mstrict-align -nostdlib -static -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
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

$(HV_OBJ_DIR)/%.S.o: %.S $(GEN_DIR)/config.c $(HV_DIR)/hypervisor.mk
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(HV_CC) $(HV_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

# guests.S .incbin's the images by path: assemble from the repo root.
$(HV_OBJ_DIR)/$(GEN_DIR)/config.c.o $(HV_OBJ_DIR)/$(GEN_DIR)/guests.S.o: $(GEN_DIR)/config.c

$(GEN_DIR)/guests.S $(GEN_DIR)/config.h $(GEN_DIR)/guests.ld: $(GEN_DIR)/config.c ;

$(HV_LDS): $(HV_DIR)/arch/aarch64/axvisor.ld.S $(GEN_DIR)/config.c
	@mkdir -p $(@D)
	$(HV_CC) -E -P -x c $(HV_INCLUDES) -D__ASSEMBLY__ $< -o $@

$(FW_DIR)/axvisor.elf: $(HV_OBJS) $(HV_LDS)
	@echo "  LD      $@"
	@$(HV_CC) $(HV_LDFLAGS) -T $(HV_LDS) -o $@ $(HV_OBJS) -lgcc
	@$(CROSS)size $@ | tail -1 | awk '{printf "[hv] text %d data %d bss %d\n", $$1, $$2, $$3}'

$(FW_DIR)/axvisor.bin: $(FW_DIR)/axvisor.elf
	$(HV_OBJCOPY) -O binary $< $@

-include $(HV_OBJS:.o=.d)
endif # HV_ARCH_MK
