# Console test guests (images/console-test), on the shared guest runtime
# (images/guest-lib, see images.mk): main.c built twice, 'a' linked at
# 0x6000_0000 and 'b' at 0x6400_0000, and the interrupt-driven irq.c (with
# guest-lib's vector table) as 'c' at 0x6800_0000
# (configs/vms/console-test-*.toml).
CT_SRC := images/console-test
CT_OUT := $(BUILD)/images/console-test
CT_DEPS := $(wildcard $(CT_SRC)/*.c) $(CT_SRC)/console-test.mk $(GUEST_DEPS)

$(CT_OUT)/console-test-a.elf: LETTER := a
$(CT_OUT)/console-test-a.elf: LOAD := 0x60000000
$(CT_OUT)/console-test-b.elf: LETTER := b
$(CT_OUT)/console-test-b.elf: LOAD := 0x64000000
$(CT_OUT)/console-test-c.elf: LETTER := c
$(CT_OUT)/console-test-c.elf: LOAD := 0x68000000
CT_SRCS_a := $(CT_SRC)/main.c
CT_SRCS_b := $(CT_SRCS_a)
CT_SRCS_c := images/guest-lib/vectors.S $(CT_SRC)/irq.c

$(CT_OUT)/console-test-%.elf: $(CT_DEPS)
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -DGUEST_LETTER="'$(LETTER)'" \
		-Wl,--defsym=GUEST_BASE=$(LOAD) -T images/guest-lib/guest.ld \
		-o $@ $(GUEST_LIB) $(CT_SRCS_$(LETTER))

$(CT_OUT)/console-test-%.bin: $(CT_OUT)/console-test-%.elf
	$(GUEST_OBJCOPY) -O binary $< $@

images: $(CT_OUT)/console-test-a.bin $(CT_OUT)/console-test-b.bin \
	$(CT_OUT)/console-test-c.bin
