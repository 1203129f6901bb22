# Console test guests (images/console-test): main.c built twice, 'a' linked
# at 0x6000_0000 and 'b' at 0x6400_0000, and the interrupt-driven irq.c as
# 'c' at 0x6800_0000 (configs/vms/console-test-*.toml).
CT_SRC := images/console-test
CT_OUT := $(BUILD)/images/console-test
CT_CFLAGS := -Wall -Wextra -Werror -ffreestanding -std=c11 -mgeneral-regs-only \
	-O2 -nostdlib -fno-pie -no-pie -fno-stack-protector \
	-Wl,--build-id=none -Wl,--no-warn-rwx-segments
CT_DEPS := $(wildcard $(CT_SRC)/*.[cS]) $(CT_SRC)/link.ld $(CT_SRC)/console-test.mk

$(CT_OUT)/console-test-a.elf: LETTER := a
$(CT_OUT)/console-test-a.elf: LOAD := 0x60000000
$(CT_OUT)/console-test-b.elf: LETTER := b
$(CT_OUT)/console-test-b.elf: LOAD := 0x64000000
$(CT_OUT)/console-test-c.elf: LETTER := c
$(CT_OUT)/console-test-c.elf: LOAD := 0x68000000
CT_SRCS_a := $(CT_SRC)/start.S $(CT_SRC)/main.c
CT_SRCS_b := $(CT_SRCS_a)
CT_SRCS_c := $(CT_SRC)/start.S $(CT_SRC)/vectors.S $(CT_SRC)/irq.c

$(CT_OUT)/console-test-%.elf: $(CT_DEPS)
	@mkdir -p $(@D)
	$(CROSS)gcc $(CT_CFLAGS) -DGUEST_LETTER="'$(LETTER)'" \
		-Wl,--defsym=LOAD_ADDR=$(LOAD) -T $(CT_SRC)/link.ld \
		$(CT_SRCS_$(LETTER)) -o $@

$(CT_OUT)/console-test-%.bin: $(CT_OUT)/console-test-%.elf
	$(CROSS)objcopy -O binary $< $@

images: $(CT_OUT)/console-test-a.bin $(CT_OUT)/console-test-b.bin \
	$(CT_OUT)/console-test-c.bin
