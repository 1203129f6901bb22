# CMocka unit tests on the host: `make test-unit` (included by tests/tests.mk).
#
# Every tests/unit/test_<name>.c becomes build/unit/test_<name>, linked with
# build/unit/libhv.a: the core sources (HV_CORE_SRCS, HV_CONSOLE_SRCS from
# hypervisor/hypervisor.mk), the host model of the arch layer
# (hypervisor/arch/fake/*.c), the pure aarch64 decoders (UNIT_ARCH_PURE_SRCS)
# and a fixture config (tests/unit/fixtures/config.[ch]). Being an archive,
# a function your test defines itself (a fake) wins over the library's.
#
# To add tests: drop tests/unit/test_<name>.c. If it needs more sources
# (host-buildable), add them from your own fragment or here:
#     HV_UNIT_EXTRA_SRCS += hypervisor/core/mything.c
# or give one test a private list: UNIT_SRCS_test_<name> := a.c b.c
# UNIT_IRQ_SRCS selects the interrupt module for host tests (irq_absent.c
# until the vGIC builds on the host).

UNIT_DIR := tests/unit
UNIT_BUILD := $(BUILD)/unit
UNIT_CC := $(HOSTCC)
UNIT_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
UNIT_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror \
	-fno-omit-frame-pointer -ffunction-sections -fdata-sections $(UNIT_SAN) \
	-Ihypervisor/include -Ihypervisor/arch/fake/include -Ihypervisor/arch/aarch64 \
	-I$(UNIT_DIR)/fixtures -MMD -MP
UNIT_LDFLAGS := $(UNIT_SAN) -Wl,--gc-sections
UNIT_LIBS := -lcmocka -lpthread

# The x86_64 arch's pure pieces (own include path): tests/unit/x86_64.mk.
include $(UNIT_DIR)/x86_64.mk

UNIT_IRQ_SRCS ?= hypervisor/core/irq_absent.c
UNIT_ARCH_PURE_SRCS := hypervisor/arch/aarch64/abort.c hypervisor/arch/aarch64/exc.c
# vGIC tests link the vGIC and its host model only, with their own board
# and VMs (tests/unit/test_vgic_fixture/vgic_fixture.h).
VGIC_UNIT_SRCS := $(filter-out %/vgic_wire.c,$(wildcard hypervisor/core/vgic*.c)) \
	hypervisor/core/vtimer.c $(addprefix hypervisor/arch/fake/,gic_fake.c vgic_fake.c timer_fake.c)
$(foreach t,mmio lr sgi,$(eval UNIT_SRCS_test_vgic_$(t) := $(VGIC_UNIT_SRCS)))
# The real VMSAv8-64 descriptor encoding, driven by the generic builder.
UNIT_SRCS_test_pgtable_aarch64 := hypervisor/core/pgtable.c hypervisor/arch/aarch64/pgtable.c
UNIT_LIB_SRCS = $(sort $(HV_CORE_SRCS) $(HV_CONSOLE_SRCS) $(UNIT_IRQ_SRCS) $(UNIT_ARCH_PURE_SRCS) \
	$(wildcard hypervisor/arch/fake/*.c) $(UNIT_DIR)/fixtures/config.c $(HV_UNIT_EXTRA_SRCS))
UNIT_LIB_OBJS = $(patsubst %.c,$(UNIT_BUILD)/obj/%.o,$(UNIT_LIB_SRCS))
UNIT_TESTS := $(patsubst $(UNIT_DIR)/%.c,%,$(sort $(wildcard $(UNIT_DIR)/test_*.c)))
UNIT_BINS := $(addprefix $(UNIT_BUILD)/,$(UNIT_TESTS))

$(UNIT_BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(UNIT_CC) $(UNIT_CFLAGS) -c $< -o $@

$(UNIT_BUILD)/libhv.a: $(UNIT_LIB_OBJS)
	@rm -f $@
	@ar rcs $@ $^

# A test with UNIT_SRCS_<test> links those instead of the library.
$(UNIT_BUILD)/test_%: $(UNIT_BUILD)/obj/$(UNIT_DIR)/test_%.o $(UNIT_BUILD)/libhv.a
	@echo "  LINK    $@"
	@$(UNIT_CC) -o $@ $< $(if $(UNIT_SRCS_test_$*),$(patsubst %.c,$(UNIT_BUILD)/obj/%.o,$(UNIT_SRCS_test_$*)),$(UNIT_BUILD)/libhv.a) \
		$(UNIT_LDFLAGS) $(UNIT_LIBS)

.SECONDEXPANSION:
$(foreach t,$(UNIT_TESTS),$(if $(UNIT_SRCS_$(t)),$(eval $(UNIT_BUILD)/$(t): $(patsubst %.c,$(UNIT_BUILD)/obj/%.o,$(UNIT_SRCS_$(t))))))

# Keep the unit-test objects (pattern-rule intermediates) for incremental
# rebuilds. Only these: a bare `.SECONDARY:` would make every target of the
# whole build secondary, and make would then not rebuild a deleted guest
# image that the firmware's generated tables depend on.
.SECONDARY: $(patsubst %,$(UNIT_BUILD)/obj/$(UNIT_DIR)/%.o,$(UNIT_TESTS))

# Build what builds (-k), run every test binary, even after a failure; a
# test that does not build counts as failed. Fail at the end if any did.
test-unit:
	@status=0; $(MAKE) --no-print-directory -k $(UNIT_BINS) || status=1; \
	for t in $(UNIT_BINS); do \
		if [ -x $$t ]; then echo "== $$t"; $$t || status=1; \
		else echo "== $$t: DID NOT BUILD"; status=1; fi; \
	done; \
	if [ $$status = 0 ]; then echo "unit: all $(words $(UNIT_BINS)) test programs passed"; \
	else echo "unit: FAILURES (see above)"; fi; exit $$status

-include $(wildcard $(UNIT_BUILD)/obj/*/*.d $(UNIT_BUILD)/obj/*/*/*.d $(UNIT_BUILD)/obj/*/*/*/*.d)
