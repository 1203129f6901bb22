# riscv64: included by hypervisor/hypervisor.mk when boards/<b>/board.mk
# says ARCH := riscv64 (the neutral core + this folder; Bao's platform.mk ->
# arch.mk -> objects.mk). HS-mode under OpenSBI, G-stage Sv39x4.
HV_ARCH_DIR := $(HV_DIR)/arch/riscv64
# Sources a host test may link (no CSR access).
HV_ARCH_PURE_SRCS := $(HV_ARCH_DIR)/insn.c
HV_ARCH_SRCS := $(addprefix $(HV_ARCH_DIR)/, boot.S trap.S cpu.c hspt.c pgtable.c vcpu.c \
	traps.c sbi.c sbi_guest.c bitops.c) $(HV_ARCH_PURE_SRCS)
# Interrupt controllers, by board.mk IRQCHIP. hvip: VS software/timer
# interrupts only (no virtual PLIC yet).
HV_IRQCHIP_SRCS_hvip := $(HV_ARCH_DIR)/irqchip.c
HV_ARCH_LDS_SRC := $(HV_ARCH_DIR)/axvisor_core.ld.S
# No F/D in the hypervisor: the FP registers are the guests' (sstatus.FS).
# -fno-pie/-no-pie: Debian's default PIE would move the entry point.
HV_ARCH_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -fno-pie \
	-I$(HV_ARCH_DIR)
HV_ARCH_LDFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -no-pie

# The riscv64 test guests (build/images-riscv64/<name>/<name>.bin).
include images/riscv64.mk
# libgcc's helpers must stay real symbols (see bitops.c), as string.c's.
HV_CFLAGS_bitops.c := -fno-lto
