/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest images the boot loader loaded from the boot disk (image_location =
 * "fs"): they already sit in the VM's own RAM, so there is nothing to copy;
 * the hypervisor only checks them, in place, and keeps them out of the RAM
 * clear on reset. Owner: core/image_fs.c.
 */
#ifndef HV_IMAGE_FS_H
#define HV_IMAGE_FS_H

#include <hv/types.h>
#include <hv/vm.h>

/** True if image `im` was loaded from the boot disk, not bound in. */
static inline bool image_is_fs(const struct vmcfg_image *im)
{
	return im->file != NULL;
}

/** Check size and SHA-256 of boot-disk image `i` of `vm` in place; logs file and VM on failure. */
enum hv_err image_fs_check(const struct vm *vm, uint32_t i, const uint8_t *where);
/** Zero [pa, pa+size) of `vm`'s RAM except its boot-disk images. */
void image_fs_zero_around(const struct vm *vm, uint64_t ipa, uint64_t pa, uint64_t size);

#endif /* HV_IMAGE_FS_H */
