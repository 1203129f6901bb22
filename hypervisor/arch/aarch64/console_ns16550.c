/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NS16550 console on aarch64 boards: the Synopsys DW-APB UARTs of Rockchip
 * SoCs have 32-bit registers 4 bytes apart (DT reg-shift = 2,
 * reg-io-width = 4), carried in vmcfg_board.arch from board.toml.
 */
#include <hv/ns16550.h>
#include <hv/vmconfig.h>
#include "console_layout.h"

void console_layout_setup(void)
{
	const struct vmcfg_board_arch *a = &vmcfg_board.arch;

	/* A bad layout keeps the driver's default (0, 1): output may be
	 * garbled, but the tool already refuses such a board.toml. */
	(void)ns16550_set_layout(a->uart_reg_shift, a->uart_io_width);
}
