# The FAT32 boot disk and BOOT=uboot (issue 15). Included by the top Makefile.
#
#   make disk [VMS=...]        -> $(FW_DIR)/disk.img: MBR + one FAT32 partition
#                                 holding /axvisor.bin, /boot.scr and every
#                                 image_location = "fs" file of the VM set
#   make run BOOT=uboot        QEMU starts the board's U-Boot (UBOOT_BIN, board.mk)
#                              as -bios; its distro boot finds /boot.scr on the
#                              virtio disk and runs it (fatload ..., booti).
#
# No root: tools/mkdisk.py writes the MBR, mkfs.vfat --offset formats the
# partition inside the file, mtools copies. boot.scr is axvmconfig's boot.cmd
# wrapped by mkimage -T script (SOURCE_DATE_EPOCH=0: the same bytes each time).
BOOT ?=
DISK := $(FW_DIR)/disk.img

.PHONY: disk
# A sub-make after deps, as `run` and `gen` (the Makefile says why).
disk: deps
	@$(MAKE) --no-print-directory $(DISK)

# gen writes boot.cmd and disk.list with config.c, each only when its content changed:
# the script and the disk follow the files themselves, not config.c's time.
$(GEN_DIR)/boot.cmd $(GEN_DIR)/disk.list: $(GEN_DIR)/config.c ;

$(FW_DIR)/boot.scr: $(GEN_DIR)/boot.cmd
	@mkdir -p $(@D)
	SOURCE_DATE_EPOCH=0 mkimage -A $(UBOOT_ARCH) -O linux -T script -C none -n axvisor \
		-d $(GEN_DIR)/boot.cmd $@ >/dev/null

$(DISK): $(FW_DIR)/axvisor.bin $(FW_DIR)/boot.scr $(GEN_DIR)/disk.list tools/mkdisk.py
	$(PYTHON) tools/mkdisk.py $@ $(GEN_DIR)/disk.list \
		$(FW_DIR)/axvisor.bin=/axvisor.bin $(FW_DIR)/boot.scr=/boot.scr

ifeq ($(BOOT),uboot)
ifeq ($(UBOOT_BIN),)
$(error BOOT=uboot: board $(BOARD) has no U-Boot boot-disk flow (UBOOT_BIN, UBOOT_ARCH in its board.mk); qemu-virt-aarch64 has one)
endif
# virtio-blk on virtio-mmio needs no option ROM; -nic none keeps QEMU from
# adding a PCI NIC (and its ROM) that U-Boot would probe for nothing (added
# here only if the board's QEMU_MACHINE does not already say it).
QEMU_CMD = $(QEMU) $(QEMU_MACHINE) -nographic -echr 0x14 \
	$(if $(findstring -nic none,$(QEMU_MACHINE)),,-nic none) -bios $(UBOOT_BIN) \
	-drive if=none,format=raw,file=$(DISK),id=bootdisk -device virtio-blk-device,drive=bootdisk
RUN_NEEDS := $(DISK)
else ifneq ($(BOOT),)
$(error BOOT=$(BOOT): unknown; leave it empty (QEMU -kernel) or use BOOT=uboot)
endif
