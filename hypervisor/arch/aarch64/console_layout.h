/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console UART's register layout from the board tables, before the
 * first byte is written. One implementation per driver, linked by board.mk
 * UART (arch.mk: console_$(UART).c).
 */
#ifndef ARCH_AARCH64_CONSOLE_LAYOUT_H
#define ARCH_AARCH64_CONSOLE_LAYOUT_H

/** Hand the board's UART layout to the driver; before uart_early_init(). */
void console_layout_setup(void);

#endif
