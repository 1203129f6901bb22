/* SPDX-License-Identifier: Apache-2.0 */
/* The board console UART (drivers/pl011.c or another driver, by linking). */
#ifndef HV_UART_H
#define HV_UART_H

#include <hv/types.h>

/** Set up the UART at `base` (already mapped); 0 keeps the firmware setup. */
void uart_init(uint64_t base);
/** Transmit one byte, waiting while the FIFO is full. */
void uart_putc(char c);
/** True if a byte can be written without waiting. */
bool uart_tx_ready(void);
/** One received byte, or -1 if none is waiting (never blocks). */
int uart_getc(void);
/** Raise the UART's interrupt while received data waits (console input). */
void uart_rx_irq_enable(void);
/**
 * Mask (`pause`) or restore the RX interrupt uart_rx_irq_enable() turned on,
 * while received data is left in the FIFO on purpose; no-op if it never was.
 */
void uart_rx_irq_pause(bool pause);

#endif
