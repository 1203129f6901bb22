/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Console multiplexer (core/console.c): line assembly and tags, no
 * interleaving, Ctrl-A x3 input switching, RX bounds, back-pressure,
 * notifications, and several writer threads at once.
 *
 * The physical UART (hv/uart.h) is faked here: output is captured, the TX
 * side can be made "not ready", and input is a queue.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <config.h>
#include <hv/console.h>
#include <hv/uart.h>

/* ---- fake physical UART -------------------------------------------------- */

static char out[1 << 18];
static size_t out_len;
static long tx_budget; /* bytes the UART takes before it is "full"; <0: any */
static uint8_t in_q[2 * CONSOLE_RX_SIZE];
static size_t in_head, in_len;

void uart_init(uint64_t base)
{
	(void)base;
}

bool uart_tx_ready(void)
{
	return tx_budget != 0;
}

void uart_putc(char c)
{
	if (out_len < sizeof(out) - 1)
		out[out_len++] = c;
	out[out_len] = '\0';
	if (tx_budget > 0)
		tx_budget--;
}

void uart_rx_irq_pause(bool pause)
{
	(void)pause;
}

int uart_getc(void)
{
	if (in_head == in_len)
		return -1;
	return in_q[in_head++];
}

static void fake_type(const char *s, size_t n)
{
	memcpy(in_q + in_len, s, n);
	in_len += n;
}

/* ---- helpers ------------------------------------------------------------- */

static struct console_port *a, *b;
static int notified_a, notified_b;

static void note_a(void *ctx)
{
	(void)ctx;
	notified_a++;
}

static void note_b(void *ctx)
{
	(void)ctx;
	notified_b++;
}

static int setup(void **state)
{
	(void)state;
	out_len = 0;
	out[0] = '\0';
	tx_budget = -1;
	in_head = in_len = 0;
	notified_a = notified_b = 0;
	console_init();
	a = console_open("alpha", note_a, NULL);
	b = console_open("beta", note_b, NULL);
	return 0;
}

static void put(struct console_port *p, const char *s)
{
	for (; *s; s++)
		assert_int_equal(console_putc(p, (uint8_t)*s), HV_OK);
}

static void input(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_input((uint8_t)s[i]);
}

static void drain(void)
{
	console_poll(0);
}

/* ---- output: line assembly and tags -------------------------------------- */

/* A complete line comes out whole, tagged with the port's name. */
static void test_line_is_tagged(void **state)
{
	(void)state;
	put(a, "hello\n");
	drain();
	assert_string_equal(out, "[alpha] hello\r\n");
}

/* The byte that completes a record sends it out at once, with no poll and
 * no TX-state query after it (a guest may sleep next with no exit). */
static void test_line_out_without_poll(void **state)
{
	(void)state;
	put(a, "bye\n");
	assert_string_equal(out, "[alpha] bye\r\n");
	assert_false(console_tx_full(a));
}

/* TX state is read without the lock while nothing is held back, and with
 * it while this port's record waits for ring room: that retry is progress. */
static void test_tx_full_until_ring_drains(void **state)
{
	char line[CONSOLE_LINE_MAX / 2];

	(void)state;
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	tx_budget = 0;
	while (!console_tx_full(a)) {
		put(a, line);
		put(a, "\n");
	}
	assert_int_equal(console_putc(a, 'y'), HV_ERR_BUSY);
	tx_budget = -1;
	assert_false(console_tx_full(a));
	assert_int_equal(console_putc(a, 'y'), HV_OK);
}

/* A guest's "\r\n" ends the record once, not twice. */
static void test_crlf_collapses(void **state)
{
	(void)state;
	put(a, "hi\r\n");
	drain();
	assert_string_equal(out, "[alpha] hi\r\n");
}

/* An empty line is still a record. */
static void test_empty_line(void **state)
{
	(void)state;
	put(a, "\n");
	drain();
	assert_string_equal(out, "[alpha] \r\n");
}

/* Nothing of a line appears before its end. */
static void test_partial_line_held(void **state)
{
	(void)state;
	put(a, "no newline yet");
	drain();
	assert_int_equal(out_len, 0);
}

/* Two VMs' partial lines never mix: each record is one VM's whole line. */
static void test_no_interleaving(void **state)
{
	(void)state;
	put(a, "AAA");
	put(b, "BBB");
	put(a, "aaa");
	put(b, "bbb\n");
	put(a, "\n");
	drain();
	assert_string_equal(out, "[beta] BBBbbb\r\n[alpha] AAAaaa\r\n");
}

/* One byte short of the line buffer: a single record (boundary). */
static void test_line_max_minus_one_is_one_record(void **state)
{
	char line[CONSOLE_LINE_MAX + 1];

	(void)state;
	memset(line, 'x', CONSOLE_LINE_MAX - 1);
	line[CONSOLE_LINE_MAX - 1] = '\n';
	line[CONSOLE_LINE_MAX] = '\0';
	put(a, line);
	drain();
	assert_int_equal(out_len, strlen("[alpha] ") + CONSOLE_LINE_MAX - 1 + 2);
	assert_null(strstr(out, "]+"));
}

/* A line longer than the buffer still reads as one line if nobody cuts in. */
static void test_long_line_stays_one_physical_line(void **state)
{
	char line[CONSOLE_LINE_MAX + 8], expect[2 * CONSOLE_LINE_MAX];

	(void)state;
	memset(line, 'y', CONSOLE_LINE_MAX + 5);
	strcpy(line + CONSOLE_LINE_MAX + 5, "\n");
	put(a, line);
	drain();
	snprintf(expect, sizeof(expect), "[alpha] %.*s\r\n",
		 CONSOLE_LINE_MAX + 5, line);
	assert_string_equal(out, expect);
}

/* Another port printing between the pieces: the rest is a "+" record. */
static void test_long_line_cut_in_gets_continuation(void **state)
{
	char line[CONSOLE_LINE_MAX + 1], expect[2 * CONSOLE_LINE_MAX];

	(void)state;
	memset(line, 'y', CONSOLE_LINE_MAX);
	line[CONSOLE_LINE_MAX] = '\0';
	put(a, line);      /* fills the buffer: first piece out, line open */
	put(b, "b\n");     /* closes alpha's physical line */
	put(a, "yy\n");
	drain();
	snprintf(expect, sizeof(expect), "[alpha] %s\r\n[beta] b\r\n[alpha]+ yy\r\n",
		 line);
	assert_string_equal(out, expect);
}

/* Exactly a buffer's worth then '\n': no empty continuation record. */
static void test_exact_line_max_no_empty_continuation(void **state)
{
	char line[CONSOLE_LINE_MAX + 2];

	(void)state;
	memset(line, 'z', CONSOLE_LINE_MAX);
	strcpy(line + CONSOLE_LINE_MAX, "\n");
	put(a, line);
	put(a, "next\n");
	drain();
	assert_null(strstr(out, "]+"));
	assert_non_null(strstr(out, "\r\n[alpha] next\r\n"));
}

/* console_flush() shows a partial line at once; the rest continues it. */
static void test_explicit_flush(void **state)
{
	(void)state;
	put(a, "login: ");
	console_flush(a);
	drain();
	assert_string_equal(out, "[alpha] login: ");
	put(a, "root\n");
	drain();
	assert_string_equal(out, "[alpha] login: root\r\n");
}

/* A flushed prompt cut in by another VM: closed, then "+" for the rest. */
static void test_flushed_prompt_cut_in(void **state)
{
	(void)state;
	put(a, "login: ");
	console_flush(a);
	put(b, "boot done\n");
	put(a, "root\n");
	drain();
	assert_string_equal(out,
			    "[alpha] login: \r\n[beta] boot done\r\n[alpha]+ root\r\n");
}

/* '\n' right after a cut-in continuation adds no empty record. */
static void test_newline_after_cut_in_is_silent(void **state)
{
	(void)state;
	put(a, "x");
	console_flush(a);
	put(b, "y\n");
	put(a, "\n");
	drain();
	assert_string_equal(out, "[alpha] x\r\n[beta] y\r\n");
}

/* A hypervisor log line closes an open line too. */
static void test_hv_log_closes_open_line(void **state)
{
	(void)state;
	put(a, "$ ");
	console_flush(a);
	console_hv_puts("note\n");
	drain();
	assert_string_equal(out, "[alpha] $ \r\n[hv] note\r\n");
}

/* Flushing with nothing buffered prints nothing. */
static void test_flush_empty_is_silent(void **state)
{
	(void)state;
	console_flush(a);
	drain();
	assert_int_equal(out_len, 0);
}

/* A partial line unchanged for the idle timeout is flushed, not before. */
static void test_idle_flush_after_timeout(void **state)
{
	(void)state;
	console_set_idle_timeout(10);
	put(a, "prompt>");
	console_poll(100);
	console_poll(109);
	assert_int_equal(out_len, 0);
	console_poll(110);
	assert_string_equal(out, "[alpha] prompt>");
}

/* Writing restarts the idle clock. */
static void test_idle_clock_restarts_on_write(void **state)
{
	(void)state;
	console_set_idle_timeout(10);
	put(a, "ab");
	console_poll(100);
	put(a, "c");
	console_poll(105);
	console_poll(114);
	assert_int_equal(out_len, 0);
	console_poll(115);
	assert_string_equal(out, "[alpha] abc");
}

/* Timeout 0 means partial lines wait for their '\n'. */
static void test_idle_zero_never_flushes(void **state)
{
	(void)state;
	put(a, "waiting");
	console_poll(0);
	console_poll(1000000);
	assert_int_equal(out_len, 0);
}

/* Names longer than CONSOLE_NAME_MAX are cut in the tag. */
static void test_long_name_truncated(void **state)
{
	struct console_port *c;

	(void)state;
	console_init();
	c = console_open("a-very-long-vm-name-indeed", NULL, NULL);
	assert_non_null(c);
	put(c, "x\n");
	drain();
	assert_string_equal(out, "[a-very-long-vm-] x\r\n");
}

/* The pool holds one port per VM (AXVM_VM_NUM); one more is refused. */
static void test_port_pool_exhausted(void **state)
{
	int opened = 2; /* alpha, beta */

	(void)state;
	while (console_open("more", NULL, NULL))
		opened++;
	assert_int_equal(opened, AXVM_VM_NUM);
}

/* Opening again with the same name and owner gives the same port. */
static void test_reopen_same_owner_same_port(void **state)
{
	int owner;

	(void)state;
	console_init();
	struct console_port *p = console_open("vm", note_a, &owner);
	assert_ptr_equal(console_open("vm", note_a, &owner), p);
	assert_ptr_not_equal(console_open("vm", note_a, NULL), p);
}

/* Hypervisor log lines go through the mux with the "hv" tag. */
static void test_hv_log_tagged(void **state)
{
	(void)state;
	put(a, "half");
	console_hv_puts("booting\n");
	put(a, " done\n");
	drain();
	assert_string_equal(out, "[hv] booting\r\n[alpha] half done\r\n");
}

/* console_sync() flushes partial lines and empties the ring. */
static void test_sync_flushes_all(void **state)
{
	(void)state;
	put(a, "bye");
	put(b, "later");
	console_sync();
	assert_string_equal(out, "[alpha] bye\r\n[beta] later\r\n");
}

/* console_poll_due() polls once the interval has passed, not before. */
static void test_poll_due_respects_interval(void **state)
{
	(void)state;
	console_set_poll_interval(100);
	console_poll(1000); /* next poll due at 1100 */
	fake_type("k", 1);
	console_poll_due(1099);
	assert_int_equal(console_rx_count(a), 0);
	console_poll_due(1100);
	assert_int_equal(console_rx_count(a), 1);
}

/* ---- input ---------------------------------------------------------------- */

/* Input goes to the first VM opened, in order. */
static void test_input_to_first_vm(void **state)
{
	(void)state;
	assert_ptr_equal(console_focus(), a);
	input("ls\n", 3);
	assert_int_equal(console_rx_count(a), 3);
	assert_int_equal(console_getc(a), 'l');
	assert_int_equal(console_getc(a), 's');
	assert_int_equal(console_getc(a), '\n');
	assert_int_equal(console_getc(a), -1);
	assert_int_equal(console_rx_count(b), 0);
}

/* Ctrl-A x3 moves input to the next VM and says so. */
static void test_ctrl_a_three_switches(void **state)
{
	(void)state;
	input("\x01\x01\x01", 3);
	assert_ptr_equal(console_focus(), b);
	input("q", 1);
	assert_int_equal(console_getc(b), 'q');
	assert_int_equal(console_rx_count(a), 0);
	drain();
	assert_string_equal(out,
			    "[hv] console: input to 'beta' (Ctrl-A x3 switches)\r\n");
}

/* The switch wraps from the last VM back to the first. */
static void test_ctrl_a_wraps(void **state)
{
	(void)state;
	input("\x01\x01\x01\x01\x01\x01", 6);
	assert_ptr_equal(console_focus(), a);
}

/* One Ctrl-A then another byte: both delivered as data, no switch. */
static void test_single_ctrl_a_is_data(void **state)
{
	(void)state;
	input("\x01x", 2);
	assert_ptr_equal(console_focus(), a);
	assert_int_equal(console_getc(a), 0x01);
	assert_int_equal(console_getc(a), 'x');
	assert_int_equal(console_getc(a), -1);
}

/* Two Ctrl-A then another byte: all three delivered, in order. */
static void test_double_ctrl_a_is_data(void **state)
{
	(void)state;
	input("\x01\x01y", 3);
	assert_ptr_equal(console_focus(), a);
	assert_int_equal(console_getc(a), 0x01);
	assert_int_equal(console_getc(a), 0x01);
	assert_int_equal(console_getc(a), 'y');
	assert_int_equal(console_getc(a), -1);
}

/* Four Ctrl-A: a switch, then one held Ctrl-A for the new focus. */
static void test_four_ctrl_a_switch_then_data(void **state)
{
	(void)state;
	input("\x01\x01\x01\x01z", 5);
	assert_ptr_equal(console_focus(), b);
	assert_int_equal(console_getc(b), 0x01);
	assert_int_equal(console_getc(b), 'z');
}

/*
 * Ctrl-A x3 skips a VM that is off or stopped: with only the focused VM
 * running, input stays where it is (the fixture has two VM ports).
 */
static void test_switch_skips_off_vm(void **state)
{
	(void)state;
	console_set_live(b, false);
	drain();
	assert_string_equal(out, ""); /* b was not the focus: nothing to say */
	input("\x01\x01\x01k", 4);
	assert_ptr_equal(console_focus(), a);
	assert_int_equal(console_getc(a), 'k');
	assert_int_equal(console_rx_count(b), 0);
}

/* The focused VM powers off: focus moves to the next running VM, with a line. */
static void test_focused_vm_off_moves_focus(void **state)
{
	(void)state;
	console_set_live(a, false);
	assert_ptr_equal(console_focus(), b);
	input("p", 1);
	assert_int_equal(console_getc(b), 'p');
	drain();
	assert_string_equal(out, "[hv] console: 'alpha' is off; input to 'beta' "
				 "(Ctrl-A x3 switches)\r\n");
}

/* Last running VM off: no focus, input is not delivered; it comes back: focus. */
static void test_all_off_then_one_back(void **state)
{
	(void)state;
	console_set_live(a, false);
	console_set_live(b, false);
	assert_null(console_focus());
	input("x", 1);
	assert_int_equal(console_rx_count(a) + console_rx_count(b), 0);
	console_set_live(b, true);
	assert_ptr_equal(console_focus(), b);
	drain();
	assert_string_equal(out,
			    "[hv] console: 'alpha' is off; input to 'beta' (Ctrl-A x3 switches)\r\n"
			    "[hv] console: 'beta' is off, no running VM takes input\r\n"
			    "[hv] console: input to 'beta' (Ctrl-A x3 switches)\r\n");
}

/* A VM back from off is a candidate again; the focus does not jump to it. */
static void test_vm_back_is_candidate_again(void **state)
{
	(void)state;
	console_set_live(b, false);
	console_set_live(b, true);
	assert_ptr_equal(console_focus(), a);
	input("\x01\x01\x01", 3);
	assert_ptr_equal(console_focus(), b);
}

/* RX holds CONSOLE_RX_SIZE bytes, the stash CONSOLE_STASH_SIZE more
 * behind it, in order; only direct console_input() past both is dropped
 * and counted (physical input waits in the UART instead). */
static void test_rx_bound(void **state)
{
	(void)state;
	for (int i = 0; i < CONSOLE_RX_SIZE + CONSOLE_STASH_SIZE; i++)
		console_input((uint8_t)('0' + i % 10));
	assert_int_equal(console_rx_count(a), CONSOLE_RX_SIZE);
	assert_int_equal(console_rx_dropped(a), 0);
	console_input('!');
	assert_int_equal(console_rx_dropped(a), 1);
	assert_int_equal(console_getc(a), '0');
	assert_int_equal(console_rx_count(a), CONSOLE_RX_SIZE);
	console_input('!');
	assert_int_equal(console_rx_dropped(a), 1);
	for (int i = 1; i < CONSOLE_RX_SIZE + CONSOLE_STASH_SIZE; i++)
		assert_int_equal(console_getc(a), '0' + i % 10);
	assert_int_equal(console_getc(a), '!');
	assert_int_equal(console_getc(a), -1);
}

/* Fill the focus from the fake UART with more than it holds; the pattern. */
static void type_past_full(char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)('a' + i % 26);
	fake_type(buf, n);
	console_set_idle_timeout(1000);
	for (int i = 0; i < 2 * CONSOLE_RX_SIZE / 32; i++)
		console_poll(10);
}

/* A full focus leaves input in the UART; reads take it in, nothing lost. */
static void test_rx_full_holds_physical_input(void **state)
{
	char buf[CONSOLE_RX_SIZE + 12];

	(void)state;
	type_past_full(buf, sizeof(buf));
	/* Room for one byte + two held Ctrl-As is kept: stops 2 short. */
	assert_int_equal(console_rx_count(a), CONSOLE_RX_SIZE - 2);
	assert_int_equal(in_len - in_head, 14);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(console_getc(a), buf[i]);
	assert_int_equal(console_getc(a), -1);
	assert_int_equal(console_rx_dropped(a), 0);
}

/* Held input nobody reads for the idle timeout is taken into the stash,
 * not dropped: every byte arrives, in order, once the VM reads (issue 18). */
static void test_rx_held_unread_is_kept(void **state)
{
	char buf[CONSOLE_RX_SIZE + 12];

	(void)state;
	type_past_full(buf, sizeof(buf));
	console_poll(1009);
	assert_int_equal(in_len - in_head, 14);
	console_poll(1010);
	assert_int_equal(in_head, in_len);
	assert_int_equal(console_rx_dropped(a), 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(console_getc(a), buf[i]);
	assert_int_equal(console_getc(a), -1);
	assert_int_equal(console_rx_dropped(a), 0);
}

/* A focus that reads nothing: Ctrl-A x3 still switches; its own input
 * waits for it, the other VM gets what follows. */
static void test_rx_stuck_focus_can_switch(void **state)
{
	char buf[CONSOLE_RX_SIZE + 12];

	(void)state;
	type_past_full(buf, sizeof(buf));
	console_poll(1009);
	console_poll(1010);
	fake_type("\x01\x01\x01" "ls", 5);
	console_poll(1011);
	assert_ptr_equal(console_focus(), b);
	assert_int_equal(console_rx_count(b), 2);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(console_getc(a), buf[i]);
	assert_int_equal(console_getc(a), -1);
	assert_int_equal(console_rx_dropped(a), 0);
}

/* Beyond the stash input waits in the UART, nothing dropped, said once. */
static void test_rx_stash_full_waits_in_uart(void **state)
{
	static char buf[CONSOLE_RX_SIZE + CONSOLE_STASH_SIZE + 40];

	(void)state;
	type_past_full(buf, sizeof(buf));
	for (uint64_t t = 1009; t < 1030; t++)
		console_poll(t);
	assert_true(in_len - in_head > 0);
	assert_int_equal(console_rx_dropped(a), 0);
	for (size_t i = 0; i < sizeof(buf); i++) {
		if (console_rx_count(a) == 0)
			console_poll(2000 + i);
		assert_int_equal(console_getc(a), buf[i]);
	}
	assert_int_equal(console_rx_dropped(a), 0);
}

/* console_poll() takes physical input and notifies the focused port. */
static void test_poll_reads_physical_input(void **state)
{
	(void)state;
	fake_type("hi", 2);
	console_poll(0);
	assert_int_equal(console_rx_count(a), 2);
	assert_true(notified_a > 0);
	assert_int_equal(notified_b, 0);
}

/* Ctrl-A x3 arriving through the physical UART switches too. */
static void test_poll_switch_then_data_to_other_vm(void **state)
{
	(void)state;
	fake_type("\x01\x01\x01" "echo", 7);
	console_poll(0);
	assert_ptr_equal(console_focus(), b);
	assert_int_equal(console_rx_count(b), 4);
	assert_int_equal(console_rx_count(a), 0);
}

/* ---- back-pressure --------------------------------------------------------- */

/* Fill the ring with `p`'s 9-byte lines until the port reports full. */
static int fill_until_full(struct console_port *p)
{
	int lines = 0;

	while (!console_tx_full(p)) {
		char l[16];

		snprintf(l, sizeof(l), "%08d\n", lines++);
		for (char *s = l; *s && !console_tx_full(p); s++)
			assert_int_equal(console_putc(p, (uint8_t)*s), HV_OK);
	}
	return lines;
}

/* With the UART stuck, the port fills, refuses, and loses nothing. */
static void test_full_refuses_then_accepts_after_drain(void **state)
{
	int lines;

	(void)state;
	tx_budget = 0;
	lines = fill_until_full(a);
	assert_true(lines > CONSOLE_TX_RING / 20);
	assert_true(console_tx_full(a));
	assert_int_equal(console_putc(a, 'R'), HV_ERR_BUSY);
	tx_budget = -1; /* the UART drains */
	assert_false(console_tx_full(a));
	assert_int_equal(console_putc(a, 'R'), HV_OK);
	put(a, "\n");
	drain();
	/* Every line, in order, then the retried byte's line. */
	char expect[32];
	const char *pos = out;
	for (int i = 0; i < lines; i++) {
		snprintf(expect, sizeof(expect), "[alpha] %08d\r\n", i);
		assert_memory_equal(pos, expect, strlen(expect));
		pos += strlen(expect);
	}
	assert_string_equal(pos, "[alpha] R\r\n");
}

/* A full port does not stop another port's partial line from assembling. */
static void test_full_port_does_not_block_others_buffer(void **state)
{
	(void)state;
	tx_budget = 0;
	fill_until_full(a);
	assert_false(console_tx_full(b));
	assert_int_equal(console_putc(b, 'b'), HV_OK);
}

/* The owner is notified when its pending line went out. */
static void test_notify_when_room_returns(void **state)
{
	(void)state;
	tx_budget = 0;
	fill_until_full(a);
	notified_a = 0;
	tx_budget = -1;
	console_poll(0);
	assert_true(notified_a > 0);
	assert_false(console_tx_full(a));
}

/* A slow UART (a few bytes per poll) still gets every byte, in order. */
static void test_slow_uart_keeps_order(void **state)
{
	(void)state;
	tx_budget = 3;
	put(a, "first line\n");
	put(b, "second line\n");
	for (int i = 0; i < 20; i++) {
		tx_budget = 3;
		console_poll(0);
	}
	assert_string_equal(out, "[alpha] first line\r\n[beta] second line\r\n");
}

/* ---- concurrency ------------------------------------------------------------ */

#define THREAD_LINES 300

static void *writer(void *arg)
{
	struct console_port *p = arg;
	char l[64];

	for (int i = 0; i < THREAD_LINES; i++) {
		snprintf(l, sizeof(l), "line %04d of a fairly long test message\n", i);
		for (char *s = l; *s; s++)
			while (console_putc(p, (uint8_t)*s) == HV_ERR_BUSY)
				;
	}
	return NULL;
}

/* Two writer threads: every line arrives whole, tagged, in per-port order. */
static void test_two_threads_lines_intact(void **state)
{
	pthread_t ta, tb;
	int next_a = 0, next_b = 0;

	(void)state;
	pthread_create(&ta, NULL, writer, a);
	pthread_create(&tb, NULL, writer, b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	console_sync();
	for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n")) {
		int n;
		char tag[16];

		assert_int_equal(sscanf(l, "[%15[a-z]] line %d of a", tag, &n), 2);
		assert_non_null(strstr(l, "message\r"));
		if (!strcmp(tag, "alpha"))
			assert_int_equal(n, next_a++);
		else
			assert_int_equal(n, next_b++);
	}
	assert_int_equal(next_a, THREAD_LINES);
	assert_int_equal(next_b, THREAD_LINES);
}

/* ---- command mode ---------------------------------------------------------- */

static char cmd_keys[16], cmd_args[16];
static int cmd_calls;

static void fake_cmd(char key, char arg)
{
	cmd_keys[cmd_calls] = key;
	cmd_args[cmd_calls] = arg;
	cmd_calls++;
}

static void cmd_setup(void)
{
	cmd_calls = 0;
	console_set_cmd_handler(fake_cmd);
}

/* Ctrl-A l goes to the handler with no argument; the VM sees nothing. */
static void test_cmd_list(void **state)
{
	(void)state;
	cmd_setup();
	input("\x01l", 2);
	assert_int_equal(cmd_calls, 1);
	assert_int_equal(cmd_keys[0], 'l');
	assert_int_equal(cmd_args[0], CONSOLE_CMD_NONE);
	assert_int_equal(console_getc(a), -1);
}

/* Ctrl-A r/o/s take the next byte as the VM id, and echo it after a prompt. */
static void test_cmd_with_id(void **state)
{
	(void)state;
	cmd_setup();
	input("\x01r3\x01o0\x01s9", 9);
	assert_int_equal(cmd_calls, 3);
	assert_memory_equal(cmd_keys, "ros", 3);
	assert_memory_equal(cmd_args, "309", 3);
	assert_int_equal(console_getc(a), -1);
	drain();
	assert_string_equal(out, "[hv] console: restart VM id? 3\r\n"
				 "[hv] console: power off VM id? 0\r\n"
				 "[hv] console: start VM id? 9\r\n");
}

/* A byte that is not a digit cancels: no command, and it is not input either. */
static void test_cmd_cancelled(void **state)
{
	(void)state;
	cmd_setup();
	input("\x01sx", 3);
	assert_int_equal(cmd_calls, 0);
	assert_int_equal(console_getc(a), -1);
	input("y", 1);
	assert_int_equal(console_getc(a), 'y');
	drain();
	assert_string_equal(out, "[hv] console: start VM id? cancelled\r\n");
}

/* Ctrl-A h and Ctrl-A ? print the help line (console.c, no handler call). */
static void test_cmd_help(void **state)
{
	(void)state;
	cmd_setup();
	input("\x01h", 2);
	input("\x01?", 2);
	assert_int_equal(cmd_calls, 0);
	drain();
	assert_non_null(strstr(out, "[hv] console: Ctrl-A x3 next VM | Ctrl-A l list VMs"));
	assert_non_null(strstr(out, "Ctrl-T x quit QEMU\r\n[hv] console: Ctrl-A x3"));
}

/* Two Ctrl-As then a command key: data, as before (only a single Ctrl-A commands). */
static void test_cmd_key_after_double_ctrl_a_is_data(void **state)
{
	(void)state;
	cmd_setup();
	input("\x01\x01l", 3);
	assert_int_equal(cmd_calls, 0);
	assert_int_equal(console_getc(a), 0x01);
	assert_int_equal(console_getc(a), 0x01);
	assert_int_equal(console_getc(a), 'l');
}

/* A command key without Ctrl-A is plain input. */
static void test_cmd_key_alone_is_data(void **state)
{
	(void)state;
	cmd_setup();
	input("ls", 2);
	assert_int_equal(cmd_calls, 0);
	assert_int_equal(console_getc(a), 'l');
	assert_int_equal(console_getc(a), 's');
}

/* Without a handler (console_init() clears it) the user is told so. */
static void test_cmd_no_handler(void **state)
{
	(void)state;
	input("\x01l", 2);
	drain();
	assert_string_equal(out, "[hv] console: no command handler\r\n");
}

/* "\rtext" at a line start keeps the tag visible; "a\rb" is two records. */
static void test_leading_cr_dropped(void **state)
{
	(void)state;
	put(a, "\rprogress 1\rprogress 2\r\n");
	drain();
	assert_string_equal(out, "[alpha] progress 1\r\n[alpha] progress 2\r\n");
}

/* A lone '\r' whose record finds the ring full: the next byte waits too. */
static void test_lone_cr_when_ring_full(void **state)
{
	uint32_t n = 0;

	(void)state;
	tx_budget = 0; /* the UART takes nothing: the ring fills */
	/* "[beta] z\r\n" records until one waits: less room left than
	 * "[alpha] x\r\n" needs. */
	while (n++ < CONSOLE_TX_RING && console_putc(b, 'z') == HV_OK)
		assert_int_equal(console_putc(b, '\n'), HV_OK);
	assert_int_equal(console_putc(a, 'x'), HV_OK);
	assert_int_equal(console_putc(a, '\r'), HV_OK);
	assert_int_equal(console_putc(a, 'y'), HV_ERR_BUSY);
	tx_budget = -1;
	console_sync();
	assert_int_equal(console_putc(a, 'y'), HV_OK);
	put(a, "\n");
	drain();
	assert_non_null(strstr(out, "[alpha] x\r\n"));
	assert_non_null(strstr(out, "[alpha] y\r\n"));
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_line_is_tagged), T(test_line_out_without_poll), T(test_tx_full_until_ring_drains),
		T(test_crlf_collapses),
		T(test_empty_line),
		T(test_partial_line_held),
		T(test_no_interleaving),
		T(test_line_max_minus_one_is_one_record),
		T(test_long_line_stays_one_physical_line),
		T(test_long_line_cut_in_gets_continuation),
		T(test_exact_line_max_no_empty_continuation),
		T(test_explicit_flush),
		T(test_flushed_prompt_cut_in),
		T(test_newline_after_cut_in_is_silent),
		T(test_hv_log_closes_open_line),
		T(test_flush_empty_is_silent),
		T(test_idle_flush_after_timeout),
		T(test_idle_clock_restarts_on_write),
		T(test_idle_zero_never_flushes),
		T(test_long_name_truncated),
		T(test_port_pool_exhausted),
		T(test_reopen_same_owner_same_port),
		T(test_hv_log_tagged),
		T(test_sync_flushes_all),
		T(test_poll_due_respects_interval),
		T(test_input_to_first_vm),
		T(test_ctrl_a_three_switches),
		T(test_ctrl_a_wraps),
		T(test_single_ctrl_a_is_data),
		T(test_double_ctrl_a_is_data),
		T(test_four_ctrl_a_switch_then_data),
		T(test_switch_skips_off_vm),
		T(test_focused_vm_off_moves_focus),
		T(test_all_off_then_one_back),
		T(test_vm_back_is_candidate_again),
		T(test_rx_bound),
		T(test_rx_full_holds_physical_input),
		T(test_rx_held_unread_is_kept), T(test_rx_stuck_focus_can_switch),
		T(test_rx_stash_full_waits_in_uart),
		T(test_poll_reads_physical_input),
		T(test_poll_switch_then_data_to_other_vm),
		T(test_full_refuses_then_accepts_after_drain),
		T(test_full_port_does_not_block_others_buffer),
		T(test_notify_when_room_returns),
		T(test_slow_uart_keeps_order),
		T(test_two_threads_lines_intact),
		T(test_cmd_list), T(test_cmd_with_id), T(test_cmd_cancelled),
		T(test_cmd_help), T(test_cmd_key_after_double_ctrl_a_is_data),
		T(test_cmd_key_alone_is_data), T(test_cmd_no_handler),
		T(test_leading_cr_dropped), T(test_lone_cr_when_ring_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
