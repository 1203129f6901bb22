# x86_64 bare-metal guests (images/<name>-x86_64/ + images/x86-lib/), built
# with the host gcc as flat binaries at guest-physical 0x100000, entered in
# 32-bit protected mode (x86-lib/start.S switches to long mode). Included by
# images/images.mk.
#   make BOARD=qemu-pc-x86_64 build/images/hello-x86_64/hello-x86_64.bin
X86_GUESTS := hello-x86_64 attacker-x86_64 heartbeat-x86_64 resetter-x86_64
X86_GUEST_CC ?= gcc
X86_GUEST_CFLAGS := -m64 -O2 -g -std=c11 -Wall -Wextra -Werror -ffreestanding -nostdlib \
	-fno-builtin -fno-stack-protector -fno-pic -no-pie -mno-red-zone -mgeneral-regs-only \
	-mcmodel=small -fcf-protection=none -Iimages/x86-lib \
	-Wl,--no-warn-rwx-segments -Wl,--build-id=none -Wl,-static -Wl,-z,noexecstack
X86_GUEST_LIB := $(wildcard images/x86-lib/*.S images/x86-lib/*.c)
X86_GUEST_DEPS := $(X86_GUEST_LIB) $(wildcard images/x86-lib/*.h) images/x86-lib/guest.ld \
	images/x86-guests.mk

define x86_guest_rule
$(GUEST_IMG)/$(1)/$(1).elf: $(wildcard images/$(1)/*.c images/$(1)/*.S) $(X86_GUEST_DEPS)
	@mkdir -p $$(@D)
	$(X86_GUEST_CC) $(X86_GUEST_CFLAGS) -T images/x86-lib/guest.ld -o $$@ \
		$(X86_GUEST_LIB) $(wildcard images/$(1)/*.c images/$(1)/*.S)
$(GUEST_IMG)/$(1)/$(1).bin: $(GUEST_IMG)/$(1)/$(1).elf
	objcopy -O binary $$< $$@
endef
$(foreach g,$(X86_GUESTS),$(eval $(call x86_guest_rule,$(g))))

# `make images` builds them too (host gcc only): the README's CI line checks
# the x86_64 sets with their real images.
images: $(foreach g,$(X86_GUESTS),$(GUEST_IMG)/$(g)/$(g).bin)
