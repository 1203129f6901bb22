/* SPDX-License-Identifier: Apache-2.0 */
/* Linker-script symbols, only through these functions (core/layout.c). */
#ifndef HV_LAYOUT_H
#define HV_LAYOUT_H

#include <hv/types.h>

/** First byte of the firmware image (the Image header). */
uint64_t layout_hv_start(void);
/** End of text (page aligned). */
uint64_t layout_text_end(void);
/** End of rodata and the bound guest images (page aligned). */
uint64_t layout_rodata_end(void);
/** End of data + bss (page aligned). */
uint64_t layout_hv_end(void);

#endif
