# x86_64 (AMD SVM) on the neutral core: included by hypervisor/hypervisor.mk
# when boards/<b>/board.mk says ARCH := x86_64 (and not X86_STANDALONE=1).
HV_ARCH_DIR := $(HV_DIR)/arch/x86_64
# Sources a host test may link (pure logic, no privileged instructions).
HV_ARCH_PURE_SRCS := $(addprefix $(HV_ARCH_DIR)/, insn.c svm_bitmap.c pgtable.c)
HV_ARCH_SRCS := $(addprefix $(HV_ARCH_DIR)/, boot.S exc.S svm_run.S start.c cpu.c apic.c \
	arch_cpu.c timer.c svm_core.c vcpu.c guest_mem.c vuart.c) $(HV_ARCH_PURE_SRCS)
# Interrupt controllers, by board.mk IRQCHIP: none yet (no virtual
# interrupts: guests poll), the emulated local APIC + I/O APIC comes next.
HV_IRQCHIP_SRCS_none := $(HV_ARCH_DIR)/irqchip_none.c
HV_ARCH_LDS_SRC := $(HV_ARCH_DIR)/axvisor.ld.S
# No SSE/x87 in the hypervisor (guests own that state), no red zone (the
# CPU pushes exception frames on the current stack), everything linked
# below 2 GiB and identity-mapped (-mcmodel=small, no PIC).
HV_ARCH_CFLAGS := -m64 -mno-red-zone -mgeneral-regs-only -mcmodel=small -fno-pie \
	-fcf-protection=none
HV_ARCH_LDFLAGS := -m64 -mno-red-zone -mgeneral-regs-only -no-pie -Wl,-z,noexecstack
