/* SPDX-License-Identifier: Apache-2.0 */
/*
 * drivers/ns16550.c against a register model in host memory: an 8-register
 * window filled with a sentinel, so a write of the wrong width, at the wrong
 * offset or to the divisor latch shows up as a changed byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <hv/ns16550.h>
#include <hv/uart.h>

#define SENTINEL 0xa5
enum { THR = 0, IER = 1, LCR = 3, MCR = 4, LSR = 5 };

/* Up to 8 registers, 4 bytes apart at most (shift 2), 32-bit aligned. */
static uint32_t regs_words[8 * 4];
static uint8_t *regs = (uint8_t *)regs_words;
static unsigned int shift;

static uint8_t *reg(unsigned int i)
{
	return regs + (i << shift);
}

/* A model with the given layout; LSR says "TX empty", LCR 8N1, DLAB clear. */
static void model(unsigned int s, unsigned int width)
{
	shift = s;
	memset(regs_words, SENTINEL, sizeof(regs_words));
	for (unsigned int i = 0; i < 8; i++)
		if (width == 4)
			memset(reg(i), 0, 4);
		else
			*reg(i) = 0;
	*reg(LSR) = 0x60; /* THRE | TEMT */
	*reg(LCR) = 0x03;
	assert_int_equal(ns16550_set_layout(s, width), 0);
	uart_init((uint64_t)(uintptr_t)regs);
}

/* Bytes that are no register of the layout keep the sentinel. */
static void assert_gaps_untouched(unsigned int width)
{
	for (unsigned int off = 0; off < sizeof(regs_words); off++) {
		unsigned int r = off >> shift, in = off & ((1u << shift) - 1);

		if (r < 8 && in < width)
			continue;
		assert_int_equal(regs[off], SENTINEL);
	}
}

static void test_byte_layout_transmits(void **state)
{
	(void)state;
	model(0, 1);
	assert_true(uart_tx_ready());
	uart_putc('A');
	assert_int_equal(*reg(THR), 'A');
	assert_gaps_untouched(1);
}

static void test_word_layout_transmits_32bit(void **state)
{
	(void)state;
	model(2, 4);
	uart_putc('z');
	assert_int_equal(regs_words[THR], 'z'); /* whole word written */
	assert_gaps_untouched(4);
}

static void test_tx_not_ready_while_holding_register_full(void **state)
{
	(void)state;
	model(2, 4);
	*reg(LSR) = 0x00;
	assert_false(uart_tx_ready());
	*reg(LSR) = 0x20;
	assert_true(uart_tx_ready());
}

static void test_receive_only_when_data_ready(void **state)
{
	(void)state;
	model(0, 1);
	*reg(THR) = 'q';
	assert_int_equal(uart_getc(), -1); /* LSR.DR clear */
	*reg(LSR) |= 0x01;
	assert_int_equal(uart_getc(), 'q');
}

/* The firmware's divisor is kept: init writes nothing when LCR is 8N1. */
static void test_init_keeps_firmware_setup(void **state)
{
	(void)state;
	model(2, 4);
	*reg(LCR) = 0x1b; /* 8 bits, even parity */
	*reg(THR) = 0x11; /* would be DLL with DLAB set */
	*reg(IER) = 0x00;
	uart_init((uint64_t)(uintptr_t)regs);
	assert_int_equal(*reg(LCR), 0x1b);
	assert_int_equal(*reg(THR), 0x11);
	assert_gaps_untouched(4);
}

/* DLAB left set by the firmware would send THR writes to the divisor. */
static void test_init_clears_dlab_and_sets_8bit(void **state)
{
	(void)state;
	model(0, 1);
	*reg(LCR) = 0x80 | 0x08 | 0x02; /* DLAB, parity, 7 bits */
	uart_init((uint64_t)(uintptr_t)regs);
	assert_int_equal(*reg(LCR), 0x08 | 0x03);
}

static void test_rx_irq_enable_and_pause(void **state)
{
	(void)state;
	model(2, 4);
	uart_rx_irq_pause(true); /* never enabled: no-op */
	assert_int_equal(*reg(IER), 0);
	uart_rx_irq_enable();
	assert_int_equal(*reg(IER), 0x01);
	assert_int_equal(*reg(MCR), 0x08);
	uart_rx_irq_pause(true);
	assert_int_equal(*reg(IER), 0x00);
	uart_rx_irq_pause(false);
	assert_int_equal(*reg(IER), 0x01);
	assert_gaps_untouched(4);
}

static void test_rejects_bad_layout(void **state)
{
	(void)state;
	model(0, 1);
	assert_int_not_equal(ns16550_set_layout(4, 1), 0);
	assert_int_not_equal(ns16550_set_layout(0, 2), 0);
	uart_putc('k'); /* still the byte layout */
	assert_int_equal(*reg(THR), 'k');
	assert_gaps_untouched(1);
}

static void test_no_base_no_access(void **state)
{
	(void)state;
	uart_init(0);
	assert_false(uart_tx_ready());
	assert_int_equal(uart_getc(), -1);
	uart_putc('x'); /* must not fault */
	uart_rx_irq_enable();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_byte_layout_transmits),
		cmocka_unit_test(test_word_layout_transmits_32bit),
		cmocka_unit_test(test_tx_not_ready_while_holding_register_full),
		cmocka_unit_test(test_receive_only_when_data_ready),
		cmocka_unit_test(test_init_keeps_firmware_setup),
		cmocka_unit_test(test_init_clears_dlab_and_sets_8bit),
		cmocka_unit_test(test_rx_irq_enable_and_pause),
		cmocka_unit_test(test_rejects_bad_layout),
		cmocka_unit_test(test_no_base_no_access),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
