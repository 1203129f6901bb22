/* SPDX-License-Identifier: Apache-2.0 */
/* PL011 console: its layout is architected (DDI 0183), nothing to hand over. */
#include "console_layout.h"

void console_layout_setup(void)
{
}
