# x86_64 bare-metal hello guest (images/hello-x86_64/), built with the host
# gcc as a flat binary loaded at guest-physical 0x100000. Included by
# hypervisor/arch/x86_64/arch.mk.
X86_GUEST_CC ?= gcc
X86_GUEST_CFLAGS := -m64 -O2 -g -std=c11 -Wall -Wextra -Werror -ffreestanding -nostdlib \
	-fno-builtin -fno-stack-protector -fno-pic -no-pie -mno-red-zone -mgeneral-regs-only \
	-mcmodel=small -Wl,--no-warn-rwx-segments -Wl,--build-id=none -Wl,-static
X86_HELLO_SRCS := images/hello-x86_64/start.S images/hello-x86_64/main.c

$(GUEST_IMG)/hello-x86_64/hello-x86_64.elf: $(X86_HELLO_SRCS) images/hello-x86_64/guest.ld \
		images/hello-x86_64/hello-x86_64.mk
	@mkdir -p $(@D)
	$(X86_GUEST_CC) $(X86_GUEST_CFLAGS) -T images/hello-x86_64/guest.ld -o $@ $(X86_HELLO_SRCS)

$(GUEST_IMG)/hello-x86_64/hello-x86_64.bin: $(GUEST_IMG)/hello-x86_64/hello-x86_64.elf
	objcopy -O binary $< $@
