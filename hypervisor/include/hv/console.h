/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Console multiplexer: every VM's console and the hypervisor's own log share
 * the one physical UART (hv/uart.h).
 *
 * Output format on the physical UART, one record per line, "\r\n"-ended:
 *
 *     [<name>] <text>      a line
 *     [<name>]+ <text>     continuation: the rest of <name>'s previous line,
 *                          after another port's record cut in
 *
 * <name> is the VM's name from its config (first CONSOLE_NAME_MAX bytes), or
 * "hv" for the hypervisor. Grep a VM's output with  ^\[name\]\+? , and glue
 * a continuation onto that VM's line before it to get the guest's line.
 * Lines of different ports never interleave: each port assembles its line in
 * its own buffer (CONSOLE_LINE_MAX) and copies it into the shared TX ring in
 * one piece, under the console lock. A piece is emitted early when the
 * buffer fills, when the line has been idle (console_set_idle_timeout()) or
 * on console_flush(); the physical line then stays open, and the port's next
 * piece simply continues it, unless another port prints first: that closes
 * the line ("\r\n") and the rest comes as a "[name]+ " record. So a prompt
 * or an echoed keystroke appears promptly and usually on one line. A '\r'
 * right before '\n' is dropped (the record end supplies "\r\n"); other
 * control bytes pass through.
 *
 * Back-pressure: a byte a guest writes is never dropped. console_putc()
 * either takes the byte or returns HV_ERR_BUSY and leaves it with the
 * caller; console_tx_full() says in advance that the next byte would be
 * refused, which the virtual UART reports as UARTFR.TXFF so a driver waits.
 *
 * Input: bytes from the physical UART go to one port at a time (the focus,
 * initially the first VM opened). Ctrl-A (0x01) pressed three times in a row
 * moves the focus to the next running VM and logs "[hv] console: input to
 * '<name>' (Ctrl-A x3 switches)"; VMs that are off or stopped are skipped
 * (console_set_live()). When the focused VM goes off, the focus moves to
 * the next running VM: "[hv] console: '<old>' is off; input to '<new>'
 * (Ctrl-A x3 switches)", or "... is off, no running VM takes input"; a VM
 * that starts again while no running VM has the focus takes it (with the
 * "input to" line). One or two Ctrl-A followed by anything else are
 * delivered as data, in order. While the focus's RX buffer is full, input
 * is left in the physical UART (its FIFO, then QEMU's or the terminal's
 * flow control) and taken as the VM reads: a paste or a piped script is
 * throttled, not cut. If the focused VM reads nothing for the idle timeout,
 * input is taken again and dropped (counted), so Ctrl-A x3 still works.
 * console_input() (a byte from elsewhere) drops and counts at once.
 *
 * Command mode: Ctrl-A followed by one of the keys below is a command to the
 * hypervisor, not input: '?' or 'h' prints the help line; 'l', and 'r', 'o',
 * 's' each followed by a VM id digit, go to the command handler
 * (console_set_cmd_handler(); core/console_cmd.c lists VMs, restarts, powers
 * off and starts them). Another key after 'r'/'o'/'s' cancels ("console:
 * cancelled"). Ctrl-A followed by any other key is delivered as both bytes.
 * The handler runs with no console lock held, from console_run_notifies().
 *
 * A '\r' a guest writes at the start of a line is dropped, and a '\r' not
 * followed by '\n' ends the line like '\n' ("50%\r60%" gives two records),
 * so no '\r' reaches the UART to move the cursor back over a "[name] " tag.
 *
 * Draining: console_poll() moves TX bytes to the physical UART while it has
 * room, reads physical input, and flushes lines idle for a while. Call it
 * from the idle loop and the guest-exit path; console_putc() drains too.
 *
 * Notifications: a port's notify callback runs when its TX side has room
 * again or input arrived for it. It is called with no console lock held,
 * and never from inside console_putc()/console_getc() (callers holding their
 * own device lock would deadlock): only from console_poll(),
 * console_run_notifies() and console_input().
 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <hv/types.h>

#define CONSOLE_NAME_MAX 15   /* bytes of a VM name used in the tag */
#define CONSOLE_LINE_MAX 160  /* per-port line buffer; longer lines split */
#define CONSOLE_RX_SIZE  1024 /* per-port input buffer: a pasted/piped command line fits */
#define CONSOLE_TX_RING  4096 /* shared buffer of whole records */
#define CONSOLE_CTRL_A   0x01
#define CONSOLE_SWITCH_PRESSES 3
#define CONSOLE_CMD_NONE 0 /* console_cmd_fn arg when the command takes none */
/* Input taken from the UART behind a focus that reads nothing, so that
 * Ctrl-A x3 still works; beyond it input waits in the UART (console.c). */
#define CONSOLE_STASH_SIZE 256

struct console_port;

/** Called (no lock held) when the port can take output again / has input. */
typedef void (*console_notify_fn)(void *ctx);

/**
 * A console command: `key` is 'l' (arg CONSOLE_CMD_NONE) or 'r'/'o'/'s' with
 * arg = '0' + VM id (the digit typed). Runs with no console lock held.
 */
typedef void (*console_cmd_fn)(char key, char arg);
/** Who runs Ctrl-A commands (NULL: they print "no command handler"). */
void console_set_cmd_handler(console_cmd_fn fn);

/**
 * core/console_cmd.c: print the console banner (how to switch, command
 * mode, quit) and install the VM command handler (list/restart/off/start).
 */
void console_cmd_init(void);
/** That handler (exposed for tests). */
void console_cmd_run(char key, char arg);

/** Reset every port and buffer; the "hv" port exists from the start. */
void console_init(void);
/**
 * A port for a VM named `name`; NULL when all ports are in use. Opening
 * again with the same name and non-NULL ctx returns the same port.
 */
struct console_port *console_open(const char *name, console_notify_fn notify,
				  void *ctx);
/**
 * Whether the port's VM runs (a port opens live). Ctrl-A x3 skips ports that
 * are not; the focus leaves one that stops, and a port that comes back
 * takes the focus when no live port has it.
 */
void console_set_live(struct console_port *port, bool live);
/** The hypervisor's own port ("hv"). */
struct console_port *console_hv_port(void);

/** Queue one output byte; HV_ERR_BUSY (byte not taken) when full. */
enum hv_err console_putc(struct console_port *port, uint8_t c);
/** True when console_putc() would refuse the next byte. */
bool console_tx_full(struct console_port *port);
/** Emit the port's partial line now; the rest comes as a continuation. */
void console_flush(struct console_port *port);

/** Next input byte for this port, or -1 when none. */
int console_getc(struct console_port *port);
/** Input bytes waiting for this port. */
uint32_t console_rx_count(struct console_port *port);
/** Input bytes dropped because this port's RX buffer was full. */
uint32_t console_rx_dropped(struct console_port *port);

/** Feed one byte of physical input (console_poll() does this). */
void console_input(uint8_t c);
/** The port now receiving input (NULL if no VM port is open). */
struct console_port *console_focus(void);

/**
 * Drain output to the physical UART, take its input, and flush a partial
 * line that has not grown for `idle_ticks` of the caller's clock (`now`).
 */
void console_poll(uint64_t now);
/** Time of the next console_poll_due() poll; read without the lock. */
extern uint64_t console_next_poll;

/**
 * For hot paths (every guest exit): poll only when the poll interval has
 * passed, so a trap costs a compare, not a UART access.
 */
static inline void console_poll_due(uint64_t now)
{
	if (now >= __atomic_load_n(&console_next_poll, __ATOMIC_RELAXED))
		console_poll(now);
}

/** Take physical input now (and drain output); no idle flush. */
void console_poll_input(void);
/**
 * Handler for the physical UART's RX interrupt (arch_irqchip_own() signature):
 * a guest idling in WFI makes no exits, so input must wake the console.
 */
void console_uart_irq(uint32_t intid, void *arg);
/** Interval between console_poll_due() polls, in the caller's ticks. */
void console_set_poll_interval(uint64_t ticks);
/** Flush partial lines unchanged for this many ticks (0: never). */
void console_set_idle_timeout(uint64_t idle_ticks);
/** Run pending notify callbacks (see above). */
void console_run_notifies(void);

/** Hypervisor log: one byte / a string to the "hv" port; waits, never drops. */
void console_hv_putc(char c);
void console_hv_puts(const char *s);
/** Hypervisor log line(s): queued like console_hv_puts(), then the whole
 *  ring is drained to the UART before returning (nothing lost at power-off). */
void console_hv_write(const char *s, size_t len);
/** Drain everything to the physical UART, waiting for it (panic, power-off). */
void console_sync(void);

#endif /* HV_CONSOLE_H */
