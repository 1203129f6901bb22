# Host unit tests of the pure x86_64 (AMD SVM) pieces, included by unit.mk:
# the instruction-length decoder, the NPT entry encoding under the generic
# page-table builder, and the IOPM/MSRPM permission maps.
X86_UNIT_INC := -Ihypervisor/arch/x86_64/include
UNIT_SRCS_test_x86_insn := hypervisor/arch/x86_64/insn.c
UNIT_SRCS_test_x86_npt := hypervisor/core/pgtable.c hypervisor/arch/x86_64/pgtable.c
UNIT_SRCS_test_x86_bitmap := hypervisor/arch/x86_64/svm_bitmap.c
$(UNIT_BUILD)/obj/hypervisor/arch/x86_64/%.o: UNIT_CFLAGS += $(X86_UNIT_INC)
$(UNIT_BUILD)/obj/$(UNIT_DIR)/test_x86_%.o: UNIT_CFLAGS += $(X86_UNIT_INC)
