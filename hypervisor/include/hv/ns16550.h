/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NS16550-compatible UART register layout (drivers/ns16550.c). The driver
 * itself implements hv/uart.h; this header only adds the board's layout.
 */
#ifndef HV_NS16550_H
#define HV_NS16550_H

#include <hv/types.h>

/*
 * Register i lives at base + (i << reg_shift) and is accessed `io_width`
 * bytes wide (1 or 4): QEMU's 16550 is (0, 1), the Synopsys DW-APB UART of
 * Rockchip SoCs (2, 4). Call before uart_init(); returns HV_ERR_INVAL (and
 * keeps the previous layout) for a shift above 3 or a width other than 1/4.
 */
enum hv_err ns16550_set_layout(unsigned int reg_shift, unsigned int io_width);

#endif
