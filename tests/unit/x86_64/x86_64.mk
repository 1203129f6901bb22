# x86_64 (AMD SVM) host tests, included by tests/unit/unit.mk: every
# tests/unit/x86_64/test_<name>.c becomes build/unit/x86_64/test_<name>,
# linked with the x86 sources it names in UNIT_X86_SRCS_test_<name> (the
# arch's pure pieces: instruction-length decoder, NPT encoding under the
# generic builder, IOPM/MSRPM maps).
UNIT_X86 := $(UNIT_BUILD)/x86_64
UNIT_X86_CFLAGS := $(UNIT_CFLAGS_COMMON) -Ihypervisor/include -Ihypervisor/arch/x86_64/include
UNIT_X86_SRCS_test_insn := hypervisor/arch/x86_64/insn.c
UNIT_X86_SRCS_test_npt := hypervisor/core/pgtable.c hypervisor/arch/x86_64/pgtable.c
UNIT_X86_SRCS_test_svm_bitmap := hypervisor/arch/x86_64/svm_bitmap.c
UNIT_X86_TESTS := $(patsubst $(UNIT_DIR)/x86_64/%.c,%,$(sort $(wildcard $(UNIT_DIR)/x86_64/test_*.c)))
UNIT_X86_BINS := $(addprefix $(UNIT_X86)/,$(UNIT_X86_TESTS))

$(UNIT_X86)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $< (x86_64)"
	@$(UNIT_CC) $(UNIT_X86_CFLAGS) -c $< -o $@

$(foreach t,$(UNIT_X86_TESTS),$(eval $(UNIT_X86)/$(t): $(UNIT_X86)/obj/$(UNIT_DIR)/x86_64/$(t).o \
	$(patsubst %.c,$(UNIT_X86)/obj/%.o,$(UNIT_X86_SRCS_$(t)))))
$(UNIT_X86)/test_%:
	@echo "  LINK    $@"
	@$(UNIT_CC) -o $@ $^ $(UNIT_LDFLAGS) $(UNIT_LIBS)

.SECONDARY: $(patsubst %,$(UNIT_X86)/obj/$(UNIT_DIR)/x86_64/%.o,$(UNIT_X86_TESTS))
