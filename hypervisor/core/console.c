/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Console multiplexer: per-port line assembly, one shared ring of whole
 * records drained to the physical UART, input focus with Ctrl-A x3.
 * Format and rules: hv/console.h.
 *
 * One lock covers every port and the ring: console traffic is slow and a
 * single lock makes "a record enters the ring whole" trivially true.
 */
#include <hv/console.h>
#include <hv/spinlock.h>
#include <hv/uart.h>
#include <config.h>

#define PORT_MAX (AXVM_VM_NUM + 1) /* every VM + the hypervisor */
#define HV_PORT 0
/* "\r\n" (close another open line) "[" name "]" "+" " " ... "\r\n" */
#define RECORD_OVERHEAD (CONSOLE_NAME_MAX + 8)
/* Bytes of physical input taken per poll, so a paste cannot stall a pCPU. */
#define POLL_INPUT_MAX 32

_Static_assert(CONSOLE_TX_RING >= CONSOLE_LINE_MAX + RECORD_OVERHEAD,
	       "a full-length record must fit the TX ring");

struct console_port {
	bool used;
	bool live;    /* its VM runs: a candidate for input focus */
	char name[CONSOLE_NAME_MAX + 1];
	uint8_t name_len;
	/* The line being assembled. */
	uint8_t line[CONSOLE_LINE_MAX];
	uint16_t len;
	bool cont;    /* this line continues one flushed before its '\n' */
	bool pending; /* line is complete but the ring had no room for it */
	bool split;   /* the pending record ends mid-line */
	/* Idle flush: `written` counts bytes; unchanged since `seen_at`? */
	uint32_t written;
	uint32_t seen_written;
	uint64_t seen_at;
	/* Input. */
	uint8_t rx[CONSOLE_RX_SIZE];
	uint16_t rx_head;
	uint16_t rx_count;
	uint32_t rx_dropped;
	/* Owner callback, run outside the lock. */
	bool notify_pending;
	console_notify_fn notify;
	void *ctx;
};

static struct console {
	spinlock_t lock;
	struct console_port ports[PORT_MAX];
	uint8_t ring[CONSOLE_TX_RING];
	uint32_t ring_head; /* next byte written */
	uint32_t ring_count;
	struct console_port *focus;
	struct console_port *open; /* owner of the unterminated physical line */
	uint8_t ctrl_a; /* consecutive Ctrl-A bytes held back */
	char cmd_wait;  /* 'r'/'o'/'s' typed after Ctrl-A: the VM id is next */
	char cmd_key, cmd_arg; /* a command for the handler; cmd_key 0: none */
	console_cmd_fn cmd_fn;
	uint64_t idle_ticks;
	uint64_t poll_interval;
	/* Physical input left in the UART FIFO: the focus had no room. */
	bool rx_held;
	uint32_t rx_reads;      /* console_getc() calls on the focus */
	uint32_t held_reads;    /* rx_reads when held_at was taken */
	uint64_t held_at;
	/*
	 * Input of a focus that has read nothing for idle_ticks: taken from
	 * the UART into here (not dropped) so Ctrl-A x3 can still be seen,
	 * and given to its owner, in order, as it reads again. When this is
	 * full too, input waits in the UART: the visible bound, logged once.
	 */
	uint8_t stash[CONSOLE_STASH_SIZE];
	uint16_t stash_head;
	uint16_t stash_count;
	struct console_port *stash_owner;
	bool stash_full_logged;
	/* Some port has notify_pending: console_run_notifies() has work.
	 * Set with the lock held, cleared by it; peeked at without. */
	bool notify_due;
} con = {
	.ports = {[HV_PORT] = {.used = true, .name = "hv", .name_len = 2}},
};

static void poll_input(bool stuck);

/* ---- TX ring ----------------------------------------------------------- */

static uint32_t ring_room(void)
{
	return CONSOLE_TX_RING - con.ring_count;
}

static void ring_put(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		con.ring[con.ring_head] = p[i];
		con.ring_head = (con.ring_head + 1) % CONSOLE_TX_RING;
	}
	con.ring_count += n;
}

/* Physical UART takes bytes while it has FIFO room; true if any moved. */
static bool ring_drain(void)
{
	bool moved = false;

	while (con.ring_count && uart_tx_ready()) {
		uint32_t tail = (con.ring_head + CONSOLE_TX_RING - con.ring_count) %
				CONSOLE_TX_RING;

		uart_putc((char)con.ring[tail]);
		con.ring_count--;
		moved = true;
	}
	return moved;
}

/* ---- line assembly ------------------------------------------------------ */

/*
 * A split record leaves the physical line open: while nobody else prints,
 * its owner's next piece simply continues it, so a prompt or a slow guest
 * still reads as one line. Another port's record closes it first, and the
 * owner's next piece then starts a "[name]+ " continuation record.
 */
static uint32_t record_size(const struct console_port *p, bool split)
{
	uint32_t n = p->len + (split ? 0u : 2u);

	if (con.open == p)
		return n;
	n += p->name_len + 3u + (p->cont ? 1u : 0u); /* "[" name "]" "+" " " */
	return n + (con.open ? 2u : 0u);             /* close the open line */
}

static void record_start(struct console_port *p)
{
	if (con.open == p)
		return;
	if (con.open)
		ring_put((const uint8_t *)"\r\n", 2);
	ring_put((const uint8_t *)"[", 1);
	ring_put((const uint8_t *)p->name, p->name_len);
	ring_put((const uint8_t *)(p->cont ? "]+ " : "] "), p->cont ? 3 : 2);
}

/* Copy the port's line into the ring as one record, if it fits. */
static bool line_commit(struct console_port *p, bool split)
{
	if (ring_room() < record_size(p, split)) {
		p->pending = true;
		p->split = split;
		return false;
	}
	record_start(p);
	ring_put(p->line, p->len);
	if (!split)
		ring_put((const uint8_t *)"\r\n", 2);
	con.open = split ? p : NULL;
	p->len = 0;
	p->cont = split;
	p->pending = false;
	return true;
}

/* The port's owner gets its callback at the next console_run_notifies(). */
static void notify_later(struct console_port *p)
{
	p->notify_pending = true;
	__atomic_store_n(&con.notify_due, true, __ATOMIC_RELAXED);
}

/* Retry a pending record; the owner is told (later) when it went through. */
static void pending_retry(struct console_port *p)
{
	if (p->pending && line_commit(p, p->split))
		notify_later(p);
}

/* After the ring drained: let waiting ports in, hypervisor first. */
static void pending_retry_all(void)
{
	for (uint32_t i = 0; i < PORT_MAX; i++)
		pending_retry(&con.ports[i]);
}

static void drain(void)
{
	if (ring_drain())
		pending_retry_all();
}

static enum hv_err port_putc(struct console_port *p, uint8_t c)
{
	drain();
	pending_retry(p);
	if (p->pending)
		return HV_ERR_BUSY;
	/* "text\rmore": a lone '\r' ends the line (as '\n' would), so "more"
	 * gets its own tagged record instead of overwriting this one's tag.
	 * No room for the record: it waits (pending), and so does c. */
	if (c != '\n' && p->len && p->line[p->len - 1] == '\r') {
		p->len--;
		if (!line_commit(p, false))
			return HV_ERR_BUSY;
	}
	p->written++;
	/* A '\r' at a line start would move the cursor over the "[name] " tag. */
	if (c == '\r' && !p->len)
		return HV_OK;
	if (c == '\n') {
		/* The record's "\r\n" replaces a guest's "\r\n" as well. */
		if (p->len && p->line[p->len - 1] == '\r')
			p->len--;
		/*
		 * A '\n' right after a split ends our open line, or nothing if
		 * another port already closed it.
		 */
		if (p->len || !p->cont || con.open == p)
			line_commit(p, false);
		else
			p->cont = false;
	} else {
		p->line[p->len++] = c;
		if (p->len == CONSOLE_LINE_MAX)
			line_commit(p, true);
	}
	return HV_OK;
}

static void port_flush(struct console_port *p)
{
	if (p->len && !p->pending)
		line_commit(p, true);
}

/* ---- input -------------------------------------------------------------- */

/* Behind `p`'s full RX buffer: the stash, if it is p's or unused. */
static bool stash_push(struct console_port *p, uint8_t c)
{
	if (con.stash_count && con.stash_owner != p)
		return false;
	if (con.stash_count == CONSOLE_STASH_SIZE)
		return false;
	con.stash_owner = p;
	con.stash[(con.stash_head + con.stash_count) % CONSOLE_STASH_SIZE] = c;
	con.stash_count++;
	return true;
}

/* `p` read a byte: the oldest stashed ones follow into its buffer. */
static void stash_refill(struct console_port *p)
{
	while (con.stash_count && con.stash_owner == p &&
	       p->rx_count < CONSOLE_RX_SIZE) {
		p->rx[(p->rx_head + p->rx_count) % CONSOLE_RX_SIZE] =
			con.stash[con.stash_head];
		p->rx_count++;
		con.stash_head = (con.stash_head + 1) % CONSOLE_STASH_SIZE;
		con.stash_count--;
	}
	if (!con.stash_count)
		con.stash_full_logged = false;
}

static void rx_push(struct console_port *p, uint8_t c)
{
	if (p->rx_count == CONSOLE_RX_SIZE || (con.stash_count && con.stash_owner == p)) {
		if (!stash_push(p, c))
			p->rx_dropped++; /* console_input() only: poll_input() checks room */
		return;
	}
	p->rx[(p->rx_head + p->rx_count) % CONSOLE_RX_SIZE] = c;
	p->rx_count++;
	notify_later(p);
}

/* Log line from inside the lock; waits for the UART rather than dropping. */
static void hv_puts_locked(const char *s)
{
	struct console_port *hv = &con.ports[HV_PORT];

	for (; *s; s++)
		while (port_putc(hv, (uint8_t)*s) == HV_ERR_BUSY)
			;
}

static struct console_port *focus_next(void)
{
	uint32_t start = con.focus ? (uint32_t)(con.focus - con.ports) : 0;

	for (uint32_t i = 1; i <= PORT_MAX; i++) {
		struct console_port *p = &con.ports[(start + i) % PORT_MAX];

		if (p->used && p->live && p != &con.ports[HV_PORT])
			return p;
	}
	return NULL;
}

/* "input to '<focus>' (...)": the end of a "console: " line. */
static void focus_announce(void)
{
	hv_puts_locked("input to '");
	hv_puts_locked(con.focus->name);
	hv_puts_locked("' (Ctrl-A x3 switches)\n");
}

/* Ctrl-A x3: the next running VM; none running keeps input where it was. */
static void focus_switch(void)
{
	struct console_port *next = focus_next();

	if (!next)
		return;
	con.focus = next;
	hv_puts_locked("console: ");
	focus_announce();
}

/* The focused VM went off: input moves on to the next running one. */
static void focus_leave(struct console_port *off)
{
	hv_puts_locked("console: '");
	hv_puts_locked(off->name);
	con.focus = focus_next();
	if (!con.focus) {
		hv_puts_locked("' is off, no running VM takes input\n");
		return;
	}
	hv_puts_locked("' is off; ");
	focus_announce();
}

/* ---- command mode (hv/console.h) ---------------------------------------- */

static const char cmd_help[] =
	"console: Ctrl-A x3 next VM | Ctrl-A l list VMs | Ctrl-A r<id> restart | "
	"Ctrl-A o<id> power off | Ctrl-A s<id> start | Ctrl-A h help | Ctrl-T x quit QEMU\n";

static bool cmd_is_key(uint8_t c)
{
	return c == '?' || c == 'h' || c == 'l' || c == 'r' || c == 'o' || c == 's';
}

/* Queue a command for console_run_notifies(); one at a time. */
static void cmd_queue(char key, char arg)
{
	if (con.cmd_key) {
		hv_puts_locked("console: busy with the previous command, ignored\n");
		return;
	}
	con.cmd_key = key;
	con.cmd_arg = arg;
	__atomic_store_n(&con.notify_due, true, __ATOMIC_RELAXED);
}

static void cmd_start(uint8_t c)
{
	if (c == '?' || c == 'h') {
		hv_puts_locked(cmd_help);
	} else if (c == 'l') {
		cmd_queue('l', CONSOLE_CMD_NONE);
	} else {
		con.cmd_wait = (char)c;
		hv_puts_locked(c == 'r' ? "console: restart VM id? " :
			       c == 'o' ? "console: power off VM id? " :
					  "console: start VM id? ");
		port_flush(&con.ports[HV_PORT]);
	}
}

/* The byte after Ctrl-A r/o/s: a VM id digit, or anything else cancels. */
static void cmd_arg(uint8_t c)
{
	char key = con.cmd_wait;

	con.cmd_wait = 0;
	if (c < '0' || c > '9') {
		hv_puts_locked("cancelled\n");
		return;
	}
	hv_puts_locked((const char[]){(char)c, '\n', 0});
	cmd_queue(key, (char)c);
}

static void input_locked(uint8_t c)
{
	if (con.cmd_wait) {
		cmd_arg(c);
		return;
	}
	if (con.ctrl_a == 1 && cmd_is_key(c)) {
		con.ctrl_a = 0;
		cmd_start(c);
		return;
	}
	if (c == CONSOLE_CTRL_A) {
		if (++con.ctrl_a == CONSOLE_SWITCH_PRESSES) {
			con.ctrl_a = 0;
			focus_switch();
		}
		return;
	}
	/* Not a switch after all: the held Ctrl-As are data, in order. */
	for (; con.ctrl_a; con.ctrl_a--)
		if (con.focus)
			rx_push(con.focus, CONSOLE_CTRL_A);
	if (con.focus)
		rx_push(con.focus, c);
}

/* ---- idle flush --------------------------------------------------------- */

static void idle_check(struct console_port *p, uint64_t now)
{
	if (!p->len || p->pending || p->written != p->seen_written) {
		p->seen_written = p->written;
		p->seen_at = now;
		return;
	}
	if (now - p->seen_at >= con.idle_ticks)
		port_flush(p);
}

/* ---- public ------------------------------------------------------------- */

void console_init(void)
{
	spin_lock(&con.lock);
	for (uint32_t i = 1; i < PORT_MAX; i++)
		con.ports[i] = (struct console_port){0};
	con.ports[HV_PORT].len = 0;
	con.ports[HV_PORT].cont = false;
	con.ports[HV_PORT].pending = false;
	con.ring_head = con.ring_count = 0;
	con.focus = NULL;
	con.open = NULL;
	con.ctrl_a = 0;
	con.cmd_wait = con.cmd_key = con.cmd_arg = 0;
	con.cmd_fn = NULL;
	con.rx_held = false;
	con.rx_reads = con.held_reads = 0;
	con.held_at = 0;
	con.stash_head = con.stash_count = 0;
	con.stash_owner = NULL;
	con.stash_full_logged = false;
	con.idle_ticks = 0;
	con.poll_interval = 0;
	console_next_poll = 0;
	spin_unlock(&con.lock);
}

static void port_setup(struct console_port *p, const char *name,
		       console_notify_fn notify, void *ctx)
{
	*p = (struct console_port){.used = true, .live = true, .notify = notify, .ctx = ctx};
	while (name && name[p->name_len] && p->name_len < CONSOLE_NAME_MAX) {
		p->name[p->name_len] = name[p->name_len];
		p->name_len++;
	}
}

/* `name` as the tag would show it (cut at CONSOLE_NAME_MAX) equals p's. */
static bool name_matches(const struct console_port *p, const char *name)
{
	uint32_t i = 0;

	while (i < p->name_len && name[i] == p->name[i])
		i++;
	return i == p->name_len && (i == CONSOLE_NAME_MAX || !name[i]);
}

/* The port this owner opened before (a VM rebuilt), else a free one. */
static struct console_port *port_find(const char *name, void *ctx)
{
	struct console_port *free = NULL;

	for (uint32_t i = 1; i < PORT_MAX; i++) {
		struct console_port *p = &con.ports[i];

		if (p->used && ctx && p->ctx == ctx && name_matches(p, name))
			return p;
		if (!p->used && !free)
			free = p;
	}
	return free;
}

struct console_port *console_open(const char *name, console_notify_fn notify,
				  void *ctx)
{
	struct console_port *found;

	spin_lock(&con.lock);
	found = port_find(name ? name : "", ctx);
	if (found && !found->used) {
		port_setup(found, name, notify, ctx);
		if (!con.focus)
			con.focus = found;
	}
	spin_unlock(&con.lock);
	return found;
}

void console_set_live(struct console_port *port, bool live)
{
	spin_lock(&con.lock);
	if (port->live != live) {
		port->live = live;
		if (!live && port == con.focus)
			focus_leave(port);
		else if (live && (!con.focus || !con.focus->live)) {
			con.focus = port;
			hv_puts_locked("console: ");
			focus_announce();
		}
		drain();
	}
	spin_unlock(&con.lock);
}

struct console_port *console_hv_port(void)
{
	return &con.ports[HV_PORT];
}

enum hv_err console_putc(struct console_port *port, uint8_t c)
{
	spin_lock(&con.lock);
	enum hv_err err = port_putc(port, c);
	/* A record this byte completed goes out now: the guest may sleep
	 * next with no exit to drain it (console_tx_full() does not). */
	drain();
	spin_unlock(&con.lock);
	return err;
}

bool console_tx_full(struct console_port *port)
{
	/*
	 * Only this port's own line can hold it back (`pending`, set with
	 * the lock held by a refused record). Not pending: the next byte is
	 * taken, no lock needed. Pending: drain and retry under the lock, so
	 * a guest polling for room makes progress.
	 */
	if (!__atomic_load_n(&port->pending, __ATOMIC_RELAXED))
		return false;
	spin_lock(&con.lock);
	drain();
	pending_retry(port);
	bool full = port->pending;
	spin_unlock(&con.lock);
	return full;
}

void console_flush(struct console_port *port)
{
	spin_lock(&con.lock);
	port_flush(port);
	drain();
	spin_unlock(&con.lock);
}

int console_getc(struct console_port *port)
{
	int c = -1;

	spin_lock(&con.lock);
	if (port->rx_count) {
		c = port->rx[port->rx_head];
		port->rx_head = (port->rx_head + 1) % CONSOLE_RX_SIZE;
		port->rx_count--;
		stash_refill(port);
	}
	/* Room again: take what the UART held for us (no notify from here). */
	if (port == con.focus) {
		con.rx_reads++;
		if (con.rx_held)
			poll_input(false);
	}
	spin_unlock(&con.lock);
	return c;
}

uint32_t console_rx_count(struct console_port *port)
{
	return __atomic_load_n(&port->rx_count, __ATOMIC_RELAXED);
}

uint32_t console_rx_dropped(struct console_port *port)
{
	return __atomic_load_n(&port->rx_dropped, __ATOMIC_RELAXED);
}

void console_input(uint8_t c)
{
	spin_lock(&con.lock);
	input_locked(c);
	drain();
	spin_unlock(&con.lock);
	console_run_notifies();
}

struct console_port *console_focus(void)
{
	return __atomic_load_n(&con.focus, __ATOMIC_RELAXED);
}

/* One input byte may release two held Ctrl-As with it (input_locked). */
static bool focus_full(void)
{
	return con.focus &&
	       CONSOLE_RX_SIZE - con.focus->rx_count < CONSOLE_SWITCH_PRESSES;
}

/* Room behind the full focus for one byte + two held Ctrl-As. */
static bool stash_room(void)
{
	if (con.stash_count && con.stash_owner != con.focus)
		return false;
	return CONSOLE_STASH_SIZE - con.stash_count >= CONSOLE_SWITCH_PRESSES;
}

static void stash_full_log(void)
{
	if (con.stash_full_logged || !con.focus)
		return;
	con.stash_full_logged = true;
	hv_puts_locked("console: '");
	hv_puts_locked(con.focus->name);
	hv_puts_locked("' reads no input: the rest waits in the UART, nothing is dropped\n");
}

/*
 * Move physical input to the focus. While the focus has no room the bytes
 * stay in the UART's FIFO (its RX interrupt masked), so a paste or a piped
 * script is throttled instead of cut. When `stuck` (the focus has read
 * nothing for the idle timeout), they go on into the stash, in order and
 * for the same VM, so that Ctrl-A x3 still switches away from a VM that
 * reads no input; once that is full they wait in the UART. Nothing is
 * dropped (issue 18).
 */
static void poll_input(bool stuck)
{
	int c;

	for (uint32_t n = 0; n < POLL_INPUT_MAX; n++) {
		if (focus_full() && (!stuck || !stash_room())) {
			if (stuck)
				stash_full_log();
			if (!con.rx_held)
				uart_rx_irq_pause(true);
			con.rx_held = true;
			return;
		}
		c = uart_getc();
		if (c < 0)
			break;
		input_locked((uint8_t)c);
	}
	if (con.rx_held)
		uart_rx_irq_pause(false);
	con.rx_held = false;
}

/* Held input: the focus has not read a byte for idle_ticks. */
static bool held_input_stuck(uint64_t now)
{
	/* Still behind its own stash: it has not caught up since. */
	if (con.stash_count && con.stash_owner == con.focus)
		return true;
	if (!con.rx_held || con.rx_reads != con.held_reads) {
		con.held_reads = con.rx_reads;
		con.held_at = now;
		return false;
	}
	return now - con.held_at >= con.idle_ticks;
}

uint64_t console_next_poll;

void console_poll(uint64_t now)
{
	spin_lock(&con.lock);
	__atomic_store_n(&console_next_poll, now + con.poll_interval,
			 __ATOMIC_RELAXED);
	drain();
	poll_input(held_input_stuck(now));
	for (uint32_t i = 0; con.idle_ticks && i < PORT_MAX; i++)
		if (con.ports[i].used)
			idle_check(&con.ports[i], now);
	drain();
	spin_unlock(&con.lock);
	console_run_notifies();
}

void console_poll_input(void)
{
	spin_lock(&con.lock);
	poll_input(false);
	drain();
	spin_unlock(&con.lock);
	console_run_notifies();
}

void console_uart_irq(uint32_t intid, void *arg)
{
	(void)intid;
	(void)arg;
	console_poll_input();
}

void console_set_poll_interval(uint64_t ticks)
{
	spin_lock(&con.lock);
	con.poll_interval = ticks;
	spin_unlock(&con.lock);
}

void console_set_idle_timeout(uint64_t idle_ticks)
{
	spin_lock(&con.lock);
	con.idle_ticks = idle_ticks;
	spin_unlock(&con.lock);
}

void console_set_cmd_handler(console_cmd_fn fn)
{
	spin_lock(&con.lock);
	con.cmd_fn = fn;
	spin_unlock(&con.lock);
}

/* Run a queued command (no lock held: the handler logs and acts on VMs). */
static void cmd_run(char key, char arg, console_cmd_fn fn)
{
	if (!key)
		return;
	if (fn)
		fn(key, arg);
	else
		console_hv_puts("console: no command handler\n");
}

void console_run_notifies(void)
{
	struct console_port *due[PORT_MAX];
	uint32_t n = 0;
	char key, arg;
	console_cmd_fn fn;

	/* Every MMIO access of a vPL011 ends here: no lock when nothing is
	 * due. A flag set meanwhile stays set for the next caller. */
	if (!__atomic_load_n(&con.notify_due, __ATOMIC_RELAXED))
		return;
	spin_lock(&con.lock);
	__atomic_store_n(&con.notify_due, false, __ATOMIC_RELAXED);
	for (uint32_t i = 0; i < PORT_MAX; i++) {
		struct console_port *p = &con.ports[i];

		if (p->notify_pending && p->notify)
			due[n++] = p;
		p->notify_pending = false;
	}
	key = con.cmd_key;
	arg = con.cmd_arg;
	fn = con.cmd_fn;
	con.cmd_key = 0;
	spin_unlock(&con.lock);
	cmd_run(key, arg, fn);
	/* Callbacks may take their device lock and call back into us. */
	for (uint32_t i = 0; i < n; i++)
		due[i]->notify(due[i]->ctx);
}

void console_hv_putc(char c)
{
	spin_lock(&con.lock);
	while (port_putc(&con.ports[HV_PORT], (uint8_t)c) == HV_ERR_BUSY)
		;
	spin_unlock(&con.lock);
}

void console_hv_puts(const char *s)
{
	spin_lock(&con.lock);
	hv_puts_locked(s);
	spin_unlock(&con.lock);
}

void console_hv_write(const char *s, size_t len)
{
	struct console_port *hv = &con.ports[HV_PORT];

	spin_lock(&con.lock);
	for (size_t i = 0; i < len; i++)
		while (port_putc(hv, (uint8_t)s[i]) == HV_ERR_BUSY)
			;
	/* Out before we return: the caller may power off or stop next. */
	while (con.ring_count)
		drain();
	spin_unlock(&con.lock);
}

static bool any_pending(void)
{
	for (uint32_t i = 0; i < PORT_MAX; i++)
		if (con.ports[i].pending)
			return true;
	return false;
}

void console_sync(void)
{
	spin_lock(&con.lock);
	for (uint32_t i = 0; i < PORT_MAX; i++)
		port_flush(&con.ports[i]);
	while (con.ring_count || any_pending()) {
		drain();
		pending_retry_all();
	}
	if (con.open) {
		ring_put((const uint8_t *)"\r\n", 2);
		con.open = NULL;
		while (con.ring_count)
			drain();
	}
	spin_unlock(&con.lock);
}
