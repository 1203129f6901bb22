# CMocka unit tests on the host: `make test-unit` (included by tests/tests.mk).
#
# Two host builds, one per arch model:
# - neutral: every tests/unit/test_<name>.c becomes build/unit/test_<name>,
#   linked with build/unit/libhv.a: core + lib (HV_CORE_SRCS, HV_LIB_SRCS)
#   and the neutral fake arch (hypervisor/arch/fake, its own encodings, no
#   real architecture's registers; Hafnium's src/arch/fake) and the fixture
#   config (tests/unit/fixtures/config.[ch]).
# - aarch64: every tests/unit/aarch64/test_<name>.c becomes
#   build/unit/aarch64/test_<name>, linked with build/unit/aarch64/libhv.a:
#   core + lib, the host-buildable Arm code (HV_ARCH_PURE_SRCS, the vGIC's
#   HV_IRQCHIP_PURE_SRCS_gicv3) and the Arm host model beside it
#   (hypervisor/arch/aarch64/fake: GIC, list registers, timer, EL1 vCPU).
# Being an archive, a function a test defines itself (a fake) wins over the
# library's. A test with UNIT_SRCS_<test> links those sources instead.
#
# Also: the neutrality check of core (tests/unit/check_neutral.sh).

UNIT_DIR := tests/unit
UNIT_BUILD := $(BUILD)/unit
UNIT_CC := $(HOSTCC)
UNIT_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
UNIT_CFLAGS_COMMON := -std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror \
	-fno-omit-frame-pointer -ffunction-sections -fdata-sections $(UNIT_SAN) -MMD -MP
UNIT_LDFLAGS := $(UNIT_SAN) -Wl,--gc-sections
UNIT_LIBS := -lcmocka -lpthread

comma := ,

# --- neutral: core against arch/fake -------------------------------------
UNIT_CFLAGS := $(UNIT_CFLAGS_COMMON) -Ihypervisor/include -Ihypervisor/arch/fake/include \
	-I$(UNIT_DIR)/fixtures
UNIT_FAKE_SRCS := $(addprefix hypervisor/arch/fake/, cpu.c vcpu.c pgtable.c timer.c irqchip.c uart.c)
UNIT_LIB_SRCS := $(sort $(HV_CORE_SRCS) $(HV_LIB_SRCS) $(UNIT_FAKE_SRCS) $(UNIT_DIR)/fixtures/config.c)
UNIT_LIB_OBJS := $(patsubst %.c,$(UNIT_BUILD)/obj/%.o,$(UNIT_LIB_SRCS))
UNIT_TESTS := $(patsubst $(UNIT_DIR)/%.c,%,$(sort $(wildcard $(UNIT_DIR)/test_*.c)))
UNIT_BINS := $(addprefix $(UNIT_BUILD)/,$(UNIT_TESTS))

$(UNIT_BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(UNIT_CC) $(UNIT_CFLAGS) -c $< -o $@

$(UNIT_BUILD)/libhv.a: $(UNIT_LIB_OBJS)
	@rm -f $@
	@ar rcs $@ $^

$(UNIT_BUILD)/test_%: $(UNIT_BUILD)/obj/$(UNIT_DIR)/test_%.o $(UNIT_BUILD)/libhv.a
	@echo "  LINK    $@"
	@$(UNIT_CC) -o $@ $< $(UNIT_BUILD)/libhv.a $(UNIT_LDFLAGS) $(UNIT_LIBS)

# --- aarch64: the Arm code against its host model ------------------------
UNIT_A64 := $(UNIT_BUILD)/aarch64
UNIT_A64_CFLAGS := $(UNIT_CFLAGS_COMMON) -Ihypervisor/include \
	-Ihypervisor/arch/aarch64/fake/include -Ihypervisor/arch/aarch64/include \
	-Ihypervisor/arch/fake/include -Ihypervisor/arch/aarch64 -I$(UNIT_DIR)/fixtures
UNIT_A64_FAKE_SRCS := $(addprefix hypervisor/arch/aarch64/fake/, gic_fake.c vgic_fake.c \
	timer_fake.c vcpu.c) $(addprefix hypervisor/arch/fake/, cpu.c pgtable.c uart.c)
UNIT_A64_LIB_SRCS := $(sort $(HV_CORE_SRCS) $(HV_LIB_SRCS) $(HV_ARCH_PURE_SRCS) \
	$(HV_IRQCHIP_PURE_SRCS_gicv3) $(UNIT_A64_FAKE_SRCS) $(UNIT_DIR)/fixtures/config.c)
UNIT_A64_LIB_OBJS := $(patsubst %.c,$(UNIT_A64)/obj/%.o,$(UNIT_A64_LIB_SRCS))
UNIT_A64_TESTS := $(patsubst $(UNIT_DIR)/aarch64/%.c,%,$(sort $(wildcard $(UNIT_DIR)/aarch64/test_*.c)))
UNIT_A64_BINS := $(addprefix $(UNIT_A64)/,$(UNIT_A64_TESTS))
# vGIC tests link the vGIC and its host model only, with their own board
# and VMs (tests/unit/aarch64/test_vgic_fixture/vgic_fixture.h).
VGIC_UNIT_SRCS := $(HV_IRQCHIP_PURE_SRCS_gicv3) \
	$(addprefix hypervisor/arch/aarch64/fake/,gic_fake.c vgic_fake.c timer_fake.c)
$(foreach t,mmio lr sgi,$(eval UNIT_SRCS_test_vgic_$(t) := $(VGIC_UNIT_SRCS)))
# GICv2 list registers (issue 14): the GICH translation alone.
UNIT_SRCS_test_vgic_gich := hypervisor/arch/aarch64/vgic2/vgic_gich.c
# The real VMSAv8-64 descriptor encoding, driven by the generic builder.
UNIT_SRCS_test_pgtable_aarch64 := hypervisor/core/pgtable.c hypervisor/arch/aarch64/pgtable.c

$(UNIT_A64)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $< (aarch64 model)"
	@$(UNIT_CC) $(UNIT_A64_CFLAGS) -c $< -o $@

$(UNIT_A64)/libhv.a: $(UNIT_A64_LIB_OBJS)
	@rm -f $@
	@ar rcs $@ $^

$(UNIT_A64)/test_%: $(UNIT_A64)/obj/$(UNIT_DIR)/aarch64/test_%.o $(UNIT_A64)/libhv.a
	@echo "  LINK    $@"
	@$(UNIT_CC) -o $@ $< $(if $(UNIT_SRCS_test_$*),$(patsubst %.c,$(UNIT_A64)/obj/%.o,$(UNIT_SRCS_test_$*)),$(UNIT_A64)/libhv.a) \
		$(UNIT_LDFLAGS) $(UNIT_LIBS)

.SECONDEXPANSION:
$(foreach t,$(UNIT_A64_TESTS),$(if $(UNIT_SRCS_$(t)),$(eval $(UNIT_A64)/$(t): $(patsubst %.c,$(UNIT_A64)/obj/%.o,$(UNIT_SRCS_$(t))))))

# Keep the unit-test objects (pattern-rule intermediates) for incremental
# rebuilds. Only these: a bare `.SECONDARY:` would make every target of the
# whole build secondary, and make would then not rebuild a deleted guest
# image that the firmware's generated tables depend on.
.SECONDARY: $(patsubst %,$(UNIT_BUILD)/obj/$(UNIT_DIR)/%.o,$(UNIT_TESTS)) \
	$(patsubst %,$(UNIT_A64)/obj/$(UNIT_DIR)/aarch64/%.o,$(UNIT_A64_TESTS))

# x86_64: the arch's pure pieces (tests/unit/x86_64/x86_64.mk).
include $(UNIT_DIR)/x86_64/x86_64.mk

ALL_UNIT_BINS := $(UNIT_BINS) $(UNIT_A64_BINS) $(UNIT_X86_BINS)

# Build what builds (-k), run every test binary, even after a failure; a
# test that does not build counts as failed. Fail at the end if any did.
test-unit:
	@status=0; $(MAKE) --no-print-directory -k $(ALL_UNIT_BINS) || status=1; \
	for t in $(ALL_UNIT_BINS); do \
		if [ -x $$t ]; then echo "== $$t"; $$t || status=1; \
		else echo "== $$t: DID NOT BUILD"; status=1; fi; \
	done; \
	echo "== core neutrality (tests/unit/check_neutral.sh)"; \
	sh $(UNIT_DIR)/check_neutral.sh || status=1; \
	if [ $$status = 0 ]; then echo "unit: all $(words $(ALL_UNIT_BINS)) test programs and the neutrality check passed"; \
	else echo "unit: FAILURES (see above)"; fi; exit $$status

-include $(shell find $(UNIT_BUILD) -name '*.d' 2>/dev/null)

# riscv64 port (issue 12): tests that link their units alone, not libhv.a
# (which has the fake UART and the fake arch): the NS16550 driver against
# its register model; the riscv64 load/store decoder and descriptor
# encoding (with core's generic walker), built against the riscv64 headers
# in their own object folder.
UNIT_RV := $(UNIT_BUILD)/riscv64
UNIT_RV_CFLAGS := $(UNIT_CFLAGS_COMMON) -Ihypervisor/include -Ihypervisor/arch/riscv64/include \
	-Ihypervisor/arch/riscv64 -I$(UNIT_DIR)/fixtures
UNIT_RV_ALONE := test_ns16550:hypervisor/drivers/ns16550.c \
	test_rv_insn:hypervisor/arch/riscv64/insn.c \
	test_pgtable_riscv64:hypervisor/core/pgtable.c,hypervisor/arch/riscv64/pgtable.c

$(UNIT_RV)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $< (riscv64)"
	@$(UNIT_CC) $(UNIT_RV_CFLAGS) -c $< -o $@

define unit_rv_alone
$$(UNIT_BUILD)/$(1): $$(UNIT_RV)/obj/$$(UNIT_DIR)/$(1).o $(patsubst %.c,$$(UNIT_RV)/obj/%.o,$(2))
	@echo "  LINK    $$@"
	@$$(UNIT_CC) -o $$@ $$^ $$(UNIT_LDFLAGS) $$(UNIT_LIBS)
endef
$(foreach p,$(UNIT_RV_ALONE),$(eval $(call unit_rv_alone,$(word 1,$(subst :, ,$(p))),$(subst $(comma), ,$(word 2,$(subst :, ,$(p)))))))
