# aarch64: included by hypervisor/hypervisor.mk when boards/<b>/board.mk
# says ARCH := aarch64 (Bao's platform.mk -> arch.mk -> objects.mk).
HV_ARCH_DIR := $(HV_DIR)/arch/aarch64
# Sources a host test may link (no system-register access).
HV_ARCH_PURE_SRCS := $(addprefix $(HV_ARCH_DIR)/, abort.c exc.c psci.c)
HV_ARCH_SRCS := $(addprefix $(HV_ARCH_DIR)/, boot.S vectors.S setup.c cpu.c \
	pgtable.c vcpu.c traps.c timer.c vdebug.c sha256_ce.c) $(HV_ARCH_PURE_SRCS)
# The console UART's layout glue, one per driver (board.mk UART).
HV_ARCH_SRCS += $(HV_ARCH_DIR)/console_$(UART).c
# Interrupt controllers, by board.mk IRQCHIP.
HV_IRQCHIP_PURE_SRCS_gicv3 := $(addprefix $(HV_ARCH_DIR)/vgic/, vgic.c vgic_dist.c vgic_lr.c \
	vgic_mmio.c vgic_redist.c vgic_sgi.c vtimer.c)
HV_IRQCHIP_SRCS_gicv3 := $(HV_IRQCHIP_PURE_SRCS_gicv3) \
	$(addprefix $(HV_ARCH_DIR)/vgic/, gicv3.c vgic_ich.c)
# GICv2 (GIC-400): the same vGIC core on the GICH list registers, its own
# distributor model and physical driver (vgic2/).
HV_IRQCHIP_SRCS_gicv2 := $(addprefix $(HV_ARCH_DIR)/vgic/, vgic.c vgic_lr.c vgic_mmio.c \
	vgic_sgi.c vtimer.c) $(addprefix $(HV_ARCH_DIR)/vgic2/, gicv2.c vgic_gich.c vgic_dist2.c)
HV_ARCH_LDS_SRC := $(HV_ARCH_DIR)/axvisor.ld.S
# No FP/SIMD in the hypervisor (guests own those registers); strict alignment
# because the boot path runs C with the MMU off (Device memory).
HV_ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align -mno-outline-atomics
HV_ARCH_LDFLAGS := -mgeneral-regs-only -mstrict-align
# The one file allowed SIMD (the SHA-256 instructions): see its header. It
# runs with the MMU on (Normal memory), so unaligned vector loads are fine.
HV_CFLAGS_sha256_ce.c := -fno-lto -mcpu=cortex-a72+crypto
HV_CFLAGS_REMOVE_sha256_ce.c := -mgeneral-regs-only -mstrict-align $(ARCH_CPU_CFLAGS) $(HV_LTO)
