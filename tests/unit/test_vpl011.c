/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual PL011 (core/vpl011.c) on the real console multiplexer: register
 * map, widths and reserved offsets, ID registers, FR flags, TX
 * back-pressure, RX, and interrupt level changes (PL011 TRM DDI 0183).
 * The physical UART (hv/uart.h) is faked; the vGIC is a recording hook.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <config.h>
#include <hv/console.h>
#include <hv/uart.h>
#include <hv/vm.h>
#include <hv/vpl011.h>

/* ---- fake physical UART -------------------------------------------------- */

static char out[1 << 16];
static size_t out_len;
static bool tx_stuck;

void uart_init(uint64_t base)
{
	(void)base;
}

bool uart_tx_ready(void)
{
	return !tx_stuck;
}

void uart_putc(char c)
{
	if (out_len < sizeof(out) - 1)
		out[out_len++] = c;
	out[out_len] = '\0';
}

void uart_rx_irq_pause(bool pause)
{
	(void)pause;
}

int uart_getc(void)
{
	return -1;
}

/* ---- fake vGIC line -------------------------------------------------------- */

static int irq_calls;
static bool irq_line;
static uint32_t irq_intid;

static void irq_hook(struct vm *vm, uint32_t intid, bool level)
{
	(void)vm;
	irq_calls++;
	irq_intid = intid;
	irq_line = level;
}

/* ---- fixture ----------------------------------------------------------------- */

#define BASE 0x09000000ull
#define SPI  33u

#define DR    0x000
#define RSR   0x004
#define FR    0x018
#define ILPR  0x020
#define IBRD  0x024
#define FBRD  0x028
#define LCR_H 0x02c
#define CR    0x030
#define IFLS  0x034
#define IMSC  0x038
#define RIS   0x03c
#define MIS   0x040
#define ICR   0x044
#define DMACR 0x048

#define FR_BUSY 0x08
#define FR_RXFE 0x10
#define FR_TXFF 0x20
#define FR_RXFF 0x40
#define FR_TXFE 0x80
#define INT_RX  0x10
#define INT_TX  0x20
#define INT_RT  0x40

static const struct vmcfg_vm vm_cfg = {.id = 1, .name = "guest"};
static const struct vmcfg_emu_dev emu_cfg = {
	.ipa = BASE, .size = 0x1000, .irq = SPI, .type = VMCFG_EMU_CONSOLE};
static struct vm vm;
static struct emul_dev dev;

static int setup(void **state)
{
	(void)state;
	out_len = 0;
	out[0] = '\0';
	tx_stuck = false;
	irq_calls = 0;
	irq_line = false;
	console_init();
	vm = (struct vm){.cfg = &vm_cfg, .index = 0, .boots = 1};
	vpl011_set_irq_hook(irq_hook);
	assert_int_equal(vpl011_emul_init(&vm, &emu_cfg, &dev), HV_OK);
	irq_calls = 0; /* init may have lowered a line left high by a test */
	return 0;
}

static enum hv_err access(uint32_t off, uint8_t width, bool write,
			  uint64_t *val)
{
	struct mmio_access acc = {.addr = BASE + off, .width = width,
				  .write = write, .value = write ? *val : 0};
	enum hv_err err = dev.access(&vm.vcpus[0], &dev, &acc);

	if (!write)
		*val = acc.value;
	return err;
}

static uint64_t rd(uint32_t off)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(access(off, 4, false, &v), HV_OK);
	return v;
}

static void wr(uint32_t off, uint64_t v)
{
	assert_int_equal(access(off, 4, true, &v), HV_OK);
}

static void type(const char *s)
{
	for (; *s; s++)
		console_input((uint8_t)*s);
}

/* ---- setup and register map -------------------------------------------------- */

/* vpl011_emul_init fills the emul_dev window from the config. */
static void test_init_fills_dev(void **state)
{
	(void)state;
	assert_int_equal(dev.base, BASE);
	assert_int_equal(dev.size, 0x1000);
	assert_non_null(dev.access);
	assert_non_null(dev.priv);
}

/* A window smaller than the PL011's 4 KiB is refused. */
static void test_init_small_window_refused(void **state)
{
	struct vmcfg_emu_dev small = emu_cfg;
	struct emul_dev d = {0};

	(void)state;
	small.size = 0xfff;
	assert_int_equal(vpl011_emul_init(&vm, &small, &d), HV_ERR_INVAL);
}

/* A VM index past the device pool is refused. */
static void test_init_vm_index_out_of_pool(void **state)
{
	struct vm other = {.cfg = &vm_cfg, .index = AXVM_VM_NUM};
	struct emul_dev d = {0};

	(void)state;
	assert_int_equal(vpl011_emul_init(&other, &emu_cfg, &d), HV_ERR_INVAL);
}

/* Initialising the same VM again keeps its console port. */
static void test_reinit_same_vm_keeps_port(void **state)
{
	struct emul_dev d = {0};

	(void)state;
	assert_int_equal(vpl011_emul_init(&vm, &emu_cfg, &d), HV_OK);
	assert_ptr_equal(d.priv, dev.priv);
	/* Still one port for "guest": the others are all free. */
	for (int i = 1; i < AXVM_VM_NUM; i++)
		assert_non_null(console_open("other", NULL, NULL));
	assert_null(console_open("one-too-many", NULL, NULL));
}

/* No console port left: HV_ERR_NOMEM. */
static void test_init_no_port_left(void **state)
{
	struct vm other = {.cfg = &vm_cfg, .index = 1};
	struct emul_dev d = {0};

	(void)state;
	for (int i = 1; i < AXVM_VM_NUM; i++)
		console_open("other", NULL, NULL);
	assert_int_equal(vpl011_emul_init(&other, &emu_cfg, &d), HV_ERR_NOMEM);
}

/* TRM 3.3: reset values of CR, IFLS and FR (TX and RX FIFOs empty). */
static void test_reset_values(void **state)
{
	(void)state;
	assert_int_equal(rd(CR), 0x300);
	assert_int_equal(rd(IFLS), 0x12);
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(IMSC), 0);
	assert_int_equal(rd(RIS), 0);
	assert_int_equal(rd(LCR_H), 0);
}

/* TRM 3.3.16-3.3.23: PL011 r1p5 peripheral and PrimeCell IDs. */
static void test_id_registers(void **state)
{
	static const uint8_t ids[8] = {0x11, 0x10, 0x34, 0x00,
				       0x0d, 0xf0, 0x05, 0xb1};

	(void)state;
	for (uint32_t i = 0; i < 8; i++)
		assert_int_equal(rd(0xfe0 + 4 * i), ids[i]);
}

/* ID registers ignore writes. */
static void test_id_registers_read_only(void **state)
{
	(void)state;
	wr(0xfe0, 0xff);
	assert_int_equal(rd(0xfe0), 0x11);
}

/* Stored registers read back what was written, masked to their width. */
static void test_stored_registers_masked(void **state)
{
	(void)state;
	wr(IBRD, 0x1ffff);
	wr(FBRD, 0xff);
	wr(LCR_H, 0x170);
	wr(CR, 0xffff);
	wr(IFLS, 0xff);
	wr(DMACR, 0xff);
	wr(ILPR, 0x1ff);
	assert_int_equal(rd(IBRD), 0xffff);
	assert_int_equal(rd(FBRD), 0x3f);
	assert_int_equal(rd(LCR_H), 0x70);
	assert_int_equal(rd(CR), 0xff87);
	assert_int_equal(rd(IFLS), 0x3f);
	assert_int_equal(rd(DMACR), 0x7);
	assert_int_equal(rd(ILPR), 0xff);
}

/* 1-, 2- and 4-byte accesses work (Linux uses 16-bit, earlycon 8-bit). */
static void test_widths_1_2_4_allowed(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(access(CR, 1, false, &v), HV_OK);
	assert_int_equal(v, 0x00); /* low byte of 0x300 */
	assert_int_equal(access(CR, 2, false, &v), HV_OK);
	assert_int_equal(v, 0x300);
	v = 0x101;
	assert_int_equal(access(CR, 2, true, &v), HV_OK);
	assert_int_equal(rd(CR), 0x101);
}

/* 8-byte and odd-size accesses are refused. */
static void test_bad_widths_refused(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(access(FR, 8, false, &v), HV_ERR_INVAL);
	assert_int_equal(access(FR, 3, false, &v), HV_ERR_INVAL);
	assert_int_equal(access(DR, 8, true, &v), HV_ERR_INVAL);
}

/* Offsets inside a register word are refused. */
static void test_unaligned_refused(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(access(FR + 1, 1, false, &v), HV_ERR_RANGE);
	assert_int_equal(access(CR + 2, 2, false, &v), HV_ERR_RANGE);
}

/* Reserved offsets (TRM 3.2) are refused; their neighbours work. */
static void test_reserved_offsets_refused(void **state)
{
	static const uint32_t reserved[] = {0x008, 0x014, 0x01c, 0x04c,
					    0x080, 0xfcc, 0xfdc};
	uint64_t v = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		assert_int_equal(access(reserved[i], 4, false, &v), HV_ERR_RANGE);
	assert_int_equal(access(DMACR, 4, false, &v), HV_OK); /* 0x048 */
	assert_int_equal(access(0xffc, 4, false, &v), HV_OK);
}

/* Past the 4 KiB window: refused (window larger than the device). */
static void test_beyond_window_refused(void **state)
{
	struct vmcfg_emu_dev big = emu_cfg;
	uint64_t v = 0;

	(void)state;
	big.size = 0x2000;
	assert_int_equal(vpl011_emul_init(&vm, &big, &dev), HV_OK);
	assert_int_equal(access(0x1000, 4, false, &v), HV_ERR_RANGE);
}

/* Read-only registers ignore writes; ICR reads as zero. */
static void test_read_only_and_write_only(void **state)
{
	(void)state;
	wr(FR, 0);
	wr(RIS, 0x7ff);
	wr(MIS, 0x7ff);
	assert_int_equal(rd(RIS), 0);
	assert_int_equal(rd(ICR), 0);
	assert_int_equal(rd(RSR), 0);
	wr(RSR, 0xf); /* UARTECR: clears errors, of which there are none */
}

/* ---- TX --------------------------------------------------------------------- */

/* Bytes written to DR reach the physical UART as a tagged line. */
static void test_dr_write_prints_tagged_line(void **state)
{
	(void)state;
	for (const char *s = "hi\n"; *s; s++)
		wr(DR, (uint8_t)*s);
	console_poll(0);
	assert_string_equal(out, "[guest] hi\r\n");
}

/* An 8-bit DR store (earlycon style) prints too. */
static void test_dr_byte_write(void **state)
{
	uint64_t c = 'k', nl = '\n';

	(void)state;
	assert_int_equal(access(DR, 1, true, &c), HV_OK);
	assert_int_equal(access(DR, 1, true, &nl), HV_OK);
	console_poll(0);
	assert_string_equal(out, "[guest] k\r\n");
}

/* Write lines until FR says TXFF; return how many bytes went in. */
static int fill_tx(void)
{
	int n = 0;

	while (!(rd(FR) & FR_TXFF)) {
		wr(DR, (n % 10 == 9) ? '\n' : (uint64_t)('a' + n % 10));
		n++;
	}
	return n;
}

/* Full console: FR shows TXFF|BUSY, not TXFE; a DR write is refused. */
static void test_full_sets_txff_and_refuses(void **state)
{
	uint64_t c = 'X';

	(void)state;
	tx_stuck = true;
	fill_tx();
	assert_int_equal(rd(FR) & (FR_TXFF | FR_BUSY | FR_TXFE), FR_TXFF | FR_BUSY);
	assert_int_equal(access(DR, 4, true, &c), HV_ERR_BUSY);
}

/* After the UART drains, the retried byte goes in and nothing is lost. */
static void test_retry_after_drain_loses_nothing(void **state)
{
	uint64_t c = 'X', nl = '\n';
	int n;

	(void)state;
	tx_stuck = true;
	n = fill_tx();
	assert_int_equal(access(DR, 4, true, &c), HV_ERR_BUSY);
	tx_stuck = false;
	assert_int_equal(rd(FR) & FR_TXFF, 0);
	assert_int_equal(access(DR, 4, true, &c), HV_OK);
	assert_int_equal(access(DR, 4, true, &nl), HV_OK);
	console_poll(0);
	assert_int_equal(n % 10, 0);
	for (int i = 0; i < n / 10; i++)
		assert_memory_equal(out + i * 19, "[guest] abcdefghi\r\n", 19);
	assert_string_equal(out + (n / 10) * 19, "[guest] X\r\n");
}

/* ---- RX --------------------------------------------------------------------- */

/* Typed input: FR.RXFE clears, DR returns the bytes, then RXFE again. */
static void test_rx_bytes_through_dr(void **state)
{
	(void)state;
	type("ok");
	assert_int_equal(rd(FR) & FR_RXFE, 0);
	assert_int_equal(rd(DR), 'o');
	assert_int_equal(rd(DR), 'k');
	assert_int_equal(rd(FR) & FR_RXFE, FR_RXFE);
	assert_int_equal(rd(DR), 0); /* empty: reads as zero */
}

/* RX full sets FR.RXFF; one byte read clears it. */
static void test_rx_full_flag(void **state)
{
	(void)state;
	for (int i = 0; i < CONSOLE_RX_SIZE; i++)
		console_input('r');
	assert_int_equal(rd(FR) & FR_RXFF, FR_RXFF);
	rd(DR);
	assert_int_equal(rd(FR) & FR_RXFF, 0);
}

/* ---- interrupts (TRM 3.4) ---------------------------------------------------- */

/* RX with FIFOs off: one byte raises RX and RT; the line goes high. */
static void test_rx_irq_character_mode(void **state)
{
	(void)state;
	wr(IMSC, INT_RX | INT_RT);
	type("a");
	assert_int_equal(rd(RIS) & (INT_RX | INT_RT), INT_RX | INT_RT);
	assert_true(irq_line);
	assert_int_equal(irq_intid, SPI);
	assert_true(vpl011_irq_level(&dev));
}

/* Reading the last byte drops RX/RT and the line. */
static void test_rx_irq_drops_when_read(void **state)
{
	(void)state;
	wr(IMSC, INT_RX | INT_RT);
	type("a");
	rd(DR);
	assert_int_equal(rd(RIS) & (INT_RX | INT_RT), 0);
	assert_false(irq_line);
}

/* FIFOs on, trigger 1/2 (16): below it only RT; at it RX too. */
static void test_rx_irq_trigger_level(void **state)
{
	(void)state;
	wr(LCR_H, 0x70); /* FEN, 8 bits */
	wr(IFLS, 0x10);  /* RXIFLSEL = b010: 1/2 */
	for (int i = 0; i < 15; i++)
		console_input('x');
	assert_int_equal(rd(RIS) & (INT_RX | INT_RT), INT_RT);
	console_input('x');
	assert_int_equal(rd(RIS) & (INT_RX | INT_RT), INT_RX | INT_RT);
	rd(DR); /* 15 left: below the trigger again */
	assert_int_equal(rd(RIS) & (INT_RX | INT_RT), INT_RT);
}

/* Masked status does not raise the line; unmasking it does. */
static void test_mask_gates_line(void **state)
{
	(void)state;
	type("a");
	assert_false(irq_line);
	assert_int_equal(rd(MIS), 0);
	wr(IMSC, INT_RT);
	assert_true(irq_line);
	assert_int_equal(rd(MIS), INT_RT);
}

/* ICR clears raw status (write-1-to-clear) and the line. */
static void test_icr_clears(void **state)
{
	(void)state;
	wr(IMSC, INT_RX | INT_RT);
	type("a");
	wr(ICR, INT_RX);
	assert_int_equal(rd(RIS) & (INT_RX | INT_RT), INT_RT);
	assert_true(irq_line);
	wr(ICR, INT_RT);
	assert_false(irq_line);
}

/* A DR write with room left raises TX; a full console drops it. */
static void test_tx_irq_follows_room(void **state)
{
	(void)state;
	wr(IMSC, INT_TX);
	wr(DR, 'a');
	assert_int_equal(rd(RIS) & INT_TX, INT_TX);
	assert_true(irq_line);
	tx_stuck = true;
	fill_tx();
	assert_int_equal(rd(RIS) & INT_TX, 0);
	assert_false(irq_line);
}

/* Once the UART drains, the console's notification re-raises TX. */
static void test_tx_irq_after_drain(void **state)
{
	(void)state;
	wr(IMSC, INT_TX);
	tx_stuck = true;
	fill_tx();
	assert_false(irq_line);
	tx_stuck = false;
	console_poll(0);
	assert_true(irq_line);
	assert_int_equal(rd(RIS) & INT_TX, INT_TX);
}

/* The hook sees changes only, not every access. */
static void test_hook_called_on_change_only(void **state)
{
	(void)state;
	wr(IMSC, INT_RT);
	type("abc");
	assert_int_equal(irq_calls, 1);
	rd(FR);
	rd(DR);
	rd(DR);
	assert_int_equal(irq_calls, 1);
	rd(DR);
	assert_int_equal(irq_calls, 2);
	assert_false(irq_line);
}

/* After a VM reset (boots changed) the registers are back at reset. */
static void test_vm_reset_resets_registers(void **state)
{
	(void)state;
	wr(IMSC, INT_RT);
	wr(CR, 0x301);
	type("a");
	assert_true(irq_line);
	vm.boots++;
	assert_int_equal(rd(CR), 0x300);
	assert_int_equal(rd(IMSC), 0);
	assert_false(irq_line);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_fills_dev),
		T(test_init_small_window_refused),
		T(test_init_vm_index_out_of_pool),
		T(test_reinit_same_vm_keeps_port),
		T(test_init_no_port_left),
		T(test_reset_values),
		T(test_id_registers),
		T(test_id_registers_read_only),
		T(test_stored_registers_masked),
		T(test_widths_1_2_4_allowed),
		T(test_bad_widths_refused),
		T(test_unaligned_refused),
		T(test_reserved_offsets_refused),
		T(test_beyond_window_refused),
		T(test_read_only_and_write_only),
		T(test_dr_write_prints_tagged_line),
		T(test_dr_byte_write),
		T(test_full_sets_txff_and_refuses),
		T(test_retry_after_drain_loses_nothing),
		T(test_rx_bytes_through_dr),
		T(test_rx_full_flag),
		T(test_rx_irq_character_mode),
		T(test_rx_irq_drops_when_read),
		T(test_rx_irq_trigger_level),
		T(test_mask_gates_line),
		T(test_icr_clears),
		T(test_tx_irq_follows_room),
		T(test_tx_irq_after_drain),
		T(test_hook_called_on_change_only),
		T(test_vm_reset_resets_registers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
