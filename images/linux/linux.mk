# Linux guest image from Debian 12 arm64 packages (included by images/images.mk;
# also works alone: make -f images/linux/linux.mk linux-image).
#
#   build/images/linux/Image              raw arm64 kernel Image
#   build/images/linux/initramfs.cpio.gz  busybox-static + images/linux/init
#   build/images/linux/versions.txt       packages, versions, SHA-256s
#
# Packages are fetched with apt-get download into LINUX_CACHE through an apt
# configuration of the build's own (LINUX_CACHE/apt/<suite>-<arch>/: own
# sources list naming the host's Debian mirrors, own lists and dpkg status,
# APT::Architecture=<arch>): the machine's apt sources and dpkg architectures
# are left alone. Versions are pinned in images/linux/pins.txt.
BUILD ?= build
PYTHON ?= /usr/bin/python3

LINUX_SRC := images/linux
LINUX_OUT := $(BUILD)/images/linux
LINUX_CACHE ?= $(LINUX_SRC)/cache
LINUX_ARCH ?= arm64
LINUX_SUITE ?= bookworm
LINUX_DEBS := $(LINUX_OUT)/debs.txt
LINUX_BUSYBOX := $(LINUX_OUT)/busybox/bin/busybox
LINUX_IMAGE := $(LINUX_OUT)/Image
LINUX_INITRAMFS := $(LINUX_OUT)/initramfs.cpio.gz
LINUX_VERSIONS := $(LINUX_OUT)/versions.txt

.PHONY: linux-image linux-clean

linux-image: $(LINUX_IMAGE) $(LINUX_INITRAMFS) $(LINUX_VERSIONS)

# Exit code 3 from fetch_debs.py means the archive is unreachable.
$(LINUX_DEBS): $(LINUX_SRC)/pins.txt $(LINUX_SRC)/fetch_debs.py
	@mkdir -p $(@D)
	$(PYTHON) $(LINUX_SRC)/fetch_debs.py --pins $< --cache $(LINUX_CACHE) --out $@ \
		--arch $(LINUX_ARCH) --suite $(LINUX_SUITE)

$(LINUX_IMAGE): $(LINUX_DEBS) $(LINUX_SRC)/unpack_kernel.py
	$(PYTHON) $(LINUX_SRC)/unpack_kernel.py --manifest $(LINUX_DEBS) --out $@

$(LINUX_BUSYBOX): $(LINUX_DEBS)
	rm -rf $(LINUX_OUT)/busybox
	dpkg-deb -x "$$(awk '$$1 == "busybox" { print $$5 }' $(LINUX_DEBS))" $(LINUX_OUT)/busybox
	@test -f $@ || { echo "linux-image: no bin/busybox in the busybox package" >&2; exit 1; }
	@touch $@

$(LINUX_INITRAMFS): $(LINUX_SRC)/initramfs.list $(LINUX_SRC)/mkcpio.py \
		$(LINUX_SRC)/init $(LINUX_SRC)/inittab $(LINUX_BUSYBOX)
	$(PYTHON) $(LINUX_SRC)/mkcpio.py $< -o $@ \
		--var BUSYBOX=$(LINUX_BUSYBOX) --var SRC=$(LINUX_SRC)

$(LINUX_VERSIONS): $(LINUX_DEBS) $(LINUX_IMAGE) $(LINUX_INITRAMFS) \
		$(LINUX_SRC)/record_versions.py $(LINUX_SRC)/fetch_debs.py
	$(PYTHON) $(LINUX_SRC)/record_versions.py --manifest $(LINUX_DEBS) \
		--out $@ $(LINUX_IMAGE) $(LINUX_INITRAMFS) $(LINUX_BUSYBOX)
	@cat $@

# Keeps the package cache (LINUX_CACHE) so a rebuild needs no network.
linux-clean:
	rm -rf $(LINUX_OUT)
